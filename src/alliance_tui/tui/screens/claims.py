"""The Claims view (`c`): claim groups with their status, then one group's sources side by
side. Enter on a source jumps to it in its article; v / x / m mark it (app keys).

Every cell is a `rich.text.Text` of cleaned text: DataTable reads a plain string as
markup, and these strings come from articles.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from alliance_tui.changes_text import measure_name
from alliance_tui.claims import (
    ClaimGroup,
    Claims,
    ClaimStatus,
    Review,
    ReviewStore,
    left_out_line,
)
from alliance_tui.claims.trends import chart, trend
from alliance_tui.models import Fact
from alliance_tui.sanitize import display_text

STATUS_FILTERS: list[ClaimStatus | None] = [None, *ClaimStatus]
_STATUS_STYLE = {"agrees": "green", "conflicts": "bold red", "update": "yellow", "single": "dim"}
_WHY = {
    "agrees": "the figures fit together, once hedges and rounding are allowed for",
    "conflicts": "two outlets' figures for the same thing cannot both be true",
    "update": "a later article gives a larger total for the same event",
    "single": "every figure comes from one article",
}


def cell(value: str, style: str = "") -> Text:
    return Text(display_text(value, 200), style=style)


def review_cells(review: Review) -> tuple[Text, Text]:
    style = {"verified": "green", "disputed": "bold red"}.get(review.state.value, "dim")
    return cell(review.state.value, style), cell(review.note)


class ClaimsScreen(Screen[Fact | None]):
    """Dismisses with the fact to jump to, or None."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("f", "cycle_status", "Status filter"),
        Binding("slash", "focus_filter", "Metric filter"),
        Binding("t", "trend", "Trend"),
    ]

    def __init__(self, claims: Claims, reviews: ReviewStore) -> None:
        super().__init__()
        self.claims, self.reviews = claims, reviews
        #: counted once: the claims do not change while the screen is open
        left_out = claims.left_out()
        self.left_out = left_out_line(left_out) if left_out else ""
        self.status: ClaimStatus | None = None
        self.shown: dict[str, ClaimGroup] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="claims-title", markup=False)
        yield Input(placeholder="Filter by metric (e.g. drugs, cash)  ( / )", id="claims-filter")
        yield DataTable[Text](id="claims-groups", cursor_type="row", zebra_stripes=True)
        yield Static("", id="claims-trend", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#claims-trend").display = False
        table = self.query_one(DataTable)
        table.add_columns(
            "Status", "Metric", "Operation", "Claimed by", "From", "To", "Figures", "Articles",
            "Stories",
        )  # fmt: skip
        self._fill()
        table.focus()

    def _fill(self) -> None:
        wanted = self.query_one("#claims-filter", Input).value.strip().lower().replace(" ", "_")
        self.shown = {
            group.key: group
            for group in self.claims.groups
            if (self.status is None or group.status is self.status) and wanted in group.metric
        }
        table = self.query_one(DataTable)
        table.clear()
        for group in self.shown.values():
            articles = len({source.fact.article.id for source in group.sources})
            stories = len({tuple(source.story) for source in group.sources})
            table.add_row(
                cell(group.status.value, _STATUS_STYLE[group.status.value]),
                cell(group_measure(group)),
                cell(group.operation or "—"),
                cell(claimants(group)),
                cell(group.start.isoformat()),
                cell(group.end.isoformat()),
                cell(str(len(group.sources))),
                cell(str(articles)),
                cell(str(stories), "" if stories == articles else "bold"),
                key=group.key,
            )
        self._show_trend()
        which = self.status.value if self.status else "every status"
        self.query_one("#claims-title", Static).update(
            Text(
                f"Claims: {len(self.shown)} of {len(self.claims.groups)} groups ({which}). "
                "Enter: open a group · f: status · /: metric · t: trend · Esc: back"
                + (f"\n{self.left_out}" if self.left_out else "")
            )
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def action_cycle_status(self) -> None:
        self.status = STATUS_FILTERS[(STATUS_FILTERS.index(self.status) + 1) % len(STATUS_FILTERS)]
        self._fill()

    def action_trend(self) -> None:
        """Show (or hide) the trend of the metric of the group under the cursor."""
        panel = self.query_one("#claims-trend", Static)
        panel.display = not panel.display
        self._show_trend()

    def _show_trend(self) -> None:
        """Redraw the trend panel, if shown, for the group now under the cursor."""
        panel = self.query_one("#claims-trend", Static)
        if not panel.display:
            return
        table = self.query_one(DataTable)
        if not table.row_count:
            panel.update(Text("No group under the cursor (t: hide)"))
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        metric = self.shown[str(row_key.value)].metric
        lines = chart(trend(self.claims.groups, metric), width=24)
        panel.update(Text(f"{metric.replace('_', ' ')} by period (t: hide)\n" + "\n".join(lines)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_trend()

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one("#claims-filter", Input))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        group = self.shown.get(str(event.row_key.value))
        if group is not None:
            self.app.push_screen(GroupScreen(group, self.reviews), self._jump)

    def _jump(self, fact: Fact | None) -> None:
        if fact is not None:
            self.dismiss(fact)

    def action_close(self) -> None:
        self.dismiss(None)


class GroupScreen(Screen[Fact | None]):
    """One group's sources side by side; dismisses with the fact to jump to, or None."""

    BINDINGS = [Binding("escape", "close", "Back")]
    COLUMNS = ("Outlet", "Published", "Figure", "Hedge", "Claimed by", "Review", "Note",
               "Period as written", "From", "To", "Rule", "Same story as")  # fmt: skip
    REVIEW, NOTE = 5, 6

    def __init__(self, group: ClaimGroup, reviews: ReviewStore) -> None:
        super().__init__()
        self.group, self.reviews = group, reviews
        self.facts = {source.fact.fact_id: source.fact for source in group.sources}
        self.outlets = {s.fact.article.id: s.fact.article.source or s.fact.article.id
                        for s in group.sources}  # fmt: skip

    def compose(self) -> ComposeResult:
        group = self.group
        where = f" · {group.operation}" if group.operation else ""
        yield Static(
            Text.assemble(
                (group.status.value, _STATUS_STYLE[group.status.value]),
                f" · {group_measure(group)}{where} · {group.start} to {group.end}\n",
                (_WHY[group.status.value], "italic"),
                "\nEnter: jump to the figure in its article · v verified · x disputed · m note",
            ),
            id="group-title",
        )
        yield DataTable[Text](id="group-sources", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.COLUMNS)
        for source in self.group.sources:
            fact, period = source.fact, source.period
            review, note = review_cells(self.reviews.get(fact.fact_id))
            table.add_row(
                cell(fact.article.source or fact.article.id),
                cell(fact.article.published or "undated"),
                cell(fact.text, "bold"),
                cell(fact.qualifier.value.replace("_", " ")),
                cell(fact.claimed_by),
                review,
                note,
                cell(fact.period),
                cell(period.start.isoformat()),
                cell(period.end.isoformat()),
                cell(period.rule, "dim"),
                cell(self._retold_by(source.story, fact.article.id)),
                key=fact.fact_id,
            )
        table.focus()

    def _retold_by(self, story: list[str], article_id: str) -> str:
        """The other articles of this figure's story (outlet names where this group has
        them): the same release retold, each still listed as a source of its own."""
        others = [self.outlets.get(other, other) for other in story if other != article_id]
        return ", ".join(dict.fromkeys(others))

    def current_figure(self) -> Fact | None:
        """The figure of the row under the cursor (what v, x and m mark)."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self.facts.get(str(row_key.value))

    def show_review(self, fact_id: str) -> None:
        """Redraw a row's review cells after its mark changed."""
        if fact_id not in self.facts:
            return
        table = self.query_one(DataTable)
        review, note = review_cells(self.reviews.get(fact_id))
        columns = list(table.columns)
        table.update_cell(fact_id, columns[self.REVIEW], review, update_width=True)
        table.update_cell(fact_id, columns[self.NOTE], note, update_width=True)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        fact = self.facts.get(str(event.row_key.value))
        if fact is not None:
            self.dismiss(fact)

    def action_close(self) -> None:
        self.dismiss(None)


def group_measure(group: ClaimGroup) -> str:
    """What a group's figures measure, in words: "drugs seized value (cocaine)"."""
    return measure_name(group.metric, group.item).replace("_", " ")


def claimants(group: ClaimGroup, shown: int = 2) -> str:
    """The group's claimants, most frequent first: "Ian Hussey, Cumbria Police +2"."""
    counted = Counter(source.fact.claimed_by for source in group.sources)
    names = [name for name, _ in counted.most_common() if name]
    more = f" +{len(names) - shown}" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more if names else "—"
