"""Assembly, step 2: each row's spans read as values (counts, prices, dates, codes,
titles) and built into the record's four tables, every value with its provenance.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .decode import TaggedSpan
from .draft import Draft
from .parse import (GLUED_BORDER_RE, Reading, read_code, read_date, read_number, read_prose, read_refs,
                    read_text)
from .record import DerivativeHolding, DerivativeTransaction, NonDerivativeHolding, NonDerivativeTransaction
from .rows import Row


CODES = "PSVADFIMCEHOXGLWZJKU"
CODES_BUT_V = CODES.replace("V", "")


_ROW_FIELDS = {  # label suffix -> (record key, kind)
    "title": ("security_title", "text"), "date": ("transaction_date", "date"),
    "deemed": ("deemed_execution_date", "date"), "code": ("transaction_code", "code"),
    "shares": ("shares", "number"), "shares_a": ("shares", "number"),
    "shares_d": ("shares", "number"), "ad": ("acquired_disposed", "ad"),
    "price": ("price_per_share", "number"), "owned": ("shares_owned_following", "number"),
    "di": ("direct_or_indirect", "di"), "nature": ("nature_of_ownership", "text"),
    "conv": ("conversion_or_exercise_price", "number"), "exercisable": ("exercise_date", "date"),
    "expiration": ("expiration_date", "date"), "und_title": ("underlying_security_title", "text"),
    "und_shares": ("underlying_shares", "number"),
}


def _balanced(text: str) -> str:
    """'Common Stock)' -> 'Common Stock': a bracket at an end with no partner is OCR's."""
    for opener, closer in ("()", "[]", "{}"):
        while text.endswith(closer) and text.count(closer) > text.count(opener):
            text = text[:-1].rstrip()
        while text.startswith(opener) and text.count(opener) > text.count(closer):
            text = text[1:].lstrip()
    return text


TEXT_READERS = {"text": read_prose, "name": read_text}
# OCR reads a table's inner border as '|', '=', '_', ']' ... standing alone between words
_INNER_BORDER_RE = re.compile(r"(?<=\S)[ \t]+[|=_\]\[}{][ \t]+\S.*$")
# and a footnote marker it could not read as '©', '®' or '@' alone
_GLYPH_MARKER_RE = re.compile(r"(?<!\S)[©®@](?!\S)")


def _own_cell(pieces: list[str]) -> tuple[list[str], int]:
    """A cell wrapped over lines ends each line before an inner border of the table: on
    lines after its first, what follows a border is the next column's ('Restricted' /
    'Stock Class A' / 'Units ...' / '(RSU) = Stock' / '(Class A)': the underlying title's
    'Stock' after the '='); a lone '©', '®' or '@' is OCR's marker, no word. (The pieces,
    how many cuts.)"""
    out, cuts = [], 0
    for k, piece in enumerate(pieces):
        lines = piece.split("\n")
        for j in range(1 if k == 0 else 0, len(lines)):     # the cell's own first line as read
            lines[j], n = _INNER_BORDER_RE.subn("", lines[j])
            cuts += n
        piece, n = _GLYPH_MARKER_RE.subn(" ", "\n".join(lines))
        out.append(piece)
        cuts += n
    return out, cuts


def read(kind: str, pieces: list[str]) -> Reading | None:
    if kind in TEXT_READERS:     # prose (a title, a nature) is mended, a name is not
        cuts = 0
        if kind == "text":
            pieces, cuts = _own_cell(pieces)
        reading = TEXT_READERS[kind](pieces, refs=False)
        if reading is None:
            return None
        value = _balanced(reading.value)
        if kind == "name":     # a border OCR glued before the issuer's name ('lCARTER INC')
            value, glued = GLUED_BORDER_RE.subn("", value)
            cuts += glued
        return Reading(value, reading.quality * 0.9 ** cuts)
    if kind == "number":
        return read_number(pieces)
    if kind == "date":
        return read_date(pieces)
    if kind == "code":
        return read_code(pieces, CODES)
    return read_code(pieces, "AD" if kind == "ad" else "DI")


def _reads(draft: Draft, span: TaggedSpan, alphabet: str) -> str | None:
    reading = read_code(draft.raw([span]), alphabet)
    return reading.value if reading else None


TERM_DAYS = 4 * 365


def _days_on(draft: Draft, dates: list[TaggedSpan]) -> list[int]:
    """Days from each of `dates` to the next (none where one reads as no date)."""
    values = [read_date(draft.raw([s])) for s in dates]
    if not all(values):
        return []
    return [(b.value - a.value).days for a, b in zip(values, values[1:])]


