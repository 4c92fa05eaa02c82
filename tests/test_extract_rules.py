"""The extractor's rules, one behaviour per case, on sentences written for these tests."""

from __future__ import annotations

import pytest

from alliance_tui.extract import extract_facts
from alliance_tui.models import Article, Fact


def facts_of(body: str) -> list[Fact]:
    return extract_facts(Article(id="t", path="t.txt", title="t", body=body))


def only(body: str) -> Fact:
    facts = facts_of(body)
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0]


@pytest.mark.parametrize(
    ("body", "text", "value"),
    [
        ("Officers seized £4m of cocaine.", "£4m", 4_000_000),
        ("The haul was worth £612,300 in total.", "£612,300", 612_300),
        ("Cash totalling £4.3 million was found.", "£4.3 million", 4_300_000),
        ("Drugs worth £7million were recovered.", "£7million", 7_000_000),
        ("The force recovered £250k from the gang.", "£250k", 250_000),
        ("Losses reached £1.2bn nationally.", "£1.2bn", 1_200_000_000),
        ("Fraudsters took two million pounds from pensioners.", "two million pounds", 2_000_000),
        (
            "Cannabis worth a quarter of a million pounds was found.",
            "a quarter of a million pounds",
            250_000,
        ),
        ("The drugs were valued at half a million by officers.", "half a million", 500_000),
        ("The shortfall was -£4m this year.", "-£4m", -4_000_000),
    ],
)
def test_money_forms(body: str, text: str, value: float) -> None:
    fact = only(body)
    assert (fact.kind.value, fact.text, fact.value, fact.unit) == ("money", text, value, "GBP")


@pytest.mark.parametrize(
    ("body", "text", "value", "unit"),
    [
        ("Police arrested 38 people in the raids.", "38 people", 38, "people"),
        ("Six arrests were made on Tuesday.", "Six arrests", 6, "arrests"),
        ("The unit safeguarded 108 children from exploitation.", "108 children", 108, "children"),
        ("The team has supported 3,000 victims of fraud.", "3,000 victims", 3000, "victims"),
        ("Officers executed a dozen warrants across Leeds.", "a dozen warrants", 12, "warrants"),
        ("Twenty-three people were charged.", "Twenty-three people", 23, "people"),
        ("They executed 28 drugs warrants.", "28 drugs warrants", 28, "warrants"),
        ("Police seized 1,250 cannabis plants.", "1,250 cannabis plants", 1250, "plants"),
    ],
)
def test_count_forms(body: str, text: str, value: float, unit: str) -> None:
    fact = only(body)
    assert (fact.kind.value, fact.text, fact.value, fact.unit) == ("count", text, value, unit)


@pytest.mark.parametrize(
    ("body", "kind", "text", "value"),
    [
        ("Burglary fell by 40 per cent.", "percent", "40 per cent", 40),
        ("Knife crime is down 12.5% on last year.", "percent", "12.5%", 12.5),
        ("Officers found 12 kilos of heroin.", "weight", "12 kilos", 12),
        ("A lorry carried 2.5 tonnes of cannabis.", "weight", "2.5 tonnes", 2500),
        ("Detectives recovered 500g of cocaine.", "weight", "500g", 0.5),
        ("The gang were jailed for a combined 34 years.", "duration", "34 years", 34),
        (
            "They received sentences totalling 56 years and six months.",
            "duration",
            "56 years and six months",
            56.5,
        ),
    ],
)
def test_percent_weight_duration(body: str, kind: str, text: str, value: float) -> None:
    fact = only(body)
    assert (fact.kind.value, fact.text, fact.value) == (kind, text, value)


