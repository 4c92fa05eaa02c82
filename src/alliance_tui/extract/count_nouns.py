"""The counted noun: reading "28 drugs warrants" or "555 cocaine and heroin wraps" after a number.

A count's noun is the head of the short phrase after its number: the first plural word not
followed by another plural. Words that end the phrase (stop-words), spans of time that are
never counts ("three days"), and the verbs whose participles stand in for a noun ("93
arrested") are listed here, so that every count rule reads nouns the same way.
"""

from __future__ import annotations

import re

from alliance_tui.calendar_words import MONTH_NUMBERS

#: A word, after an opening quote if any ("904 of these “cuckooed” homes").
_WORD = re.compile(r"[ \t]+(?P<q>[\"“‘]?)(?P<w>[A-Za-z][A-Za-z'’-]*)(?P<p>[,.;:!?)”\"’]*)")
STOP = frozenset(
    """a an the and or but of to in on at by for from with without into onto as than then that
    this these those which who whom whose were was is are be been being have has had having do
    does did will would could should may might must can shall not no per each every other
    others more most less fewer such so very also just only still already again over under up
    down out off across about around after before between during since until while where when
    its his her their our your my it he she they we you them him us there here what how why
    if all any both some same own including include includes included while whilst""".split()
)
_IRREGULAR_PLURALS = frozenset(
    "people children men women police staff personnel cattle sheep youths offspring".split()
)
NOT_COUNTED = frozenset(
    """years year months month weeks week days day hours hour minutes minute seconds second
    decades decade centuries nights night weekends times occasions miles metres meters feet
    yards inches kilometres km mph degrees litres pounds pence percent cent grams kilos
    tonnes tons points goals runs wickets stone o'clock ones others microgrammes micrograms
    milligrammes milligrams millilitres milliliters ml mg quarters""".split()
)
MONTHS = frozenset(MONTH_NUMBERS)
_SCALE_WORDS = frozenset(
    "hundred hundreds thousand thousands million millions billion billions".split()
)
#: Plural-looking words that are not nouns; they matter where a noun is searched backwards.
_NOT_NOUNS = frozenset(
    """always perhaps whereas sometimes towards afterwards besides nevertheless various
    previous nearly thus hers ours yours theirs overseas indoors outdoors upwards downwards
    backwards forwards sideways nowadays whereabouts""".split()
)
#: Words that can stand before "and" inside one noun phrase ("cocaine and heroin wraps");
#: a participle, adverb or day there means the "and" joins clauses, not nouns.
_CLAUSE_END = re.compile(
    r"(?:ed|ly)$|^(?:yesterday|today|tonight|overnight|ago|earlier|later|now|too|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
    re.I,
)
#: Verbs whose participle, right after a number, says what was counted: "93 arrested".
PERSON_VERBS = frozenset(
    """arrested charged convicted jailed detained sentenced cautioned remanded bailed
    summonsed summoned safeguarded rescued released injured hurt killed questioned
    interviewed prosecuted imprisoned deported identified""".split()
)
#: Participles that count people or things alike ("40 stopped"): people when nothing else.
EITHER_VERBS = frozenset("stopped searched caught detected reported".split())
THING_VERBS = frozenset(
    """seized recovered recorded surrendered found executed confiscated destroyed issued
    dismantled disrupted closed discharged fired handed""".split()
)
#: The one common counted noun that contains a stop-word.
_STOP_AND_SEARCH = re.compile(
    r"[^\S\n]+(?:[a-z-]+[^\S\n]+)?(?P<noun>stop[- ](?:and[- ])?search(?:es)?)\b", re.I
)
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
_KNOWN_COUNT_NOUNS = frozenset(
    """arrests arrested people children men women victims warrants officers offences crimes
    offenders suspects vehicles cars knives weapons firearms guns plants seizures charges
    searches stop-searches premises properties addresses homes farms groups gangs lines
    members individuals defendants convictions reports calls referrals raids drivers
    burglaries thefts robberies incidents cases deaths injuries fines orders""".split()
)
_PEOPLE = re.compile(
    r"^(?:people|persons|men|women|children|adults|suspects|individuals|offenders|teenagers|"
    r"youths|males|females|boys|girls|drivers|youngsters|residents|defendants|members|"
    r"juveniles|motorists|riders|victims|pupils|students|nationals|workers)$"
)


