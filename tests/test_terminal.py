"""The installed `alliance-tui` in a real terminal (tmux): launch, search, open, quit."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import BAD_INPUTS, SEEDS, shared
from test_cli import many_articles

CLI = Path(sys.executable).parent / "alliance-tui"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, check=True, timeout=20
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.name, *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


@contextlib.contextmanager
def app_in_tmux(corpus: Path, tmp_path: Path) -> Iterator[Terminal]:
    """The installed app in a 120x40 tmux session; it prints EXITED-<status> when done."""
    name = f"alliance-{uuid.uuid4().hex[:8]}"
    command = (
        f"'{CLI}' --corpus '{corpus}' --index '{tmp_path / 'index'}'; echo EXITED-$?; sleep 30"
    )
    env = {**os.environ, "TERM": "xterm-256color", "XDG_DATA_HOME": str(tmp_path / "xdg")}
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command],
        check=True,
        env=env,
        timeout=20,
    )
    try:
        yield Terminal(name)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False, timeout=20)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    shutil.copytree(SEEDS, tmp_path / "corpus")
    with app_in_tmux(tmp_path / "corpus", tmp_path) as opened:
        yield opened


def test_launch_search_open_and_quit(terminal: Terminal) -> None:
    terminal.wait_for("5 articles")
    terminal.keys("/")
    time.sleep(0.3)  # as a person would: keys sent in the same instant may overtake the focus
    terminal.keys("-l", "inspection")
    screen = terminal.wait_for("1 article")
    assert "AN INSPECTION has found" in screen
    terminal.keys("Enter")  # to the results
    time.sleep(0.3)  # as above: the move of the focus is a message, handled in a moment
    terminal.keys("Enter")  # open the article
    screen = terminal.wait_for("003_da0220be7cbf5801.txt")  # the article pane's header
    assert "money" in screen and "percent" in screen  # the legend of figure kinds
    terminal.keys("q")
    terminal.wait_for("EXITED-0")


def test_escape_sequences_in_an_article_never_reach_the_terminal(tmp_path: Path) -> None:
    """REQ-T3: run the app in a pseudo-terminal on an article full of escape sequences."""
    import pty
    import select

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy2(BAD_INPUTS / "14_terminal_escapes.txt", corpus / "escapes.txt")
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, on the pty
        os.execve(
            str(CLI), [str(CLI), "--corpus", str(corpus), "--index", str(tmp_path / "ix")], env
        )
    output = b""
    deadline = time.monotonic() + 20
    quit_sent = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        if not quit_sent and b"PWNED" not in output and b"after" in output:
            time.sleep(1)
            os.write(fd, b"q")
            quit_sent = True
    _, status = os.waitpid(pid, 0)
    assert quit_sent, output[-2000:]
    assert os.WEXITSTATUS(status) == 0
    for payload in (b"\x1b]0;", b"\x1b]2;", b"\x1b]52;", b"\x1b[6n", b"\x1b[2J", b"\xc2\x9b",
                    b"\xc2\x9d", b"PWNED", b"C1TITLE", b"https://evil.example"):  # fmt: skip
        assert payload not in output, payload


def test_keys_sent_in_one_burst_after_slash_all_land_in_the_search(terminal: Terminal) -> None:
    terminal.wait_for("5 articles")
    terminal.keys("-l", "/inspection 2012/13")  # one write: "/" and the query at once
    screen = terminal.wait_for("inspection 2012/13")
    assert "Lining up" not in screen  # "c" (Claims) was not taken as a command
    terminal.keys("Enter")  # to the results
    time.sleep(0.3)
    terminal.keys("q")
    terminal.wait_for("EXITED-0")


def test_q_during_the_first_build_leaves_at_once_and_the_next_start_goes_on(
    tmp_path: Path,
) -> None:
    total_files = 12000  # enough that q comes well before the last batch
    corpus = many_articles(tmp_path / "corpus", total_files)
    with app_in_tmux(corpus, tmp_path) as terminal:
        # searches answer from the batches written while it builds, and say so
        screen = terminal.wait_for("still indexing: answers from the", seconds=120)
        written = re.search(r"answers from the ([\d,]+) articles so far", screen)
        assert written is not None and 0 < int(written.group(1).replace(",", "")) < total_files
        assert "Indexing " in screen  # still building when q is pressed
        terminal.keys("q")
        asked = time.monotonic()
        while "EXITED-" not in terminal.screen() and time.monotonic() - asked < 10:
            time.sleep(0.05)
        took = time.monotonic() - asked
        assert "EXITED-0" in terminal.screen()
        assert took < 1.5, f"quitting took {took:.2f} s"
    with app_in_tmux(corpus, tmp_path) as terminal:
        screen = terminal.wait_for("kept last time", seconds=60)
        total = re.search(r"Indexing [\d,]+/([\d,]+)", screen)
        assert total is not None and int(total.group(1).replace(",", "")) < total_files
        terminal.keys("C-c")  # Ctrl-C leaves too
        terminal.wait_for("EXITED-0", seconds=5)


def test_the_seizure_task_in_the_facts_view(tmp_path: Path) -> None:
    """Every cash and drug seizure figure any force claimed, largest first, to a CSV."""
    corpus = tmp_path / "corpus"
    shutil.copytree(shared("real-dev", "articles"), corpus)
    out = tmp_path / "seizures.csv"
    with app_in_tmux(corpus, tmp_path) as terminal:
        terminal.wait_for("40 articles", seconds=60)
        terminal.keys("f")
        terminal.wait_for("figures in every article")
        terminal.keys("/")
        time.sleep(0.3)
        terminal.keys("-l", "metric:cash_seized metric:drugs_seized_value")
        terminal.keys("Enter")
        time.sleep(0.3)
        terminal.keys("]")  # sort by the first column: the value, largest first
        screen = terminal.wait_for("figures in every article · sorted by value, largest first")
        shown = re.search(r"([\d,]+) figures in every article", screen)
        assert shown is not None, screen
        count = int(shown.group(1).replace(",", ""))
        table = screen[screen.index("Figure ▼") :].splitlines()[1:4]
        first_rows = [line.strip("│ ").split("  ")[0].strip() for line in table]
        terminal.keys("e")
        terminal.wait_for(f"the {count} figures shown")
        terminal.keys("C-u")
        terminal.keys("-l", str(out))
        terminal.keys("Enter")
        terminal.wait_for("Wrote", seconds=20)
        terminal.keys("Escape")
        time.sleep(0.3)
        terminal.keys("q")
        terminal.wait_for("EXITED-0")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == count > 10
    assert {row["metric"] for row in rows} == {"cash_seized", "drugs_seized_value"}
    values = [float(row["value"]) for row in rows]
    assert values == sorted(values, reverse=True)
    assert [row["text"] for row in rows[:3]] == first_rows
