"""`alliance-tui claims`: the figures sources give for one measure, side by side."""

from __future__ import annotations

import argparse
import json
import sys

from alliance_tui.claims import ClaimStatus, gather, left_out_line, open_reviews
from alliance_tui.claims.trends import trend
from alliance_tui.cli.claims_output import (
    CLAIM_COLUMNS,
    claims_json,
    claims_table,
    trend_lines,
    write_claims_csv,
    write_trend_csv,
)
from alliance_tui.cli.common import (
    check_marks,
    folder_options,
    metric_name,
    no_check_option,
    read_index,
    strict_option,
    wrapped,
)
from alliance_tui.cli.output import json_safe

EPILOG = f"""\
A story is one event told by several outlets: articles dated within 21 days that share
two telling figures (money, weights, counts of 100 or more; "around 2,000" stands for
1,930), or one and two names. Within a story, figures of one measure (metric, item) are
one claim whether or not their period resolves: the story's dated article dates them.
Outside stories, a claim group holds the figures for one measure (and operation) for the
same period (sharing 80% of it), once periods are dates: "last year" in an article of 27
January 2023 is 2022, "the last year" the 12 months to that day; the rule used is shown.
Status: agrees (the figures fit together, hedges and rounding allowed for), conflicts
(two outlets' accounts of one thing cannot both be true), update (a later article's
larger total for the same event), single (one article). An article giving two values of
one measure speaks of two things (a total and its part) and is never in conflict with
itself; a headline repeating its paragraph is one source (mentions, repeat_of). Figures
left out are counted by reason: no metric, no period that can be dated, only expected.

The default format is a table on a terminal and csv when the output is piped.

csv columns:
{wrapped(", ".join(CLAIM_COLUMNS))}

examples:
  alliance-tui claims
  alliance-tui claims --status conflicts
  alliance-tui claims --metric drugs_seized_value --format csv > drugs.csv
  alliance-tui claims --trend cash_seized
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status",
        choices=[status.value for status in ClaimStatus],
        help="only groups with this status",
    )
    parser.add_argument("--metric", type=metric_name, metavar="METRIC", help="only this metric")
    parser.add_argument(
        "--format", choices=("csv", "json", "table"), help="output format (default: see below)"
    )
    parser.add_argument(
        "--trend",
        type=metric_name,
        metavar="METRIC",
        help="the metric over successive periods, as a table and a chart",
    )
    strict_option(parser)
    folder_options(parser, suppress=True)
    no_check_option(parser)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    claims, reviews = read_index(
        args, lambda library: (gather(library), open_reviews(library.index_dir))
    )
    groups = claims.groups
    check_marks(reviews.problem, args.strict)
    if args.trend:
        points = trend(groups, args.trend)
        if fmt == "json":
            records = [p.model_dump(mode="json") for p in points]
            print(json_safe(json.dumps(records, ensure_ascii=False, indent=1)))
        elif fmt == "csv":
            write_trend_csv(points, sys.stdout)
        else:
            print("\n".join(trend_lines(args.trend, points)))
        return 0
    groups = [
        group
        for group in groups
        if (args.status is None or group.status.value == args.status)
        and (args.metric is None or group.metric == args.metric)
    ]
    if fmt in ("csv", "json"):
        if fmt == "csv":
            write_claims_csv(groups, reviews, sys.stdout)
        else:
            print(json_safe(claims_json(groups, reviews)))
        left_out = claims.left_out()
        if left_out:  # said beside the data, so that a script's user learns it too
            print(left_out_line(left_out), file=sys.stderr)
    else:
        left_out = claims.left_out()
        filtered = args.status is not None or args.metric is not None
        print("\n".join(claims_table(groups, reviews, left_out, filtered)))
    return 0
