"""The facts a user has picked for export, kept across articles and searches."""

from __future__ import annotations

from collections.abc import Iterable

from alliance_tui.models import Fact


class Selection:
    """An ordered set of facts (by fact_id), in the order they were picked."""

    def __init__(self) -> None:
        self._facts: dict[str, Fact] = {}

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._facts

    def __len__(self) -> int:
        return len(self._facts)

    def toggle(self, fact: Fact) -> bool:
        """Pick or unpick one fact; True if it is now picked."""
        if fact.fact_id in self._facts:
            del self._facts[fact.fact_id]
            return False
        self._facts[fact.fact_id] = fact
        return True

    def toggle_all(self, facts: Iterable[Fact]) -> bool:
        """Pick all of `facts`, or unpick them all if they were all picked already."""
        group = list(facts)
        if group and all(fact.fact_id in self._facts for fact in group):
            for fact in group:
                del self._facts[fact.fact_id]
            return False
        for fact in group:
            self._facts.setdefault(fact.fact_id, fact)
        return True

    def clear(self) -> None:
        self._facts.clear()

    def facts(self) -> list[Fact]:
        return list(self._facts.values())

    def summary(self) -> str:
        """ "3 facts from 2 articles selected", or "" when nothing is."""
        if not self._facts:
            return ""
        articles = len({fact.article.id for fact in self._facts.values()})
        facts = len(self._facts)
        return (
            f"{facts} fact{'s' if facts != 1 else ''} from {articles} "
            f"article{'s' if articles != 1 else ''} selected"
        )