def row_values(row: Row, draft: Draft) -> dict[str, tuple[Reading, list[TaggedSpan]]]:
    by_label: dict[str, list[TaggedSpan]] = defaultdict(list)
    for s in sorted(row.titles + row.spans, key=lambda s: s.start):
        by_label[s.label.split("_", 1)[1] if s.label != "fn_ref" else "fn_ref"].append(s)
    # a number read twice under a later column while an earlier column has none: the
    # first one belongs to the earlier column (shares stand left of holdings and of the
    # underlying amount)
    for later in ("und_shares", "owned"):
        spans_later = sorted(by_label.get(later, []), key=lambda s: s.start)
        if len(spans_later) > 1 and not any(k in by_label for k in ("shares", "shares_a", "shares_d")):
            by_label["shares_a" if row.table == "d" else "shares"] = [spans_later[0]]
            by_label[later] = spans_later[1:]
    # and for Table II's two dates: two dates read as one of them, the other read as none,
    # are the date exercisable and the expiration date, in the form's column order
    dates_after = sorted(by_label.get("exercisable", []) + by_label.get("expiration", []),
                         key=lambda s: s.start)
    if len(dates_after) == 2 and len(by_label.get("exercisable", [])) != 1:
        by_label["exercisable"], by_label["expiration"] = [dates_after[0]], [dates_after[1]]
    # Table II's transaction date read two or three times, later each time, with neither
    # of its other date columns read: the later dates are theirs, in the form's column
    # order. One alone is the expiration date where it lies years on (an option's term:
    # 5-10 years in gold), else the date exercisable (a vesting date: 0-2.4 years)
    dates = sorted(by_label.get("date", []), key=lambda s: s.start)
    days = _days_on(draft, dates) if row.table == "d" and len(dates) in (2, 3) and not dates_after else []
    if days and all(d > 0 for d in days):
        by_label["date"] = dates[:1]
        if len(dates) == 3 or days[0] < TERM_DAYS:
            by_label["exercisable"] = dates[1:2]
        if len(dates) == 3 or days[0] >= TERM_DAYS:
            by_label["expiration"] = dates[-1:]
    # the same for letters: an A/D read twice, the second after the holdings and no D/I read,
    # is the D/I (the ownership form's column stands right of the holdings)
    ads, owned = by_label.get("ad", []), by_label.get("owned", [])
    if len(ads) > 1 and "di" not in by_label and owned and ads[-1].start > owned[-1].end \
            and read_code(draft.raw([ads[-1]]), "DI"):
        by_label["di"] = [ads[-1]]
        by_label["ad"] = ads[:-1]
    # no code of train, dev or the seeds is V: a 'V' read as the code is the Code column's
    # sub-heading (pdftotext: '03/10/2025' / 'V' / 'A' / '(A)'), and another code read
    # wins, however unsure ('A' read alone under the heading); with none, and an A/D still
    # read twice ('04/30/2025' / 'V' / ... / '757,756 A' / 'A'), the first A/D is the code
    ads, codes = by_label.get("ad", []), by_label.get("code", [])
    # a code letter that is no A/D ('M' read as the A/D, pdftotext) is the code of a row
    # that has none
    letters = [a for a in ads if _reads(draft, a, "AD") is None and _reads(draft, a, CODES_BUT_V)]
    if not codes and len(letters) == 1:
        by_label["code"] = codes = letters
        ads = [a for a in ads if a not in letters]
        if ads:
            by_label["ad"] = ads
        else:
            del by_label["ad"]
    heading_v = [c for c in codes if _reads(draft, c, CODES) == "V"]
    if heading_v and len(heading_v) < len(codes):
        by_label["code"] = [c for c in codes if c not in heading_v]
    elif heading_v and len(ads) > 1 and _reads(draft, ads[0], CODES_BUT_V):
        by_label["code"] = [ads[0]]
        by_label["ad"] = ads[1:]
    chosen = {suffix: [max(group, key=lambda s: s.prob)] for suffix, group in by_label.items()
              if suffix != "fn_ref" and _ROW_FIELDS[suffix][1] != "text"}
    _rejoin_decimals(by_label, chosen, draft.text)
    out: dict[str, tuple[Reading, list[TaggedSpan]]] = {}
    for suffix, group in list(by_label.items()):
        if suffix == "fn_ref":
            continue
        key, kind = _ROW_FIELDS[suffix]
        if kind != "text":
            group = chosen[suffix]
        else:
            by_label["fn_ref"] = by_label.get("fn_ref", []) + [s for s in group if read_refs(draft.raw([s]))]
        if kind == "number":
            reading = read_number(draft.raw(group), draft.text[max(0, group[0].start - 20):group[0].start],
                                  money=key in ("price_per_share", "conversion_or_exercise_price"))
            if row.table == "nd" and key in _WHOLE_COUNTS and reading is not None:
                reading = _thousands(reading, draft.raw(group))
        else:
            reading = read(kind, draft.raw(group))
        if reading is not None:
            out[key] = (reading, group)
            if suffix in ("shares_a", "shares_d") and group[0].label == f"d_{suffix}":
                out["acquired_disposed"] = (Reading(suffix[-1].upper(), 1.0), group)
    refs = read_refs(draft.raw([s for s in by_label.get("fn_ref", [])]))
    if refs:
        out["footnotes"] = (Reading(tuple(refs), 1.0), by_label["fn_ref"])
    return out


