"""The installed `alliance-tui` command, run as a user would, on real files and indexes.

Every test passes `--index` inside tmp_path (the checkout's own `index/` is never
touched) and sets XDG_DATA_HOME to tmp_path.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from alliance_tui.cli.claims_output import CLAIM_COLUMNS
from alliance_tui.export import CSV_COLUMNS
from alliance_tui.models import SearchResults
from conftest import BAD_INPUTS, REPO, SEEDS

CLI = Path(sys.executable).parent / "alliance-tui"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


class Run:
    """Runs the installed command with a private index and data folder."""

    def __init__(self, tmp: Path, corpus: Path) -> None:
        self.corpus = corpus
        self.index = tmp / "index"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_TUI")}
        self.env["XDG_DATA_HOME"] = str(tmp / "xdg")
        self.env.pop("NO_COLOR", None)

    def __call__(
        self, *args: str, folders: bool = True, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        assert CLI.exists(), f"{CLI} is missing: pip install -e '.[test]'"
        extra = ["--corpus", str(self.corpus), "--index", str(self.index)] if folders else []
        command, rest = (list(args[:1]), list(args[1:])) if args else ([], [])
        if command and command[0].startswith("-"):
            command, rest = [], list(args)
        done = subprocess.run(
            [str(CLI), *command, *extra, *rest],
            capture_output=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )
        return subprocess.CompletedProcess(
            done.args,
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )


def assert_clean(done: subprocess.CompletedProcess[str]) -> None:
    """No traceback and no terminal escape in either stream."""
    for stream in (done.stdout, done.stderr):
        assert "Traceback" not in stream, stream
        assert "\x1b" not in stream and "\x9b" not in stream and "\x9d" not in stream


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("alliance-tui: error: "), lines[0]
    return lines[0]


@pytest.fixture
def seeds(tmp_path: Path) -> Run:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    return Run(tmp_path, corpus)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """A seeds copy, indexed once, shared by the read-only tests of this module."""
    tmp = tmp_path_factory.mktemp("indexed")
    corpus = tmp / "corpus"
    shutil.copytree(SEEDS, corpus)
    run = Run(tmp, corpus)
    done = run("index")
    assert done.returncode == 0, done.stderr
    yield run


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- index ----------------------------------------------------------------------------


def test_index_reports_what_changed(seeds: Run) -> None:
    first = seeds("index")
    assert_clean(first)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "indexed 5, updated 0, removed 0, skipped 0"

    again = seeds("index")
    assert again.stdout.splitlines() == ["indexed 0, updated 0, removed 0, skipped 0"]

    article = next(iter(sorted(seeds.corpus.glob("*.txt"))))
    article.write_text(article.read_text(encoding="utf-8") + "\nA further £2m was seized.\n")
    (seeds.corpus / "004_8dc5fb08c78c4981.txt").unlink()
    changed = seeds("index")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.splitlines()[0] == "indexed 0, updated 1, removed 1, skipped 0"


def test_reading_commands_report_only_changes(seeds: Run) -> None:
    first = seeds("search", "police")
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines()[0] == "indexed 5, updated 0, removed 0, skipped 0"
    second = seeds("search", "police")
    assert second.returncode == 0
    assert second.stderr == ""


def test_no_check_reads_the_index_as_it_is(seeds: Run) -> None:
    """--no-check skips the look at the corpus: a new file is found only once checked."""
    first = seeds("search", "zebrafinch", "--no-check")  # no index yet: built anyway
    assert first.returncode == 0 and "indexed 5" in first.stderr, first.stderr
    (seeds.corpus / "new.txt").write_text("Zebrafinch eggs seized\n\nOfficers seized 40.\n")
    for command in (("search", "zebrafinch"), ("facts", "zebrafinch"), ("claims",)):
        as_is = seeds(*command, "--no-check")
        assert_clean(as_is)
        assert as_is.returncode == 0 and "indexed" not in as_is.stderr, as_is.stderr
        assert "Zebrafinch" not in as_is.stdout
    checked = seeds("search", "zebrafinch")
    assert "indexed 1" in checked.stderr and "Zebrafinch eggs seized" in checked.stdout


def test_missing_corpus_folder_is_one_line(tmp_path: Path) -> None:
    run = Run(tmp_path, tmp_path / "no such folder")
    for command in (("index",), ("search", "police"), ("facts",)):
        line = one_line_error(run(*command))
        assert "no such folder" in line and "does not exist" in line
    assert not run.index.exists()


# --- search ---------------------------------------------------------------------------


def test_search_phrase_lists_hits_with_marked_terms(indexed: Run) -> None:
    done = indexed("search", '"street value"')
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    blocks = [b for b in done.stdout.strip().split("\n\n") if b]
    *hits, total = blocks
    assert total == "3 matching articles"
    assert len(hits) == 3
    for block in hits:
        head, snippet = block.splitlines()
        assert re.search(r" — \d+ figures?$", head), head
        assert "**street value**" in snippet.lower(), snippet
    assert done.stderr == ""


def test_search_json_is_search_results(indexed: Run) -> None:
    done = indexed("search", "cocaine", "--json", "--limit", "2")
    assert done.returncode == 0, done.stderr
    results = SearchResults.model_validate_json(done.stdout)
    assert results.query == "cocaine"
    assert 0 < len(results.hits) <= 2
    assert results.total >= len(results.hits)
    assert all(hit.snippet.marks for hit in results.hits)


def test_search_with_no_match_says_so(indexed: Run) -> None:
    done = indexed("search", "xylophonist")
    assert done.returncode == 0
    assert done.stdout.strip() == "0 matching articles"


def hostile_queries() -> dict[str, str]:
    path = BAD_INPUTS / "hostile-queries.json"
    queries: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return queries


def test_hostile_queries_exit_0_or_1_without_traceback(indexed: Run) -> None:
    queries = {name: q for name, q in hostile_queries().items() if "\0" not in q}
    # argv cannot carry NUL; the one query with it is exercised by the search tests.
    assert len(queries) >= len(hostile_queries()) - 1

    def attempt(query: str) -> tuple[subprocess.CompletedProcess[str], float]:
        start = time.monotonic()
        done = indexed("search", "--", query, timeout=60)
        return done, time.monotonic() - start

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = dict(zip(queries, pool.map(attempt, queries.values()), strict=True))
    problems = []
    for name, (done, seconds) in outcomes.items():
        if done.returncode not in (0, 1) or "Traceback" in done.stderr + done.stdout:
            problems.append(f"{name}: exit {done.returncode}: {done.stderr[-300:]}")
        elif done.returncode == 1 and len(done.stderr.splitlines()) != 1:
            problems.append(f"{name}: error is not one line: {done.stderr[:300]!r}")
        elif "\x1b" in done.stdout + done.stderr:
            problems.append(f"{name}: terminal escape in output")
        elif seconds > 20:
            problems.append(f"{name}: took {seconds:.1f}s")
    assert not problems, "\n".join(problems)


def test_a_malformed_query_is_mended_with_a_note_not_refused(indexed: Run) -> None:
    done = indexed("search", "published:[foo TO bar] (cocaine")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("note: ")]
    assert any("ignored published:[foo TO bar]" in note for note in notes), done.stderr
    assert any("'(' was not closed" in note for note in notes), done.stderr
    assert "cocaine" in done.stdout.lower()


# --- usage ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("search",),
        ("search", "police", "--limit", "0"),
        ("search", "police", "--limit", "many"),
        ("facts", "--format", "xml"),
        ("facts", "--kind", "bananas"),
        ("facts", "--metric", "no_such_metric"),
        ("no-such-command",),
        ("--no-such-option",),
    ],
)
def test_bad_usage_exits_2(indexed: Run, args: tuple[str, ...]) -> None:
    done = indexed(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "usage:" in done.stderr


def test_version(indexed: Run) -> None:
    done = indexed("--version", folders=False)
    assert done.returncode == 0
    assert re.fullmatch(r"alliance-tui \d+\.\d+\.\d+\S*\n", done.stdout)


@pytest.mark.parametrize("command", ["", "index", "search", "facts", "claims", "evaluate"])
def test_every_command_has_help_with_examples(indexed: Run, command: str) -> None:
    done = indexed(*([command] if command else []), "--help", folders=False)
    assert done.returncode == 0, done.stderr
    assert "examples:\n  alliance-tui" in done.stdout
    if command == "":  # each command listed with its summary, though none is loaded
        for name in ("index", "search", "facts", "claims", "evaluate"):
            assert re.search(rf"^    {name} +[A-Z]", done.stdout, re.M), name
    if command == "search":
        assert "query syntax:" in done.stdout and '"street value"' in done.stdout
    if command == "facts":
        flat = " ".join(done.stdout.split())
        assert ", ".join(CSV_COLUMNS) in flat


def test_app_without_a_terminal_fails_in_one_line(indexed: Run) -> None:
    line = one_line_error(indexed())
    assert "terminal" in line


# --- facts ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["facts", "claims"])
def test_unreadable_marks_are_said_by_every_export_and_refused_with_strict(
    seeds: Run, command: str
) -> None:
    marks = Path(seeds.env["XDG_DATA_HOME"]) / "alliance-tui" / "reviews.sqlite"
    marks.parent.mkdir(parents=True)
    marks.write_bytes(b"a torn copy of the marks, not a database" * 40)
    for _ in range(2):  # said again on the next run: the set-aside file is still there
        done = seeds(command, "--format", "csv")
        assert done.returncode == 0, done.stderr
        assert "warning:" in done.stderr and "unreadable" in done.stderr
        assert done.stdout.count("\n") > 1
    strict = seeds(command, "--format", "csv", "--strict")
    assert "--strict" in one_line_error(strict)
    assert strict.stdout == ""


def test_facts_csv_has_the_exact_header_and_typed_numbers(indexed: Run) -> None:
    done = indexed("facts", "--format", "csv")
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(",".join(CSV_COLUMNS) + "\r\n")  # no BOM on stdout
    header, *rows = csv_rows(done.stdout)
    assert tuple(header) == CSV_COLUMNS
    assert len(rows) > 10
    assert len({row[1] for row in rows}) == 4  # seed 004 states no figures
    for row in rows:
        for column, cell in zip(CSV_COLUMNS, row, strict=True):
            if column in ("value", "start", "end"):
                assert NUMBER.match(cell), (column, cell)


def test_facts_is_csv_when_piped_by_default(indexed: Run) -> None:
    done = indexed("facts")
    assert done.stdout.startswith(",".join(CSV_COLUMNS))


def test_facts_json_and_table(indexed: Run) -> None:
    records = json.loads(indexed("facts", "--format", "json").stdout)
    assert records and all(tuple(r) == CSV_COLUMNS for r in records)
    assert all(isinstance(r["value"], int | float) for r in records)
    table = indexed("facts", "--format", "table")
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["ARTICLE", "KIND", "VALUE"]
    assert lines[-1] == f"{len(records)} figures in 4 articles"


def test_facts_filters(indexed: Run) -> None:
    everything = csv_rows(indexed("facts", "--format", "csv").stdout)[1:]
    col = {name: i for i, name in enumerate(CSV_COLUMNS)}

    money = csv_rows(indexed("facts", "--kind", "money").stdout)[1:]
    assert money and all(row[col["kind"]] == "money" for row in money)
    assert len(money) == sum(row[col["kind"]] == "money" for row in everything)

    alliance = csv_rows(indexed("facts", "--operation", "ALLIANCE").stdout)[1:]
    expected = [r for r in everything if "alliance" in r[col["operation"]].lower()]
    assert alliance == expected and alliance

    named = [r for r in everything if r[col["official"]]]
    if named:
        surname = named[0][col["official"]].split()[-1].lstrip("'")
        by_official = csv_rows(indexed("facts", "--official", surname.lower()).stdout)[1:]
        assert by_official
        assert all(
            surname.lower() in (r[col["official"]] + r[col["official_role"]]).lower()
            for r in by_official
        )

    metric = everything[0][col["metric"]]
    same = csv_rows(indexed("facts", "--metric", metric).stdout)[1:]
    assert same == [r for r in everything if r[col["metric"]] == metric]


def test_facts_query_selects_articles(indexed: Run) -> None:
    rows = csv_rows(indexed("facts", '"street value"').stdout)[1:]
    assert {row[1] for row in rows} <= {
        "000_832b5f7bf351eca9",
        "001_4e349fd014cf2de8",
        "003_da0220be7cbf5801",
    }
    assert rows


def test_facts_out_refuses_existing_file_then_force_replaces_it(
    indexed: Run, tmp_path: Path
) -> None:
    out = tmp_path / "facts.csv"
    out.write_bytes(b"keep me")
    refused = indexed("facts", "--out", str(out))
    assert "exists; pass --force to replace it" in one_line_error(refused)
    assert out.read_bytes() == b"keep me"

    forced = indexed("facts", "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert re.fullmatch(r"wrote \d+ figures to .*facts\.csv\n", forced.stdout)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + ",".join(CSV_COLUMNS).encode() + b"\r\n")
    assert os.listdir(tmp_path) == ["facts.csv"]  # no temporary file left behind


def test_facts_out_in_missing_folder_is_one_line(indexed: Run, tmp_path: Path) -> None:
    line = one_line_error(indexed("facts", "--out", str(tmp_path / "nope" / "f.csv")))
    assert "does not exist" in line


def test_broken_pipe_exits_quietly(indexed: Run) -> None:
    command = [str(CLI), "facts", "--corpus", str(indexed.corpus), "--index", str(indexed.index)]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=indexed.env
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 0
    assert err == ""


# --- evaluate -------------------------------------------------------------------------


def test_evaluate_scores_a_labelled_folder(indexed: Run) -> None:
    labels = REPO / "tests" / "data" / "seed_labels.json"
    done = indexed("evaluate", str(SEEDS), "--labels", str(labels), folders=False)
    assert done.returncode == 0, done.stderr
    assert "5 labelled articles" in done.stdout


def test_evaluate_without_labels_is_one_line(indexed: Run, tmp_path: Path) -> None:
    line = one_line_error(indexed("evaluate", str(tmp_path), folders=False))
    assert "labels" in line


# --- the whole bad-inputs folder ------------------------------------------------------

ALWAYS_SKIPPED = (
    "06_empty",
    "07_whitespace_only",
    "08_png_disguised",
    "G03_sparse_10GiB",
    "G04_fifo",
    "G05_dev_zero_link",
    "G08_dangling_link",
    "G01_big_50MB",
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    shutil.copytree(SEEDS, corpus)
    for item in BAD_INPUTS.glob("*.txt"):
        shutil.copy2(item, corpus / item.name)
    subprocess.run(
        # with the big files: a 50 MB article and a 2 MB line of figures (MANIFEST: 60 s)
        [sys.executable, str(BAD_INPUTS / "generate_special.py"), str(corpus)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return Run(tmp, corpus)


def test_hostile_corpus_indexes_with_one_line_per_skipped_file(hostile: Run) -> None:
    start = time.monotonic()
    done = hostile("index", timeout=120)
    seconds = time.monotonic() - start
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    assert seconds < 60
    lines = done.stdout.splitlines()
    summary = re.fullmatch(
        r"indexed (\d+), updated 0, removed 0, skipped (\d+)(?: \((.*)\))?", lines[0]
    )
    assert summary, lines[0]
    skipped = [line for line in lines if line.startswith("skipped ")]
    assert len(skipped) == int(summary.group(2))
    for name in ALWAYS_SKIPPED:
        mine = [line for line in skipped if line.startswith(f"skipped {name}")]
        assert len(mine) == 1, (name, skipped)
    # every output line is a summary, a rebuild note, or names one file
    assert all(re.match(r"(skipped|warning|rebuilt) ", line) for line in lines[1:]), lines
    assert int(summary.group(1)) >= 5 + 10
    again = hostile("index")
    assert again.stdout.splitlines()[0].startswith("indexed 0, updated 0, removed 0, ")


def test_hostile_corpus_search_and_facts_work_afterwards(hostile: Run) -> None:
    hostile("index", timeout=120)
    found = hostile("search", "budget")
    assert_clean(found)
    assert found.returncode == 0, found.stderr

    table = hostile("facts", "--format", "table")
    assert_clean(table)
    assert table.returncode == 0, table.stderr

    done = hostile("facts", "--format", "csv")
    assert_clean(done)
    assert done.returncode == 0, done.stderr
    header, *rows = csv_rows(done.stdout)
    assert tuple(header) == CSV_COLUMNS
    ids = {row[1] for row in rows}
    assert "18_[@click=app.quit]Council budget [sic]" in ids
    formula_rows = [row for row in rows if row[1] == "16_csv_formula_facts"]
    assert formula_rows
    for row in rows:
        for column, cell in zip(CSV_COLUMNS, row, strict=True):
            if column in ("value", "start", "end"):
                assert NUMBER.match(cell), (column, cell)
            else:
                assert not cell.lstrip(" ").startswith(TRIGGERS), (row[1], column, cell)


# --- claims ---------------------------------------------------------------------------


def test_claims_line_up_two_outlets_and_export_periods_and_marks(indexed: Run) -> None:
    table = indexed("claims", "--format", "table")
    assert_clean(table)
    assert table.returncode == 0, table.stderr
    assert "= agrees · drugs_seized_value · Operation Alliance" in table.stdout
    # nothing is left out silently: the table says how many, and why
    assert re.search(r"\d+ figures? left out: \d+ no period that can be dated", table.stdout)
    header, *rows = csv_rows(indexed("claims", "--metric", "drugs_seized_value").stdout)
    assert tuple(header) == CLAIM_COLUMNS
    records = [dict(zip(header, row, strict=True)) for row in rows]
    agreeing = [r for r in records if r["status"] == "agrees"]
    assert {r["source"] for r in agreeing} == {"ITV Border", "News and Star"}
    # the £890,000 of cannabis only News and Star gives stands alone
    assert {r["status"] for r in records} == {"agrees", "single"}
    itv = next(r for r in records if r["qualifier"] == "nearly")
    assert (itv["period_start"], itv["period_end"]) == ("2022-01-28", "2023-01-27")
    assert itv["period_rule"] == "rolling 12 months to publication"
    none = indexed("claims", "--status", "conflicts", "--format", "table")
    assert none.stdout.startswith("no claim groups match")
    as_json = json.loads(indexed("claims", "--format", "json").stdout)
    assert all(isinstance(record["value"], int | float) for record in as_json)
    # every figure's export carries its period as dates, and its review mark
    facts = json.loads(indexed("facts", "--format", "json").stdout)
    dated = next(f for f in facts if f["fact_id"] == itv["fact_id"])
    assert (dated["period_start"], dated["review"]) == ("2022-01-28", "unchecked")


def test_the_index_of_a_renamed_corpus_is_named_and_pruned_on_request(seeds: Run) -> None:
    """A renamed corpus gets a new index in the data folder; the old one is said, and
    removed only with --prune (the folder might be on a drive that is not mounted)."""
    data = Path(seeds.env["XDG_DATA_HOME"]) / "alliance-tui" / "indexes"

    def index(corpus: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(CLI), "index", "--corpus", str(corpus), *extra],
            capture_output=True, text=True, env=seeds.env, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done

    index(seeds.corpus)
    (old,) = list(data.iterdir())
    renamed = seeds.corpus.with_name("releases-2024")
    seeds.corpus.rename(renamed)
    done = index(renamed)
    assert f"1 index of corpus folders that are gone ({seeds.corpus})" in done.stdout
    assert old.exists()
    pruned = index(renamed, "--prune")
    assert f"removed the index of {seeds.corpus}" in pruned.stdout
    assert [folder.name.split("-")[:2] for folder in data.iterdir()] == [["releases", "2024"]]
    assert not old.exists() and "gone" not in index(renamed).stdout


@pytest.mark.parametrize("command", ["search", "facts"])
def test_a_query_starting_with_a_dash_is_told_how(indexed: Run, command: str) -> None:
    done = indexed(command, "-police")
    assert done.returncode == 2
    assert f"needs -- first: alliance-tui {command} -- -police" in done.stderr


def many_articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"release-{n:04}.txt").write_text(
            f"Operation Nightjar {n}\n\nOfficers seized £{n + 1},000 and made {n % 9 + 1}"
            " arrests in Carlisle, police said.\n",
            encoding="utf-8",
        )
    return folder


def test_index_piped_says_its_progress_a_tenth_at_a_time(tmp_path: Path) -> None:
    corpus = many_articles(tmp_path / "corpus", 400)
    done = subprocess.run(
        [str(CLI), "index", "--corpus", str(corpus), "--index", str(tmp_path / "index")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    steps = [line for line in done.stderr.splitlines() if line.startswith("indexing ")]
    assert 5 <= len(steps) <= 10, done.stderr
    assert all(re.match(r"indexing [\d,]+/400 \(\d+%\)", line) for line in steps)


def test_ctrl_c_on_index_says_what_is_kept_and_the_next_run_goes_on(tmp_path: Path) -> None:
    import signal

    corpus, index = many_articles(tmp_path / "corpus", 3000), tmp_path / "index"
    command = [str(CLI), "index", "--corpus", str(corpus), "--index", str(index)]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for _ in range(5):  # past the first batch of 1,000 (40%): that one is written
        line = proc.stderr.readline()
        assert line.startswith("indexing "), line
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=120)
    assert proc.returncode == 130, rest
    kept = re.search(r"interrupted: ([\d,]+) of 3,000 files indexed so far are kept", rest)
    assert kept, rest
    assert "Traceback" not in rest
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "the last indexing was stopped: going on from its last batch" in again.stderr
    indexed = int(re.match(r"indexed (\d+),", again.stdout).group(1))  # type: ignore[union-attr]
    assert indexed == 3000 - int(kept.group(1).replace(",", ""))  # the rest, only
