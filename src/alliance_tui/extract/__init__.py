"""Rule-based extraction of figures (facts) from article text.

Deterministic and dependency-free: regular expressions over the normalised body, with
the article's layout (paragraphs, sentences, bulleted lists), its quotes and the
officials it names. No statistical model is used, because the figures in press releases
are written in a small number of conventional ways, and because every fact must be
traceable to its exact characters (`body[start:end] == text`).

Importing this package is cheap: the rules (hundreds of regular expressions, compiled
at import) load on first use of `extract` or `extract_facts`, so that commands which
only read the index do not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alliance_tui.extract.meaning import metric_names
    from alliance_tui.extract.pipeline import extract, extract_facts

__all__ = ["extract", "extract_facts", "metric_names"]


def __getattr__(name: str) -> Any:
    if name in ("extract", "extract_facts"):
        from alliance_tui.extract import pipeline

        return getattr(pipeline, name)
    if name == "metric_names":
        from alliance_tui.extract import meaning

        return meaning.metric_names
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
