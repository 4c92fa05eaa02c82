"""Every key of the app, in one list: the main screen's and the app's bindings, the help
screen, the command palette and the "which screen may run this" check are all made
from it.

A key that a widget or a screen handles itself (Enter in the results, Space in the
statistics, f in the Claims view) is listed for the help screen only (`action` empty);
its binding lives with its widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from textual.binding import Binding


class Where(Enum):
    """The screens on which a key works (elsewhere it is hidden and does nothing)."""

    MAIN = "main"  # the three panes: bound on the main screen, its action there
    REVIEW = "review"  # a screen with a figure under a cursor: the main one, a claim group
    ANYWHERE = "anywhere"


@dataclass(frozen=True)
class Key:
    shown: str  # as the help screen writes it ("n  N")
    help: str
    binding: str = ""  # Textual key names, comma-separated; empty: a widget's own key
    action: str = ""  # the app action, with its arguments: "figure(1)"
    footer: str = ""  # the footer's word for it; empty: not in the footer
    where: Where = Where.MAIN
    palette: str = ""  # the command palette's title; empty: not in the palette
    palette_help: str = ""
    display: str = ""  # how the footer writes the key, where Textual's way is wrong
    priority: bool = False  # before any widget's own use of the key (Ctrl+C: copy)


KEYS: tuple[Key, ...] = (
    # Before the focused widget sees it: keys typed right after "/" (a burst, as a fast
    # typist or a paste sends them) must land in the search box, not act as commands.
    Key("/", "search (type to search as you go)", "slash", "focus_search", "Search",
        priority=True),
    Key("Enter", "in search: go to results · in results: open the article"),
    Key("Esc", "in search: back to the results (Ctrl+U clears the query) · in a dialog: close"),
    Key("↑ ↓  j k", "move in results and in the statistics"),
    Key("Tab  Shift+Tab", "next / previous pane"),
    Key("n  N", "next / previous figure in the article", "n", "figure(1)", "Figure"),
    Key("", "", "N", "figure(-1)", display="N"),
    Key("Space", "in statistics: pick the fact (or the group) under the cursor"),
    Key("a", "in statistics: pick the whole group under the cursor"),
    Key("g", "group statistics by operation or by official first", "g", "flip_grouping",
        palette="Flip grouping", palette_help="Operation first, or official first"),
    Key("s", "statistics of the open article, or of every article in the results", "s",
        "switch_scope", palette="Switch scope",
        palette_help="This article, or all results"),
    Key("p", "show / hide the statistics panel", "p", "toggle_panel",
        palette="Toggle statistics panel", palette_help="Show or hide it"),
    Key("e", "export the picked facts to CSV", "e", "export", "Export",
        palette="Export selected facts", palette_help="Write the picked facts to CSV"),
    Key("c", "claims: the same figure from several sources, side by side", "c", "claims",
        "Claims", palette="Claims", palette_help="Figures from several sources side by side"),
    Key("  Enter", "in claims: open a group · on a source: jump to it in its article"),
    Key("f", "facts: every figure of the results as a table, to filter, sort and export", "f",
        "facts", "Facts", palette="Facts table",
        palette_help="Every figure of the results: filter, sort, pick, export"),
    Key("  /  [ ]  r", "in facts: filter (metric:cash_seized value:>1m -item:cannabis) ·"
        " sort by the previous / next column · reverse"),
    Key("  Space  e", "in facts: pick the row · export the picked rows, else every row shown"),
    Key("  f  s  Enter", "in facts: fold repeats · results or every article · go to the"
        " figure in its article"),
    Key("  f  /  t", "in claims: filter by status · by metric · the metric's trend"),
    Key("v  x", "mark the figure under the cursor verified / disputed (again: unmark)", "v",
        "mark('verified')", where=Where.REVIEW),
    Key("", "", "x", "mark('disputed')", where=Where.REVIEW),
    Key("m", "a note on the figure under the cursor", "m", "note", where=Where.REVIEW),
    Key("o", "open the article's web page (or show its address to copy)", "o", "open_url",
        where=Where.REVIEW, palette="Open the article's web page",
        palette_help="Its url, in your browser, or shown to copy"),
    Key("y", "copy the sentence of the figure under the cursor (where the terminal allows)",
        "y", "copy_sentence", where=Where.REVIEW, palette="Copy the figure's sentence",
        palette_help="To the clipboard, through the terminal (OSC 52)"),
    Key("X", "clear the picked facts", "X", "clear_selection", display="X",
        palette="Clear selection", palette_help="Unpick every fact"),
    Key("Ctrl+P", "command palette: add from a URL or feed, export, rebuild index, theme, ..."),
    Key("", "", action="rebuild_index", where=Where.ANYWHERE, palette="Rebuild index",
        palette_help="Index the corpus again from scratch"),
    Key("", "", action="add_sources", where=Where.ANYWHERE, palette="Add from URL or feed…",
        palette_help="Fetch a feed's or a page's articles (or saved pages) into the corpus"),
    Key("?", "this help", "question_mark", "help", "Keys", Where.ANYWHERE, palette="Keys",
        palette_help="Every key of alliance-tui"),
    Key("q  Ctrl+C", "quit, at once (indexing stops; the next start goes on from there)", "q",
        "quit", "Quit", Where.ANYWHERE),
    Key("", "", "ctrl+c", "quit", where=Where.ANYWHERE, priority=True),
)  # fmt: skip


#: The keys of a list with a cursor (the results, the Facts table): each list has the
#: actions move(n), page(n) and jump(0 first, -1 last).
LIST_MOVES: list[Binding] = [
    Binding("down,j", "move(1)", "Down", show=False),
    Binding("up,k", "move(-1)", "Up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("home", "jump(0)", "First", show=False),
    Binding("end", "jump(-1)", "Last", show=False),
]


def _name(action: str) -> str:
    return action.split("(", 1)[0]


def bindings(*where: Where) -> list[Binding | tuple[str, str] | tuple[str, str, str]]:
    """The BINDINGS of the keys that work `where` (the main screen's, or the app's)."""
    return [
        Binding(key.binding, key.action, key.footer or key.help or key.action,
                show=bool(key.footer), key_display=key.display or None, priority=key.priority)
        for key in KEYS
        if key.binding and key.action and key.where in where
    ]  # fmt: skip


def help_lines() -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen, in order."""
    return [(key.shown, key.help) for key in KEYS if key.shown]


def palette() -> list[tuple[str, str, str, Where]]:
    """(title, help, action name, where it works) of the command palette's own entries."""
    return [
        (key.palette, key.palette_help, _name(key.action), key.where) for key in KEYS if key.palette
    ]


_WHERE = {_name(key.action): key.where for key in KEYS if key.action}


def allowed(action: str, shows_figures: bool) -> bool:
    """May the app run `action` on the screen shown now? The review keys need a screen
    with a figure under a cursor; the main screen's keys are bound on it alone, and
    actions not listed here (a widget's or Textual's own) always may."""
    return _WHERE.get(action, Where.ANYWHERE) is not Where.REVIEW or shows_figures
