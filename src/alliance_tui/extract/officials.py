"""Officials: people named with a rank or role, and the mentions of them in an article.

"Detective Superintendent Ian Hussey", "Det Supt Hussey", "DS Hussey" and "Mr Hussey" are
one person: the first full-name mention fixes the canonical name and role, and later
mentions by surname resolve to it. A spokesperson without a name is an official too,
named by the role ("police spokesman").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_tui.models import Official

#: Abbreviated and full ranks/roles, mapped to the full form a reader expects.
_ROLE_FORMS: dict[str, str] = {
    "Detective Chief Superintendent": "Detective Chief Superintendent",
    "Det Chief Supt": "Detective Chief Superintendent",
    "Det Ch Supt": "Detective Chief Superintendent",
    "DCS": "Detective Chief Superintendent",
    "Chief Superintendent": "Chief Superintendent",
    "Chief Supt": "Chief Superintendent",
    "Ch Supt": "Chief Superintendent",
    "C/Supt": "Chief Superintendent",
    "Detective Superintendent": "Detective Superintendent",
    "Det Supt": "Detective Superintendent",
    "D/Supt": "Detective Superintendent",
    "Superintendent": "Superintendent",
    "Supt": "Superintendent",
    "Detective Chief Inspector": "Detective Chief Inspector",
    "Det Chief Insp": "Detective Chief Inspector",
    "Det Ch Insp": "Detective Chief Inspector",
    "DCI": "Detective Chief Inspector",
    "Chief Inspector": "Chief Inspector",
    "Chief Insp": "Chief Inspector",
    "Ch Insp": "Chief Inspector",
    "Detective Inspector": "Detective Inspector",
    "Det Insp": "Detective Inspector",
    "DI": "Detective Inspector",
    "Inspector": "Inspector",
    "Insp": "Inspector",
    "Detective Sergeant": "Detective Sergeant",
    "Det Sgt": "Detective Sergeant",
    "DS": "Detective Sergeant",
    "Sergeant": "Sergeant",
    "Sgt": "Sergeant",
    "PS": "Police Sergeant",
    "Detective Constable": "Detective Constable",
    "Det Con": "Detective Constable",
    "DC": "Detective Constable",
    "Police Constable": "Police Constable",
    "Special Constable": "Special Constable",
    "PC": "Police Constable",
    "Police Community Support Officer": "Police Community Support Officer",
    "PCSO": "Police Community Support Officer",
    "Chief Constable": "Chief Constable",
    "Deputy Chief Constable": "Deputy Chief Constable",
    "DCC": "Deputy Chief Constable",
    "Assistant Chief Constable": "Assistant Chief Constable",
    "ACC": "Assistant Chief Constable",
    "Chief Officer": "Chief Officer",
    "Deputy Assistant Commissioner": "Deputy Assistant Commissioner",
    "Assistant Commissioner": "Assistant Commissioner",
    "Deputy Commissioner": "Deputy Commissioner",
    "Commissioner": "Commissioner",
    "Commander": "Commander",
    "Police, Fire and Crime Commissioner": "Police, Fire and Crime Commissioner",
    "Police Fire and Crime Commissioner": "Police, Fire and Crime Commissioner",
    "PFCC": "Police, Fire and Crime Commissioner",
    "Deputy Police and Crime Commissioner": "Deputy Police and Crime Commissioner",
    "Police and Crime Commissioner": "Police and Crime Commissioner",
    "PCC": "Police and Crime Commissioner",
    "Deputy Mayor": "Deputy Mayor",
    "Mayor": "Mayor",
    "Councillor": "Councillor",
    "Cllr": "Councillor",
    "His Honour Judge": "Judge",
    "Her Honour Judge": "Judge",
    "Judge": "Judge",
    "Recorder": "Recorder",
}
#: The same table keyed without commas, first form winning, for a lookup per mention.
_ROLE_BY_FORM: dict[str, str] = {}
for _form, _full in _ROLE_FORMS.items():
    _ROLE_BY_FORM.setdefault(_form.replace(",", "").lower(), _full)
_ROLE_PREFIX = r"(?:(?:Temporary|Acting|Interim|Deputy|T/|A/)\s*)?"


def _role_pattern(form: str) -> str:
    """A rank as written: its first word capitalised, the rest in either case, since some
    outlets write "Detective inspector Jane Roe" or "Chief superintendent"."""
    first, _, rest = form.partition(" ")
    pattern = re.escape(first)
    if rest:
        tail = re.escape(rest).replace(r"\ ", r"\.?\s+").replace(",", ",?")
        pattern += rf"\.?\s+(?i:{tail})"
    return pattern


_ROLE_ALTERNATIVES = "|".join(
    _role_pattern(form) for form in sorted(_ROLE_FORMS, key=len, reverse=True)
)
_NAME_TOKEN = (
    r"(?:[A-Z]\.|[A-Z]['’][A-Z][a-z]+|[A-Z](?:[a-z]+|[A-Z]?[a-z]+)(?:-[A-Z][a-z]+|[A-Z][a-z]+)?)"
)
_NOT_NAME = frozenset(
    """The A An And Of For In On At Police Constabulary Force Service Said Says Added Today
    Council County City Officers Operation Op Project He She They It This That We I
    Our Their North South East West Borough District Division Team Unit Crime""".split()
)
#: Words of ranks and roles, which never start a name ("Superintendent Dan Wood").
_ROLE_WORDS = frozenset(
    word for form in _ROLE_FORMS for word in form.replace(",", "").split() if word[0].isupper()
)
_POSTNOMINALS = re.compile(r"\s+(?:OBE|MBE|CBE|QPM|KPM|QC|KC|CB|DL|JP)\b")

_RANKED = re.compile(
    rf"(?<![\w-])(?P<role>{_ROLE_PREFIX}(?:{_ROLE_ALTERNATIVES}))\b\.?"
    rf"(?P<place>[^\S\n]+(?:for|of|at)[^\S\n]+(?:the[^\S\n]+)?(?:[A-Za-z&’'-]+[^\S\n]+){{0,4}}?)?"
    rf"(?:[^\S\n]*\([A-Z]{{2,5}}\))?,?[^\S\n]*(?P<name>{_NAME_TOKEN}(?:[^\S\n]+{_NAME_TOKEN}){{0,3}})"
)
#: "Deputy Mayor for Policing, Kate Green": a role with its remit, then the name after a comma.
_RANKED_APPOSITIVE = re.compile(
    rf"(?<![\w-])(?P<role>{_ROLE_PREFIX}(?:{_ROLE_ALTERNATIVES}))\b\.?"
    rf"[^\S\n]+(?:for|of|at)[^\S\n]+[\w’'&-]+(?:[^\S\n]+[\w’'&-]+){{0,5}}?,[^\S\n]+"
    rf"(?P<name>{_NAME_TOKEN}(?:[^\S\n]+{_NAME_TOKEN}){{1,2}})"
)
_NAME_THEN_ROLE = re.compile(
    rf"(?<![A-Za-z])(?P<name>{_NAME_TOKEN}[^\S\n]+{_NAME_TOKEN}(?:[^\S\n]+{_NAME_TOKEN})?),[^\S\n]+(?:the[^\S\n]+|a[^\S\n]+)?"
    rf"(?P<role>(?:[\w’'-]+\s+){{0,6}}?(?:{_ROLE_ALTERNATIVES}|head|chief|director|leader|"
    rf"manager|lead|chair|chairman|chairwoman|officer|commissioner|spokesman|spokeswoman|"
    rf"spokesperson|inspector|superintendent|detective)(?:\s+(?:of|for|at)\s+[\w ’'&-]{{2,60}}?)?),"
)
#: Titles outside the police ranks: "Justice Secretary Angela Constance", "Policing Minister
#: Chris Philp", "Council Leader Mark Green". A full name is required, to keep precision.
_TITLED = re.compile(
    r"(?<![\w-])(?P<role>(?:[A-Z][a-z]+[^\S\n]+){0,3}(?:Secretary|Minister|Director|Executive|"
    r"Leader|Chairman|Chairwoman|Chair|Manager|Co-?ordinator|Commissioner|Officer|Prosecutor))"
    rf"[^\S\n]+(?P<name>{_NAME_TOKEN}(?:[^\S\n]+{_NAME_TOKEN}){{1,2}})"
)
_HONORIFIC = re.compile(rf"(?<![A-Za-z])\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?P<name>{_NAME_TOKEN})")
_SPOKESPERSON = re.compile(
    r"(?<![A-Za-z])\b(?:an?|the)\s+(?P<who>(?:(?:police|force|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}"
    r"(?:\s+Police|\s+Constabulary)?)\s+)?(?:spokesman|spokeswoman|spokesperson))\b"
    r"|\b(?P<who2>(?:police|force)\s+(?:spokesman|spokeswoman|spokesperson))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    official: Official


def _clean_name(raw: str, had_place: bool) -> str:
    name = _POSTNOMINALS.sub("", raw).strip().rstrip(".")
    tokens = name.split()
    while tokens and tokens[-1] in _NOT_NAME:
        tokens.pop()
    while tokens and (tokens[0] in _NOT_NAME or tokens[0].rstrip(".") in _ROLE_WORDS):
        tokens.pop(0)
    if had_place and len(tokens) > 2:
        tokens = tokens[-2:]
    return " ".join(tokens)


def _spokesperson_name(phrase: str) -> str:
    words = phrase.lower().split()
    noun = words[-1]
    if len(words) > 1 and words[0] == "force":
        return f"force {noun}"
    if len(words) > 1:
        return f"police {noun}"
    return noun


class Registry:
    """The officials of one article, resolvable by surname."""

    def __init__(self) -> None:
        self._by_surname: dict[str, Official] = {}

    def add(self, name: str, role: str) -> Official:
        surname = name.split()[-1].lower()
        known = self._by_surname.get(surname)
        if known is None or (len(name.split()) > len(known.name.split())):
            official = Official(name=name, role=role or (known.role if known else ""))
            self._by_surname[surname] = official
            return official
        if not known.role and role:
            known = Official(name=known.name, role=role)
            self._by_surname[surname] = known
        return known

    def lookup(self, surname: str) -> Official | None:
        return self._by_surname.get(surname.lower())

    def surnames(self) -> list[str]:
        return list(self._by_surname)


def find_mentions(text: str) -> list[Mention]:
    """Every mention of an official in the text, resolved within the article."""
    registry = Registry()
    raw = _named_mentions(text)
    # Full names first, so that "DS Hussey" later resolves to "Ian Hussey".
    for _, _, name, role in sorted(raw, key=lambda item: -len(item[2].split())):
        registry.add(name, role)
    mentions = [
        Mention(start, end, registry.lookup(name.split()[-1]) or Official(name=name, role=role))
        for start, end, name, role in raw
    ]
    taken = [(m.start, m.end) for m in mentions]

    def claim(start: int, end: int, official: Official) -> None:
        mentions.append(Mention(start, end, official))
        taken.append((start, end))

    for match in _HONORIFIC.finditer(text):
        official = registry.lookup(match.group("name"))
        if official and not _overlaps(match.span(), taken):
            claim(match.start(), match.end(), official)
    surnames = registry.surnames()
    if surnames:
        # One scan for every surname: a pattern per surname per article was compiled anew.
        alternatives = "|".join(re.escape(name) for name in sorted(surnames, key=len, reverse=True))
        for match in re.finditer(rf"\b(?:{alternatives})\b", text, re.IGNORECASE):
            official = registry.lookup(match.group())
            if official and match.group()[0].isupper() and not _overlaps(match.span(), taken):
                claim(match.start(), match.end(), official)
    for start, end, official in _spokespeople(text, taken):
        claim(start, end, official)
    mentions.sort(key=lambda m: m.start)
    return mentions


def _named_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, role) of every official named with a rank, title or role."""
    raw: list[tuple[int, int, str, str]] = []
    for match in _RANKED_APPOSITIVE.finditer(text):
        name = _clean_name(match.group("name"), False)
        if len(name.split()) >= 2:
            raw.append(
                (match.start(), match.end("name"), name, _canonical_role(match.group("role")))
            )
    for match in _RANKED.finditer(text):
        if _overlaps(match.span(), [(start, end) for start, end, _, _ in raw]):
            continue
        name = _clean_name(match.group("name"), bool(match.group("place")))
        if not name:
            continue
        role = _canonical_role(match.group("role"))
        raw.append((match.start(), match.start("name") + len(match.group("name")), name, role))
    for match in _TITLED.finditer(text):
        name = _clean_name(match.group("name"), False)
        if len(name.split()) >= 2 and not _overlaps(match.span(), [(a, b) for a, b, _, _ in raw]):
            raw.append((match.start(), match.end("name"), name, match.group("role")))
    for match in _NAME_THEN_ROLE.finditer(text):
        name = _clean_name(match.group("name"), False)
        if len(name.split()) < 2 or _overlaps(match.span("name"), [(a, b) for a, b, _, _ in raw]):
            continue
        raw.append((match.start(), match.end("role"), name, _role_phrase(match.group("role"))))
    return raw


