"""How money, percentages, weights and sentence lengths are written, and read (issue 9).

Every sentence here was written for these tests; each rule is tried on several wordings.
`find_figures` is called directly, so the cases test the detectors, not the later passes.
"""

from __future__ import annotations

import math
import re

import pytest

from alliance_tui.extract import extract_facts
from alliance_tui.extract.figures import find_figures
from alliance_tui.extract.numbers import WORD_NUMBER, parse_amount, parse_number
from alliance_tui.models import Article, Fact

Row = tuple[str, str, float, str]  # kind, text, value, unit


def figures_of(body: str) -> list[Row]:
    return [(f.kind.value, body[f.start : f.end], f.value, f.unit) for f in find_figures(body)]


def ranged(body: str) -> list[tuple[str, float, str]]:
    return [
        (body[f.start : f.end], f.value, (f.qualifier or "").__str__()) for f in find_figures(body)
    ]


def assert_rows(found: list[Row], expected: list[Row]) -> None:
    assert len(found) == len(expected), found
    for got, want in zip(found, expected, strict=True):
        assert got[:2] == want[:2] and got[3] == want[3], (got, want)
        assert math.isclose(got[2], want[2], rel_tol=1e-9), (got, want)


# --- numbers in words, with their scale -----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Forty-two", 42),
        ("ninety nine", 99),
        ("two hundred and two thousand", 202_000),
        ("one hundred and sixty thousand", 160_000),
        ("a thousand and one", 1001),
        ("three million four hundred thousand", 3_400_000),
        ("one million", 1_000_000),
        ("A million", 1_000_000),
        ("2 million", 2_000_000),
        ("4.5bn", 4_500_000_000),
        ("16,000", 16_000),
    ],
)
def test_numbers_keep_their_scale(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two and a half", 2.5),
        ("six and three quarters", 6.75),
        ("11 and a quarter", 11.25),
        ("half a", 0.5),
        ("a quarter of a", 0.25),
        ("three-quarters of a", 0.75),
        ("a third of a", 1 / 3),
        ("an", 1),
    ],
)
def test_amounts_a_unit_can_follow(text: str, value: float) -> None:
    assert math.isclose(parse_amount(text), value)


@pytest.mark.parametrize(
    ("body", "number"),
    [
        ("Between two thousand and three thousand fans came.", "two thousand"),
        ("They held five million, two men were charged.", "five million"),
        ("It was one of the largest hauls.", "one"),
    ],
)
def test_a_word_number_stops_where_it_should(body: str, number: str) -> None:
    match = re.search(WORD_NUMBER, body, re.IGNORECASE)
    assert match is not None and match.group() == number


# --- weights --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "text", "kg"),
    [
        (
            "Customs found two and a half tonnes of cocaine in a lorry.",
            "two and a half tonnes",
            2500,
        ),
        ("A tonne of cannabis resin was hidden in the trailer.", "A tonne", 1000),
        ("Detectives recovered a kilo of heroin from the flat.", "a kilo", 1),
        ("Officers seized a kilogram of crack cocaine.", "a kilogram", 1),
        ("The dog found a kg of ketamine under the seat.", "a kg", 1),
        ("The pair had more than a quarter of a kilo of MDMA.", "a quarter of a kilo", 0.25),
        ("Half a kilo of amphetamine was in the boot.", "Half a kilo", 0.5),
        ("Police found a three-ton consignment at the port.", "three-ton", 3000),
        ("He carried a twenty-pound bag of skunk.", "twenty-pound", 20 * 0.453592),
        ("Searches uncovered five kilograms of heroin.", "five kilograms", 5),
        ("The ship held 16,000 metric tons of bananas and drugs.", "16,000 metric tons", 16e6),
        ("Tests found 250mg of fentanyl in each wrap.", "250mg", 0.00025),
        ("Each tablet held 40 milligrams of the drug.", "40 milligrams", 0.00004),
        ("Nearly 12 kilos of cocaine were found.", "12 kilos", 12),
    ],
)
def test_weight_forms(body: str, text: str, kg: float) -> None:
    assert_rows(figures_of(body), [("weight", text, kg, "kg")])


@pytest.mark.parametrize(
    "body",
    [
        "Cocaine sells for £30,000 a kilo on the street.",
        "Dealers were charging £45 a gram.",
        'Heroin fetches "£25,000" a kilo wholesale.',
        "The price of a kilo has doubled.",
        "The new 5G mast was vandalised.",
    ],
)
def test_a_price_per_unit_is_not_a_weight(body: str) -> None:
    assert [row for row in figures_of(body) if row[0] == "weight"] == []


