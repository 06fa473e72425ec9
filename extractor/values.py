"""Reading values from token text: numbers, dates, codes, with OCR-tolerant joins.

Shared by the aligner (finding a gold value in text) and by assembly (parsing a tagged
span). Pure functions over strings; offsets are never involved here.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal, InvalidOperation

from rapidfuzz.distance import Levenshtein

from .vocabulary import DIGIT_CONFUSIONS

_NUMBER_RE = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
_LOOSE_NUMBER_RE = re.compile(r"^[\d.,]+$")
_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2,5})$")
_MARKUP_RE = re.compile(r"[$\\*|_`\s]")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def decimal_key(value: float | int | Decimal | str) -> str:
    """Canonical string of a number: '3052', '120.34', '0'."""
    d = Decimal(str(value))
    if d == d.to_integral():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def ocr_digits(text: str) -> str:
    """Map letters OCR commonly reads in place of digits; keep separators."""
    return "".join(DIGIT_CONFUSIONS.get(c, c) for c in text)


def parse_number(text: str) -> Decimal | None:
    """A well-formed number ('3,052', '$120.34', '0.5'), else None."""
    s = _MARKUP_RE.sub("", text)
    if not s or not _NUMBER_RE.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def number_readings(pieces: list[str]) -> list[Decimal]:
    """Every plausible number that pieces of text read as together, best first.

    Pieces are the texts of adjacent tokens (for example a number split across two cells,
    '23,13' + '39'). Readings: the plain join; the join that drops a character repeated
    at a cut ('23,13|39' -> '23,139', a common artefact of column splitting); OCR letter
    fixes; and a comma regrouping where the join lost one ('5|047,398' -> '5,047,398').
    """
    cleaned = [_MARKUP_RE.sub("", p) for p in pieces]
    cleaned = [c for c in cleaned if c]
    if not cleaned:
        return []
    joins = {"".join(cleaned)}
    if len(cleaned) == 2:
        a, b = cleaned
        if a and b and a[-1] == b[0]:
            joins.add(a + b[1:])
    out: list[Decimal] = []
    for join in sorted(joins, key=len):
        trimmed = without_border(join)
        for candidate in ((trimmed,) if trimmed else ()) + (join, ocr_digits(join)):
            value = parse_number(candidate)
            if value is None and _LOOSE_NUMBER_RE.match(candidate) and _cut_between_groups(cleaned):
                value = _regroup(candidate)
            if value is not None and value not in out:
                out.append(value)
    return out


def _cut_between_groups(pieces: list[str]) -> bool:
    """Whether pieces could be one number whose cuts lost thousands separators: a piece
    after a cut that has a comma starts with a whole group ('5' + '047,398'), not a short
    one that opens a number of its own ('80' + '12,947': two numbers)."""
    return all(re.match(r"\d{3}(?:,|$)", p) or "," not in p for p in pieces[1:])


BORDER_GLYPHS = "1lI|!"   # what OCR makes of a table border glued to a cell


def without_border(text: str) -> str | None:
    """'1687,626' -> '687,626': a table border OCR read as 1, l or I glued to a number,
    told by the thousands groups it breaks."""
    if len(text) > 1 and text[0] in BORDER_GLYPHS and re.fullmatch(r"\d{3}(?:,\d{3})+(?:\.\d+)?", text[1:]):
        return text[1:]
    return None


def _regroup(text: str) -> Decimal | None:
    """'5047,398' -> 5047398: digits with misplaced or lost thousands separators."""
    if text.count(".") > 1:
        return None
    whole, _, frac = text.partition(".")
    digits = whole.replace(",", "")
    if not digits.isdigit() or (frac and not frac.isdigit()):
        return None
    if "," in whole and not re.fullmatch(r"\d+(,\d{3})*", whole):
        # commas lost or shifted; trust the digits only when the tail group is right
        if not re.search(r",\d{3}$", whole):
            return None
    return Decimal(digits + ("." + frac if frac else ""))


def parse_date(text: str) -> dt.date | None:
    """'11/01/2024' -> date; two-digit years read as 20xx/19xx."""
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    month, day, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if len(year) == 2:
        y = 2000 + int(year) if int(year) < 70 else 1900 + int(year)
    elif len(year) == 4:
        y = int(year)
    else:
        return None
    try:
        return dt.date(y, month, day)
    except ValueError:
        return None


def date_readings(pieces: list[str]) -> list[dt.date]:
    """Dates that adjacent pieces read as ('02/06/20' + '023' -> 2023-02-06), best first."""
    cleaned = [_MARKUP_RE.sub("", p) for p in pieces]
    cleaned = [c for c in cleaned if c]
    if not cleaned:
        return []
    joins = ["".join(cleaned)]
    if len(cleaned) == 2 and cleaned[0] and cleaned[1] and cleaned[0][-1] == cleaned[1][0]:
        joins.insert(0, cleaned[0] + cleaned[1][1:])
    out: list[dt.date] = []
    for join in list(joins):
        if len(join) > 8 and not join[0].isdigit():
            joins.append(join[1:])   # a border or stray mark before the date ('J03/17/2012')
        if join[-1:] in "/-." and len(join) > 8:
            joins.append(join[:-1])  # a separator OCR ran on into the next cell ('06/14/2027/Common')
    for join in joins:
        for candidate in (join, ocr_digits(join)):
            value = parse_date(candidate)
            if value is not None and value not in out:
                out.append(value)
    if not out:
        for join in joins:
            for candidate in _nines_as_zeros(ocr_digits(join)):
                value = parse_date(candidate)
                if value is not None and FIRST_YEAR <= value.year <= dt.date.today().year + 1 \
                        and value not in out:
                    out.append(value)
    return out


FIRST_YEAR = 1934        # the Securities Exchange Act: no Form 4 is dated before it
NINES_AT_MOST = 4


def _nines_as_zeros(text: str) -> list[str]:
    """OCR reads a thin '0' as '9' ('94/91/2922' for 04/01/2022, '19/01/2019' for
    10/01/2019; held-out h023a, h026a, h070b): the text with some of its nines read as
    zeros, fewest first. Only for a date that reads as none as printed."""
    nines = [k for k, c in enumerate(text) if c == "9"]
    if not nines or len(nines) > NINES_AT_MOST:
        return []
    out = []
    for count in range(1, len(nines) + 1):
        for chosen in itertools.combinations(nines, count):
            chars = list(text)
            for k in chosen:
                chars[k] = "0"
            out.append("".join(chars))
    return out


def date_digits(value: dt.date) -> str:
    return value.strftime("%m%d%Y")


def near_date(pieces: list[str], value: dt.date) -> bool:
    """OCR-damaged date ('lo7i02/2012') within one digit of `value`."""
    join = ocr_digits("".join(_MARKUP_RE.sub("", p) for p in pieces))
    if join.count("/") != 2 and not (len(pieces) == 1 and len(join) >= 8):
        return False
    digits = re.sub(r"\D", "", join)
    target = date_digits(value)
    if len(digits) < 6 or abs(len(digits) - len(target)) > 1 or value.strftime("%Y") not in join:
        return False
    return Levenshtein.distance(digits, target) <= 1


def parse_text_date(text: str) -> dt.date | None:
    """'August 15, 2022' -> date."""
    m = re.match(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$", text.strip())
    if not m or m.group(1)[:3].lower() not in _MONTHS:
        return None
    try:
        return dt.date(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
    except ValueError:
        return None


_CODE_JUNK_RE = re.compile(r"^[A-Za-z][()\[\]{}O0oQq®©@°*ae&]+$")


def code_readings(text: str, alphabet: str) -> list[str]:
    """Single-letter codes a token may stand for: itself, then OCR look-alikes
    ('sO', 's®', 'ce)', 'sa': a code with its footnote marker read as junk; '©')."""
    s = _MARKUP_RE.sub("", text).strip("()[]{}.,:;")
    if len(s) > 1 and _CODE_JUNK_RE.match(s):
        s = s[0]
    if len(s) != 1:
        return []
    out = [s.upper()] if s.upper() in alphabet else []
    for letter in CODE_LOOKALIKES.get(s, ""):
        if letter in alphabet and letter not in out:
            out.append(letter)
    return out


CODE_LOOKALIKES = {"5": "S", "$": "S", "s": "S", "0": "DO", "o": "O", "1": "I", "l": "I",
                   "|": "I", "i": "I", "4": "A", "8": "B", "6": "G", "2": "Z", "E": "F",
                   "P": "F", "F": "P", "N": "M", "H": "M", "©": "C"}
