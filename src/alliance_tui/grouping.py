"""Facts grouped for the statistics panel: by operation then official, or the reverse.

Officials are grouped across articles by name, so "Detective Superintendent Ian Hussey"
in one article and "Det Chief Supt Ian Hussey" in a later one are the same person; the
group is labelled with the fullest role seen. Facts with no operation or no official sit
in groups whose labels say so, after the named ones.

The facts of one article are grouped in hand (`group_facts`). Those of every search
result are outlined from the fact store's counts (`outline_groups`): groups, largest
first, with counts and the (operation, official) pairs to read a group's facts by when
it is opened, so that 40,000 figures never have to be read to show their groups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from alliance_tui.models import Fact

T = TypeVar("T")
NO_OPERATION = "No operation named"
NO_OFFICIAL = "No named official"


class FactGroup(BaseModel):
    """One node of the grouping: a label, and either subgroups or facts."""

    model_config = ConfigDict(frozen=True)

    key: str = Field(description="stable identity of the group, e.g. 'operation:Operation X'")
    label: str
    named: bool = Field(description="False for the 'no operation' / 'no official' groups")
    groups: list[FactGroup] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    count: int = Field(default=0, description="figures in the group, read or not")
    members: list[tuple[str, str | None]] = Field(
        default_factory=list,
        description="for an outlined group: the (operation, official name) pairs of its figures",
    )
    loaded: bool = Field(default=True, description="False: `facts` are read when it is opened")

    def all_facts(self) -> list[Fact]:
        return [*self.facts, *(fact for group in self.groups for fact in group.all_facts())]

    def complete(self) -> bool:
        """Every figure of the group (and of its subgroups) has been read."""
        return self.loaded and all(inner.complete() for inner in self.groups)

    def holds(self, fact: Fact) -> bool:
        """The fact is one of the group's figures, read or only outlined."""
        if not self.groups:
            if self.loaded:
                return any(f.fact_id == fact.fact_id for f in self.facts)
            return (fact.operation, fact.official.name if fact.official else None) in self.members
        return any(inner.holds(fact) for inner in self.groups)

    def by_article(self) -> list[FactGroup]:
        """The group's own figures, one subgroup per article (in order of first figure):
        the level the statistics of every result show between a group and its figures."""
        articles: dict[str, list[Fact]] = {}
        for fact in self.facts:
            articles.setdefault(fact.article.id, []).append(fact)
        return [
            FactGroup(
                key=f"{self.key}/article:{article_id}",
                label=facts[0].article.title or article_id,
                named=True,
                facts=facts,
                count=len(facts),
            )
            for article_id, facts in articles.items()
        ]

    def with_facts(self, facts: list[Fact]) -> FactGroup:
        """The outlined group with its figures read."""
        return self.model_copy(update={"facts": facts, "loaded": True, "count": len(facts)})


def _operation(fact: Fact) -> tuple[str, str]:
    return (fact.operation.casefold(), fact.operation) if fact.operation else ("", NO_OPERATION)


def official_labels(people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each official's grouping key (the name, casefolded) and label (the fullest role
    seen, then the name), from (name, role) pairs."""
    roles: dict[str, tuple[str, str]] = {}
    for name, role in people:
        key = name.casefold()
        best, shown = roles.get(key, ("", name))
        roles[key] = (role, shown) if len(role) > len(best) else (best, shown)
    return {key: (f"{role} {name}".strip() if role not in name else name)
            for key, (role, name) in roles.items()}  # fmt: skip


def group_facts(facts: list[Fact], official_first: bool = False) -> list[FactGroup]:
    """Two levels of groups over `facts`, named groups in order of first appearance."""
    labels = official_labels((f.official.name, f.official.role) for f in facts if f.official)

    def official(fact: Fact) -> tuple[str, str]:
        if fact.official is None:
            return "", NO_OFFICIAL
        key = fact.official.name.casefold()
        return key, labels[key]

    outer, inner = (official, _operation) if official_first else (_operation, official)
    outer_kind, inner_kind = (
        ("official", "operation") if official_first else ("operation", "official")
    )
    return [
        FactGroup(
            key=f"{outer_kind}:{key}",
            label=label,
            named=bool(key),
            count=len(group_facts_of),
            groups=[
                FactGroup(
                    key=f"{outer_kind}:{key}/{inner_kind}:{inner_key}",
                    label=inner_label,
                    named=bool(inner_key),
                    facts=members,
                    count=len(members),
                )
                for inner_key, inner_label, members in _split(group_facts_of, inner)
            ],
        )
        for key, label, group_facts_of in _split(facts, outer)
    ]


#: One line of the fact store's outline: operation, official name, role, figures.
OutlineRow = tuple[str, str | None, str | None, int]


def outline_groups(rows: list[OutlineRow], official_first: bool = False) -> list[FactGroup]:
    """Two levels of groups from counts, largest first; facts are read when opened."""
    labels = official_labels((name, role or "") for _, name, role, _ in rows if name is not None)

    def official(row: OutlineRow) -> tuple[str, str]:
        if row[1] is None:
            return "", NO_OFFICIAL
        key = row[1].casefold()
        return key, labels[key]

    def operation(row: OutlineRow) -> tuple[str, str]:
        return (row[0].casefold(), row[0]) if row[0] else ("", NO_OPERATION)

    outer, inner = (official, operation) if official_first else (operation, official)
    kinds = ("official", "operation") if official_first else ("operation", "official")
    return [
        FactGroup(
            key=f"{kinds[0]}:{key}",
            label=label,
            named=bool(key),
            count=sum(row[3] for row in outer_rows),
            members=_pairs(outer_rows),
            loaded=False,
            groups=[
                FactGroup(
                    key=f"{kinds[0]}:{key}/{kinds[1]}:{inner_key}",
                    label=inner_label,
                    named=bool(inner_key),
                    count=sum(row[3] for row in inner_rows),
                    members=_pairs(inner_rows),
                    loaded=False,
                )
                for inner_key, inner_label, inner_rows in _largest_first(outer_rows, inner)
            ],
        )
        for key, label, outer_rows in _largest_first(rows, outer)
    ]


def _pairs(rows: list[OutlineRow]) -> list[tuple[str, str | None]]:
    return sorted({(row[0], row[1]) for row in rows}, key=lambda pair: (pair[0], pair[1] or ""))


def _largest_first(
    rows: list[OutlineRow], key_of: Callable[[OutlineRow], tuple[str, str]]
) -> list[tuple[str, str, list[OutlineRow]]]:
    """`_split`, the named groups ranked by how many figures they hold."""
    split = _split(rows, key_of)
    return sorted(split, key=lambda group: (not group[0], -sum(r[3] for r in group[2]), group[0]))


def _split(
    items: list[T], key_of: Callable[[T], tuple[str, str]]
) -> list[tuple[str, str, list[T]]]:
    """(key, label, members) of each group, in order of first appearance, named first."""
    groups: dict[str, tuple[str, list[T]]] = {}
    for item in items:
        key, label = key_of(item)
        groups.setdefault(key, (label, []))[1].append(item)
    named = [(key, label, members) for key, (label, members) in groups.items() if key]
    unnamed = [(key, label, members) for key, (label, members) in groups.items() if not key]
    return named + unnamed
