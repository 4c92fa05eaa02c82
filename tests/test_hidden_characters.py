"""One list of hidden characters, and every layer that cleans outside text uses it."""

from __future__ import annotations

import json

import pytest

from alliance_tui.cli.output import json_safe
from alliance_tui.export import clean_text
from alliance_tui.sanitize import display_text, normalise_text
from alliance_tui.store.search import clean_query

#: One of each kind: DEL, a C1 control, the Arabic letter mark, a directional mark, a
#: bidi override and isolate, a zero-width space and joiner, the word joiner, an
#: invisible operator, the BOM and the soft hyphen.
HIDDEN = [
    "\x7f", "\x91", "\u061c", "\u200e", "\u202e", "\u2067", "\u200b", "\u200d", "\u2060",
    "\u2062", "\ufeff", "\u00ad",
]  # fmt: skip


@pytest.mark.parametrize("char", HIDDEN)
def test_every_layer_removes_or_escapes_the_same_hidden_character(char: str) -> None:
    text = f"£4{char}m seized"
    assert normalise_text(text)[0] == "£4m seized"  # article bodies, on load
    assert display_text(text) == "£4m seized"  # names and messages on a terminal
    assert clean_text(text) == "£4m seized"  # exported cells
    assert char not in clean_query(text)[0]  # search queries
    escaped = json_safe(json.dumps(text, ensure_ascii=False))
    assert char not in escaped and json.loads(escaped) == text  # JSON printed to a terminal
