"""The words of change statements: the verbs that say which way, and the patterns around
a figure that give its part ("fell by N", "a drop of N", "from N", "compared with N")."""

from __future__ import annotations

import re

from alliance_tui.models import Direction

_I = re.IGNORECASE
HEDGE = (
    r"(?:(?:just|well|slightly)\s+)?(?:over|under|more\s+than|less\s+than|fewer\s+than|"
    r"nearly|almost|around|about|some|approximately|roughly|only|just)\s+"
)
UP = (
    r"rose|risen|rise|rises|rising|increased?|increases|increasing|grew|grown|growing|"
    r"climb(?:ed|s)?|climbing|jump(?:ed|s)?|jumping|soar(?:ed|s)?|soaring|rocket(?:ed|ing|s)?|doubled|"
    r"higher|greater|surged?|surging|spiked?"
)
DOWN = (
    r"fell|fallen|falls?|falling|dropped|drops?|dropping|decreased?|decreases|decreasing|"
    r"declined?|declines|declining|reduced|reductions?|reduces|reducing|reduce|cut|cuts|shrank|"
    r"shrunk|halved|slump(?:ed|s)?|plunged?|plummet(?:ed|ing)?|dipped|lower|fewer"
)
#: "were up", "down by", "up from", "gone up": up and down only where they state a change.
UPDOWN = (
    r"(?:(?:was|were|is|are|been|be|gone|went|going|figures?|also|all)\s+(?:also\s+)?(?:up|down)"
    r"|(?:up|down)(?=\s+(?:by|from|on|\d|£|a\s|an\s|nearly|almost|around|about|more|over)))"
)
BE_UPDOWN = r"(?:(?:was|were|is|are|been|be|gone|went|going|also|all)\s+(?:also\s+)?(?:up|down))"
CUE = re.compile(rf"(?<![A-Za-z])\b(?:(?P<up>{UP})|(?P<down>{DOWN})|(?P<updown>{UPDOWN}))\b", _I)
#: The words any cue starts with: a set lookup rules a text out before a regex scans it.
CUE_WORDS = frozenset(
    """rose risen rise rises rising increase increased increases increasing grew grown growing
    climb climbed climbing jump jumped jumping soar soared soaring rocket rocketed rocketing
    rockets doubled higher greater surge surged surging spike spiked fell fallen fall falls
    falling dropped drop drops dropping decrease decreased decreases decreasing decline declined
    declines declining reduced reduction reductions reduces reducing reduce cut cuts shrank
    shrunk halved slump slumped plunge plunged plummet plummeted plummeting dipped lower fewer
    up down""".split()
)
WORDS = re.compile(r"[a-z]+")
#: A sentence that compares values: a change verb, or a comparison in words.
COMPARISON = re.compile(
    rf"\b(?:{UP}|{DOWN}|{UPDOWN}|going|went|gone|compare[sd]?|comparison|previous"
    r"|year\s+before|year-on-year|unchanged|flat|stable|steady|stands?|stood|against|average)\b",
    _I,
)
COMPARISON_WORDS = CUE_WORDS | frozenset(
    """going went gone compare compares compared comparison previous before unchanged flat
    stable steady stand stands stood against average""".split()
)
#: "The same campaign in 2010 saw 176 arrests from 6,501 tests": values from an earlier time.
SAME_EARLIER = re.compile(
    r"[\"“‘']?(?:(?:Last\s+year|A\s+year\s+(?:earlier|ago)|Twelve\s+months\s+(?:earlier|ago))"
    r",?\s+the\s+same\b"
    r"|The\s+same\s+(?:\w+\s+){0,2}?(?:in|during|last|a\s+year\s+earlier|the\s+year\s+before)\b"
    # "Last year's campaign resulted in 176 arrests", "A similar week in March saw 29"
    r"|(?:Last\s+year['’]s|The\s+previous|A\s+similar|The\s+equivalent|A\s+year\s+earlier,?\s+the)"
    r"\s+[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:resulted\s+in|saw|produced|led\s+to|brought|recorded)\b)",
    _I,
)
#: "in 2019, when its rate was 84.4 per cent": a value of an earlier year.
WHEN_EARLIER = re.compile(
    r"\b(?:19|20)\d\d(?:/\d\d)?[^.;]{0,25},\s+when\s+(?:[\w’'-]+\s+){0,5}$", _I
)
#: "420 young people, almost double the number in 2023": a later value beside a multiple.
MULTIPLE_AFTER = re.compile(
    r"(?:\s+(?:in|during|last|this)\s+[\w/-]+)?"
    r",?\s+(?:(?:almost|nearly|more\s+than|over|about|around|roughly)\s+)?"
    r"(?P<word>double|twice|treble|triple|three\s+times|half)\s+(?:the|that|what)\b",
    _I,
)
#: "a rise of 86, or 24.5 per cent": the same change again.
OR_AGAIN = re.compile(
    r",?\s+or\s+(?:just\s+)?(?:over\s+|under\s+|nearly\s+|almost\s+|about\s+)?$", _I
)


