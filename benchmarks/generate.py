"""A seeded generator of press-release-like articles with known embedded figures.

Every article is built from varied sentence templates (forces, operations, ranked
officials, quotes, bullet lists, filler prose with a long-tailed vocabulary), and the
generator records each figure it wrote (text and value), so a benchmark run can also
measure extraction recall at scale. The same seed always gives the same corpus.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

FORCES = [
    "Kent Police", "Essex Police", "Cumbria Police", "Devon and Cornwall Police",
    "Merseyside Police", "West Yorkshire Police", "Thames Valley Police", "Gwent Police",
    "Northumbria Police", "Lancashire Constabulary", "Durham Constabulary", "Dorset Police",
]  # fmt: skip
PLACES = [
    "Carlisle", "Maidstone", "Chelmsford", "Plymouth", "Liverpool", "Leeds", "Reading",
    "Newport", "Sunderland", "Preston", "Darlington", "Poole", "Kendal", "Exeter", "Bradford",
]  # fmt: skip
OPERATIONS = ["Alliance", "Venetic", "Dragnet", "Sceptre", "Medusa", "Horizon", "Raptor",
              "Grapple", "Bluebell", "Tornado", "Kinetic", "Halo"]  # fmt: skip
RANKS = ["Detective Superintendent", "Detective Chief Inspector", "Chief Inspector",
         "Inspector", "Superintendent", "Detective Inspector", "Sergeant"]  # fmt: skip
FIRST = ["Sarah", "James", "Priya", "Tom", "Helen", "Mark", "Aisha", "Gareth", "Laura", "Ian"]
LAST = ["Reed", "Khan", "Jones", "Hughes", "Bennett", "Ward", "Okafor", "Marsh", "Wood", "Ellis"]
DRUGS = ["cocaine", "heroin", "cannabis", "ketamine", "amphetamine", "crack cocaine", "MDMA"]
FILLER = (
    "community officers neighbourhood partnership residents patrols investigation warrant "
    "court magistrates crown custody charged remanded released bail evidence witnesses "
    "appeal information anonymous Crimestoppers vulnerable exploitation safeguarding "
    "county lines organised criminal network supply dealing addresses vehicles roads "
    "motorway town centre estate schools young people education prevention support "
    "victims fraud scams online cyber burglary robbery theft shoplifting violence knife "
    "weapons firearms ammunition cash seizure forensic detectives specialist teams unit "
    "budget council commissioner funding precept inspection report improvement public"
).split()
# A long tail of rare words, so that "rare term" queries have something to find.
RARE = [f"{a}{b}" for a in ("vex", "quor", "zint", "plom", "trask") for b in ("ell", "ado", "ine")]


@dataclass
class Known:
    text: str
    kind: str
    value: float


@dataclass
class Generated:
    name: str
    text: str
    figures: list[Known] = field(default_factory=list)


def _money(r: random.Random) -> tuple[str, float]:
    style = r.randrange(4)
    if style == 0:
        millions = r.randint(1, 95) / 10
        return f"£{millions:g}m", millions * 1_000_000
    if style == 1:
        thousands = r.randint(2, 990)
        return f"£{thousands},000", thousands * 1000
    if style == 2:
        millions = r.randint(11, 99) / 10
        return f"£{millions:g} million", millions * 1_000_000
    pounds = r.randint(1000, 99999)
    return f"£{pounds:,}", pounds


def _figure_sentences(r: random.Random, figures: list[Known]) -> list[str]:
    drug = r.choice(DRUGS)
    money, value = _money(r)
    figures.append(Known(money, "money", value))
    arrests = r.randint(2, 400)
    figures.append(Known(f"{arrests} arrests", "count", arrests))
    percent = r.randint(2, 60)
    figures.append(Known(f"{percent} per cent", "percent", percent))
    kilos = r.randint(2, 90)
    figures.append(Known(f"{kilos}kg", "weight", kilos))
    warrants = r.randint(3, 80)
    figures.append(Known(f"{warrants} warrants", "count", warrants))
    return [
        f"Officers seized {drug} with an estimated street value of {money}.",
        f"The operation has led to {arrests} arrests across the county.",
        f"Reports of drug dealing fell by {percent} per cent over the same period.",
        f"In one raid, detectives recovered {kilos}kg of {drug} from a lorry.",
        f"Officers executed {warrants} warrants at addresses in {r.choice(PLACES)}.",
    ]


def _filler(r: random.Random, words: int) -> str:
    chosen = [r.choice(FILLER) if r.random() > 0.01 else r.choice(RARE) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def article(r: random.Random, number: int) -> Generated:
    force, place, operation = r.choice(FORCES), r.choice(PLACES), r.choice(OPERATIONS)
    official = f"{r.choice(RANKS)} {r.choice(FIRST)} {r.choice(LAST)}"
    figures: list[Known] = []
    sentences = _figure_sentences(r, figures)
    r.shuffle(sentences)
    year = r.randint(2018, 2025)
    month = r.randint(1, 12)
    headline = f"{force} crackdown in {place} under Operation {operation}"
    paragraphs = [
        f"{force} has released the results of Operation {operation}, its campaign against "
        f"drug supply in {place}. {sentences[0]}",
        f"{official} said: “{sentences[1]} {sentences[2]} We will keep going after the "
        f"people who bring harm to our communities.”",
        _filler(r, r.randint(40, 90)) + " " + _filler(r, r.randint(30, 70)),
        f"The force said: {sentences[3]} {sentences[4]}",
        _filler(r, r.randint(60, 120)),
        _filler(r, r.randint(40, 100)),
        "Anyone with information can call 101, or Crimestoppers anonymously on 0800 555 111.",
    ]
    front = f"---\ntitle: {headline}\nsource: {force}\npublished: {year}-{month:02d}-15\n---\n"
    text = front + headline + "\n\n" + "\n\n".join(paragraphs) + "\n"
    return Generated(name=f"{number:06d}.txt", text=text, figures=figures)


def generate(folder: Path, count: int, seed: int = 20261125) -> Path:
    """Write `count` articles and `known-figures.json` into `folder` (reused if complete)."""
    labels = folder / "known-figures.json"
    if labels.is_file() and len(list(folder.glob("*.txt"))) == count:
        return labels
    folder.mkdir(parents=True, exist_ok=True)
    r = random.Random(seed)
    known: dict[str, list[dict[str, object]]] = {}
    for number in range(count):
        item = article(r, number)
        (folder / item.name).write_text(item.text, encoding="utf-8")
        known[item.name.removesuffix(".txt")] = [f.__dict__ for f in item.figures]
    labels.write_text(json.dumps(known), encoding="utf-8")
    return labels
