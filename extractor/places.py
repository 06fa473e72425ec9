"""OCR-damaged city names read back against a gazetteer of US places (GeoNames, CC BY
4.0; `training/make_gazetteer.py` rebuilds the table)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

TABLE = Path(__file__).resolve().parent / "data" / "us_places.tsv"
MIN_SCORE = 88.0


@lru_cache(maxsize=1)
def places() -> dict[str, list[str]]:
    by_state: dict[str, list[str]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            state, name = line.split("\t", 1)
            by_state.setdefault(state, []).append(name)
    return by_state


def _squash(name: str) -> str:
    return "".join(c for c in name.upper() if c.isalnum())


# words of a street address, never the first word of a place name here
STREET_WORDS = frozenset("""ROAD RD STREET ST AVENUE AVE BOULEVARD BLVD DRIVE DR SUITE STE FLOOR FL
    WAY LANE LN PLAZA PARKWAY PKWY CIRCLE CIR COURT CT PLACE PL HIGHWAY HWY MALL CENTER CTR SQUARE
    SQ TERRACE BOX BUILDING BLDG""".split())


def _known(city: str, names) -> bool:
    """A known place, with any comma or stop the filer typed after it ('LEXINGTON,' is
    printed 'LEXINGTON,, KY': the comma is part of the value)."""
    return city.upper() in names or city.upper().rstrip(",.") in names


def is_place(city: str, state: str | None) -> bool:
    """Whether `city` is a known place in `state` (a comma or stop after it allowed)."""
    names = places().get((state or "").upper())
    return bool(names) and _known(city, names)


def split_city(city: str, state: str | None) -> tuple[str, str] | None:
    """A city reading that begins with the end of the street line, wrapped into the city
    cell ('ROAD PLEASANTON', CA -> ('ROAD', 'PLEASANTON')): (street end, place) when the
    reading is no known place, its last words are one, and the words before them are
    street words or numbers; else None."""
    names = places().get((state or "").upper())
    words = city.split()
    if not names or len(words) < 2 or _known(city, names):
        return None
    for k in range(1, len(words)):
        head, tail = words[:k], " ".join(words[k:])
        if _known(tail, names) and all(w.upper().strip(".,#") in STREET_WORDS or any(c.isdigit() for c in w)
                                          for w in head):
            return " ".join(head), tail
    return None


def correct_city(city: str, state: str | None) -> str | None:
    """The known place in `state` that an unknown `city` reading most likely is, when one
    is very close ('FOSIERCITY', CA -> 'FOSTER CITY'); None when the reading is known or
    nothing is close. The correction keeps the reading's letter case."""
    names = places().get((state or "").upper())
    if not names or not city or _known(city, names):
        return None
    squashed = {_squash(n): n for n in names}
    best = process.extractOne(_squash(city), list(squashed), scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    if best is None:
        return None
    match = squashed[best[0]]
    return match if city.isupper() or not city.strip() else match.title()