def count_noun(text: str, pos: int) -> tuple[int, str] | None:
    """After a number at `pos`, the end offset and head noun of the counted thing, if any.

    Up to four words are read; stop-words end the phrase, except one "and"/"or" joining
    modifiers before any plural ("109 education and engagement events"), and an "other"
    right after the number ("nine other motoring offences"). The head is the first plural
    word not followed by another plural (so "drugs seizures" counts seizures).
    """
    compound = _STOP_AND_SEARCH.match(text, pos)
    if compound:
        return compound.end(), " ".join(compound.group("noun").lower().split())
    words = _phrase_after(text, pos)
    if not words or words[0][0].lower() in MONTHS:
        return None
    head: tuple[str, int] | None = None
    for index, (word, end) in enumerate(words):
        if not is_plural_noun(word):
            if head:
                break
            continue
        head = (word, end)
        following = words[index + 1][0] if index + 1 < len(words) else ""
        if not following or not is_plural_noun(following):
            break
    if head is None or head[0].lower() in NOT_COUNTED:
        return None
    return head[1], head[0].lower()


def _phrase_after(text: str, pos: int) -> list[tuple[str, int]] | None:
    """Up to four (word, end) of the phrase after a number; None where the number turns
    out not to be a count (a span of time, a number read in part)."""
    words: list[tuple[str, int]] = []
    cursor = pos
    joined = skipped = False
    while len(words) < 4:
        match = _WORD.match(text, cursor)
        if not match:
            break
        word = match.group("w").rstrip("'’-")
        lowered = word.lower()
        if lowered in STOP:
            if lowered == "other" and not words and not skipped and not match.group("p"):
                skipped = True
            elif (
                lowered in ("and", "or")
                and words
                and not joined
                and not match.group("p")
                and not any(is_plural_noun(w) for w, _ in words)
                and not _CLAUSE_END.search(words[-1][0])
            ):
                joined = True
            else:
                break
            cursor = match.end()
            continue
        if lowered in _SCALE_WORDS:
            return None  # "18 one million people": the number was not read whole
        if lowered in NOT_COUNTED or lowered.startswith("year"):
            if any(is_plural_noun(w) for w, _ in words):
                break  # "29 warrants last week": the noun came before the time
            return None  # "two years", "12 months officers": a span of time, not a count
        words.append((word, match.start("w") + len(word)))
        cursor = match.end()
        punctuation = match.group("p")
        if match.group("q") and punctuation in ('"', "”", "’"):
            continue  # a word in quotes inside the phrase
        if punctuation:
            break
    return words


def is_plural_noun(word: str) -> bool:
    lowered = word.lower()
    if lowered in _IRREGULAR_PLURALS or _ACRONYM_PLURAL.fullmatch(word):
        return True  # "PCSOs", "OCGs": counted things, though capitalised
    if word[:1].isupper() and lowered not in _KNOWN_COUNT_NOUNS:
        return False
    if lowered in STOP or lowered in MONTHS or lowered in _NOT_NOUNS or len(lowered) < 4:
        return False
    return lowered.endswith("s") and not lowered.endswith(("ss", "us", "is", "ous", "'s", "’s"))


def is_people(unit: str) -> bool:
    return bool(_PEOPLE.match(unit))


_WORD_BEFORE = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def plural_noun_before(text: str, start: int, end: int) -> str:
    """The nearest counted plural noun in text[start:end], read backwards; "" if none."""
    for match in reversed(list(_WORD_BEFORE.finditer(text, start, end))):
        word = match.group()
        if word == "Police":
            continue  # a force's name ("West Midlands Police"), not the counted police
        if word.lower() not in NOT_COUNTED and is_plural_noun(word):
            return word.lower()
    return ""
