"""Who makes a claim: the organisation a figure is credited to when no official is named.

Most figures in police news come from the force itself, not from a named officer: "Merseyside
Police said…", "figures released by the Office for National Statistics show…", "according
to the NCA". The credit nearest the figure wins: its sentence, then its paragraph. Without
one, a force's own release (its `source` is a police body) claims its figures, and news
copy keeps the organisation it last credited, as reporters credit once and then go on.
"The force" and "police" are the force the article names first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from alliance_tui.extract.structure import Layout, Span

#: The last word of an organisation's name.
_ORG_HEAD = (
    r"(?:Police(?:\s+Service(?:\s+of\s+Northern\s+Ireland)?|\s+Scotland)?|Constabulary|"
    r"Crime\s+Agency|Office\s+for\s+National\s+Statistics|Home\s+Office|Ministry\s+of\s+Justice|"
    r"Action\s+Fraud|Policing\s+Board|Commissioner|Prosecution\s+Service|Council|Unit|Agency|"
    r"Authority|Office|Service|Trust|Finance|Mutual|Network|Partnership|Inspectorate|"
    r"Government|Department|Squad|Team|Force)"
)
#: Capitals that are not a body: places, things, and letters after a name ("Judge Aubrey QC").
_ACRONYM = (
    r"(?!(?:UK|CCTV|ASB|OCGs?|TV|NHS|HGV|MP|MPs|QC|KC|OBE|MBE|CBE|QPM|KPM|JP|DL|BBC|ITV)\b)"
    r"[A-Z]{2,8}\b"
)
_PARTY = (
    r"(?:(?:the\s+)?(?:Labour|Conservative|Green|Liberal\s+Democrat|Reform(?:\s+UK)?|Scottish\s+"
    r"National|Alba|Alliance|Democratic\s+Unionist|Ulster\s+Unionist|Social\s+Democratic\s+and\s+"
    r"Labour)\s+Party|Labour|the\s+Conservatives|Conservatives|Tories|Greens|Liberal\s+Democrats|"
    r"Lib\s+Dems|SNP|Plaid\s+Cymru|Reform\s+UK|DUP|SDLP|UUP|Sinn\s+F[eé]in)"
)
#: People of a court, who claim what they say, and only that.
_COURT = (
    r"(?i:(?:the\s+)?(?:prosecutors?|prosecution|judge|court|coroner|jury|magistrates|defence))"
)
_ORG = (
    rf"(?:(?:[A-Z][\w&’'-]+[^\S\n]+(?:(?:and|of|for|&)[^\S\n]+)?){{0,5}}{_ORG_HEAD}\b|"
    rf"{_PARTY}|{_COURT}|{_ACRONYM}|(?:the[^\S\n]+)?(?:force|police))"
)
_ASIDE = r"(?:[^\S\n]*\([^()\n]{1,15}\))?"  # "the National Crime Agency (NCA) said"
_VERB = (
    r"(?:said|says|say|revealed|reveals|reported|reports|confirmed|announced|stated|added|"
    r"told|explained|estimated|estimates|recorded|released|published|claimed|claims|warned|"
    r"argued|insisted|alleged|heard|ordered|ruled)"
)
_CREDITS = re.compile(
    # every credit starts a word: checked once, before any alternative is tried
    r"(?<![\w&’'-])(?=[A-Za-z])(?:"
    rf"(?P<a>{_ORG}){_ASIDE}(?:[^\S\n]+(?:has|have|had|also))?[^\S\n]+{_VERB}\b"
    rf"|\b(?i:said|says|according[^\S\n]+to|a[^\S\n]+spokes(?:man|woman|person)[^\S\n]+"
    rf"(?:for|from))[^\S\n]+(?:the[^\S\n]+)?(?P<b>{_ORG})"
    rf"|\b(?i:figures|data|statistics|numbers)[^\S\n]+(?:\w+[^\S\n]+)?(?i:by|from)[^\S\n]+"
    rf"(?:the[^\S\n]+)?(?P<c>{_ORG})"
    rf"|(?P<d>{_ORG})(?:’s|'s)?[^\S\n]+(?i:figures|data|statistics|spokes(?:man|woman|person))\b"
    r")",
)
#: A force's name, to stand for "the force" and "police".
_FORCE = re.compile(
    r"(?<![\w&’'-])(?=[A-Z])(?:[A-Z][\w&’'-]+[^\S\n]+(?:(?:and|of)[^\S\n]+)?){1,4}(?:Police|Constabulary)\b"
    r"(?![^\S\n]+(?:and[^\S\n]+Crime|Federation|Scotland))|Police[^\S\n]+Scotland|PSNI|"
    r"Police[^\S\n]+Service[^\S\n]+of[^\S\n]+Northern[^\S\n]+Ireland"
)
#: Sources that publish their own figures: a press office's release claims them.
_OWN_RELEASE = re.compile(
    r"Police|Constabulary|Crime\s+Agency|Commissioner|Policing\s+Board|\bPCC\b|\bNCA\b|"
    r"HMICFRS|Home\s+Office",
    re.I,
)
_DEFINED = re.compile(
    rf"(?<![\w&’'-])(?=[A-Z])(?P<long>(?:[A-Z][\w&’'-]+[^\S\n]+(?:(?:and|of|for|&)[^\S\n]+)?){{0,5}}{_ORG_HEAD})"
    r"[^\S\n]*\((?P<short>[A-Z]{2,8})\)"
)
_GENERIC = re.compile(r"(?:the\s+)?(?:force|police)$", re.I)


@dataclass(frozen=True)
class Credit:
    start: int
    claimant: str
    #: A body whose figures the article goes on reporting (a force, the ONS), not a
    #: party or a critic, whose claim is theirs alone.
    carries: bool = True


class Claimants:
    """Answers "which organisation claims the figure at this offset?" for one article."""

    def __init__(self, layout: Layout, source: str) -> None:
        self._layout = layout
        force = _FORCE.search(layout.text)
        own = source.strip() if _OWN_RELEASE.search(source) else ""
        named = _FORCE.search(own)  # "Your Herefordshire (republished West Mercia Police release)"
        own = _tidy(named.group()) if named and named.group() != own else own
        self._force = _tidy(force.group()) if force else own
        self._own_release = own
        #: "the Office for National Statistics (ONS)": later "ONS" is the same body
        self._expansions = {
            m.group("short"): _tidy(m.group("long")) for m in _DEFINED.finditer(layout.text)
        }
        self.credits = [self._credit(match) for match in _CREDITS.finditer(layout.text)]
        self._expansions |= _by_initials(self.credits)
        self.credits = [
            Credit(c.start, self._expansions.get(c.claimant, c.claimant), c.carries)
            for c in self.credits
        ]
        self._starts = [credit.start for credit in self.credits]
        lead = layout.paragraphs[min(2, len(layout.paragraphs) - 1)].span.end
        self._lead_end = lead if layout.paragraphs else 0

    def claimant_at(self, offset: int, sentence: Span) -> str:
        paragraph = self._layout.paragraph_at(offset).span
        for scope in (sentence, paragraph):
            inside = self._within(scope)
            if inside:
                before = [c for c in inside if c.start <= offset]
                return (before[-1] if before else inside[0]).claimant
        if self._own_release:
            return self._own_release
        # News copy credits once: the credit before the figure, or for a headline or an
        # opening line, the first one after it.
        earlier = [c for c in self.credits[: bisect_right(self._starts, offset)] if c.carries]
        if earlier:
            return earlier[-1].claimant
        # a headline or opening line: the credit of the article's lead, if it has one
        lead = [c for c in self.credits if c.carries and c.start < self._lead_end]
        return lead[0].claimant if lead else ""

    def _within(self, scope: Span) -> list[Credit]:
        first = bisect_right(self._starts, scope.start - 1)
        last = bisect_right(self._starts, scope.end - 1)
        return self.credits[first:last]

    def _credit(self, match: re.Match[str]) -> Credit:
        name = _tidy(next(group for group in match.groups() if group))
        if _GENERIC.fullmatch(name):
            name = self._force or name.lower().removeprefix("the ")
        name = self._expansions.get(name, name)
        court = _COURT_NAME.fullmatch(name)
        if court:
            name = name.lower()  # "Prosecutors said" at a sentence's start
        return Credit(match.start(), name, carries=not (court or _PARTY_NAME.fullmatch(name)))


#: Capitalised words that start a sentence, not a name: "Yesterday Kent Police said".
_NOT_NAME = frozenset(
    """The A An Yesterday Today Tonight Last This In On At But And However Meanwhile Now
    Earlier Officers Detectives Figures Data According Speaking Separately Elsewhere Overall
    Nationally Locally Also Since After Before During While When""".split()
)


_PARTY_NAME = re.compile(_PARTY)
_COURT_NAME = re.compile(_COURT)


def _by_initials(credits: list[Credit]) -> dict[str, str]:
    """ "NCA" for "National Crime Agency" when the article credits both."""
    found: dict[str, str] = {}
    for credit in credits:
        words = [w for w in credit.claimant.split() if w not in ("of", "for", "and", "&", "the")]
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            found["".join(w[0] for w in words)] = credit.claimant
    return found


#: "DCI Jane Doe of Kent Police": the force, as the person is the official.
_OF_FORCE = re.compile(rf"\s(?:of|for)\s(?=(?:{_FORCE.pattern})$)")


def _tidy(name: str) -> str:
    parts = _OF_FORCE.split(" ".join(name.split()), maxsplit=1)
    words = parts[-1].split()
    while len(words) > 1 and (words[0] in _NOT_NAME or words[0] == "the"):
        words.pop(0)
    return " ".join(words)