_DECIMAL_END_RE = re.compile(r"\d\.\d+$")
# Table I's amounts and holdings are whole (all 552 of the gold records'): one read with
# three decimals ('4.692', '7,602.459') had OCR's stop for a thousands comma
_WHOLE_COUNTS = ("shares", "shares_owned_following")
_STOP_THOUSANDS_RE = re.compile(r"\d{1,3}(?:[.,]\d{3})*\.\d{3}")


def _thousands(reading: Reading, pieces: list[str]) -> Reading:
    raw = "".join(pieces).strip(" $|\n")
    if float(reading.value).is_integer() or not _STOP_THOUSANDS_RE.fullmatch(raw):
        return reading
    return Reading(float(re.sub(r"\D", "", raw)), reading.quality * 0.8)


def _rejoin_decimals(by_label: dict[str, list[TaggedSpan]], chosen: dict[str, list[TaggedSpan]],
                     text: str) -> None:
    """A bare run of digits that lost to another reading of its own column, standing
    right after a decimal number of the row with only a column gap between, is that
    number's cut-off tail ('$110.03<tab>352 (2)' is 110.0352): it joins the number."""
    for suffix, group in by_label.items():
        if _ROW_FIELDS.get(suffix, ("", ""))[1] != "number":
            continue
        for spare in (s for s in group if s not in chosen[suffix]):
            if not text[spare.start:spare.end].isdigit():
                continue
            for other, pieces in chosen.items():
                if _ROW_FIELDS[other][1] != "number":
                    continue
                gap = text[pieces[-1].end:spare.start]
                if pieces[-1].end <= spare.start and not gap.strip() and "\n" not in gap \
                        and _DECIMAL_END_RE.search(text[pieces[-1].start:pieces[-1].end]):
                    pieces.append(spare)
                    break


_MATCH_KEYS = ("shares", "price_per_share", "shares_owned_following", "underlying_shares")
# what a Table II line holds beside its amounts: a line of only these is the rest of a
# title that the reading order tore from its row ('Restricted' / 'Stock Class A' above a
# row read 'Units'), never a holding of its own, which reports what is owned
_TITLE_ONLY = frozenset({"security_title", "underlying_security_title", "exercise_date",
                         "expiration_date", "footnotes"})


def _fill_from_echoes(values: dict, echoes: list[Row], draft: Draft) -> None:
    """A row read twice: the echo sharing the most numbers with this row lends it the
    values it lacks."""
    best, best_score = None, 0
    for echo in echoes:
        other = row_values(echo, draft)
        score = sum(1 for k in _MATCH_KEYS if k in values and k in other
                    and abs(values[k][0].value - other[k][0].value) < 1e-9)
        if score > best_score:
            best, best_score = other, score
    if best is None:
        return
    for key, (reading, spans) in best.items():
        if key not in values and key != "footnotes":
            values[key] = (Reading(reading.value, reading.quality * 0.6), spans)


_ROW_CLASSES = {"non_derivative_transactions": NonDerivativeTransaction,
                "non_derivative_holdings": NonDerivativeHolding,
                "derivative_transactions": DerivativeTransaction,
                "derivative_holdings": DerivativeHolding}


def build_rows(rows: list[Row], draft: Draft, echoes: list[Row] = ()) -> dict[str, list]:
    """Records of the rows. A holding has no price, A/D or deemed date: where a holding
    row holds one, reading order put the value after the next row's title ('Common Stock'
    / '$ 0 12,206' of the row above), and it goes to the transaction row before it that
    lacks it, marked inferred; else it is dropped."""
    kwargs_of: dict[str, list[dict]] = {table: [] for table in _ROW_CLASSES}
    for row in rows:
        values = row_values(row, draft)
        if echoes:
            _fill_from_echoes(values, echoes, draft)
        if not values:
            continue
        is_tx = any(k in values for k in ("transaction_date", "transaction_code", "shares"))
        if row.table != "nd" and not is_tx and set(values) <= _TITLE_ONLY:
            continue
        prefix = "non_derivative" if row.table == "nd" else "derivative"
        table = f"{prefix}_{'transactions' if is_tx else 'holdings'}"
        allowed = set(_ROW_CLASSES[table].__dataclass_fields__)
        path = f"{table}[{len(kwargs_of[table])}]"
        above = kwargs_of[f"{prefix}_transactions"]
        kwargs = {}
        for key, (reading, spans) in values.items():
            if key in allowed:
                kwargs[key] = reading.value
                draft.set(f"{path}.{key}", reading, spans)
            elif not is_tx and above and key not in above[-1]:
                above[-1][key] = reading.value
                draft.set(f"{prefix}_transactions[{len(above) - 1}].{key}", reading, spans, inferred=True)
        kwargs_of[table].append(kwargs)
    return {table: [_ROW_CLASSES[table](**kwargs) for kwargs in kwargs_list]
            for table, kwargs_list in kwargs_of.items()}
