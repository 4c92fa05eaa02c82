"""What a figure is about: the offence group of crime statistics, and the subgroup.

Crime figures are counted by offence group ("1,532 burglaries", "reports of violence",
"knife crime fell by 8%"). `TERMS` names the groups and the words that name them, most
specific first; a term may name a subgroup ("personal robberies", "knife crime with
injury"), which becomes the figure's `item` so that a part is never confused with its whole.
Enforcement words ("arrests", "cash seizures") are terms too: a percentage change of
arrests is about arrests. The vocabulary is documented in docs/metrics.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

_I = re.IGNORECASE


@dataclass(frozen=True)
class Term:
    metric: str
    item: str
    words: str


def _terms(metric: str, *pairs: tuple[str, str]) -> list[Term]:
    return [Term(metric, item, words) for item, words in pairs]


#: Offence groups, as police and the ONS report them, then enforcement and seizures.
TERMS: tuple[Term, ...] = (
    *_terms(
        "robbery",
        ("knifepoint", r"knife-?point\s+robber(?:y|ies)"),
        ("personal", r"personal\s+robber(?:y|ies)"),
        ("business", r"(?:business|commercial)\s+robber(?:y|ies)"),
    ),
    *_terms(
        "knife_crime",
        ("with injury", r"knife\s+crimes?\s+with\s+injur\w*|knife\s+injur\w*"),
        (
            "possession",
            r"(?:knife|knives|blade|weapons?)\s+possession|possession\s+of\s+(?:a\s+)?(?:knife|knives|bladed|offensive)"
            r"\w*(?:\s+(?:articles?|weapons?))?|(?:carrying|caught\s+with)\s+(?:a\s+)?"
            r"(?:knife|knives|blades?)",
        ),
        (
            "",
            r"knife(?:[- ]enabled|[- ]related)?\s+(?:crimes?|offences|incidents)|"
            r"(?:involving|with)\s+(?:a\s+)?(?:knife|knives|blades?|bladed)|knife\s+crime|"
            r"sharp\s+instruments?",
        ),
    ),
    *_terms(
        "homicide",
        (
            "knife",
            r"(?:knife|stabbing)\s+homicides?|homicides?\s+(?:where|in\s+which|involving|with)\s+"
            r"(?:a\s+)?(?:knife|knives|sharp|bladed)[^.,;]{0,40}",
        ),
        ("", r"homicides?|murders?|manslaughters?|killings"),
    ),
    *_terms(
        "firearms_crime",
        (
            "",
            r"gun\s+crimes?|(?:gun|firearms?)\s+(?:offences|crimes?|incidents|discharges)|"
            r"shootings?|discharges|firearms?\s+(?:were\s+|was\s+)?(?:fired|discharged)",
        ),
    ),
    *_terms("robbery", ("", r"robber(?:y|ies)|muggings?")),
    *_terms(
        "burglary",
        (
            "domestic",
            r"(?:domestic|residential|home|house)\s+burglar(?:y|ies)|burglar(?:y|ies)\s+dwelling|"
            r"homes?\s+broken\s+into|had\s+their\s+homes?\s+broken",
        ),
        ("business", r"(?:business|commercial|non-domestic)\s+burglar(?:y|ies)"),
        ("", r"burglar(?:y|ies)|break-ins?|burgled"),
    ),
    *_terms(
        "sexual_offences",
        ("rape", r"rapes?(?:\s+and\s+attempted\s+rapes?)?"),
        ("", r"sexual\s+(?:offences|offending|crimes?|assaults?|violence|abuse)|sex\s+offences"),
        ("", r"indecency"),
    ),
    *_terms("domestic_abuse", ("", r"domestic\s+(?:abuse|violence)")),
    *_terms("stalking_harassment", ("", r"stalking|harassment")),
    *_terms("hate_crime", ("", r"hate\s+(?:crimes?|incidents|offences)")),
    *_terms(
        "violence",
        (
            "with injury",
            r"violence\s+with\s+injury|violen\w*\s+(?:\w+\s+){0,3}resulted\s+in\s+injury",
        ),
        ("youth", r"serious\s+youth\s+violence"),
        (
            "",
            r"violence\s+against\s+the\s+person|violen(?:ce|t)(?:\s+(?:crimes?|offences))?|"
            r"assaults?|(?:[\w-]+-style\s+)?attacks",
        ),
    ),
    *_terms(
        "vehicle_crime",
        (
            "",
            r"vehicle\s+crimes?|car\s+crimes?|(?:vehicle|car)\s+thefts?|"
            r"thefts?\s+(?:of|from)\s+(?:motor\s+)?vehicles",
        ),
    ),
    *_terms(
        "theft",
        ("shoplifting", r"shop\s*lifting|shop\s+thefts?(?:\s+offences)?|thefts?\s+from\s+shops"),
        ("from the person", r"thefts?\s+from\s+(?:the\s+|a\s+)?person"),
        ("bicycles", r"(?:bicycle|bike|cycle)\s+thefts?"),
        ("", r"thefts?"),
    ),
    *_terms(
        "antisocial_behaviour", ("", r"anti-?\s?social\s+(?:behaviou?r|riding|driving|use)|\bASB\b")
    ),
    *_terms("criminal_damage", ("", r"criminal\s+damage|arson|vandalism")),
    *_terms("public_order", ("", r"public\s+order")),
    *_terms(
        "fraud",
        (
            "courier",
            r"courier\s+(?:fraud|scam)(?:s|sters?)?",
        ),
        ("investment", r"investment\s+(?:fraud|scam)(?:s|sters?)?"),
        ("romance", r"(?:romance|dating)\s+(?:fraud|scam)(?:s|sters?)?"),
        ("mandate", r"mandate\s+(?:fraud|scam)(?:s|sters?)?"),
        ("rogue trading", r"rogue\s+trad\w+"),
        ("", r"frauds?|scams?"),
    ),
    *_terms("cybercrime", ("", r"cyber-?\s?crimes?|computer\s+misuse")),
    *_terms("modern_slavery", ("", r"modern\s+slavery|human\s+trafficking")),
    *_terms(
        "drink_driving",
        (
            "drink and drug driving",
            r"drink[- ]?(?:and|or)[- ]?drug[- ]?driv\w*|drink\s+and\s+drug\s+offences",
        ),
        (
            "",
            r"drink[- ]?driv\w*|drink[- ]drive|drunk[- ]?driv\w*|breath\s*tests?|breathalys\w+|"
            r"drink(?=\s+arrests)",
        ),
    ),
    *_terms("drug_driving", ("", r"drug[- ]?driv\w*|drug\s+wipes?")),
    *_terms("speeding", ("", r"speeding|speed\s+offences|breaking\s+the\s+(?:speed\s+)?limit")),
    *_terms(
        "drug_offences",
        (
            "",
            r"drugs?[- ](?:related\s+)?(?:offences|offending|crimes?)|drugs?[- ]trafficking|"
            r"drugs?\s+supply|drug\s+dealing|possession\s+with\s+intent",
        ),
    ),
    # Enforcement and seizures: a change or share of these is about them, not about crime.
    *_terms("stop_searches", ("", r"stop[- ](?:and[- ])?search\w*|stops?\s+and\s+searches")),
    *_terms("cash_seized", ("cash", r"cash\s+seizures?|cash\s+seized|seizures?\s+of\s+cash")),
    *_terms("cannabis_plants", ("cannabis", r"cannabis\s+plants")),
    *_terms(
        "drug_seizures",
        (
            "",
            r"drugs?\s+seizures?|seizures?\s+of\s+drugs|drugs\s+(?:\w+\s+){0,2}seized|"
            r"(?:amount|quantity|weight|value)\s+of\s+(?:[\w-]+\s+){0,5}?drugs",
        ),
    ),
    *_terms(
        "prison_sentences",
        ("", r"jail\s+(?:time|terms?|sentences?)|prison\s+(?:time|terms?|sentences?)"),
    ),
    *_terms("response_times", ("", r"response\s+times?")),
    *_terms("funding", ("", r"funding|budgets?|precept|spending")),
    *_terms("arrests", ("", r"arrests?|arrested")),
    *_terms("charges", ("", r"charges|charged")),
    *_terms("convictions", ("", r"convictions|convicted")),
    *_terms("victims", ("", r"victims")),
    *_terms(
        "crime_groups_disrupted",
        ("", r"(?:organised\s+)?crime\s+(?:gangs?|groups?|networks?)|OCGs?"),
    ),
    # All crime: last, so that any named group wins over it.
    *_terms(
        "crime",
        ("victim-based", r"victim-based\s+crimes?"),
        ("", r"crimes?|offences|offending|criminality"),
    ),
)

_OFFENCE_METRICS = frozenset(
    """robbery knife_crime homicide firearms_crime burglary sexual_offences domestic_abuse
    stalking_harassment hate_crime violence vehicle_crime theft antisocial_behaviour
    criminal_damage public_order fraud cybercrime modern_slavery drink_driving drug_driving
    speeding drug_offences crime""".split()
)


#: "knife crime offences" is one mention of knife crime, not knife crime then all crime.
_GENERIC_NOUN = r"(?:[\s-]+(?:related\s+)?(?:offences|crimes?|incidents|offending|reports|cases))?"


def _pattern(term: Term) -> str:
    tail = _GENERIC_NOUN if term.metric in _OFFENCE_METRICS and term.metric != "crime" else ""
    return rf"(?:{term.words}){tail}(?![\w-])"


#: One pattern for every term; the look-behind comes first, once, so that the engine gives
#: up inside words before trying any of the terms (three times faster).
_COMBINED = re.compile(
    r"(?<![\w-])(?=[A-Za-z])(?:"
    + "|".join(rf"(?P<t{n}>{_pattern(t)})" for n, t in enumerate(TERMS))
    + ")",
    _I,
)
#: Words that put an offence outside the figure: "excluding fraud offences".
_EXCLUDED = re.compile(
    r"(?:excluding|except(?:\s+for)?|other\s+than|apart\s+from|not\s+including)\s+$", _I
)


@dataclass(frozen=True)
class Mention:
    term: Term
    start: int
    end: int


def mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every term named in text[start:end], in order; the longest wins where two overlap."""
    end = len(text) if end is None else end
    found = _all_mentions(text)
    starts = [mention.start for mention in found]
    first = bisect_left(starts, start)
    return [m for m in found[first : bisect_left(starts, end)] if m.end <= end]


@lru_cache(maxsize=512)
def _all_mentions(text: str) -> tuple[Mention, ...]:
    """The terms of a whole clause, found once: each figure of a sentence asks again."""
    found: list[Mention] = []
    for match in _COMBINED.finditer(text):
        if _EXCLUDED.search(text, max(0, match.start() - 20), match.start()):
            continue
        index = int((match.lastgroup or "t0")[1:])
        found.append(Mention(TERMS[index], match.start(), match.end()))
    return tuple(found)


def is_offence(metric: str) -> bool:
    """An offence group (or all crime), as opposed to enforcement or seizures."""
    return metric in _OFFENCE_METRICS
