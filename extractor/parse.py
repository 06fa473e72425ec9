"""Reading a record value from the raw text of one or more tagged spans.

Each parser returns the value and a `quality` in (0, 1]: 1 for a clean reading, lower
for a reading that needed an OCR fix, a join of pieces or a guess. Quality feeds the
confidence model; it never makes a value up.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .tokenizer import split, normalise
from .values import BORDER_GLYPHS, code_readings, date_readings, number_readings, parse_date
from .vocabulary import RELATIONSHIP_WORDS

_SPACE_RE = re.compile(r"\s+")
_DROP_KINDS = frozenset({"tag", "rule"})
_DROP_TEXT = frozenset({"|", "*", "**", "`", "\\*", "\\|"})
_FN_RE = re.compile(r"\((\d{1,2})\)")


@dataclass(frozen=True)
class Reading:
    value: object
    quality: float


# a word the converter wrapped at its hyphen ('2010-' / 'Seed Fund') is one word
_HYPHEN_END_RE = re.compile(r"\w-$")


def clean_text(raw: str, refs: bool = True) -> str:
    """Span text with converter markup taken off and whitespace collapsed
    ('<u>QUALYS, INC.</u>' -> 'QUALYS, INC.', '\\$110.00' -> '$110.00'); `refs=False`
    also drops footnote markers ('Common Stock (2)' -> 'Common Stock')."""
    out = []
    pos = 0
    for start, end, kind in split(raw):
        piece = raw[start:end]
        if not refs and kind in ("fnmark", "link"):
            pos = end
            continue
        if kind in _DROP_KINDS or piece in _DROP_TEXT or kind == "underline":
            pos = end
            if out:
                out.append(" ")
            continue
        if start > pos and out and not (_HYPHEN_END_RE.search("".join(out[-2:]))
                                         and "\n" in raw[pos:start]):
            out.append(" ")
        out.append(normalise(piece, kind) if kind in ("escape", "link", "fnmark") else piece)
        pos = end
    return _SPACE_RE.sub(" ", "".join(out)).strip()


# EDGAR's text has straight quotes (151 apostrophes and 154 double quotes in the gold of
# train and dev, not one curly one); OCR reads them as typographic ones
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def read_text(pieces: list[str], refs: bool = True) -> Reading | None:
    """Pieces of one text value, joined by spaces; a piece that ends in a word's hyphen
    ('2010-', a cell wrapped where the browser broke its line) runs on into the next, and
    one that opens with a comma or stop follows the piece before without a space ('215
    PARK AVENUE' + ', FLOOR 11': no value of the gold records has a space before a comma)."""
    text = ""
    for piece in (clean_text(r, refs) for r in pieces):
        if piece:
            glued = not text or _HYPHEN_END_RE.search(text) or piece[0] in ",.;:"
            text += piece if glued else " " + piece
    text = text.strip(" |").translate(_QUOTES)
    return Reading(text, 1.0) if text else None


# OCR's slips in prose that no filing's own words make: a table's border read as a letter
# and glued to the capitalised word after it ('IClass A Common Stock'), and two small words
# run together ('ofthe', 'inthis', 'tobe'; no English word is one of these pairs)
# (not a digit: '1Life Healthcare' is a name)
_BORDER_RE = re.compile(rf"(?<![\w'])[{re.escape(BORDER_GLYPHS.replace('1', ''))}](?=[A-Z][a-z]{{2,}})")
_RUN_ON_RE = re.compile(r"(?i)\b(of|in|to|by|for|and|at|with|on|is|from|which|that|upon|under|over)"
                        r"(the|this|these|that|which|is|be|such)\b")


# a dollar sign of the price column beside a wrapped title's words ('par $ value $0.0001')
_STRAY_DOLLAR_RE = re.compile(r"(?<=\s)\$\s+(?=[A-Za-z])")


def read_prose(pieces: list[str], refs: bool = True) -> Reading | None:
    """A text value of words (a title, a nature of ownership, a note, remarks) with OCR's
    glued border letter dropped, run-together small words parted and a dollar sign
    before a word (another column's) dropped; quality lowered for each fix."""
    reading = read_text(pieces, refs)
    if reading is None:
        return None
    text, fixes = _BORDER_RE.subn("", reading.value)
    text, dollars = _STRAY_DOLLAR_RE.subn("", text)
    fixes += dollars
    runs = [m for m in _RUN_ON_RE.finditer(text) if m.group(1).lower() != m.group(2).lower()]
    for m in reversed(runs):
        text = text[:m.end(1)] + " " + text[m.end(1):]
    return Reading(text, reading.quality * 0.9 ** (fixes + len(runs)))


# a date's own comma, 'October 28,': a note that ends so was cut off before the year
_CUT_DATE_RE = re.compile(r"\b[A-Z][a-z]{2,8}\.? \d{1,2},$")


def read_note(pieces: list[str]) -> Reading | None:
    """A footnote's text, closed by the period OCR dropped ('... on the grant date') or
    read as a comma ('... therein,'): all but one of the 392 notes of the gold records end
    with a period. That one, cut off in its filing inside a date ('... on October 28,'),
    keeps its comma. Quality lowered for the fix."""
    reading = read_prose(pieces)
    if reading is None:
        return None
    value = reading.value
    if value[-1:].isalnum():
        return Reading(value + ".", reading.quality * 0.9)
    if value[-1:] == "," and not _CUT_DATE_RE.search(value):
        return Reading(value[:-1] + ".", reading.quality * 0.9)
    return reading


# a Roman numeral in a name ('SVF II', 'Fund III') as OCR reads it: 'Il', 'lI', 'Ill'
_NUMERAL_RE = re.compile(r"(?<!\S)(?=[Il]*I)(?=[Il]*l)[Il]{2,3}(?=[,.]?(?:\s|$))")


def read_name(pieces: list[str]) -> Reading | None:
    """A name (of an issuer, owner or signer), with OCR's lower-case l in a Roman numeral
    made the capital I it stands for, and a table border OCR read as 'l' or '|' glued
    before its capital first letter dropped ('lCARTER INC'; no gold or generated name
    opens so); quality lowered for each fix."""
    reading = read_text(pieces)
    if reading is None:
        return None
    text, fixes = _NUMERAL_RE.subn(lambda m: "I" * len(m.group(0)), reading.value)
    text, border = GLUED_BORDER_RE.subn("", text)
    return Reading(text, reading.quality * 0.9 ** (fixes + border))


GLUED_BORDER_RE = re.compile(r"^[l|](?=[A-Z])")


# a lone lower-case letter: a ticked box's 'x' OCR read beside the header box's name or
# street ('C/O LINKEDIN CORPORATION x 2029 STIERLIN COURT'); no name, street or city of
# the gold records (2,156 of train, dev, the seeds and 300 generated) holds one as a word
_LONE_LOWER_RE = r"^[a-z]\s+|\s+[a-z](?=\s|$)"


def read_owner_name(pieces: list[str]) -> Reading | None:
    """An owner's name, which opens with a letter or a digit (every owner of the 402 gold
    records does): a stroke or bracket OCR read before it ('/BOTHA ROELOF') is dropped,
    and a lone lower-case letter (a ticked box's 'x'), at lowered quality."""
    return _dropped(_dropped(read_name(pieces), r"^[^\w]+"), _LONE_LOWER_RE)


# 'C/O' (in care of) as OCR reads it: 'ciO', 'ClO', '(/O', 'IC/O', 'Icio', 'C/0'; no gold
# street, city or generated one opens with any other word of this shape (275 open 'C/O')
CARE_OF = r"[|Il\[]?[cC(][/1lIi|][oO0]"
_CARE_OF_RE = re.compile(rf"^{CARE_OF}(?=\s)")


def read_address(pieces: list[str]) -> Reading | None:
    """A street or city, which opens with no lower-case letter (none of the gold records'
    does) and holds no lone lower-case letter: one OCR read before it or in it (a ticked
    box's 'x' beside the header box) is dropped, at lowered quality. 'C/O' as OCR garbled
    it is 'C/O'."""
    reading = _dropped(read_text(pieces), _LONE_LOWER_RE)
    found = _CARE_OF_RE.match(reading.value) if reading else None
    if found is None or found.group().casefold() == "c/o":
        return reading
    return Reading(_CARE_OF_RE.sub("C/O", reading.value), reading.quality * 0.9)


def read_code_field(pieces: list[str]) -> Reading | None:
    """A state or zip code, which ends with a letter or digit (every one of the gold
    records' does): a stop OCR read after it ('CA.', '95060.') is dropped."""
    return _dropped(read_text(pieces), r"[.,;:]+$")


def _dropped(reading: Reading | None, pattern: str) -> Reading | None:
    """The reading without what `pattern` matches, at lowered quality if that was any."""
    if reading is None:
        return None
    text = re.sub(pattern, "", reading.value)
    if text == reading.value:
        return reading
    return Reading(text, reading.quality * 0.9) if text else None


# the conformed-signature mark '/s/' as OCR reads it: '‘s/', 'Js!', '/5/', '{s/', 'is!', 'si'
_SIG_MARK_RE = re.compile(r"[‘’'`{(\[|/\\]?[iIjJl]?[sS59][/!|1lIi]?")
_ATTORNEY_RE = re.compile(r"(?i)\batt[a-z]{3,6}\b")


def read_signature(pieces: list[str]) -> Reading | None:
    """A signature line, with what OCR does to its fixed words undone: the '/s/' mark
    opening it (or opening the signer's part after 'By :'), and 'attorney' ('Attomey',
    'attoney'); stray marks after it dropped. Quality is lowered for each fix."""
    reading = read_name(pieces)
    if reading is None:
        return None
    words = reading.value.split(" ")
    fixes = 0
    for k, word in enumerate(words[:-1]):
        opens = k == 0 or words[k - 1].rstrip(":") in ("By", "by", "")   # 'By :' or 'By:'
        if opens and word != "/s/" and len(word) > 1 and _SIG_MARK_RE.fullmatch(word) \
                and words[k + 1][:1].isalpha():
            words[k] = "/s/"
            fixes += 1
    # OCR's strays after the signer: a lone small letter, the date beside it garbled ('ovoa2012')
    while len(words) > 2 and (re.fullmatch(r"[a-z]", words[-1]) or sum(c.isdigit() for c in words[-1]) >= 4):
        words.pop()
        fixes += 1
    text = " ".join(words)

    def attorney(m: re.Match) -> str:
        nonlocal fixes
        word = m.group(0)
        if word.lower().startswith("attorney") or Levenshtein.distance(word.lower(), "attorney") > 2:
            return word
        fixes += 1
        return "Attorney" if word[0].isupper() else "attorney"

    text = _ATTORNEY_RE.sub(attorney, text)
    return Reading(text, reading.quality * 0.9 ** fixes)


_AFTER_MARK_RE = re.compile(r"^[\s_\\|*\]\[)]*")


def relation_after(text: str, end: int) -> str | None:
    """The relationship box named right after a check mark ending at `end`
    ('__X__ Director', '<input checked> Officer', 'x\n\nDiectr' from OCR)."""
    after = text[end:end + 60]
    gap = _AFTER_MARK_RE.match(after).end()
    if after.count("\n", 0, gap) > 2:
        return None     # the words are too far below the mark to be its box's
    after = after[gap:]
    head = after.split("\n", 1)[0][:20]
    for relation, _, pattern in RELATIONSHIP_WORDS:
        if pattern.match(head):
            return relation
    word = head.split(" ", 1)[0]
    for relation, words, _ in RELATIONSHIP_WORDS:
        if len(word) >= 4 and fuzz.ratio(word.casefold(), words.casefold()) >= 75:
            return relation
    return None


_DOLLAR_LOOKALIKES = frozenset({"5", "S", "s", "$"})
_GLUED_DOLLAR_RE = re.compile(r"[Ss](?=[\doO])")


def read_number(pieces: list[str], before: str = "", money: bool = False) -> Reading | None:
    """A number from one span's text; the first reading, quality lower if it needed fixes.
    `before` is the text just before the span: a lone digit opening the span that repeats
    the last character of the cell before it is a column cut's echo ('121.02 | 2 45,223')."""
    raw = " ".join(pieces)
    tokens = [raw[s:e] for s, e, kind in split(raw) if kind not in ("fnmark", "link", "tag")
              and raw[s:e] not in ("$", "\\$", "|")]
    prev = before.rstrip()
    if len(tokens) > 1 and len(tokens[0]) == 1 and prev and prev[-1] == tokens[0]:
        tokens = tokens[1:]
    if money and len(tokens) > 1 and tokens[0] in _DOLLAR_LOOKALIKES and "." in tokens[1]:
        tokens = tokens[1:]   # '5 0.00': a dollar sign read as 5 or S
    if not tokens:
        return None
    lead = 1 if len(tokens) > 1 and tokens[0] in ("[", "{") else 0   # the table's border
    glued = _GLUED_DOLLAR_RE.match(tokens[lead]) if money else None
    if glued:
        # 'S0', 'so', '{So', 'S12.50': an amount of money opens with its dollar sign, which
        # OCR read as the letter (not '50': a digit may be the amount's own)
        values = number_readings([tokens[lead][glued.end():]] + tokens[lead + 1:])
        return Reading(float(values[0]), 0.6) if values else None
    values = number_readings(tokens)
    if not values:
        # pieces that do not make one number: the best single piece (decimals first:
        # a cell that ran into its neighbours is most often a price)
        singles = [(v, t) for t in tokens for v in number_readings([t])[:1]]
        if not singles:
            return None
        value, _ = max(singles, key=lambda vt: ("." in vt[1], len(vt[1])))
        return Reading(float(value), 0.4)
    clean = len(tokens) == 1 and values[0] == _plain(tokens[0])
    return Reading(float(values[0]), 1.0 if clean else 0.6)


def number_alternatives(pieces: list[str]) -> list[float]:
    raw = " ".join(pieces)
    tokens = [raw[s:e] for s, e, kind in split(raw) if kind not in ("fnmark", "link", "tag")
              and raw[s:e] not in ("$", "\\$", "|")]
    return [float(v) for v in number_readings(tokens)] if tokens else []


def _plain(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except Exception:
        return None


def read_date(pieces: list[str]) -> Reading | None:
    raw = " ".join(pieces)
    tokens = [raw[s:e] for s, e, kind in split(raw) if kind not in ("fnmark", "link", "tag")]
    if not tokens:
        return None
    if len(tokens) == 1 and (value := parse_date(tokens[0])):
        return Reading(value, 1.0)
    values = date_readings(tokens)
    if values:
        return Reading(values[0], 0.6)
    # OCR's junk read into the date's span ('03/05/2025' + 'Ss'): the one token that is a
    # whole date on its own
    alone = {v for t in tokens if len(t) >= 8 and (v := parse_date(t))}
    return Reading(alone.pop(), 0.5) if len(alone) == 1 else None


def read_code(pieces: list[str], alphabet: str) -> Reading | None:
    raw = " ".join(pieces)
    for s, e, kind in split(raw):
        if kind in ("fnmark", "link", "tag"):
            continue
        token = raw[s:e]
        readings = code_readings(token, alphabet)
        if readings:
            return Reading(readings[0], 1.0 if token.strip("()") == readings[0] else 0.5)
    return None


def read_refs(pieces: list[str]) -> list[str]:
    """Footnote ids a span points to: '(1)', '⁽¹⁾', '[(1)](#F1)' -> 'F1'. Notes are numbered
    from 1: '(0)' is OCR's '(D)' or '(O)', no note."""
    out = []
    for raw in pieces:
        for s, e, kind in split(raw):
            m = _FN_RE.fullmatch(normalise(raw[s:e], kind))
            if m and int(m.group(1)) and f"F{int(m.group(1))}" not in out:
                out.append(f"F{int(m.group(1))}")
    return out


def read_footnote_id(raw: str) -> str | None:
    digits = re.sub(r"\D", "", normalise(raw, "fnmark") if "(" in raw else raw)
    return f"F{int(digits)}" if digits and len(digits) <= 2 and int(digits) else None


def is_date(value: object) -> bool:
    return isinstance(value, dt.date)
