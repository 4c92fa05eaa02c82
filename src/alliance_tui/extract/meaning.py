"""What a figure measures (`metric`) and what it is of (`item`), read from its clause.

Three readings, in this order:
- A crime statistic ("1,532 burglaries", "381 cases of knife crime", "robbery dropped by
  18%") takes the offence group it names (`subjects.TERMS`), whatever its kind, so that a
  count and its percentage change share a metric.
- A percentage that is a level, not a change ("30% of knife crime", "a detection rate of
  15%"), is a `share` or a rate of its subject, which becomes its item.
- Everything else follows the keyword and noun rules of `metrics.METRICS`, and a seizure
  gets its item from `items` (which drug, which weapon, cash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_tui.extract import items, subjects
from alliance_tui.extract.count_nouns import is_people
from alliance_tui.extract.metrics import METRICS, OTHER, rule_metric
from alliance_tui.models import ChangeRole, Kind

_I = re.IGNORECASE


@dataclass(frozen=True)
class Meaning:
    metric: str = OTHER
    item: str = ""


#: Count nouns that say "a crime statistic" and leave the offence to the words around them.
_CRIME_NOUNS = re.compile(
    r"\b(?:offences|crimes|incidents|reports|cases|allegations|frauds|scams|burglaries|"
    r"robberies|homicides|murders|thefts|assaults|rapes|shootings|discharges)$",
    _I,
)
#: A change named just before its size: "In Swansea the fall was 27 per cent".
_CHANGE_BEFORE = re.compile(
    r"(?:fall|rise|drop|increase|decrease|reduction|cut|jump|decline)\s+(?:was|is|of|stood\s+at|"
    r"came\s+to|amounted\s+to)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|"
    r"more\s+than\s+|just\s+)?$",
    _I,
)


def named_as_change(text: str, start: int) -> bool:
    """The percentage at `start` is the size of a change named before it."""
    return bool(_CHANGE_BEFORE.search(text, max(0, start - 60), start))


#: Words after a change's size that name what changed: "a 20% drop in homicides".
_CHANGE_OF = re.compile(
    r"\s*(?:\([^)]{0,30}\)\s*)?(?:\w+\s+){0,2}?(?:rise|fall|drop|increase|decrease|"
    r"reduction|cut|jump|leap|surge|decline|reduction|rises|falls|drops|increases|"
    r"decreases|reductions|more|fewer|less|higher|lower|up|down)\s+(?:in|of)\s+"
    r"(?:the\s+)?(?:(?:number|numbers|amount|level|levels|rate|total)\s+of\s+)?",
    _I,
)
#: A complement that names what a counted noun is of: "reports of violence".
_NOUN_OF = re.compile(
    r"\s*(?:\w+\s+){0,1}(?:of|involving|for|related\s+to|linked\s+to|where)\s+", _I
)
_RATES = (
    ("arrest_rate", re.compile(
        r"arrest\s+rate|(?:led\s+to|resulted\s+in)\s+(?:an\s+)?arrests?", _I)),
    ("detection_rate", re.compile(
        r"detect\w*|solved|solve\s+rate|clear-?up|outcome|success|charge\s+rate|"
        r"charged\s+or\s+summonsed|positive", _I)),
)  # fmt: skip
SHARE = "share"
_RATE_WORD = re.compile(r"(?:[\w'’-]+\s+){0,3}?(?:rates?|proportion|percentage)\b", _I)
#: The term for crime in general: a figure's own "offences" says less than "knife crime"
#: next to it.
ALL_CRIME = "crime"
_GENERIC = frozenset({ALL_CRIME, "victims"})
_TERM_METRICS = frozenset(term.metric for term in subjects.TERMS)


def meaning(
    kind: Kind, unit: str, clause: str, at: int, end: int, role: ChangeRole = ChangeRole.NONE
) -> Meaning:
    """The metric and item of the figure at clause[at:end]."""
    if kind is Kind.PERCENT:
        return _percent(unit, clause, at, end, role)
    bare = not any(ch.isalpha() for ch in clause[at:end])  # "compared with 294"
    if kind is Kind.COUNT and (_CRIME_NOUNS.search(unit) or role is ChangeRole.CHANGE or bare):
        found = _offence(clause, at, end, unit)
        if found is not None:
            return found
    metric = rule_metric(kind, unit, clause, at, end)
    sold = _SOLD.search(clause, max(0, at - 120), at) and not _SEIZED.search(clause)
    if metric == "drugs_seized_value" and sold:
        metric = "drug_sales_value"  # "sold crack cocaine worth £1.2m": not a seizure
    rate = _PER_TIME.match(clause, end)
    if rate and metric != OTHER and kind in (Kind.COUNT, Kind.MONEY):
        # "2,000 people were stopped per day": a daily average, not the total
        return Meaning(metric, f"per {rate.group('span').lower()}")
    if kind is Kind.COUNT:
        offence = _offence_named(clause, at, end, follow=metric in _ITEMISED)
        if offence is not None:
            if metric in _ENFORCEMENT:  # "80 drink-driving arrests": arrests, for drink driving
                return Meaning(metric, _words(offence))
            if offence.term.metric != ALL_CRIME and metric in _PROXIES:
                return Meaning(offence.term.metric, offence.term.item)  # "667 speeding cars"
        drug = _drug_complement(clause, end) if metric in _ITEMISED else ""
        if drug:
            return Meaning(metric, drug)  # "36 charges for Class A supply"
    if metric == OTHER and kind is Kind.COUNT and not unit:
        found = _offence(clause, at, end, unit)
        if found is not None:
            return found
    return Meaning(metric, _item(metric, unit, clause, at, end))


def metric_names() -> list[str]:
    """Every metric the extractor can assign, `other` last."""
    names: list[str] = []
    for name in [rule.metric for rule in METRICS] + [term.metric for term in subjects.TERMS]:
        if name not in names:
            names.append(name)
    names += [name for name, _ in _RATES] + [SHARE]
    return [*names, OTHER]


#: Metrics of a percentage level: their item says what they are a share or rate of.
SHARE_METRICS = frozenset({SHARE, *(name for name, _ in _RATES)})


#: A change put after a figure as an aside: "arrested 286 drivers, a 15% rise on last year".
_ASIDE = re.compile(
    r"[^.;!?\n]{0,80},\s*(?:a|an|which\s+(?:is|was)\s+an?|representing\s+an?|up|down)"
    r"(?:\s+(?:rise|increase|fall|drop|decrease|reduction|jump|cut)\s+of)?"
    r"(?:\s+(?:over|more\s+than|almost|nearly|about|around|just|some))*\s+$",
    _I,
)


def is_aside_change(text: str, previous_end: int, start: int, end: int) -> bool:
    """The change at text[start:end] is the change of the figure that ends at previous_end,
    unless it names its own subject ("a 20% drop in homicides")."""
    if not _ASIDE.fullmatch(text, previous_end, start):
        return False
    follow = _CHANGE_OF.match(text, end)
    return not (follow and subjects.mentions(text, follow.end(), follow.end() + 40))


#: Seizure counts that a list continues: "three knives, [two axes], a Taser".
LISTED = frozenset({"weapons_seized", "items_seized", "drug_seizures", "vehicles_seized"})


def listed_item(metric: str, unit: str) -> str:
    """The item of a count that continues a list of things seized."""
    table = items.WEAPONS if metric == "weapons_seized" else items.GOODS
    return items.first(table, unit) or unit


def is_subject(metric: str) -> bool:
    """A metric that says what is measured, which a following figure can continue."""
    return subjects.is_offence(metric) or metric in SHARE_METRICS or metric in _TERM_METRICS


def _percent(unit: str, clause: str, at: int, end: int, role: ChangeRole) -> Meaning:
    subject = _subject(clause, at, end, change=role is ChangeRole.CHANGE)
    follow = _CHANGE_OF.match(clause, end)
    of_a_rate = bool(follow and _RATE_WORD.match(clause, follow.end()))  # "a rise in the rate"
    if role is ChangeRole.NONE and named_as_change(clause, at):
        role = ChangeRole.CHANGE
    is_level = role is not ChangeRole.CHANGE or unit == "percentage_points" or of_a_rate
    if is_level:
        for name, pattern in _RATES:
            if pattern.search(clause):
                item = subject.metric if subject and subject.metric != "arrests" else ""
                return Meaning(name, item.replace("_", " "))
        if role is ChangeRole.NONE:
            what = subject.metric.replace("_", " ") if subject else ""
            return Meaning(SHARE, what) if what else Meaning()
    if subject is None:
        return Meaning()
    return Meaning(subject.metric, subject.item)


def _offence(clause: str, at: int, end: int, unit: str) -> Meaning | None:
    """The offence group a crime count names, in its own words or its clause."""
    subject = _subject(clause, at, end, change=True)
    if subject is None:
        return None
    if not subjects.is_offence(subject.metric) and _CRIME_NOUNS.search(unit):
        return None  # "reports" of arrests are not an offence count
    return Meaning(subject.metric, subject.item)


@dataclass(frozen=True)
class _Subject:
    metric: str
    item: str


def _subject(clause: str, at: int, end: int, change: bool) -> _Subject | None:
    """What the figure at clause[at:end] is about.

    Looked for, in order: inside the figure's own words ("15,546 knife crime offences");
    right after it ("reports of violence", "a 20% drop in homicides"); then the nearest
    term before it, preferring one after the previous figure's end ("robbery fell 18%,
    vehicle crime 14%"); then the nearest after it in the clause.
    """
    own = subjects.mentions(clause, at, end)
    specific = [m for m in own if m.term.metric not in _GENERIC]
    if specific:
        return _as_subject(specific[-1])
    follow = _NOUN_OF.match(clause, end) or (_CHANGE_OF.match(clause, end) if change else None)
    if follow:
        after = subjects.mentions(clause, end, min(len(clause), follow.end() + 60))
        if after and after[0].start <= follow.end() + 25:
            if own and own[-1].term.metric == "victims":  # "2,000 fewer victims of burglary"
                return _Subject(after[0].term.metric, "victims")
            return _as_subject(after[0])
    before = subjects.mentions(clause, max(0, at - 160), at)
    if before:
        return _as_subject(_head(clause, before))
    after = subjects.mentions(clause, end, min(len(clause), end + 80))
    if after:
        return _as_subject(after[0])
    return _as_subject(own[-1]) if own else None


#: Between the head of a noun phrase and a term inside its complement: "Arrests [of
#: organised] crime gang suspects", "the number [of] burglaries".
_COMPLEMENT = re.compile(
    r"\s+(?:of|for|from|by|against|among|involving|linked\s+to)\s+(?:[\w'-]+\s+){0,3}", _I
)


def _head(clause: str, before: list[subjects.Mention]) -> subjects.Mention:
    """The nearest term before the figure, or the head of the phrase it completes."""
    index = len(before) - 1
    while (
        index > 0
        and before[index - 1].term.metric not in _GENERIC
        and _COMPLEMENT.fullmatch(clause, before[index - 1].end, before[index].start)
    ):
        index -= 1
    return before[index]


_ENFORCEMENT = frozenset({"arrests", "charges", "convictions", "stop_searches"})
#: Counts that releases break down by offence ("40 charges for Class A supply"). Arrests
#: take an offence only from their own words ("80 drink-driving arrests"): outlets add
#: "for drug-related offences" to one mention of a total and not to another, which split
#: one claim in two (real-dev and real-stories).
_ITEMISED = frozenset({"charges", "convictions"})
_FOR = re.compile(
    r"\s*(?:[\w-]+\s+){0,3}?(?:for|of|on\s+suspicion\s+of|in\s+connection\s+with)\s+"
    r"(?:(?:a|an|the|various|several|suspected|alleged)\s+)?",
    _I,
)


#: What a counted group was doing: "700 drivers [caught] speeding", "[breaking] the limit".
_DOING = re.compile(r"(?:\s+(?:were|was|had\s+been|have\s+been|caught|found|seen))*\s+", _I)


#: Counts whose noun can stand for an offence: "667 speeding cars", "200 drink-drivers".
_PROXIES = frozenset({OTHER, "vehicles_seized"})
_SOLD = re.compile(r"\b(?:sold|sell|selling|supplied|supplying|dealt|dealing|sales)\b", _I)
_SEIZED = re.compile(
    r"\b(?:seiz\w*|recover\w*|found|confiscat\w*|intercept\w*|discover\w*|haul|taken\s+off)\b",
    _I,
)
_PER_TIME = re.compile(
    r"(?:(?:\s+(?!during|in|over|for|across|throughout)[\w-]+){0,3}?\s+(?:per|each|every)|"
    r"\s+(?:a|an))\s+(?P<span>day|week|month|hour)\b",
    _I,
)
_HEAD_AFTER = re.compile(r"[\s-]*[\w'’-]*")


def _offence_named(clause: str, at: int, end: int, follow: bool) -> subjects.Mention | None:
    """An offence named in a count's own words ("80 drink-driving arrests"), or for an
    enforcement count, right after them ("12 arrests for drug offences")."""
    own = [m for m in subjects.mentions(clause, at, end) if subjects.is_offence(m.term.metric)]
    if own and _HEAD_AFTER.fullmatch(clause, own[-1].end, end):
        return own[-1]  # "667 speeding cars", not "15 knife crime education sessions"
    complement = _FOR.match(clause, end) if follow else _DOING.match(clause, end)
    if complement is None:
        return None
    after = subjects.mentions(clause, complement.end(), min(len(clause), complement.end() + 50))
    if after and after[0].start == complement.end() and subjects.is_offence(after[0].term.metric):
        return after[0]
    return None


def _drug_complement(clause: str, end: int) -> str:
    """The drug a count of charges is for: "36 charges for Class A supply"."""
    complement = _FOR.match(clause, end)
    if complement is None:
        return ""
    pattern, names = items.DRUGS
    drug = pattern.match(clause, complement.end())
    return names[drug.lastgroup or ""] if drug else ""


def _words(mention: subjects.Mention) -> str:
    """An offence as an item: its subgroup, else its name in words."""
    return mention.term.item or mention.term.metric.replace("_", " ")


def _as_subject(mention: subjects.Mention) -> _Subject:
    return _Subject(mention.term.metric, mention.term.item)


#: Seizures whose item is always the same.
_FIXED_ITEMS = {"cannabis_plants": "cannabis", "cash_seized": "cash", "vehicles_seized": "vehicles"}
_DRUG_METRICS = frozenset(
    {"drugs_seized_value", "drugs_seized_weight", "drug_seizures", "drug_sales_value"}
)
_YOUNG = re.compile(r"children|boys|girls|young\s+people", _I)
_AND_ADULTS = re.compile(r"\s+and\s+(?:vulnerable\s+)?adults", _I)


def _item(metric: str, unit: str, clause: str, at: int, end: int) -> str:
    """What a seizure (or a count of one kind of thing) is of."""
    if metric in _FIXED_ITEMS:
        return _FIXED_ITEMS[metric]
    if metric in _DRUG_METRICS:
        return items.of_figure(items.DRUGS, clause, at, end) or "drugs"
    if metric in ("weapons_seized", "weapons_surrendered"):
        # "eight weapons, including a shotgun": the total of all weapons, not the shotgun
        return items.first(items.WEAPONS, unit) or "weapons"
    if metric == "engagement":  # the people reached are not the events held
        return "people" if is_people(unit) else "events"
    if metric == "items_seized":
        return items.first(items.GOODS, unit) or unit
    if metric == "goods_seized_value":
        return items.of_figure(items.GOODS, clause, at, end) or "goods"
    if metric == "fraud_losses":
        subject = _subject(clause, at, end, change=True)
        return subject.item if subject and subject.metric == "fraud" else ""
    young = metric == "people_safeguarded" and _YOUNG.fullmatch(unit)
    if young and not _AND_ADULTS.match(clause, end):
        return "children"
    return ""
