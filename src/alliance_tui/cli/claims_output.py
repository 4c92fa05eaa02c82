"""Output of `alliance-tui claims`: claim groups as a table, CSV rows or JSON.

CSV has one row per figure in a group (the group's columns repeated), so a spreadsheet
can filter and pivot; text cells are cleaned and formula-safe like every export.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from alliance_tui.changes_text import measure_name
from alliance_tui.claims import ClaimGroup, ReviewStore, left_out_line
from alliance_tui.claims.trends import TrendPoint, chart
from alliance_tui.cli.output import text
from alliance_tui.export import clean_text, escape_formula
from alliance_tui.models import format_number

CLAIM_COLUMNS: tuple[str, ...] = (
    "group", "status", "metric", "item", "operation", "group_start", "group_end", "fact_id",
    "article_id", "source", "published", "story", "value", "unit", "qualifier", "text",
    "period", "period_start", "period_end", "period_rule", "official", "review", "note",
    "claimant", "mentions", "repeat_of", "title", "url", "sentence",
)  # fmt: skip
_STATUS_MARK = {"agrees": "=", "conflicts": "≠", "update": "↑", "single": "·"}


def claim_records(groups: list[ClaimGroup], reviews: ReviewStore) -> list[dict[str, str]]:
    """One flat record per figure of every group, keyed by CLAIM_COLUMNS (text cleaned)."""
    records = []
    for group in groups:
        for source in group.sources:
            period = source.period
            mentions = str(1 + len(source.repeats))
            # a repeat (a headline restating its paragraph) keeps its own row, marked
            for fact, repeat_of in [
                (source.fact, ""),
                *((r, source.fact.fact_id) for r in source.repeats),
            ]:
                mark = reviews.get(fact.fact_id)
                values = {
                    "group": group.key,
                    "status": group.status.value,
                    "metric": group.metric,
                    "item": group.item,
                    "operation": group.operation,
                    "group_start": group.start.isoformat(),
                    "group_end": group.end.isoformat(),
                    "fact_id": fact.fact_id,
                    "article_id": fact.article.id,
                    "source": fact.article.source,
                    "published": fact.article.published,
                    "story": " ".join(source.story),
                    "value": format_number(fact.value),
                    "unit": fact.unit,
                    "qualifier": fact.qualifier.value,
                    "text": fact.text,
                    "period": fact.period,
                    "period_start": period.start.isoformat(),
                    "period_end": period.end.isoformat(),
                    "period_rule": period.rule,
                    "official": fact.official.name if fact.official else "",
                    "review": mark.state.value,
                    "note": mark.note,
                    "claimant": fact.claimant,
                    "mentions": "" if repeat_of else mentions,
                    "repeat_of": repeat_of,
                    "title": fact.article.title,
                    "url": fact.article.url,
                    "sentence": fact.sentence,
                }
                records.append({column: clean_text(values[column]) for column in CLAIM_COLUMNS})
    return records


def write_claims_csv(groups: list[ClaimGroup], reviews: ReviewStore, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CLAIM_COLUMNS)
    for record in claim_records(groups, reviews):
        writer.writerow(
            [
                record[column] if column == "value" else escape_formula(record[column])
                for column in CLAIM_COLUMNS
            ]
        )


def claims_json(groups: list[ClaimGroup], reviews: ReviewStore) -> str:
    records: list[dict[str, str | float | None]] = []
    values = [
        fact.value
        for group in groups
        for source in group.sources
        for fact in (source.fact, *source.repeats)
    ]
    for record, value in zip(claim_records(groups, reviews), values, strict=True):
        number = int(value) if value == int(value) else value
        mentions = int(record["mentions"]) if record["mentions"] else None
        records.append({**record, "value": number, "mentions": mentions})
    return json.dumps(records, ensure_ascii=False, indent=1)


TREND_COLUMNS = ("start", "end", "operation", "status", "low", "high", "unit", "figures")


def write_trend_csv(points: list[TrendPoint], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(TREND_COLUMNS)
    for point in points:
        writer.writerow(
            [
                point.start.isoformat(),
                point.end.isoformat(),
                escape_formula(clean_text(point.operation)),
                point.status.value,
                format_number(point.low),
                format_number(point.high),
                point.unit,
                escape_formula(clean_text(" | ".join(point.figures))),
            ]
        )


def claims_table(
    groups: list[ClaimGroup],
    reviews: ReviewStore,
    left_out: dict[str, int] | None = None,
    filtered: bool = False,
) -> list[str]:
    """A readable listing: a line per group, then its figures indented; last, how many
    groups, and how many figures could not be lined up (no metric, or no datable period)."""
    lines: list[str] = []
    for group in groups:
        articles = len({source.fact.article.id for source in group.sources})
        stories = len({tuple(source.story) for source in group.sources})
        where = f" · {group.operation}" if group.operation else ""
        measure = measure_name(group.metric, group.item)
        lines.append(
            f"{_STATUS_MARK[group.status.value]} {group.status.value} · {measure}{where} · "
            f"{group.start.isoformat()} to {group.end.isoformat()} · "
            f"{len(group.sources)} figure{'s' if len(group.sources) != 1 else ''} from "
            f"{articles} article{'s' if articles != 1 else ''} "
            f"({stories} stor{'ies' if stories != 1 else 'y'})"
        )
        for source in group.sources:
            fact = source.fact
            hedge = f" ({fact.qualifier.value.replace('_', ' ')})" if fact.qualifier.value else ""
            mark = reviews.get(fact.fact_id)
            review = "" if mark.state.value == "unchecked" else f" [{mark.state.value}]"
            outlet = fact.article.source or fact.article.id
            lines.append(
                "    "
                + text(
                    f"{fact.text}{hedge} · {outlet} {fact.article.published or 'undated'} · "
                    f"{fact.period!r} = {source.period.start.isoformat()} to "
                    f"{source.period.end.isoformat()} ({source.period.rule}){review}",
                    400,
                )
            )
    if not groups and filtered:
        lines.append("no claim groups match these options")
    elif not groups:
        lines.append("no claim groups: no figures with a metric and a period that can be dated")
    else:
        lines.append(f"{len(groups)} claim group{'s' if len(groups) != 1 else ''}")
    if left_out:
        lines.append(left_out_line(left_out))
    return lines


def trend_lines(metric: str, points: list[TrendPoint]) -> list[str]:
    """The trend of a metric: one line per period with a bar, then how many."""
    if not points:
        return [f"no dated figures for {metric}"]
    lines = [f"{metric.replace('_', ' ')}, by period:"]
    lines += ["  " + text(line, 300) for line in chart(points)]
    lines.append(f"{len(points)} period{'s' if len(points) != 1 else ''}")
    return lines