#: Every word one of the patterns before a figure needs (cues, by, of, from, to, compared).
BEFORE_WORDS = CUE_WORDS | frozenset(
    """by of from to compare compares compared against versus vs than double twice treble
    triple half on
    increase rise drop fall decrease reduction cut jump growth decline""".split()
)


#: A sentence holding none of these (nor a bracket) cannot state a change.
SENTENCE_WORDS = CUE_WORDS | frozenset(
    """compare compares compared against versus vs than double twice treble triple half previous
    same more less
    higher uplift increase increases rise rises drop drops fall falls decrease reduction cut
    cuts jump jumps growth decline declines""".split()
)


def may_compare(text: str, start: int, end: int) -> bool:
    if "(" in text[start:end]:
        return True
    words = words_in(text, start, end)
    return not SENTENCE_WORDS.isdisjoint(words) or ("from" in words and "to" in words)


def words_in(text: str, start: int, end: int) -> set[str]:
    return set(WORDS.findall(text[start:end].lower()))


def has_cue(text: str, start: int, end: int) -> bool:
    if CUE_WORDS.isdisjoint(words_in(text, start, end)):
        return False
    return bool(CUE.search(text, start, end))


#: Immediately before a figure that is the size of a change: "fell by", "a drop of", "down".
CHANGE_BEFORE = re.compile(
    rf"(?:(?:\b(?:{UP}|{DOWN}|{BE_UPDOWN})|(?:[,;(–—]|\s-)\s*(?:up|down))"
    r"\s+(?:(?:in|across|for|at)\s+(?:the\s+)?[\w-]+\s+)?"
    r"(?:by\s+)?"
    r"|\b(?:increase|rise|drop|fall|decrease|reduction|cut|jump|growth|decline)s?\s+of\s+"
    r"|\bby\s+)"
    r"(?:(?:a|an)\s+(?:whopping|massive|further|staggering|huge|significant)\s+)?"
    rf"(?:{HEDGE})?$",
    _I,
)
#: Immediately after: "a 2% drop", "1,747 fewer people", "46 per cent more than".
CHANGE_AFTER = re.compile(
    r"\s+(?:(?P<fewer>fewer|less|lower)|(?P<more>more|higher)|"
    r"(?:year-on-year\s+|annual\s+)?(?:increase|rise|drop|fall|decrease|reduction|cut|jump|"
    r"decline|uplift)s?\b)",
    _I,
)
FROM_BEFORE = re.compile(rf"(?<![A-Za-z])\bfrom\s+(?:a\s+total\s+of\s+)?(?:{HEDGE})?$", _I)
COMPARED_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:\bcompared?\s+(?:with|to)|\bcompares\s+(?:with|to)|\bagainst|\bversus|\bvs\.?"
    r"|\b(?:higher|lower|greater)\s+than|\b(?:double|twice|treble|triple|half)|\b(?:on|from|than))\s+"
    r"(?:the\s+|an?\s+(?:[\w-]+\s+){0,2}?(?:average|figure|total|rate|level)\s+of\s+)?"
    rf"(?:{HEDGE})?$",
    _I,
)
TO_BEFORE = re.compile(
    r"(?<![A-Za-z])(?<!\bup\s)\bto\s+(?:a\s+(?:current\s+|new\s+|record\s+)?(?:total|figure|level|high|low)\s+of\s+)?"
    rf"(?:{HEDGE})?$",
    _I,
)
#: "1,204 (2022/23: 1,377)": a bracket naming the earlier period before its value.
PERIOD_IN_BRACKET = re.compile(r"\s*\(\s*[^():]{1,30}:\s*", _I)
#: The label of a table row written as prose: "Shoplifting: " before "4,477 (3,102)".
TABLE_LABEL = re.compile(r"\s*[-•*]?\s*[A-Z][^.:;\n]{2,48}:\s*")
#: "down 87 at 702": the level after the change.
LEVEL_AFTER_CHANGE = re.compile(r"\b(?:up|down)\s+[\d,.]+\s+at\s+$", _I)
#: A comparison with another place's figure: "against a national average of", "the Welsh
#: figure of" (a change compared with a change is still a change).
BENCHMARK = re.compile(
    r"(?<![A-Za-z])\b(?:average|figure|rate|level)\b[^.;]{0,40}?\bof\s+(?:\w+\s+)?$", _I
)
COMPARING_WORD = re.compile(r"compare|against|versus|\bvs\b|than|double|twice|half", _I)
CUE_BEFORE_TO = re.compile(
    rf"(?<![A-Za-z])\b(?:{UP}|{DOWN}|up|down|increase|rise|drop|fall)\b,?(?:\s+[\w,-]+){{0,8}}?\s+to\s+"
    rf"(?:a\s+(?:current\s+|new\s+|record\s+)?(?:total|figure|level|high|low)\s+of\s+)?"
    rf"(?:{HEDGE})?$",
    _I,
)
COMPARATIVE_CONTEXT = re.compile(
    r"\bthan\b|\bcompared\b|\bprevious\b|\blast\s+year\b|\byear\s+before\b|"
    r"\bper\s+(?:day|week|month)\b|\ba\s+(?:day|week)\b|\bon\s+the\s+year\b",
    _I,
)
#: Between a value and the change that follows it: "12,612 violent crimes in 2008-09, a 2%".
APPOSITION = re.compile(
    r"[^.;:]{0,60}(?:,|\s[–—-])\s+(?:(?:a|an)\s+(?:[\w-]+\s+)?"
    r"(?:(?:rise|fall|increase|drop|decrease|reduction|jump|cut|decline)\s+of\s+)?"
    rf"|(?:up|down)\s+(?:by\s+)?|(?:just\s+|some\s+)?)(?:{HEDGE})?",
    _I,
)
HEDGE_THAN = re.compile(r"(?:more|less|fewer)\s+than\s*$", _I)
WITH_BEFORE = re.compile(rf"\bwith\s+(?:{HEDGE})?$", _I)
#: After a compared value: a period that says it is the later one ("the following year").
LATER_PERIOD = re.compile(
    r"\s+(?:\w+\s+){0,4}?(?:the\s+)?(?:following|next|subsequent)\s+(?:year|12\s+months|period)"
    r"|\s+a\s+year\s+later",
    _I,
)
EARLIER_PERIOD = re.compile(
    r"\s+(?:(?:in|during|over)\s+)?(?:the\s+)?(?:previous|preceding|prior)\s+"
    r"|\s+(?:in\s+)?the\s+(?:year|month|week)\s+before\b|\s+a\s+year\s+(?:earlier|before)\b",
    _I,
)
CLAUSE_BREAK = re.compile(
    r";|\bwhile\b|\bwhilst\b|\bwhereas\b|\bbut\b|\s–\s|\s-\s(?=[a-z])|,\s+(?:meaning|which\s+means)\b",
    _I,
)
#: A sentence that continues the one before: "This is down from", "The same campaign in 2010".
LINKING_START = re.compile(
    r"[\"“‘']?(?:(?:This|That|It|These|Those)\s+(?:is|was|are|were|means|meant|represents|"
    r"compares|marks|marked|figure|total|number)|The\s+(?:figure|total)\s+(?:is|was)"
    r"|The\s+same\s+\w+(?:\s+\w+)?\s+(?:in|during|last|a\s+year)|In\s+comparison"
    r"|By\s+comparison|Compared\s+with)\b",
    _I,
)


def value_direction(later: float, earlier: float) -> Direction:
    if later > earlier:
        return Direction.UP
    if later < earlier:
        return Direction.DOWN
    return Direction.NONE


MULTIPLE = re.compile(r"\b(?:double|doubled|twice|treble|trebled|triple|tripled|\w+\s+times)\b", _I)


def cue_direction(
    text: str, start: int, end: int, at: int, figure_end: int | None = None
) -> Direction:
    """The change verb nearest before the figure in the clause, else the first after it."""
    before: re.Match[str] | None = None
    after: re.Match[str] | None = None
    for match in CUE.finditer(text, start, end):
        if match.end() <= at:
            before = match
        elif after is None and match.start() >= (figure_end or at):
            after = match
    chosen = before or after
    if chosen is None:
        # "more than double the 45 reports in 2022"
        return Direction.UP if MULTIPLE.search(text, start, end) else Direction.NONE
    if chosen.group("up"):
        return Direction.UP
    if chosen.group("down"):
        return Direction.DOWN
    return Direction.UP if re.search(r"\bup\b", chosen.group(), _I) else Direction.DOWN
