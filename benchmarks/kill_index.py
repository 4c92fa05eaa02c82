"""kill -9 `alliance-tui index` at random moments; the next run must repair everything.

    python benchmarks/kill_index.py                 # 20 kills in full builds, 20 in updates
    python benchmarks/kill_index.py --rounds 3 --articles 600     # a quick look

Each round starts `alliance-tui index` in its own process group, kills the group with
SIGKILL at a random moment, runs `index` again, and compares the index with a clean
build of the same corpus: the number of articles in Whoosh and in the fact store, the
hit count of a fixed query mix, and every fact (by id and value). Update rounds first
change the corpus (edit, add and delete files), so that the killed run is an
incremental update. Prints one line per round and exits 1 if any round differs.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from alliance_tui.store import Library, update_index  # noqa: E402
from alliance_tui.store.search import search  # noqa: E402

CLI = Path(sys.executable).parent / "alliance-tui"
QUERIES = ["police", "cocaine arrests", '"street value"', "metric:arrests", "official:reed",
           "kind:money -heroin", "operation:alliance", "title:carlisle"]  # fmt: skip


def signature(index: Path) -> tuple[object, ...]:
    """What a user could see of an index: counts, hits, and every fact."""
    with Library(index) as library:
        documents = library.searcher.doc_count()
        ids = library.ids_of(list(library.searcher.reader().all_doc_ids()))
        hits = tuple(search(library, query, limit=None).total for query in QUERIES)
        facts = sorted((f.fact_id, f.value, f.metric) for f in library.all_facts())
        return (len(library), documents, len(set(ids)), hits, len(facts), hash(tuple(facts)))


def build_and_kill(corpus: Path, index: Path, longest: float, rng: random.Random) -> float:
    """Start an index run and kill it after a random part of `longest` seconds."""
    proc = subprocess.Popen(
        [str(CLI), "index", "--corpus", str(corpus), "--index", str(index)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its extraction workers go down with it
    )
    delay = rng.uniform(0.05, longest)
    time.sleep(delay)
    with_signal = proc.poll() is None
    if with_signal:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return delay if with_signal else -1.0


def change_corpus(corpus: Path, rng: random.Random, round_number: int) -> None:
    files = sorted(corpus.glob("*.txt"))
    for path in rng.sample(files, len(files) // 5):
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nUpdate {round_number}: 12 more arrests.\n",
            encoding="utf-8",
        )
    for path in rng.sample(files, len(files) // 50):
        path.unlink(missing_ok=True)
    for number in range(len(files) // 50):
        (corpus / f"added_{round_number}_{number}.txt").write_text(
            f"Operation Added{number}\n\nOfficers seized £{number + 5},000 of cocaine.\n",
            encoding="utf-8",
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="kills of each kind (20)")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--kinds", default="build,update", help="build, update or both")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        generate(corpus, args.articles)
        (corpus / "known-figures.json").unlink()
        started = time.monotonic()
        update_index(corpus, work / "clean")
        longest = time.monotonic() - started
        for kind in args.kinds.split(","):
            for round_number in range(args.rounds):
                index, before = work / f"{kind}-{round_number}", work / "before"
                bound = longest
                if kind == "update":
                    shutil.copytree(work / "clean", before)
                    change_corpus(corpus, rng, round_number)
                    started = time.monotonic()  # how long the update takes, unkilled
                    update_index(corpus, work / "clean")
                    bound = time.monotonic() - started + 1.0  # and the process start
                    shutil.rmtree(work / "clean")
                    update_index(corpus, work / "clean", rebuild=True)
                killed_at = -1.0
                for _ in range(8):  # until a kill lands before the run ends
                    if kind == "update":
                        shutil.copytree(before, index)
                    killed_at = build_and_kill(corpus, index, bound, rng)
                    if killed_at >= 0:
                        break
                    bound *= 0.6
                    shutil.rmtree(index)
                update_index(corpus, index)
                same = signature(index) == signature(work / "clean")
                failures += not same
                when = f"killed after {killed_at:.2f} s" if killed_at >= 0 else "never killed"
                print(f"{kind} {round_number + 1:2}: {when}: {'same' if same else 'DIFFERENT'}")
                shutil.rmtree(index)
                shutil.rmtree(before, ignore_errors=True)
    rounds = args.rounds * len(args.kinds.split(","))
    print(f"{failures} of {rounds} rounds differ from a clean build")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