# --- shares as percentages ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("Almost a quarter of councils failed the inspection.", "a quarter", 25),
        ("Violent crime has fallen by a fifth since 2015.", "a fifth", 20),
        ("More than half of the drivers tested were over the limit.", "half", 50),
        ("Over half the calls were abandoned.", "half", 50),
        ("Knife offences were cut by almost half.", "half", 50),
        ("Nearly three-quarters of victims knew the offender.", "three-quarters", 75),
        ("Burglaries rose by a third in the city.", "a third", 100 / 3),
        ("Around two thirds of the cases were closed.", "two thirds", 200 / 3),
        ("Less than a tenth of reports led to a charge.", "a tenth", 10),
    ],
)
def test_shares_that_are_figures(body: str, text: str, value: float) -> None:
    assert_rows(figures_of(body), [("percent", text, value, "percent")])


@pytest.mark.parametrize(
    "body",
    [
        "Officers arrived half an hour later.",
        "The meeting ran for over half an hour.",
        "In the first half of the year the unit moved offices.",
        "Half of the officers were on leave.",
        "A quarter past nine is when the van left.",
        "Crime fell in the last quarter.",
        "He spent more than half his life in Leeds's second half.",
        "It is one of the largest seizures and took a decade.",
        "Nearly half a dozen vans were parked outside.",
        "The gang took over half of the warehouse.",
        "Over half a million pounds was spent.",
    ],
)
def test_shares_that_are_not_percentages(body: str) -> None:
    assert [row for row in figures_of(body) if row[0] == "percent"] == []


# --- sentence lengths and waits -------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "text", "years"),
    [
        ("A Salford gang was jailed for more than 90 years.", "90 years", 90),
        ("A Bristol crime group was sentenced to 141 years.", "141 years", 141),
        ("The dealers will spend 38 years behind bars.", "38 years", 38),
        ("Judges handed down 212 years in prison to the network.", "212 years", 212),
        ("Courts imposed 340 years and seven months in jail.", "340 years and seven months",
         340 + 7 / 12),
        ("The ringleader was jailed for six years.", "six years", 6),
        ("He received nine years' imprisonment.", "nine years", 9),
        ("She was jailed for 18 months.", "18 months", 1.5),
        ("They were caged for a total of 57 years.", "57 years", 57),
        ("He was given a 12-year sentence.", "12-year", 12),
        ("The men were jailed for seven and a half years.", "seven and a half years", 7.5),
    ],
)  # fmt: skip
def test_sentence_lengths(body: str, text: str, years: float) -> None:
    assert_rows(figures_of(body), [("duration", text, round(years, 4), "years")])


def test_an_earlier_total_compared_with_a_sentence_length() -> None:
    body = "Gangs were jailed for 310 years last year, compared with 260 years in 2021."
    assert [(t, v) for _, t, v, _ in figures_of(body)] == [("310 years", 310), ("260 years", 260)]


@pytest.mark.parametrize(
    "body",
    [
        "Two years ago the station closed.",
        "For three years the force has run the scheme.",
        "Over the last five years arrests rose.",
        "A 15-year-old boy was arrested.",
        "The unit will close within two years.",
        "He was 30 years old when he was jailed.",
        "She served 25 years as an officer.",
        "Officers worked for 12 hours over four days.",
        "Calls should be answered within an hour.",
    ],
)
def test_periods_are_not_durations(body: str) -> None:
    assert [row for row in figures_of(body) if row[0] == "duration"] == []


@pytest.mark.parametrize(
    ("body", "text", "value", "unit"),
    [
        ("In Kent the average response time was 14 hours.", "14 hours", 14, "hours"),
        ("Victims waited an average of 40 minutes for a reply.", "40 minutes", 40, "minutes"),
        ("Emergency response times rose to 11 minutes.", "11 minutes", 11, "minutes"),
    ],
)
def test_measured_waits(body: str, text: str, value: float, unit: str) -> None:
    assert_rows(figures_of(body), [("duration", text, value, unit)])


