"""The headless core never imports Textual, and widgets never parse article text as markup."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "alliance_tui"

#: Every module but the app's own (tui/): found on disk, so a new module is checked too.
HEADLESS = sorted(
    "alliance_tui."
    + ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    for path in SRC.rglob("*.py")
    if path.relative_to(SRC).parts[0] != "tui"
)


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_does_not_import_textual(module: str) -> None:
    probe = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} imported {done.stdout.strip()}"


# REQ-R7: a widget built from an f-string parses whatever the string holds as markup.
_MARKUP_CALL = re.compile(r"\b(Static|Label|notify)\(\s*f[\"']")


def _calls(source: str) -> list[tuple[int, str]]:
    """Each `Static(f"`, `Label(f"` or `notify(f"` call with its full argument text."""
    calls = []
    for match in _MARKUP_CALL.finditer(source):
        depth, end = 0, match.end()
        for end in range(match.start() + len(match.group(1)), len(source)):
            if source[end] == "(":
                depth += 1
            elif source[end] == ")":
                depth -= 1
                if depth == 0:
                    break
        line = source.count("\n", 0, match.start()) + 1
        calls.append((line, source[match.start() : end + 1]))
    return calls


def test_no_markup_parsed_fstring_widgets() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        for line, call in _calls(path.read_text(encoding="utf-8")):
            if "markup=False" not in call:
                offenders.append(f"{path.relative_to(SRC)}:{line}: {call.splitlines()[0]}")
    assert not offenders, "markup-parsed f-strings (use Content or markup=False):\n" + "\n".join(
        offenders
    )


def test_the_gate_catches_what_it_should() -> None:
    source = 'Static(f"{title}")\nLabel(f"x {y}", markup=False)\nself.notify(\n  f"{e}")\n'
    flagged = [call for _, call in _calls(source) if "markup=False" not in call]
    assert flagged == ['Static(f"{title}")', 'notify(\n  f"{e}")']
