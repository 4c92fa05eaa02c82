"""Counts whose noun is shared, elided or far away, counts in words with their scale, and
ranges of counts. Every sentence here was written for these tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_tui.extract import extract_facts
from alliance_tui.extract.counts import counts
from alliance_tui.models import Article, Fact, Kind, Qualifier


def count_facts(body: str) -> list[Fact]:
    facts = extract_facts(Article(id="t", path="t.txt", title="t", body=body))
    return [f for f in facts if f.kind is Kind.COUNT]


def counted(body: str) -> list[tuple[float, str]]:
    """(value, unit) of every count in `body`, in order."""
    return [(f.value, f.unit) for f in count_facts(body)]


def count_of(body: str, value: float) -> Fact:
    matches = [f for f in count_facts(body) if f.value == value]
    assert len(matches) == 1, [(f.text, f.value, f.unit) for f in count_facts(body)]
    return matches[0]


@pytest.mark.parametrize(
    ("body", "value", "unit", "text"),
    [
        # Nouns after a coordination: the head follows "X and Y".
        (
            "Detectives recovered 312 cannabis and cocaine deals from the flat.",
            312,
            "deals",
            "312 cannabis and cocaine deals",
        ),
        (
            "The unit delivered 48 training and awareness sessions to schools.",
            48,
            "sessions",
            "48 training and awareness sessions",
        ),
        ("Officers took 19 swords and machetes off the streets.", 19, "swords", "19 swords"),
        # "other" between the number and its noun.
        (
            "Patrols recorded four drink-driving arrests and 11 other traffic offences.",
            11,
            "offences",
            "11 other traffic offences",
        ),
        # A time after the noun does not hide it.
        ("The unit carried out 33 raids last month.", 33, "raids", "33 raids"),
        ("Teams searched 14 premises this week in Hull.", 14, "premises", "14 premises"),
        # "on" guards phone numbers, not every number after it.
        ("Police served closure notices on three flats.", 3, "flats", "three flats"),
        ("Magistrates imposed bans on 12 drivers.", 12, "drivers", "12 drivers"),
    ],
)
def test_counted_noun_after_the_number(body: str, value: float, unit: str, text: str) -> None:
    fact = count_of(body, value)
    assert (fact.unit, fact.text) == (unit, text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The rest of a set takes the noun of the count before it in the sentence.
        (
            "Speed cameras flagged 230 motorists, and patrol officers stopped the other 64.",
            [(230, "motorists"), (64, "motorists")],
        ),
        (
            "Of 40 referrals received, the remaining 12 are still under review.",
            [(40, "referrals"), (12, "referrals")],
        ),
        # References: "of those arrested", "of which", "of whom", "of them".
        ("Nineteen of those detained were later released.", [(19, "people")]),
        ("Seven of these vehicles were uninsured.", [(7, "vehicles")]),
        (
            "Officers seized 230 phones, 41 of which had been stolen.",
            [(230, "phones"), (41, "phones")],
        ),
        (
            "They spoke to 75 shop workers, 30 of whom had been threatened.",
            [(75, "workers"), (30, "workers")],
        ),
        (
            "Police stopped 58 cars in Selby. Nine of them were untaxed.",
            [(58, "cars"), (9, "cars")],
        ),
        # ... and the other way round.
        (
            "The crackdown saw 2,310 people detained, of which 640 were linked to burglary.",
            [(2310, "people"), (640, "people")],
        ),
        ("Of those charged, 12 were remanded in custody.", [(12, "people")]),
        ("Officers stopped 300 vans. Of these, 45 were seized.", [(300, "vans"), (45, "vans")]),
        ("Over the week 515 of these ‘cuckooed’ flats were visited.", [(515, "flats")]),
        # A participle right after the number.
        ("57 charged, £1.2m seized and 14 firearms recovered", [(57, "people"), (14, "firearms")]),
        (
            "Across the county, 31 were arrested and 12 were cautioned.",
            [(31, "people"), (12, "people")],
        ),
        ("The 9 were sentenced at Leeds Crown Court on Friday.", [(9, "people")]),
        ("The remaining 3 will be sentenced next month.", [(3, "people")]),
        (
            "The team found 66 knives and had 20 handed in at stations.",
            [(66, "knives"), (20, "knives")],
        ),
        (
            "Patrols seized 912 blades while 6,130 were either surrendered or found in sweeps.",
            [(912, "blades"), (6130, "blades")],
        ),
        # A list whose first item names the noun.
        (
            "The scheme reached 4,500 pupils in Kent and 3,200 across Sussex.",
            [(4500, "pupils"), (3200, "pupils")],
        ),
        (
            "Police seized 85 knives in March, 40 in April and 23 in May.",
            [(85, "knives"), (40, "knives"), (23, "knives")],
        ),
        # A rate after a count.
        (
            "Officers made 1,460 arrests over the year, around 28 a week.",
            [(1460, "arrests"), (28, "arrests")],
        ),
        # Uses of a power.
        ("Officers used Taser 212 times in 2023.", [(212, "times")]),
        (
            "Police used stop-and-search powers 1,850 times last year.",
            [(1850, "stop and searches")],
        ),
        # A count in brackets after its noun, or with its share of a whole.
        ("Burglary made up the largest number of reports (1,204).", [(1204, "reports")]),
        (
            "The force recorded 12,400 (55 per cent of all incidents) as violent.",
            [(12400, "incidents")],
        ),
    ],
)
def test_noun_shared_or_elsewhere(body: str, expected: list[tuple[float, str]]) -> None:
    assert counted(body) == expected


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("Almost two million tablets were recovered.", 2_000_000, "tablets"),
        ("Around 3.5 million images were found on the drives.", 3_500_000, "images"),
        ("The charity has helped 4m people since it began.", 4_000_000, "people"),
        ("Some 2 million people use the app.", 2_000_000, "people"),
        ("Staff logged three hundred and fifty thousand calls.", 350_000, "calls"),
        ("Forty-one suspects were held in dawn raids.", 41, "suspects"),
        ("Officers raided half a dozen homes.", 6, "homes"),
        ("Ninety-nine vehicles were checked.", 99, "vehicles"),
    ],
)
def test_counts_in_words_and_with_scale_words(body: str, value: float, unit: str) -> None:
    fact = count_of(body, value)
    assert fact.unit == unit


def test_dozens_is_at_least_two_dozen_but_hundreds_stays_vague() -> None:
    fact = only_count("Dozens of stolen tools were returned to their owners.")
    assert (fact.value, fact.unit, fact.qualifier) == (24, "tools", Qualifier.AT_LEAST)
    assert counted("Hundreds of people gathered and thousands of pounds were raised.") == []


def only_count(body: str) -> Fact:
    facts = count_facts(body)
    assert len(facts) == 1, [(f.text, f.value) for f in facts]
    return facts[0]


@pytest.mark.parametrize(
    ("body", "low", "high", "unit"),
    [
        ("Detectives believe between 20 and 30 dealers operate in the town.", 20, 30, "dealers"),
        ("The network used 15-20 runners at any time.", 15, 20, "runners"),
        ("Stewards escorted 400–450 fans to the ground.", 400, 450, "fans"),
        ("It took between five and eight officers to restrain him.", 5, 8, "officers"),
        ("The scam reached between 2 and 3 million people.", 2_000_000, 3_000_000, "people"),
        ("Attention is on 60–80 suspected dealers.", 60, 80, "dealers"),
    ],
)
def test_a_range_is_two_counts_at_least_and_at_most(
    body: str, low: float, high: float, unit: str
) -> None:
    facts = count_facts(body)
    assert [(f.value, f.unit, f.qualifier) for f in facts] == [
        (low, unit, Qualifier.AT_LEAST),
        (high, unit, Qualifier.AT_MOST),
    ]


def test_a_change_from_one_number_to_another_is_not_a_range() -> None:
    figures = list(counts("Burglaries fell from 120 to 95 offences."))
    assert all(f.qualifier is None for f in figures)


@pytest.mark.parametrize(
    ("body", "value", "text"),
    [
        ("A 14-strong gang was jailed on Friday.", 14, "14-strong"),
        ("Police broke up a six-man team of burglars.", 6, "six-man"),
        ("The 30-member network ran three lines.", 30, "30-member"),
        ("A12-MEMBER crime group was dismantled.", 12, "12-MEMBER"),
        # A number glued to an advertisement label left in the page's text.
        ("Advertisement\nHide Ad31 officers took part in the raids.", 31, "31 officers"),
    ],
)
def test_group_sizes_and_glued_numbers(body: str, value: float, text: str) -> None:
    fact = count_of(body, value)
    assert fact.text == text
    assert fact.unit in ("people", "officers")


@pytest.mark.parametrize(
    "body",
    [
        "One of them was released without charge.",
        "Two of them were later charged.",  # nothing counted before: no noun to take
        "A woman, 43, was arrested in Hull.",
        "The victims were aged between 19 and 46.",
        "The figures cover between 2018 and 2022.",
        "Children as young as 12 were recruited.",
        "The helpline is open 24 hours a day, 7 days a week.",
        "The victim was stabbed 14 times in the attack.",
        "Black people were 4.5 times more likely to be stopped.",
        "John Smith (34) appeared before magistrates.",
        "Ring us on 101 or call 999 in an emergency.",
        "The seizure was one of the largest in the region.",
        "In one instance a car was stopped on the M62.",
        "It happened at Seven Sisters station in Quarter 2.",
        "A 9mm pistol was found in the boot.",
        "The raids took place on 14 and 15 March.",
        "Police held 14 overnight and interviewed witnesses.",
        "A boy of 15 was arrested and a girl of 14 charged.",
        "Police said 12 also seized drugs from the car.",
        "The survey found 1 in 10 of whom had been burgled.",
    ],
)
def test_what_is_not_a_count(body: str) -> None:
    assert counted(body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Two men, 24 and 31, were charged.", [(2, "men")]),
        ("Two men, 24, were charged.", [(2, "men")]),
        ("Three children under 16 were arrested.", [(3, "children")]),
        ("Police arrested 40 people aged 18 and 19 arrested later.", [(40, "people")]),
    ],
)
def test_ages_beside_a_count_stay_out(body: str, expected: list[tuple[float, str]]) -> None:
    assert counted(body) == expected


_FRAGMENTS = [
    "2 million", "3.5 million", "4m", "two hundred and two thousand", "one million", "12",
    "1,250", "people", "tablets", "arrested", "were charged", "of those", "of which",
    "the other", "between", "and", "to", "-", "–", "(", ")", "per cent", "a day", "times",
    "used", "Dozens of", "Hide Ad", "-strong", "gang", "on", ",", ".", "\n", "aged", "18",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map(" ".join))
def test_count_spans_values_and_scales(body: str) -> None:
    for figure in counts(body):
        text = body[figure.start : figure.end]
        assert text and figure.value == figure.value and figure.value < float("inf")
        digits = re.match(r"[\d,]+(?:\.\d+)?", text)
        if digits and re.search(r"\b(?:thousand|million|billion)\b|\d(?:m|bn)\b", text):
            assert figure.value >= 1000 * float(digits.group().replace(",", ""))


@pytest.mark.parametrize(
    ("body", "value"),
    [("The nine-strong gang was jailed.", 9), ("A twelve-member crew was caught.", 12)],
)
def test_group_sizes_in_words(body: str, value: float) -> None:
    assert counted(body) == [(value, "people")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Only 11 of the stolen vans were recovered.", [(11, "vans")]),
        ("The plants came from nine cannabis factories.", [(9, "factories")]),
        ("The shop is open from 9 to 5 on weekdays.", []),
    ],
)
def test_counts_after_of_the_and_from(body: str, expected: list[tuple[float, str]]) -> None:
    assert counted(body) == expected


def test_acronym_plurals_are_counted_nouns() -> None:
    assert counted("Thanks to the grant, 35 extra PCSOs are on patrol.") == [(35, "pcsos")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Searches ran at 812, 790, 845 and 901 searches a quarter.",
            [(812, "searches"), (790, "searches"), (845, "searches"), (901, "searches")],
        ),
        (
            "A crash was fatal in 4 of the 19 serious collisions.",
            [(4, "collisions"), (19, "collisions")],
        ),
        ("The limit is 35 microgrammes in 100 millilitres of breath.", []),
    ],
)
def test_lists_parts_of_a_whole_and_units_of_measure(
    body: str, expected: list[tuple[float, str]]
) -> None:
    assert counted(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Of the 52 people held, 30 have since been charged and 9 remain on bail.",
            [(52, "people"), (30, "people"), (9, "people")],
        ),
        (
            "Auditors checked 90 case files and found that 17 had not been completed.",
            [(90, "files"), (17, "files")],
        ),
        (
            "Of the 48 test purchases made, six resulted in a sale.",
            [(48, "purchases"), (6, "purchases")],
        ),
        ("Officers in Barrow accounted for 12 of the arrests.", [(12, "arrests")]),
    ],
)
def test_numbers_that_are_the_subject_of_a_verb(
    body: str, expected: list[tuple[float, str]]
) -> None:
    assert counted(body) == expected