# --- money ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "text", "value", "unit"),
    [
        ("A pint cost 50p more after the raid.", "50p", 0.5, "GBP"),
        ("Each stamp cost 85 pence.", "85 pence", 0.85, "GBP"),
        ("The victim was robbed of $20 and 43c.", "$20 and 43c", 20.43, "USD"),
        ("Only 43 cents was left in the till.", "43 cents", 0.43, "USD"),
        ("He was fined 40 euros.", "40 euros", 40, "EUR"),
        ("The fraud netted 323 million euros.", "323 million euros", 323e6, "EUR"),
        ("Investigators traced €10B through shell firms.", "€10B", 10e9, "EUR"),
        ("The market is worth $2.174T a year.", "$2.174T", 2.174e12, "USD"),
        ("Over 600k worth of drugs was recovered.", "600k", 600_000, "GBP"),
        ("Almost 2.5m worth of cannabis was destroyed.", "2.5m", 2_500_000, "GBP"),
        ("The gang laundered C$ 300 million.", "C$ 300 million", 300e6, "CAD"),
        ("Bank records showed HK$ 10.05 billion.", "HK$ 10.05 billion", 10.05e9, "HKD"),
        ("Agents seized US$5m in cash.", "US$5m", 5e6, "USD"),
        ("Police in Sydney froze A$2m.", "A$2m", 2e6, "AUD"),
        ("The scam took AU$750,000.", "AU$750,000", 750_000, "AUD"),
        ("A further NZ$40,000 was frozen.", "NZ$40,000", 40_000, "NZD"),
        ("The transfer was USD 5m.", "USD 5m", 5e6, "USD"),
        ("A fee of EUR 300 was paid.", "EUR 300", 300, "EUR"),
        ("Wallets held 7m GBP in total.", "7m GBP", 7e6, "GBP"),
        ("Some 250,000 Canadian dollars went missing.", "250,000 Canadian dollars", 250_000, "CAD"),
        ("Five million pounds sterling was recovered.", "Five million pounds sterling", 5e6, "GBP"),
        ("The council's reserves stood at minus £4m.", "minus £4m", -4e6, "GBP"),
        ("The account was -£12,000 overdrawn.", "-£12,000", -12_000, "GBP"),
        ("A five million pound haul was found.", "five million pound", 5e6, "GBP"),
    ],
)
def test_money_forms(body: str, text: str, value: float, unit: str) -> None:
    assert_rows(figures_of(body), [("money", text, value, unit)])


@pytest.mark.parametrize(
    "body",
    [
        "The briefing was at 3p.m. on Friday.",
        "He weighed 20 pounds of cannabis on the scales.",
        "A pound coin was found in the car.",
        "The euro fell against the dollar.",
        "The firm trades in XUSD 5 tokens.",
    ],
)
def test_money_words_that_are_not_amounts(body: str) -> None:
    assert [row for row in figures_of(body) if row[0] == "money"] == []


def test_percent_minus_word_and_points() -> None:
    assert_rows(
        figures_of("Detections moved minus five percent, a 3 percentage point fall."),
        [
            ("percent", "minus five percent", -5, "percent"),
            ("percent", "3 percentage point", 3, "percentage_points"),
        ],
    )


# --- ranges ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Street deals weighed between 2.0 g and 7.0 g each.",
            [("2.0 g", 0.002, "at_least"), ("7.0 g", 0.007, "at_most")],
        ),
        (
            "Purity ranged from 50 to 80% in the samples.",
            [("50", 50, "at_least"), ("80%", 80, "at_most")],
        ),
        (
            "Losses were put at £2m-£3m.",
            [("£2m", 2e6, "at_least"), ("£3m", 3e6, "at_most")],
        ),
        (
            "Each victim lost between £50,000 and £60,000.",
            [("£50,000", 50_000, "at_least"), ("£60,000", 60_000, "at_most")],
        ),
        (
            "Arrest rates climbed in 10-15 per cent of forces.",
            [("10", 10, "at_least"), ("15 per cent", 15, "at_most")],
        ),
        (
            "The stash was worth £2-3m.",
            [("£2", 2e6, "at_least"), ("3m", 3e6, "at_most")],
        ),
        (
            "Between two and three tonnes were shipped.",
            [("two", 2000, "at_least"), ("three tonnes", 3000, "at_most")],
        ),
        (
            "Couriers carried 1-2kg at a time.",
            [("1", 1, "at_least"), ("2kg", 2, "at_most")],
        ),
        (
            "The scheme cost between 500 and 2 million euros.",
            [("500", 500, "at_least"), ("2 million euros", 2e6, "at_most")],
        ),
    ],
)
def test_ranges_are_two_figures(body: str, expected: list[tuple[str, float, str]]) -> None:
    found = ranged(body)
    assert [(t, q) for t, _, q in found] == [(t, q) for t, _, q in expected]
    for (_, got, _), (_, want, _) in zip(found, expected, strict=True):
        assert math.isclose(got, want)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The detection rate fell from 18 per cent to 13 per cent.",
            [("18 per cent", 18), ("13 per cent", 13)],
        ),
        ("Drug seizures rose from £2m to £3m.", [("£2m", 2e6), ("£3m", 3e6)]),
        ("The rate dropped from 40 to 25%.", [("40", 40), ("25%", 25)]),
        ("Cannabis seized went from 10kg to 30kg.", [("10kg", 10), ("30kg", 30)]),
    ],
)
def test_a_change_from_to_is_not_a_range(body: str, expected: list[tuple[str, float]]) -> None:
    found = ranged(body)
    assert [(t, v) for t, v, _ in found] == expected
    assert all(q == "" for _, _, q in found)


