"""Start the app on an index (headless, through Pilot) and report when results are drawn.

    python benchmarks/app_start.py CORPUS INDEX

Prints one line of JSON: the monotonic clock when the first results were drawn (the
results list drew a line while holding results; the caller subtracts its own
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

from textual.strip import Strip

from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.widgets import ResultsList


def record_first_draw() -> list[float]:
    """Times at which the results list drew a line while it held results (the first one
    is when the user first sees results)."""
    drawn: list[float] = []
    render_line = ResultsList.render_line

    def timed_render_line(self: ResultsList, y: int) -> Strip:
        strip = render_line(self, y)
        if self.ids and not drawn:
            drawn.append(time.monotonic())
        return strip

    ResultsList.render_line = timed_render_line  # type: ignore[method-assign]
    return drawn


def peak_rss_mb() -> float:
    """This process's own peak RSS: VmHWM (ru_maxrss would include the peak of the
    process that started it, inherited at fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def first_results(corpus: Path, index: Path) -> None:
    drawn = record_first_draw()
    app = AllianceApp(corpus, index)
    async with app.run_test(size=(120, 40)):
        while not drawn:
            await asyncio.sleep(0.005)
        with contextlib.suppress(Exception):  # a newer search may cancel an older one
            await app.workers.wait_for_complete()
        peak_mb = peak_rss_mb()
        print(json.dumps({"drawn": drawn[0], "peak_rss_mb": peak_mb}), flush=True)
        os._exit(0)  # the measurement is taken; no need to wait for the app to wind down


def main() -> None:
    asyncio.run(first_results(Path(sys.argv[1]), Path(sys.argv[2])))


if __name__ == "__main__":
    main()
