"""Month names, written once: their numbers, and the patterns that find them in text.

Written out rather than taken from `calendar.month_name`, which follows the process
locale: a French locale must not change what an English press release says.
"""

from __future__ import annotations

_FULL = (
    "January February March April May June July August September October November December"
).split()
_SHORT = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

#: Every spelling of a month, lower-cased, to its number: "march", "mar", "sept".
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): number for number, name in enumerate(_FULL, start=1)},
    **{name.lower(): number for number, name in enumerate(_SHORT, start=1)},
    "sept": 9,
}
#: A month written in full, for regular expressions: "(?:January|February|…)".
MONTH = "(?:" + "|".join(_FULL) + ")"
#: A month in full or abbreviated ("Sept", "Oct"), for regular expressions.
MONTH_OR_SHORT = "(?:" + "|".join(_FULL) + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
