"""What a seizure is of: the drug, the weapon, the goods, written the same way every time.

Each table maps the words an article uses to one item name ("skunk" and "cannabis" are
both `cannabis`; "pistols" and "sub-machine guns" are `firearms`), so that two figures for
the same thing share an item and a figure for cocaine never meets one for heroin.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _table(*pairs: tuple[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern with a group per item, and the item name of each group."""
    names = {f"i{n}": item for n, (item, _) in enumerate(pairs)}
    pattern = "|".join(
        rf"(?P<i{n}>(?<![\w-])(?:{words})(?![\w-]))" for n, (_, words) in enumerate(pairs)
    )
    return re.compile(pattern, _I), names


DRUGS = _table(
    ("crack cocaine", r"crack(?:\s+cocaine)?"),
    ("cocaine", r"cocaine|coke"),
    ("heroin", r"heroin"),
    ("cannabis", r"cannabis|skunk|marijuana|herbal\s+cannabis|cannabis\s+resin|plants"),
    ("class a drugs", r"class\s+a"),
    ("class b drugs", r"class\s+b"),
    ("ecstasy", r"ecstasy|mdma"),
    ("ketamine", r"ketamine"),
    ("methamphetamine", r"methamphetamine|crystal\s+meth"),
    ("amphetamine", r"amphetamines?"),
    ("spice", r"spice|synthetic\s+cannabinoids?"),
    ("benzodiazepines", r"benzodiaz\w+|diazepam|valium|xanax|etizolam"),
    ("opioids", r"opioids?|fentanyl|nitazenes?|methadone"),
    ("steroids", r"steroids"),
    ("khat", r"khat"),
)
WEAPONS = _table(
    ("firearms", r"(?:\w+-)?(?:firearms?|guns?|pistols?|handguns?|revolvers?|rifles?|shotguns?)"),
    ("ammunition", r"ammunition|rounds|bullets|cartridges|shells"),
    ("knives", r"knives|knife|blades?|machetes?|swords?|daggers?|zombie\s+knives"),
    ("axes", r"axes|axe|hatchets?"),
    ("crossbows", r"crossbows?"),
    ("tasers", r"tasers?|stun\s+guns?"),
)
GOODS = _table(
    ("jewellery", r"jewell?ery|rings|necklaces|watches|gold"),
    ("tobacco", r"tobacco|cigarettes"),
    ("vapes", r"vapes?"),
    ("phones", r"(?:mobile\s+)?phones|handsets"),
    ("counterfeit goods", r"counterfeit\s+\w+|fake\s+\w+"),
    ("dogs", r"dogs"),
    ("designer goods", r"designer\s+\w+"),
)


def nearest(
    table: tuple[re.Pattern[str], dict[str, str]], text: str, start: int, end: int, at: int
) -> str:
    """The item named nearest position `at` in text[start:end], or ""."""
    pattern, names = table
    best: tuple[int, str] | None = None
    for match in pattern.finditer(text, start, end):
        distance = at - match.end() if match.end() <= at else match.start() - at
        item = names[match.lastgroup or ""]
        if best is None or abs(distance) < best[0]:
            best = (abs(distance), item)
    return best[1] if best else ""


_OF_AFTER = re.compile(
    r"\s*(?:(?:worth|kgs?|kilos?|kilograms?|grams?|tonnes?)\s+)?(?:of|in)\s+"
    r"(?:(?:suspected|what\s+is\s+believed\s+to\s+be|high-harm|herbal)\s+)*",
    _I,
)


def of_figure(
    table: tuple[re.Pattern[str], dict[str, str]], text: str, at: int, end: int, reach: int = 100
) -> str:
    """The item a figure at text[at:end] is of: named in its own words ("555 cocaine
    wraps"), right after it ("£11,000 of cocaine"), else the nearest before it in reach,
    else the nearest after."""
    own = first(table, text[at:end])
    if own:
        return own
    pattern, names = table
    follow = _OF_AFTER.match(text, end)
    if follow:
        match = pattern.match(text, follow.end())
        if match:
            return names[match.lastgroup or ""]
        if _GENERAL.match(text, follow.end()):
            return ""  # "£618,000 in drugs, including cannabis": drugs in general
    pattern, names = table
    before = list(pattern.finditer(text, max(0, at - reach), at))
    two = len(before) >= 2 and _JOINED.fullmatch(text, before[-2].end(), before[-1].start())
    if two and names[before[-2].lastgroup or ""] != names[before[-1].lastgroup or ""]:
        return ""  # "sold crack cocaine and heroin worth £1.2m": more than one drug
    if before:
        return names[before[-1].lastgroup or ""]
    return nearest(table, text, end, min(len(text), end + reach), end)


_JOINED = re.compile(r"\s*(?:,|and|&|or)\s*|\s*,\s*and\s+")
_GENERAL = re.compile(r"(?:drugs|substances|narcotics|weapons|goods)\b", _I)


def first(table: tuple[re.Pattern[str], dict[str, str]], text: str) -> str:
    """The item `text` names first, or ""."""
    pattern, names = table
    match = pattern.search(text)
    return names[match.lastgroup or ""] if match else ""
