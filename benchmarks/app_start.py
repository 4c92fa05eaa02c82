"""Start the app on an index (headless, through Pilot) and report when results are drawn.

    python benchmarks/app_start.py CORPUS INDEX

Prints one line of JSON: the monotonic clock when the first results were drawn (the
results list holds them and the screen has been refreshed; the caller subtracts its own
clock at launch, so imports count as a user pays them), and the peak RSS in MB once the
index has also been checked against the corpus.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import sys
import time
from pathlib import Path

from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.widgets import ResultsList


async def first_results(corpus: Path, index: Path) -> None:
    app = AllianceApp(corpus, index)
    async with app.run_test(size=(120, 40)) as pilot:
        results = app.query_one(ResultsList)
        while not results.ids:
            await asyncio.sleep(0.005)
        await pilot.pause()  # one refresh: the rows are on the screen
        drawn = time.monotonic()
        with contextlib.suppress(Exception):  # a newer search may cancel an older one
            await app.workers.wait_for_complete()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"drawn": drawn, "peak_rss_mb": peak_mb}), flush=True)
        os._exit(0)  # the measurement is taken; no need to wait for the app to wind down


def main() -> None:
    asyncio.run(first_results(Path(sys.argv[1]), Path(sys.argv[2])))


if __name__ == "__main__":
    main()