@pytest.mark.parametrize(
    "body",
    [
        "Anyone with information should call 101 or 999 in an emergency.",
        "Call Crimestoppers anonymously on 0800 555 111 or 01228 123456.",
        "The force began the work in 2019 and expanded it in spring 2020.",
        "A 34-year-old man from Carlisle was arrested.",
        "John Smith, 27, of Penrith, appeared in court.",
        "The van was stopped on the M6 near junction 40 and the A595.",
        "It happened at 10.30pm on 12 March at 22 Station Road.",
        "He was the third person to be convicted under Operation 2020.",
        "Criminals made thousands of pounds and hundreds of officers took part.",
        "Quote log 0423 of 12 March when you call.",
        "The Covid-19 rules and 24/7 patrols continue.",
        "Officers worked for 12 hours over four days.",
    ],
)
def test_numbers_that_are_not_figures(body: str) -> None:
    assert facts_of(body) == []


@pytest.mark.parametrize(
    ("body", "qualifier"),
    [
        ("They seized around £4m of drugs.", "approx"),
        ("They seized an estimated £4m of drugs.", ""),
        ("They seized an estimated total of around £4m of drugs.", "approx"),
        ("They seized in the region of £4m of drugs.", "approx"),
        ("They seized nearly £4m of drugs.", "nearly"),
        ("They seized almost £4m of drugs.", "nearly"),
        ("They seized more than £4m of drugs.", "more_than"),
        ("They seized over £4m of drugs.", "more_than"),
        ("They seized in excess of £4m of drugs.", "more_than"),
        ("They seized at least £4m of drugs.", "at_least"),
        ("They seized less than £4m of drugs.", "less_than"),
        ("They seized under £4m of drugs.", "less_than"),
        ("They seized up to £4m of drugs.", "at_most"),
        ("They seized £4m of drugs.", ""),
    ],
)
def test_qualifiers(body: str, qualifier: str) -> None:
    assert only(body).qualifier.value == qualifier


@pytest.mark.parametrize(
    ("body", "period"),
    [
        ("Last year, officers seized £4m of drugs.", "Last year"),
        ("In the last two years officers seized £4m of drugs.", "the last two years"),
        ("Officers seized £4m of drugs this calendar year.", "this calendar year"),
        ("Over four days, officers made 38 arrests.", "four days"),
        ("In the past 12 months officers made 38 arrests.", "the past 12 months"),
        ("Officers made 38 arrests.", ""),
        ("Burglary fell by 18 per cent in the year to March 2024.", "the year to March 2024"),
        ("Since the operation began in June, officers have made 41 arrests.",
         "Since the operation began in June"),
        ("Over the festive period, 286 drivers were arrested.", "the festive period"),
        ("In the same period, 41 people were charged.", "the same period"),
        ("Between 9 and 15 September, 27 warrants were executed.", "Between 9 and 15 September"),
        ("Officers executed 27 warrants from 9 to 15 September.", "9 to 15 September"),
        ("During a week of action, officers made 38 arrests.", "a week of action"),
    ],
)  # fmt: skip
def test_periods(body: str, period: str) -> None:
    assert only(body).period == period


def test_period_from_bullet_list_lead_in() -> None:
    body = "In the last year, officers have:\n\n• Seized £2m of cocaine\n• Made 312 arrests\n"
    facts = facts_of(body)
    assert [(f.text, f.period) for f in facts] == [
        ("£2m", "the last year"),
        ("312 arrests", "the last year"),
    ]


def test_quote_opened_by_said_colon_belongs_to_speaker() -> None:
    body = (
        "Detective Chief Inspector Sarah Jones said: “We have made 45 arrests.”\n\n"
        "The force also seized £20,000 in cash."
    )
    arrests, cash = facts_of(body)
    assert arrests.official is not None
    assert (arrests.official.name, arrests.official.role) == (
        "Sarah Jones",
        "Detective Chief Inspector",
    )
    assert cash.official is None


def test_quote_closed_by_he_said_and_short_rank() -> None:
    body = (
        "Det Supt Mark Allen leads Operation Hawthorn.\n\n"
        "“We executed 28 warrants and seized £1.2m,” he said.\n\n"
        "“Another 14 arrests followed,” DS Allen added."
    )
    facts = facts_of(body)
    assert {f.official.name for f in facts if f.official} == {"Mark Allen"}
    assert all(f.official is not None for f in facts)
    assert {f.operation for f in facts} == {"Operation Hawthorn"}


