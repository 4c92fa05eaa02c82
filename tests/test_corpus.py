"""Reading article folders: the shipped bad inputs, front matter, titles, ids, decoding."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from alliance_tui.corpus import MAX_DEPTH, CorpusError, load_article, scan_corpus
from alliance_tui.models import Article, FileProblem
from alliance_tui.sanitize import display_text, normalise_text
from conftest import BAD_INPUTS


def load_all(root: Path) -> dict[str, Article | FileProblem]:
    files, problems = scan_corpus(root)
    out: dict[str, Article | FileProblem] = {p.name: p for p in problems}
    for entry in files:
        out[entry.name] = load_article(root, entry)
    return out


def write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def fill_with_bad_inputs(root: Path) -> None:
    """The stored bad inputs plus the generated special files (pipes, links, ...)."""
    for item in BAD_INPUTS.glob("*.txt"):
        shutil.copy2(item, root / item.name)
    subprocess.run(
        [sys.executable, str(BAD_INPUTS / "generate_special.py"), str(root), "--no-big"],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article | FileProblem]:
    assert BAD_INPUTS.is_dir(), f"{BAD_INPUTS} is missing: the tests need ../shared"
    root = tmp_path_factory.mktemp("bad")
    fill_with_bad_inputs(root)
    return load_all(root)


def article(results: dict[str, Article | FileProblem], prefix: str) -> Article:
    [found] = [v for k, v in results.items() if k.startswith(prefix)]
    assert isinstance(found, Article), found
    return found


def skipped(results: dict[str, Article | FileProblem], prefix: str) -> str:
    [found] = [v for k, v in results.items() if k.startswith(prefix)]
    assert isinstance(found, FileProblem), found
    return found.message


@pytest.mark.parametrize(
    ("prefix", "reason"),
    [
        ("06_empty", "empty"),
        ("07_whitespace_only", "empty"),
        ("08_png_disguised", "binary"),
        ("G03_sparse", "too large"),
        ("G04_fifo", "not a regular file"),
        ("G05_dev_zero_link", "symbolic link"),
        ("G08_dangling_link", "broken link"),
    ],
)
def test_unusable_files_are_skipped_with_their_reason(
    bad: dict[str, Article | FileProblem], prefix: str, reason: str
) -> None:
    assert skipped(bad, prefix).startswith(reason)


def test_legacy_encodings_decode_with_a_warning(bad: dict[str, Article | FileProblem]) -> None:
    cp1252 = article(bad, "01_cp1252")
    assert cp1252.encoding == "cp1252" and cp1252.warnings
    assert "£4.2m" in cp1252.body and "€5m" in cp1252.body and "£12m" in cp1252.body
    assert article(bad, "02_latin1").warnings
    assert article(bad, "04_utf16le_bom").encoding == "utf-16"
    no_bom = article(bad, "05_utf16le_nobom")
    assert "\0" not in no_bom.body and no_bom.warnings
    truncated = article(bad, "12_truncated")
    assert "£9m" in truncated.body and truncated.body.count("\ufffd") == 1 and truncated.warnings


def test_bom_line_endings_and_controls_are_normalised(
    bad: dict[str, Article | FileProblem],
) -> None:
    bom = article(bad, "03_utf8_bom")
    assert bom.title == "Budget with BOM" and bom.source == "Test Wire"
    crlf = article(bad, "09_crlf")
    assert "\r" not in crlf.body and "\u2028" not in crlf.body
    escapes = article(bad, "14_terminal_escapes")
    assert not any(ch in escapes.body for ch in "\x1b\x9b\x9d\x07\x7f")
    assert any("removed" in w for w in escapes.warnings)
    nul = bad["10_nul_bytes.txt"]
    assert isinstance(nul, FileProblem) or "\0" not in nul.body


def test_bad_front_matter_keeps_the_article_and_names_each_problem(
    bad: dict[str, Article | FileProblem],
) -> None:
    found = article(bad, "17_bad_front_matter")
    assert "£3m" in found.body
    assert found.published == "" and found.source == "[/]"
    joined = "\n".join(found.warnings)
    for expected in ("title is empty", "'not a date'", "'31/02/2024'", "'wordcount'"):
        assert expected in joined, joined
    assert found.extra == {"wordcount": "lots", "unknown_key": "x"}


def test_odd_file_names_become_display_safe_ids(bad: dict[str, Article | FileProblem]) -> None:
    ids = {v.id for v in bad.values() if isinstance(v, Article)}
    assert "18_[@click=app.quit]Council budget [sic]" in ids
    assert "20_café_NFD" in ids  # NFC although the name on disk is NFD
    assert "G10_name_with␤newline" in ids
    assert any(i.startswith("G11_latin1_name_") and i.endswith("\ufffd") for i in ids)


def test_whole_bad_folder_reads_quickly(tmp_path: Path) -> None:
    fill_with_bad_inputs(tmp_path)
    started = time.monotonic()
    results = load_all(tmp_path)
    assert time.monotonic() - started < 10
    assert len(results) >= 25


def test_front_matter_fields_and_unknown_keys(tmp_path: Path) -> None:
    write(
        tmp_path,
        "kent/op.md",
        "---\ntitle: Op Sceptre week\nsource: Kent Police\npublished: 14/05/2024\n"
        "url: https://example.org/x\nauthor: Press Office\n---\n\nOfficers made 12 arrests.\n",
    )
    [found] = load_all(tmp_path).values()
    assert isinstance(found, Article)
    assert found.id == "kent/op"
    assert (found.title, found.source, found.published) == (
        "Op Sceptre week",
        "Kent Police",
        "2024-05-14",
    )
    assert found.url == "https://example.org/x"
    assert found.extra == {"author": "Press Office"}
    assert found.body == "Officers made 12 arrests."


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Drugs seized in raid\n\nOfficers seized £40,000 of cocaine.", "Drugs seized in raid"),
        (
            "Officers seized £40,000 of cocaine. Two men were held.",
            "Officers seized £40,000 of cocaine.",
        ),
        ("A " + "very " * 60 + "long opening sentence.", None),
    ],
)
def test_title_is_the_headline_or_first_sentence(
    tmp_path: Path, body: str, title: str | None
) -> None:
    write(tmp_path, "a.txt", body)
    [found] = load_all(tmp_path).values()
    assert isinstance(found, Article)
    if title is None:
        assert len(found.title) <= 120 and found.title.endswith("…")
    else:
        assert found.title == title


def test_same_id_from_two_files_keeps_one_and_names_the_other(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "One.")
    write(tmp_path, "a.md", "Two.")
    files, problems = scan_corpus(tmp_path)
    assert [f.id for f in files] == ["a"]
    assert len(problems) == 1 and "same article id" in problems[0].message


def test_other_file_types_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "notes.docx", b"PK\x03\x04")
    write(tmp_path, "a.TXT", "Text.")
    files, problems = scan_corpus(tmp_path)
    assert [f.name for f in files] == ["a.TXT"] and problems == []


def test_unreadable_file_is_skipped_when_not_root(tmp_path: Path) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads mode-000 files")
    path = write(tmp_path, "locked.txt", "Secret.")
    path.chmod(0)
    try:
        assert skipped(load_all(tmp_path), "locked").startswith("permission denied")
    finally:
        path.chmod(0o600)


def test_missing_corpus_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        scan_corpus(tmp_path / "nope")


def test_normalise_counts_what_it_removes() -> None:
    text, removed = normalise_text("a\r\nb\rc\u2028d\x1b]0;pwned\x07e\u202ef\u200bg")
    assert text == "a\nb\nc\nde" + "fg"
    assert removed == len("\x1b]0;pwned\x07") + 2


def test_display_text_is_one_safe_line() -> None:
    assert display_text("a\nb\x1b[2Jc\x9b6n", 100) == "a␤bc"
    assert display_text("x" * 10, 5) == "xxxx…"


def test_a_corpus_folders_deep_beyond_the_depth_limit_is_skipped_with_one_line(
    tmp_path: Path,
) -> None:
    deepest = tmp_path / "deep"
    deepest.mkdir()
    for _ in range(1_500):  # deeper than Python's recursion limit, within PATH_MAX
        deepest = deepest / "d"
        deepest.mkdir()
    (deepest / "raid.txt").write_text("Police seized 40kg of cocaine.\n", encoding="utf-8")
    within = tmp_path / "deep" / "/".join(["d"] * MAX_DEPTH) / "kept.txt"
    within.write_text("Officers seized £3,000.\n", encoding="utf-8")
    (tmp_path / "deep" / "top.txt").write_text("Officers made 12 arrests.\n", encoding="utf-8")
    try:
        files, problems = scan_corpus(tmp_path / "deep")
        assert [f.id.rsplit("/", 1)[-1] for f in files] == ["kept", "top"]
        assert files[0].id.count("/") == MAX_DEPTH
        assert len(problems) == 1
        assert problems[0].name.count("/") == MAX_DEPTH  # the first folder too deep
        assert problems[0].message == f"more than {MAX_DEPTH} folders deep: not read"
    finally:  # pytest's own clean-up recurses, and would fail on this tree
        (deepest / "raid.txt").unlink()
        within.unlink()
        while deepest != tmp_path / "deep":
            deepest.rmdir()
            deepest = deepest.parent


def test_a_link_to_a_folder_is_named_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "raid.txt").write_text("Officers seized 3kg of heroin.\n")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    files, problems = scan_corpus(tmp_path)
    assert [f.id for f in files] == ["real/raid"]
    assert [(p.name, p.message) for p in problems] == [
        ("loop", "symbolic link to a folder: not followed")
    ]