def _spokespeople(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, Official]]:
    """Mentions of a spokesperson; "the spokesman" later is the one introduced before.

    Each found span is added to `taken`, as the caller's own mentions are."""
    found: list[tuple[int, int, Official]] = []
    spokesperson: Official | None = None
    # A plain substring test first: most articles quote no spokesperson, and the pattern
    # is slow to rule out at every "a" and "the".
    spoken = "spokes" in text or "Spokes" in text or "SPOKES" in text
    for match in _SPOKESPERSON.finditer(text) if spoken else ():
        if _overlaps(match.span(), taken):
            continue
        phrase = match.group("who") or match.group("who2")
        named = Official(name=_spokesperson_name(phrase), role="spokesperson")
        # "The spokesman" later in the article is the spokesperson introduced earlier.
        if spokesperson is None or (
            len(phrase.split()) > 1
            and named != spokesperson
            and not match.group().lower().startswith("the ")
        ):
            spokesperson = named
        found.append((match.start(), match.end(), spokesperson or named))
        taken.append((match.start(), match.end()))
    return found


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _canonical_role(raw: str) -> str:
    words = " ".join(raw.replace(".", " ").split())
    prefix = ""
    for candidate in ("Temporary ", "Acting ", "Interim ", "T/", "A/"):
        if words.startswith(candidate) and words[len(candidate) :].strip():
            rest = words[len(candidate) :].strip()
            if _lookup_role(rest):
                prefix = {"T/": "Temporary ", "A/": "Acting "}.get(candidate, candidate)
                words = rest
            break
    return prefix + (_lookup_role(words) or words)


def _lookup_role(words: str) -> str | None:
    return _ROLE_BY_FORM.get(words.replace(",", "").lower())


def _role_phrase(raw: str) -> str:
    phrase = " ".join(raw.split())
    full = _lookup_role(phrase.replace(".", ""))
    return full or phrase
