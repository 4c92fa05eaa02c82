"""Repeat issue 13's fault probes from outside, through the installed command line.

    python benchmarks/fault_probes.py                  # 30 segment inversions, 1,000 articles
    python benchmarks/fault_probes.py --trials 5 --articles 300      # a quick look

Probes (each prints one line; the script exits 1 if any fails):

- **segment inversions**: invert 1 KiB at a random place of a random Whoosh segment
  (its mtime put back in half of the trials, as a failing disk would leave it), then run
  `search` for a fixed query mix and `facts`. Each trial must either give exactly the
  answers of a clean index, saying it rebuilt the index, or fail in one line that says
  what to do. A different answer with exit 0 is a silent wrong result: a failure.
- **a writable index folder with a crafted table of contents**: `search` must not run
  the pickle's code, and must answer from a rebuilt index.
- **a corpus 10,000 folders deep**: `index` skips it with one line and indexes the rest.
- **figures missing from the store**: `facts` must give every figure, saying it rebuilt.
- **two processes marking at once**: 2 x 100 marks through `ReviewStore`, none lost.
Writes benchmarks/FAULT_PROBES.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

CLI = Path(sys.executable).parent / "alliance-tui"
QUERIES = ["police", "cocaine arrests", '"street value"', "metric:arrests", "kind:money -heroin"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, env=env, check=False)


def answers(corpus: Path, index: Path) -> list[subprocess.CompletedProcess[str]]:
    """What a user runs: `search` for each query of the mix, then `facts`."""
    where = ("--corpus", str(corpus), "--index", str(index))
    done = [_whole("search", query, "--limit", "1", *where) for query in QUERIES]
    return [*done, run("facts", "--format", "csv", *where)]


def _whole(*args: str) -> subprocess.CompletedProcess[str]:
    """A search run again (3 times at most) while it stops at its time limit, as it may
    on a busy machine: a partial answer, said in a note, is no wrong answer."""
    for _ in range(3):
        done = run(*args)
        if "results are partial" not in done.stderr:
            break
    return done


def seen(runs: list[subprocess.CompletedProcess[str]]) -> list[tuple[int, str]]:
    return [(done.returncode, done.stdout) for done in runs]


def invert(segment: Path, rng: random.Random, keep_mtime: bool) -> None:
    info = segment.stat()
    at = rng.randrange(0, max(1, info.st_size - 1024))
    with open(segment, "r+b") as fh:
        fh.seek(at)
        data = fh.read(1024)
        fh.seek(at)
        fh.write(bytes(byte ^ 0xFF for byte in data))
    if keep_mtime:
        os.utime(segment, ns=(info.st_atime_ns, info.st_mtime_ns))


def segment_trials(corpus: Path, clean: Path, work: Path, trials: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    baseline = seen(answers(corpus, clean))
    lines = []
    for trial in range(trials):
        index = work / f"trial-{trial}"
        shutil.copytree(clean, index)
        segment = rng.choice(sorted((index / "current").glob("*.seg")))
        invert(segment, rng, keep_mtime=trial % 2 == 0)
        runs = answers(corpus, index)
        errors = "".join(done.stderr for done in runs)
        refused = [done for done in runs if done.returncode != 0]
        if "Traceback" in errors:
            verdict = "FAILED: a traceback"
        elif seen(runs) == baseline:
            verdict = "healed: rebuilt" if "rebuilt the index" in errors else "unaffected"
        elif refused and all(
            len(done.stderr.strip().splitlines()) == 1 and "alliance-tui index" in done.stderr
            for done in refused
        ):
            verdict = "refused with an instruction"
        else:
            verdict = "FAILED: a different answer"
        mtime = "kept" if trial % 2 == 0 else "new"
        lines.append(f"segment inversion {trial + 1:2} (mtime {mtime}): {verdict}")
        shutil.rmtree(index)
    return lines


def pickle_probe(corpus: Path, clean: Path, work: Path) -> str:
    index = work / "pickle"
    shutil.copytree(clean, index)
    current = index / "current"
    marker = work / "code-ran"

    class Crafted:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, (f"touch {marker}",))

    newest = max(int(p.stem.rsplit("_", 1)[1]) for p in current.glob("_MAIN_*.toc"))
    (current / f"_MAIN_{newest + 1}.toc").write_bytes(pickle.dumps(Crafted()))
    current.chmod(0o777)
    done = run("search", "police", "--corpus", str(corpus), "--index", str(index))
    ok = not marker.exists() and done.returncode == 0 and "not safe to read" in done.stderr
    return f"crafted pickle in a writable index folder: {'refused, rebuilt' if ok else 'FAILED'}"


def deep_probe(work: Path) -> str:
    corpus = work / "deep"
    (corpus / "top").mkdir(parents=True)
    (corpus / "top" / "kept.txt").write_text("Officers made 12 arrests.\n", encoding="utf-8")
    here = os.getcwd()
    os.chdir(corpus)
    try:  # relative steps: the whole path is far beyond PATH_MAX
        for _ in range(10_000):
            os.mkdir("d")
            os.chdir("d")
        Path("lost.txt").write_text("Police seized 40kg of cocaine.\n", encoding="utf-8")
    finally:
        os.chdir(here)
    done = run("index", "--corpus", str(corpus), "--index", str(work / "deep-index"))
    skipped = [line for line in done.stdout.splitlines() if line.endswith("deep: not read")]
    ok = done.returncode == 0 and len(skipped) == 1 and "indexed 1," in done.stdout
    subprocess.run(["rm", "-rf", str(corpus)], check=False)  # deeper than shutil recurses
    return f"corpus 10,000 folders deep: {'one skip line, the rest indexed' if ok else 'FAILED'}"


def missing_figures_probe(corpus: Path, clean: Path, work: Path) -> str:
    index = work / "missing"
    shutil.copytree(clean, index)
    whole = seen(answers(corpus, clean))[-1]
    with sqlite3.connect(index / "current" / "facts.sqlite") as db:
        db.execute("DELETE FROM facts WHERE article_id IN (SELECT id FROM articles LIMIT 5)")
    done = run("facts", "--format", "csv", "--corpus", str(corpus), "--index", str(index))
    ok = (done.returncode, done.stdout) == whole and "rebuilt the index" in done.stderr
    return f"figures missing from the store: {'rebuilt, every figure exported' if ok else 'FAILED'}"


def _mark_many(data_home: str, worker: int) -> None:
    os.environ["XDG_DATA_HOME"] = data_home
    from alliance_tui.claims import ReviewState, open_reviews

    store = open_reviews()
    for n in range(100):
        store.mark(f"fact#{worker}-{n}", ReviewState.VERIFIED, note=f"window {worker}")


def marking_probe(work: Path) -> str:
    data_home = str(work / "data")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_mark_many, args=(data_home, n)) for n in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    db = sqlite3.connect(Path(data_home) / "alliance-tui" / "reviews.sqlite")
    kept = db.execute("SELECT count(*) FROM marks").fetchone()[0]
    return f"two processes marking 100 figures each: {kept} of 200 kept" + (
        "" if kept == 200 else " (FAILED)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        generate(corpus, args.articles)
        clean = work / "clean"
        run("index", "--corpus", str(corpus), "--index", str(clean))
        lines = segment_trials(corpus, clean, work, args.trials, args.seed)
        lines += [
            pickle_probe(corpus, clean, work),
            deep_probe(work),
            missing_figures_probe(corpus, clean, work),
            marking_probe(work),
        ]
    for line in lines:
        print(line)
    report = "\n".join(f"- {line}" for line in lines)
    (HERE / "FAULT_PROBES.md").write_text(
        f"# Fault probes\n\n`python benchmarks/fault_probes.py --trials {args.trials} "
        f"--articles {args.articles}`\n\n{report}\n",
        encoding="utf-8",
    )
    return 1 if any("FAILED" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
