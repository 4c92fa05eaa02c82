"""What the command line prints: progress, index summaries, search hits, fact tables.

Every string that comes from an article or a file name goes through
`sanitize.display_text` before it is printed, so no terminal escape from the corpus
reaches the terminal. Only this module adds escape sequences of its own (the progress
line and the bold/reverse marks on a terminal).
"""

from __future__ import annotations

import re
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from rich.cells import cell_len, set_cell_size

from alliance_tui.changes_text import change_phrase
from alliance_tui.models import Fact, IndexReport, SearchHit, SearchResults
from alliance_tui.sanitize import display_text, hidden_characters

_CLEAR_LINE = "\r\x1b[K"
_MARK_ON, _MARK_OFF = "\x1b[1;7m", "\x1b[0m"
_UNLIMITED = 1 << 30
#: Characters a terminal may act on even inside a JSON string (JSON escapes the C0
#: controls itself), and the line and paragraph separators; kept legal as \\u escapes.
_JSON_UNSAFE = hidden_characters("\u2028\u2029")


def text(value: str, limit: int = _UNLIMITED) -> str:
    """Article- or file-derived text, made safe for a terminal, on one line."""
    return display_text(value.replace("\n", " ").replace("\t", " "), limit=limit)


def json_safe(serialised: str) -> str:
    """Escape terminal-active characters in JSON text (they only occur inside strings)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", serialised)


class Progress:
    """Indexing progress on stderr: on a terminal one self-updating line (`indexing
    [#---------] 120/5000 (2%) 45/s ETA 1:40 name`); piped, a line per tenth of a long
    job, without the bar."""

    #: Piped, jobs shorter than this say nothing until their report.
    PIPED_MIN = 200

    def __init__(self, stream: TextIO, enabled: bool, doing: str = "indexing") -> None:
        self._stream = stream
        self._enabled = enabled
        self._doing = doing
        self._started = time.monotonic()
        self._last = 0.0
        self._shown = False
        self._tenth = 0
        self.done = self.total = 0  # what was last reported, for a message on Ctrl-C

    def __call__(self, done: int, total: int, name: str) -> None:
        self.done, self.total = done, total
        if not self._enabled:
            self._piped(done, total)
            return
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        line = self._counts(done, total).replace(
            f"{self._doing} ", f"{self._doing} {_bar(done, total)} ", 1
        )
        width = shutil.get_terminal_size((80, 24)).columns - 1
        room = width - _width(line) - 1
        if room > 3:
            line += " " + fit(text(name), room)
        self._stream.write(_CLEAR_LINE + fit(line, width))
        self._stream.flush()
        self._shown = True

    def _counts(self, done: int, total: int) -> str:
        percent = done * 100 // total if total else 100
        line = f"{self._doing} {done:,}/{total:,} ({percent}%)"
        elapsed = time.monotonic() - self._started
        if 0 < done < total and elapsed > 1:
            line += f" {done / elapsed:,.0f}/s ETA {_duration(elapsed * (total - done) / done)}"
        return line

    def _piped(self, done: int, total: int) -> None:
        tenth = done * 10 // total if total else 10
        if total >= self.PIPED_MIN and tenth > self._tenth and done < total:
            self._tenth = tenth
            print(self._counts(done, total), file=self._stream, flush=True)

    def note(self, message: str) -> None:
        """Replace the line with what is being done now (a step without a count)."""
        if self._enabled:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self._stream.write(_CLEAR_LINE + fit(message, width))
            self._stream.flush()
            self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write(_CLEAR_LINE)
            self._stream.flush()
            self._shown = False


def _bar(done: int, total: int, cells: int = 20) -> str:
    filled = cells * done // total if total else cells
    return "[" + "#" * filled + "-" * (cells - filled) + "]"


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def _reason(message: str) -> str:
    """The kind of a skip ('empty', 'binary', 'too large') from its message."""
    head = re.split(r"[:(;,]", message, maxsplit=1)[0].strip().lower()
    return head or "other"


def summary_line(report: IndexReport) -> str:
    """`indexed 5, updated 0, removed 0, skipped 2 (empty: 1, binary: 1)`."""
    line = f"indexed {report.indexed}, updated {report.updated}, removed {report.removed}"
    line += f", skipped {len(report.skipped)}"
    if report.skipped:
        reasons = Counter(_reason(problem.message) for problem in report.skipped)
        line += " (" + ", ".join(f"{text(r)}: {n}" for r, n in reasons.items()) + ")"
    if report.reextracted:
        line += f"; facts remade by a new extractor for {report.reextracted}"
    return line


def report_lines(report: IndexReport) -> list[str]:
    """The summary, then one line per rebuild, skipped file and warning."""
    lines = [summary_line(report)]
    if report.rebuilt:
        reason = f": {text(report.rebuild_reason)}" if report.rebuild_reason else ""
        lines.append(f"rebuilt the index{reason}")
    lines += [f"skipped {text(p.name)}: {text(p.message)}" for p in report.skipped]
    lines += [f"warning {text(p.name)}: {text(p.message)}" for p in report.warnings]
    return lines


def worth_reporting(report: IndexReport) -> bool:
    """Whether a command that only reads the index should print the report.

    Only when something changed: files that are skipped on every run are listed by
    `alliance-tui index`, not repeated before every search.
    """
    return report.changed or report.rebuilt


def hit_lines(hit: SearchHit, marks: bool) -> list[str]:
    """`title — source — date — N figures`, then the snippet with matched terms marked."""
    ref = hit.article
    figures = f"{hit.fact_count} figure" + ("" if hit.fact_count == 1 else "s")
    head = [text(ref.title or ref.id, 200), text(ref.source, 80), text(ref.published, 20)]
    lines = [" — ".join([part for part in head if part] + [figures])]
    if hit.snippet.text:
        lines.append("  " + marked_snippet(hit, marks))
    return lines


def marked_snippet(hit: SearchHit, marks: bool) -> str:
    """The snippet on one line; marks are ANSI bold/reverse, or `**term**` off a terminal.

    Each piece is sanitised on its own, so the marks stay on the matched characters.
    """
    on, off = (_MARK_ON, _MARK_OFF) if marks else ("**", "**")
    snippet = hit.snippet
    out: list[str] = []
    last = 0
    for start, end in _joined(snippet.text, snippet.marks):
        if start < last or end <= start:
            continue
        out.append(text(snippet.text[last:start]))
        out.append(on + text(snippet.text[start:end]) + off)
        last = end
    out.append(text(snippet.text[last:]))
    return "".join(out)


def _joined(snippet: str, marks: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Marks in order, those separated only by spaces merged: `**street value**`."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(marks):
        if joined and snippet[joined[-1][1] : start].isspace():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def results_lines(results: SearchResults, marks: bool) -> list[str]:
    lines: list[str] = []
    for hit in results.hits:
        lines += hit_lines(hit, marks)
        lines.append("")
    shown, total = len(results.hits), results.total
    noun = "article" if total == 1 else "articles"
    if shown < total:
        about = "" if results.total_exact else "about "
        lines.append(f"{shown} of {about}{total:,} matching {noun} shown (use --limit for more)")
    else:
        lines.append(f"{total:,} matching {noun}")
    return lines


# --- the fact table -------------------------------------------------------------------

_TABLE = (
    # header, cap on the column's display width
    ("ARTICLE", 28),
    ("KIND", 8),
    ("VALUE", 20),  # wide enough for any value: a number is never cut
    ("HEDGE", 11),
    ("UNIT", 10),
    ("AS WRITTEN", 28),
    ("CHANGE", 26),
    ("METRIC", 26),
    ("ITEM", 16),
    ("CLAIMANT", 28),
    ("OPERATION", 24),
    ("PERIOD", 32),
)


def fact_table(facts: Iterable[Fact]) -> list[str]:
    """Facts as an aligned plain-text table, one row each, then a count line."""
    rows = [_table_row(fact) for fact in facts]
    headers = [header for header, _ in _TABLE]
    widths = [
        min(cap, max([_width(header)] + [_width(row[i]) for row in rows]))
        for i, (header, cap) in enumerate(_TABLE)
    ]
    lines = [_table_line(headers, widths)]
    lines += [_table_line(row, widths) for row in rows]
    articles = len({row[0] for row in rows})
    lines.append(
        f"{len(rows)} figure{'' if len(rows) == 1 else 's'} "
        f"in {articles} article{'' if articles == 1 else 's'}"
    )
    return lines


def _table_row(fact: Fact) -> list[str]:
    cells = [
        fact.article.id,
        fact.kind.value,
        fact.value_text,
        " ".join(filter(None, (fact.qualifier.value, "prospective" if fact.prospective else ""))),
        fact.unit,
        fact.text,
        change_phrase(fact),
        fact.metric,
        fact.item,
        fact.claimant,
        fact.operation,
        fact.period,
    ]
    return [text(cell, 500) for cell in cells]


def _table_line(cells: list[str], widths: list[int]) -> str:
    parts = []
    for cell, width in zip(cells, widths, strict=True):
        cell = fit(cell, width)
        parts.append(cell + " " * (width - _width(cell)))
    return "  ".join(parts).rstrip()


def fit(value: str, width: int) -> str:
    """Cut `value` to `width` terminal columns, ending with '…' when cut. Widths are the
    terminal's, as Rich's tables count them: a family emoji is 2 columns, a zero-width
    space none."""
    if cell_len(value) <= width:
        return value
    return set_cell_size(value, width - 1).rstrip() + "…"


def _width(value: str) -> int:
    return cell_len(value)
