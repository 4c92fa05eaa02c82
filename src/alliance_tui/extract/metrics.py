"""What a figure measures: one table of metrics, and the rule that picks one.

To add a metric, add a `MetricRule` to `METRICS`. A rule applies to some kinds of figure;
for counts it may name the counted nouns (`units`) and/or context words (`keywords`); for
other kinds the keywords decide. When several rules fit, the one whose keyword stands
nearest the figure wins ("£4m of drugs and £1.5m of cash"), and for counts a rule that
matches both the noun and a keyword beats one that matches only one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_tui.models import Kind

OTHER = "other"
#: Words between a figure and a later keyword that show the keyword is about something else
#: ("£3.3m and have investigated £3.8m").
_BREAKS_AFTER = re.compile(r"[,;]|\b(?:and|or|but|have|has|had|were|was|been|with|while)\b", re.I)
_BOUND_AFTER = re.compile(
    r"\s*(?:worth\s+of|worth|of|in)\s+(?:(?:suspected|seized|illegal|criminal)\s+)?", re.I
)
_WORTH_BEFORE = re.compile(
    r"\b(?:worth|valued\s+at|value\s+of)\s+(?:(?:an?\s+)?(?:estimated|around|about|approximately|"
    r"up\s+to|more\s+than|over|nearly|almost|some|at\s+least|in\s+excess\s+of)\s+)*$",
    re.I,
)
#: Between a count and the verb it is the subject of: "21 [have since been] charged".
_PREDICATE = re.compile(
    # "15 children [and vulnerable adults were] safeguarded", not "£3.3m [and have] investigated"
    r"(?:\s+and(?:\s+(?!have\b|has\b|had\b|were\b|was\b|are\b|is\b)[a-z-]+){1,2})?"
    r"(?:\s+(?!and\b|or\b|but\b)[a-z-]+){0,2}(?:\s+(?:have|has|had|were|was|are|is|been|being|since|also|now|later|"
    r"all|subsequently|then|already))+\s+",
    re.I,
)
_BREAKS_AFTER_COUNT = re.compile(r"[;]|\b(?:but|while|after|before|whereas)\b", re.I)

_PEOPLE = (
    r"people|persons|men|women|children|adults|suspects|individuals|offenders|teenagers|"
    r"youths|males|females|boys|girls|drivers|youngsters|residents|defendants|members|"
    r"juveniles|motorists|riders|victims|holders|dealers|runners|traffickers|couriers|nominals"
)
_DRUGS = (
    r"drugs?|cannabis|cocaine|heroin|amphetamines?|ketamine|mdma|ecstasy|crack|spice|"
    r"narcotics|street(?:[- ]level)?\s+value|class\s+a|substances|skunk|methamphetamine|"
    r"opioids?|plants|cannabis\s+farms?|crops?"
)
_WEAPONS = (
    r"knives|weapons|firearms|guns|blades|machetes|rounds|bullets|swords|pistols|rifles|"
    r"shotguns|crossbows"
)


@dataclass(frozen=True)
class MetricRule:
    metric: str
    kinds: frozenset[Kind]
    description: str
    keywords: str = ""
    units: str = ""

    def __post_init__(self) -> None:
        keywords = re.compile(rf"(?<![A-Za-z])\b(?:{self.keywords})", re.I)
        object.__setattr__(self, "_keywords", keywords)
        object.__setattr__(self, "_units", re.compile(rf"(?:{self.units})$", re.I))

    def keyword_distance(
        self, clause: str, figure_at: int, figure_end: int, reach_after: int = 30
    ) -> int | None:
        """Characters between the figure and the nearest keyword, or None if there is none.

        Keywords after the figure count only when close ("£4m of drugs", "£4.3m in cash");
        counts reach further, to the verb ("Two men, aged 19 and 23, have been charged").
        """
        if not self.keywords:
            return None
        best: int | None = None
        # "plants worth £115m were seized": the value is the plants', whatever follows
        valued = _WORTH_BEFORE.search(clause, max(0, figure_at - 50), figure_at) is not None
        for match in self._keywords.finditer(clause):  # type: ignore[attr-defined]
            if valued and match.start() >= figure_end:
                continue
            if match.end() <= figure_at:
                distance = figure_at - match.end()
            elif _BOUND_AFTER.fullmatch(clause, figure_end, match.start()) or (
                _PREDICATE.fullmatch(clause, figure_end, match.start())
            ):
                # "£82,000 worth of cocaine", "21 have since been charged": nothing binds closer
                distance = -1
            elif match.start() >= figure_end:
                distance = match.start() - figure_end
                breaks = _BREAKS_AFTER if reach_after <= 30 else _BREAKS_AFTER_COUNT
                if distance > reach_after or breaks.search(clause, figure_end, match.start()):
                    continue
            else:
                distance = 0  # in the figure's own words: "five closure orders"
            best = distance if best is None else min(best, distance)
        return best

    def unit_matches(self, unit: str) -> bool:
        return bool(self.units) and bool(self._units.search(unit))  # type: ignore[attr-defined]


def _rule(
    metric: str, kinds: str, description: str, keywords: str = "", units: str = ""
) -> MetricRule:
    return MetricRule(
        metric, frozenset(Kind(k) for k in kinds.split()), description, keywords, units
    )


METRICS: tuple[MetricRule, ...] = (
    _rule("drugs_seized_value", "money", "street value of drugs seized", _DRUGS),
    _rule("drugs_seized_weight", "weight", "quantity of drugs seized", _DRUGS),
    _rule(
        "drug_sales_value",
        "money",
        "value of drugs sold or supplied (not seized)",
        r"drugs?\s+(?:sales|trade|dealing)|(?:sold|selling|supplied|supplying)\s+(?:\w+\s+){0,3}?drugs",
    ),
    _rule(
        "money_returned_to_victims",
        "money",
        "money returned or repaid to victims",
        r"returned|repaid|paid\s+back|compensation|back\s+to\s+(?:the\s+)?victims|to\s+victims|"
        r"for\s+victims|taken\s+from\s+victims|refunded|reimbursed|"
        r"helped\s+(?:them|victims|people)\s+(?:to\s+)?recover",
    ),
    _rule(
        "criminal_money_investigated",
        "money",
        "suspected criminal money under investigation",
        r"subject\s+to\s+(?:a\s+)?(?:criminal\s+)?investigation|under\s+(?:criminal\s+)?investigation|"
        r"investigated|criminal\s+money|criminal\s+finance|restrained|frozen|restraint",
    ),
    _rule(
        "assets_confiscated",
        "money",
        "confiscation orders and proceeds of crime recovered",
        r"confiscation|confiscated|proceeds\s+of\s+crime|assets|ordered\s+to\s+(?:pay|repay)",
    ),
    _rule(
        "goods_seized_value",
        "money",
        "value of goods seized other than drugs and cash (jewellery, tobacco, vapes)",
        r"jewell?ery|watches|gold|tobacco|cigarettes|vapes|counterfeit|designer\s+\w+|"
        r"luxury\s+\w+|goods\s+seized|seized\s+goods",
    ),
    _rule(
        "cash_seized",
        "money",
        "cash seized or forfeited",
        r"cash|money\s+seized|seized\s+(?:suspected\s+)?(?:illegal\s+|criminal\s+)?money|"
        r"illegal\s+money|notes|currency|forfeited|forfeiture|seized|seizures",
    ),
    _rule(
        "fraud_prevented",
        "money",
        "money kept from fraudsters: losses prevented or stopped",
        r"prevented|stopped|blocked|intercepted",
    ),
    _rule(
        "fraud_losses",
        "money",
        "money lost by victims to fraud and scams",
        r"lost|lose|loses|losing|losses|conned|scammed|defrauded|swindled|cheated|scams?|"
        r"fraudsters?|"
        r"cost\s+(?:victims|people|residents|consumers|customers|the\s+public)",
    ),
    _rule(
        "stolen_property_value",
        "money",
        "value of stolen goods or property",
        r"stolen|stole|theft|thefts|burglar\w*|worth\s+of\s+goods|property|"
        r"cost\s+(?:businesses|retailers|shops|stores|farmers|farms)",
    ),
    _rule(
        "funding",
        "money",
        "funding, investment, budgets and costs",
        r"fund\w*|investment|invested|invest|grant|budget|cost|costs|spend|spent|precept|"
        r"awarded|allocated|boost|provided|paid\s+for",
    ),
    _rule("prison_sentences", "duration", "combined prison sentences, in years", r"\w+"),
    _rule(
        "arrests",
        "count",
        "arrests made",
        r"arrest\w*|detained|held\s+on\s+suspicion|apprehended|apprehend|rounded\s+up",
        rf"arrests?|{_PEOPLE}",
    ),
    _rule(
        "charges",
        "count",
        "people charged or summonsed",
        r"charged|summonsed|prosecuted",
        rf"charges|{_PEOPLE}",
    ),
    _rule(
        "convictions",
        "count",
        "people convicted or jailed",
        r"convicted|jailed|sentenced|imprisoned|behind\s+bars|locked\s+up|guilty",
        rf"convictions|{_PEOPLE}|years",
    ),
    _rule(
        "warrants_executed",
        "count",
        "warrants executed",
        r"warrants?",
        r"warrants|properties|addresses|premises|homes",
    ),
    _rule(
        "stop_searches",
        "count",
        "stop and searches",
        r"stop(?:ped)?[- ]and[- ]search\w*|stop[- ]search\w*",
        r"stop[- ]?(?:and[- ])?searches|searches|people",
    ),
    _rule(
        "people_safeguarded",
        "count",
        "people safeguarded, protected or rescued",
        r"safeguard\w*|protected|rescued|at\s+risk|exploitation|vulnerable|referred\s+to\s+support",
        _PEOPLE,
    ),
    _rule(
        "victims_supported",
        "count",
        "victims supported or identified",
        r"support\w*|helped|identified|contacted|assisted|visited|engaged",
        r"victims",
    ),
    _rule(
        "vehicles_seized",
        "count",
        "vehicles seized",
        "",
        r"vehicles|cars|vans|motorbikes|bikes|motorcycles|lorries|scooters|quad\s+bikes",
    ),
    _rule(
        "weapons_seized",
        "count",
        "weapons seized or recovered",
        r"seiz\w*|recover\w*|found|confiscated|taken\s+off",
        _WEAPONS,
    ),
    _rule(
        "weapons_surrendered",
        "count",
        "weapons handed in: amnesties and surrender bins",
        r"surrender\w*|handed\s+in|amnest\w+|bins",
        _WEAPONS,
    ),
    _rule("cannabis_plants", "count", "cannabis plants seized", "", r"plants"),
    _rule(
        "items_seized",
        "count",
        "other things seized: phones, vapes, dogs, cigarettes",
        "",
        r"phones|handsets|vapes|dogs|cigarettes|laptops|devices|sim\s+cards|tablets\s+computers",
    ),
    _rule(
        "visits",
        "count",
        "visits to addresses and people: safeguarding, cuckooing, welfare checks",
        r"visit\w*|check\w*|call\w*\s+on",
        r"visits|checks|addresses|people",
    ),
    _rule(
        "engagement",
        "count",
        "events, talks and sessions held, and people spoken to",
        r"engag\w*|spoke|spoken|talk\w*|educat\w*|awareness|presentations?",
        rf"events|sessions|talks|presentations|meetings|assemblies|workshops|pupils|students|"
        rf"partners|{_PEOPLE}",
    ),
    _rule(
        "drug_seizures",
        "count",
        "drug seizures made",
        "",
        r"seizures|wraps|packages|tablets|pills",
    ),
    _rule(
        "confiscation_orders",
        "count",
        "confiscation orders made",
        r"confiscation|proceeds\s+of\s+crime",
        r"orders",
    ),
    _rule(
        "premises_closed",
        "count",
        "premises closed, farms dismantled",
        r"clos\w+|dismantled|shut|raided",
        r"farms|factories|brothels|premises|properties|houses|addresses|homes|orders|shops|"
        r"pubs|bars|businesses|flats|stores",
    ),
    _rule(
        "crime_groups_disrupted",
        "count",
        "organised crime groups disrupted or dismantled",
        "",
        r"groups|gangs|ocgs|networks",
    ),
    _rule(
        "county_lines_closed",
        "count",
        "county lines closed",
        r"clos\w+|dismantl\w+|shut|taken\s+down|broken\s+up|ended",
        r"lines",
    ),
    _rule(
        "county_lines_disrupted",
        "count",
        "county lines disrupted (not closed)",
        r"disrupt\w*",
        r"lines|chains|networks|disruptions",
    ),
    _rule(
        "crime",
        "count",
        "crimes or offences recorded, where no offence group is named",
        "",
        r"offences|crimes|incidents|burglaries|thefts|robberies|assaults|cases|collisions",
    ),
    _rule(
        "reports_received",
        "count",
        "calls, reports and referrals received",
        "",
        r"calls|reports|referrals|submissions|tip-offs|tips|contacts|messages|complaints",
    ),
    _rule(
        "officers",
        "count",
        "officers and staff deployed or recruited",
        "",
        r"officers|staff|detectives|pcsos|constables|specials|investigators|personnel|police",
    ),
)


def rule_metric(kind: Kind, unit: str, clause: str, figure_at: int, figure_end: int) -> str:
    """The metric the rules give the figure at clause[figure_at:figure_end], or "other"."""
    best: tuple[int, int, str] | None = None  # (strength, -distance, metric)
    for rule in METRICS:
        if kind not in rule.kinds:
            continue
        if kind is Kind.COUNT and not rule.unit_matches(unit):
            continue  # checked first: it is cheap, and most rules fail it
        reach = 70 if kind is Kind.COUNT else 30
        distance = rule.keyword_distance(clause, figure_at, figure_end, reach)
        if kind is Kind.COUNT:
            # "38 people" is an arrest count only where arrests are spoken of; "28
            # warrants" is a warrant count whatever the words around it.
            counts_anyone = _PEOPLE in rule.units and _is_people(unit)
            if counts_anyone and distance is None:
                continue
            strength = 2 if distance is not None else 1
        elif distance is None:
            continue
        else:
            strength = 1
        candidate = (strength, -(distance or 0), rule.metric)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else OTHER


_PEOPLE_RE = re.compile(rf"(?:{_PEOPLE})$", re.I)


def _is_people(unit: str) -> bool:
    return bool(_PEOPLE_RE.search(unit))
