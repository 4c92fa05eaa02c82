"""Facts grouped for the statistics panel: by operation then official, or the reverse.

Officials are grouped across articles by name, so "Detective Superintendent Ian Hussey"
in one article and "Det Chief Supt Ian Hussey" in a later one are the same person; the
group is labelled with the fullest role seen. Facts with no operation or no official sit
in groups whose labels say so, after the named ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import BaseModel, ConfigDict, Field

from alliance_tui.models import Fact

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

    def all_facts(self) -> list[Fact]:
        return [*self.facts, *(fact for group in self.groups for fact in group.all_facts())]


def _operation(fact: Fact) -> tuple[str, str]:
    return (fact.operation.casefold(), fact.operation) if fact.operation else ("", NO_OPERATION)


def official_labels(facts: Iterable[Fact]) -> dict[str, str]:
    """Each official's grouping key (the name) and label (fullest role seen, then name)."""
    roles: dict[str, tuple[str, str]] = {}
    for fact in facts:
        if fact.official is None:
            continue
        key = fact.official.name.casefold()
        role, name = roles.get(key, ("", fact.official.name))
        if len(fact.official.role) > len(role):
            role = fact.official.role
        roles[key] = (role, name)
    return {key: (f"{role} {name}".strip() if role not in name else name)
            for key, (role, name) in roles.items()}  # fmt: skip


def group_facts(facts: list[Fact], official_first: bool = False) -> list[FactGroup]:
    """Two levels of groups over `facts`, named groups in order of first appearance."""
    labels = official_labels(facts)

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
            groups=[
                FactGroup(
                    key=f"{outer_kind}:{key}/{inner_kind}:{inner_key}",
                    label=inner_label,
                    named=bool(inner_key),
                    facts=members,
                )
                for inner_key, inner_label, members in _split(group_facts_of, inner)
            ],
        )
        for key, label, group_facts_of in _split(facts, outer)
    ]


def _split(
    facts: list[Fact], key_of: Callable[[Fact], tuple[str, str]]
) -> list[tuple[str, str, list[Fact]]]:
    groups: dict[str, tuple[str, list[Fact]]] = {}
    for fact in facts:
        key, label = key_of(fact)
        groups.setdefault(key, (label, []))[1].append(fact)
    named = [(key, label, members) for key, (label, members) in groups.items() if key]
    unnamed = [(key, label, members) for key, (label, members) in groups.items() if not key]
    return named + unnamed