@pytest.mark.parametrize(
    "body",
    [
        "He paid £5,000 and 20 phones were seized.",
        "Officers seized 12 kilos and 5 cars.",
        "From 2019 to 2021 the rate was 12%.",
    ],
)
def test_a_list_is_not_a_range(body: str) -> None:
    assert all(q == "" for _, _, q in ranged(body))


def facts_of(body: str) -> list[Fact]:
    return extract_facts(Article(id="t", path="t.txt", title="t", body=body))


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("Nearly one in five drivers stopped were over the limit.", "one in five", 20),
        ("One in every four burglaries is now solved.", "One in every four", 25),
        ("Only 1 in 8 reports led to a charge.", "1 in 8", 12.5),
    ],
)
def test_one_in_n_is_a_share(body: str, text: str, value: float) -> None:
    shares = [(f.text, f.value) for f in facts_of(body) if f.kind.value == "percent"]
    assert shares == [(text, value)]


@pytest.mark.parametrize(
    "body",
    [
        "She called it a one in a million find.",
        "The alarm sounds one in ten years.",
        "Related: Five men jailed after Barrow raids",
        "Read more: 40 arrests in county lines week",
    ],
)
def test_idioms_and_links_to_other_pages_are_not_figures(body: str) -> None:
    assert facts_of(body) == []


@pytest.mark.parametrize(
    ("body", "value"),
    [("Nine in 10 offenders did not reoffend.", 90), ("Three in four victims were women.", 75)],
)
def test_k_in_n_is_a_share(body: str, value: float) -> None:
    assert [f.value for f in facts_of(body) if f.kind.value == "percent"] == [value]


def test_k_in_n_days_is_not_a_share() -> None:
    assert [f for f in facts_of("They struck two in 12 days.") if f.kind.value == "percent"] == []


@pytest.mark.parametrize(
    "body",
    [
        "Callers can stay 100% anonymous.",
        "Offenders can face up to six months in prison.",
        "The rate was 4.2, down from 5.1 in 2022/23.",
    ],
)
def test_idioms_penalties_and_years_are_not_these_figures(body: str) -> None:
    kinds = [(f.kind.value, f.text) for f in facts_of(body)]
    assert ("percent", "100%") not in kinds
    assert all(kind != "duration" for kind, _ in kinds)
    assert all("in 20" not in text for _, text in kinds)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Thefts were down a fifth, to 2,210.", [("a fifth", 20.0), ("2,210", 2210.0)]),
        (
            "Just under a quarter (23%) of stops found something.",
            [("a quarter", 25.0), ("23%", 23.0)],
        ),
        ("The borough had 2.7 burglaries per 1,000 households.", [("2.7 burglaries", 2.7)]),
        ("Test purchases saw 6 out of 25 shops sell alcohol.", [("6", 6.0), ("25 shops", 25.0)]),
    ],
)
def test_shares_after_up_or_down_rates_and_parts(
    body: str, expected: list[tuple[str, float]]
) -> None:
    assert [(f.text, f.value) for f in facts_of(body)] == expected


def test_a_rate_below_two_in_a_change_statement() -> None:
    facts = facts_of("Knife crime rose to 1.4 offences per 1,000 people.")
    assert [(f.text, f.value, f.unit, f.change.value) for f in facts] == [
        ("1.4 offences", 1.4, "offences per 1,000 people", "to")
    ]
