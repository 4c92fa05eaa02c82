"""The statistics panel: facts as a tree of groups (operation/official), selectable.

Labels are `rich.text.Text` objects built from plain strings, never markup (REQ-R1).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from alliance_tui.changes_text import measure_name
from alliance_tui.claims.reviews import UNCHECKED, Review, ReviewState, ReviewStore
from alliance_tui.grouping import FactGroup
from alliance_tui.models import Fact
from alliance_tui.selection import Selection
from alliance_tui.tui.text import MARKS

Node = FactGroup | Fact


def _key(node: TreeNode[Node]) -> str:
    return node.data.key if isinstance(node.data, FactGroup) else ""


PICKED, UNPICKED = "■ ", "□ "
_MARK_STYLES = {ReviewState.VERIFIED: "bold green", ReviewState.DISPUTED: "bold red"}
#: Beyond this many figures, groups start folded and their rows are made when opened.
LAZY_FACTS = 300


def fact_label(fact: Fact, picked: bool, review: Review = UNCHECKED) -> Text:
    """The figure as written and what it measures; the rest is in the detail line."""
    label = Text(PICKED if picked else UNPICKED, style="bold" if picked else "dim")
    if review.state in MARKS:
        label.append(f"{MARKS[review.state]} ", style=_MARK_STYLES[review.state])
    label.append(fact.text, style="bold")
    # The item only where the figure does not already say it ("108 children").
    item = "" if fact.item and fact.item.lower() in fact.text.lower() else fact.item
    label.append(f" · {measure_name(fact.metric, item).replace('_', ' ')}", style="dim")
    if review.note:
        label.append(" ✎", style="italic")
    return label


def group_label(group: FactGroup, selection: Selection) -> Text:
    picked = sum(1 for fact in group.all_facts() if fact.fact_id in selection)
    label = Text(group.label, style="bold" if group.named else "italic")
    count = f" ({picked}/{group.count} picked)" if picked else f" ({group.count})"
    label.append(count, style="dim")
    return label


class StatsTree(Tree[Node]):
    """Reports `FactHighlighted` as the cursor moves onto a fact, and `Toggle` requests."""

    BINDINGS = [
        Binding("space", "toggle_fact", "Pick fact"),
        Binding("a", "toggle_group", "Pick group"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    @dataclass
    class FactHighlighted(Message):
        fact: Fact

    @dataclass
    class Toggle(Message):
        """Pick or unpick these facts (one fact, or every fact of a group)."""

        facts: list[Fact]
        whole_group: bool

    @dataclass
    class GroupWanted(Message):
        """Read the figures of an outlined group (then pick them all, if `toggle`)."""

        group: FactGroup
        toggle: bool

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("Statistics"), id=id)
        self.show_root = False
        self.guide_depth = 3  # narrower guides than Textual's 4: room for the rows
        self._with_article = False
        self._selection = Selection()
        self._move_when_read: Fact | None = None
        self.reviews: ReviewStore | None = None  # set by the app: marks shown on facts

    def show_groups(
        self, title: str, groups: list[FactGroup], selection: Selection, with_article: bool
    ) -> None:
        """Show the groups; past LAZY_FACTS figures they start folded, and a group's rows
        are made when it is opened (a tree of thousands of rows takes seconds to build)."""
        self._with_article, self._selection = with_article, selection
        self._move_when_read = None
        self.clear()
        self.root.set_label(Text(title))
        lazy = sum(group.count for group in groups) > LAZY_FACTS or not all(
            group.complete() for group in groups
        )
        for group in groups:
            node = self.root.add(group_label(group, selection), data=group, expand=not lazy)
            if lazy:
                node.allow_expand = True
            else:
                self._fill(node, expanded=True)
        if not groups:
            self.root.add_leaf(Text("No figures here", style="italic dim"))
        self.cursor_line = 0  # a group, not a fact: rebuilding never jumps in the article

    def _fill(self, node: TreeNode[Node], expanded: bool) -> None:
        """Add a group node's rows: its subgroups (filled now when `expanded`), its facts."""
        group = node.data
        if not isinstance(group, FactGroup) or node.children:
            return
        if not group.loaded and not group.groups:
            node.add_leaf(Text("reading the figures…", style="italic dim"))
            self.post_message(self.GroupWanted(group, toggle=False))
            return
        for inner in group.groups:
            child = node.add(group_label(inner, self._selection), data=inner, expand=expanded)
            if expanded:
                self._fill(child, expanded=True)
            else:
                child.allow_expand = True
        if self._with_article and group.facts:  # every result: a level per article
            for article in group.by_article():
                child = node.add(group_label(article, self._selection), data=article)
                self._add_facts(child, article.facts)
                if expanded:
                    child.expand()
        else:
            self._add_facts(node, group.facts)

    def _add_facts(self, node: TreeNode[Node], facts: list[Fact]) -> None:
        for fact in facts:
            picked = fact.fact_id in self._selection
            node.add_leaf(fact_label(fact, picked, self._review(fact)), data=fact)

    def _review(self, fact: Fact) -> Review:
        return self.reviews.get(fact.fact_id) if self.reviews else UNCHECKED

    def group_read(self, group: FactGroup) -> None:
        """Show the figures of an outlined group, now read, under its node."""
        node = next((n for n in self._all_nodes() if _key(n) == group.key), None)
        if node is None:
            return  # the panel shows other groups now
        node.data = group
        node.remove_children()
        self._fill(node, expanded=False)
        node.set_label(group_label(group, self._selection))
        wanted, self._move_when_read = self._move_when_read, None
        if wanted is not None:
            self.move_to_fact(wanted)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        event.stop()
        self._fill(event.node, expanded=False)

    def refresh_marks(self, selection: Selection) -> None:
        """Redraw the pick marks and counts after the selection changed."""
        for node in self._all_nodes():
            if isinstance(node.data, FactGroup):
                node.set_label(group_label(node.data, selection))
            elif isinstance(node.data, Fact):
                picked = node.data.fact_id in selection
                node.set_label(fact_label(node.data, picked, self._review(node.data)))

    def width_wanted(self) -> int:
        """Columns that show every row uncut: the widest row with its guides, the
        border and the scroll bar."""
        widest = 0
        for node in self._all_nodes():
            depth, parent = 0, node.parent
            while parent is not None and parent is not self.root:
                depth, parent = depth + 1, parent.parent
            widest = max(widest, self.guide_depth * depth + 2 + cell_len(str(node.label)))
        return widest + 4

    def _all_nodes(self) -> list[TreeNode[Node]]:
        nodes: list[TreeNode[Node]] = []
        pending = list(self.root.children)
        while pending:
            node = pending.pop(0)
            nodes.append(node)
            pending[:0] = list(node.children)
        return nodes

    def move_to_fact(self, fact: Fact) -> None:
        """Put the cursor on a fact, opening the folded groups on the way to it (and
        reading an outlined group's figures first)."""
        node = self._node_of(self.root, fact)
        if node is not None and self.cursor_node is not node:
            if node.line < 0:  # just unfolded: the tree places its rows at the next refresh
                self.call_after_refresh(self.move_cursor, node, animate=False)
            else:
                self.move_cursor(node, animate=False)

    def _node_of(self, parent: TreeNode[Node], fact: Fact) -> TreeNode[Node] | None:
        for node in parent.children:
            data = node.data
            if isinstance(data, Fact) and data.fact_id == fact.fact_id:
                return node
            if isinstance(data, FactGroup) and data.holds(fact):
                if not data.loaded and not data.groups:
                    self._move_when_read = fact  # moved to once `group_read` shows it
                self._fill(node, expanded=False)
                node.expand()
                return self._node_of(node, fact)
        return None

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        event.stop()
        if isinstance(event.node.data, Fact):
            self.post_message(self.FactHighlighted(event.node.data))

    def action_toggle_fact(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if isinstance(node.data, Fact):
            self.post_message(self.Toggle([node.data], whole_group=False))
        elif isinstance(node.data, FactGroup):
            self._toggle_group(node.data)

    def action_toggle_group(self) -> None:
        node = self.cursor_node
        while node is not None and not isinstance(node.data, FactGroup):
            node = node.parent
        if node is not None and isinstance(node.data, FactGroup):
            self._toggle_group(node.data)

    def _toggle_group(self, group: FactGroup) -> None:
        if group.complete():
            self.post_message(self.Toggle(group.all_facts(), whole_group=True))
        else:
            self.post_message(self.GroupWanted(group, toggle=True))