def test_quote_running_over_paragraphs_keeps_its_speaker() -> None:
    body = (
        "Chief Superintendent Priya Shah said: “This has been a huge effort.\n\n"
        "“We took 4.5 kilos of cocaine off the streets.\n\n"
        "“And we safeguarded 19 children.”\n\n"
        "Separately, the council spent £30,000 on CCTV."
    )
    facts = facts_of(body)
    assert [f.official.name if f.official else "" for f in facts] == [
        "Priya Shah",
        "Priya Shah",
        "",
    ]


def test_reported_speech_and_spokesperson() -> None:
    body = (
        "A spokeswoman for Kent Police said officers had seized £80,000 in cash.\n\n"
        "Police Constable Tom Reed said 12 vehicles were seized.\n\n"
        "The operation cost £15,000."
    )
    cash, vehicles, cost = facts_of(body)
    assert cash.official is not None and "spokeswoman" in cash.official.name
    assert vehicles.official is not None and vehicles.official.name == "Tom Reed"
    assert cost.official is None


def test_operation_named_in_paragraph_beats_principal() -> None:
    body = (
        "Operation Venetic continues. Operation Venetic has led to 60 arrests.\n\n"
        "Under Op Sceptre, officers seized 212 knives.\n\n"
        "Overall the force seized £3m."
    )
    facts = facts_of(body)
    assert [f.operation for f in facts] == [
        "Operation Venetic",
        "Operation Sceptre",
        "Operation Venetic",
    ]


def test_metrics_follow_the_nearest_words() -> None:
    body = "Officers seized drugs worth £4m and a further £1.5m in cash, and made 38 arrests."
    drugs, cash, arrests = facts_of(body)
    assert (drugs.metric, cash.metric, arrests.metric) == (
        "drugs_seized_value",
        "cash_seized",
        "arrests",
    )


def test_fact_ids_are_stable_when_other_text_moves() -> None:
    sentence = "Officers seized £4m of drugs."
    first = only(sentence)
    moved = facts_of("A new opening paragraph.\n\n" + sentence)
    assert moved[0].fact_id == first.fact_id
    assert moved[0].start != first.start


@pytest.mark.parametrize(
    "body",
    [
        "Officers arrested 12 people, Detective Inspector Jane Doe said.",
        "Officers arrested 12 people, said Detective Inspector Jane Doe.",
        "Officers arrested 12 people, according to Detective Inspector Jane Doe.",
        "DI Jane Doe leads the unit.\n\nOfficers arrested 12 people, she said on Monday.",
    ],
)
def test_speaker_named_after_the_figure(body: str) -> None:
    found = only(body).official
    assert found is not None and found.name == "Jane Doe"


def test_a_person_merely_named_after_the_figure_is_not_its_source() -> None:
    assert only("Officers arrested 12 people and DI Jane Doe praised the team.").official is None


def test_an_estimated_value_is_the_claim_itself_unless_hedged() -> None:
    # As real coverage is labelled: the estimate is the force's figure, not a hedge on it.
    assert only("Cocaine with an estimated street value of £2.3m was seized.").qualifier == ""
    assert only("Drugs with an estimated street value of nearly £4m.").qualifier == "nearly"
    assert only("Cannabis estimated at around £90,000 was found.").qualifier == "approx"


@pytest.mark.parametrize(
    ("body", "label"),
    [
        (
            'Detective sergeant Ola Brand said: "We seized 14 knives."',
            "Detective Sergeant Ola Brand",
        ),
        ("Chief inspector Tom Reid said the team made 21 arrests.", "Chief Inspector Tom Reid"),
    ],
)
def test_ranks_written_in_lower_case_after_their_first_word(body: str, label: str) -> None:
    fact = only(body)
    assert fact.official is not None and fact.official.label == label
