"""Tagged spans -> a Record, as a sequence of small named steps.

    group rows -> read values -> owners (owners.py) -> footnotes (footnotes.py)
    -> signatures -> record

Every value keeps its provenance (`Provenance`: the spans it was read from and how
cleanly it parsed) so that checks can repair it and the confidence model can score it.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from .decode import TaggedSpan, covered, token_span
from .draft import Draft, Provenance
from .footnotes import build_footnotes, footnote_blocks
from .owners import build_owners
from .parse import (Reading, read_code, read_date, read_number, read_prose, read_refs, read_signature,
                    read_text, relation_after)
from .record import (DerivativeHolding, DerivativeTransaction, Issuer, NonDerivativeHolding,
                     NonDerivativeTransaction, Record, Signature)
from .tokenizer import doc_text
from .values import code_readings
from .vocabulary import COLUMN_LABELS, LABEL_INFO, RELATIONSHIP_LABELS, STREETS

CODES = "PSVADFIMCEHOXGLWZJKU"
ROW_LABELS = {name for name, info in LABEL_INFO.items() if info.scope in ("nd", "d")}
TITLE_LABELS = frozenset({"nd_title", "d_title"})


# --- layout helpers ------------------------------------------------------------------

@dataclass
class _Geometry:
    """Lines and columns of spans; whether the text puts every cell on its own line."""
    lines: list[int]          # line of each content token
    cols: list[int]
    cell_per_line: bool
    text: str = ""

    def line(self, span: TaggedSpan) -> int:
        return self.lines[span.first]

    def col(self, span: TaggedSpan) -> int:
        return self.cols[span.first]


def _median(values) -> int:
    values = sorted(values)
    return values[len(values) // 2] if values else 0


def geometry(doc, idx: list[int], spans: list[TaggedSpan] = ()) -> _Geometry:
    """A text puts each cell on its own line where its lines hold fewer than four tokens
    (the median), or where its tables' lines start at the margin and its row titles stand
    on lines of their own, no value of a row beside them: pdftotext's footnotes and
    headings run long beside tables read a cell at a time. (A table read a row a line has
    a title share its line with the row's values; a fixed-width one stands its cells in
    columns.)"""
    lay = doc.user_data["layout"]
    lines = [lay["line"][i] for i in idx]
    counts: dict[int, int] = defaultdict(int)
    indent: dict[int, int] = {}
    for i, line in zip(idx, lines):
        counts[line] += 1
        if lay["section"][i] in ("table1", "table2"):
            indent.setdefault(line, lay["col"][i])
    cell_per_line = _median(counts.values()) < 4
    if not cell_per_line and sum(1 for col in indent.values() if col == 0) > len(indent) / 2:
        titles = [range(lines[s.first], lines[s.last] + 1) for s in spans if s.label in TITLE_LABELS]
        values = {lines[s.first] for s in spans if s.label in ROW_LABELS and s.label not in TITLE_LABELS
                  and LABEL_INFO[s.label].kind != "text"}
        beside = sum(1 for title in titles if values.intersection(title))
        cell_per_line = len(titles) >= 2 and beside < len(titles) / 4
    return _Geometry(lines, [lay["col"][i] for i in idx], cell_per_line, doc_text(doc))


# --- step 1: group row spans into rows ---------------------------------------------

@dataclass
class _Row:
    table: str                        # "nd" or "d"
    titles: list[TaggedSpan]
    spans: list[TaggedSpan] = field(default_factory=list)
    line: int | None = None           # the line of its values, where rows are lines

    @property
    def start(self) -> int:
        return self.titles[0].first if self.titles else self.spans[0].first


def group_rows(spans: list[TaggedSpan], geo: _Geometry) -> list[_Row]:
    """Rows of both tables, in document order, each with its spans."""
    rows: list[_Row] = []
    for table in ("nd", "d"):
        titles = [s for s in spans if s.label == f"{table}_title"]
        rows.extend(_title_groups(titles, spans, table, geo))
    rows.sort(key=lambda r: r.start)
    members = [s for s in spans if (s.label in ROW_LABELS and s.label not in TITLE_LABELS)
               or s.label == "fn_ref"]
    for span in members:
        table = span.label.split("_", 1)[0] if span.label != "fn_ref" else None
        candidates = [r for r in rows if table in (None, r.table)]
        if not candidates:
            row = _Row(table or "nd", [])
            row.spans.append(span)
            rows.append(row)
            rows.sort(key=lambda r: r.start)
            continue
        best = min(candidates, key=lambda r: _row_cost(span, r, geo))
        best.spans.append(span)
    for table in ("nd", "d"):
        _redistribute([r for r in rows if r.table == table])
    if geo.cell_per_line:
        _natures_follow_forms(rows)
    rows = [r for r in rows if r.titles or r.spans]     # a row whose only value went to another
    _trailing_refs_in_order(rows, geo.text)
    return rows


def _title_groups(titles: list[TaggedSpan], spans: list[TaggedSpan], table: str,
                  geo: _Geometry) -> list[_Row]:
    """Title pieces wrapped down their column belong to one row. Where rows are lines, a
    row's numbers, dates and codes share one line: each title piece joins the row of the
    nearest such line; titles on such a line begin rows of their own (a table written on
    one line holds many). In reading-order text, pieces with nothing between them join."""
    if geo.cell_per_line:
        groups: list[_Row] = []
        for span in titles:
            if groups:
                prev = groups[-1].titles[-1]
                between = [s for s in spans if prev.last < s.first < span.first and s.label in ROW_LABELS]
                # a value pdftotext put beside a title's line ('Option $ 23.529' / '(right to
                # buy)') parts nothing when the title goes on at the next line
                wrapped = geo.line(span) == geo.lines[prev.last] + 1 and \
                    all(geo.line(s) == geo.lines[prev.last] for s in between)
                # the same title of two words or more again is another row's, though
                # nothing stands between (not OCR's 'Stock' / 'Stock' of two cells' lines)
                again = _same_text(groups[-1].titles[0], span, geo) and \
                    (wrapped or len(geo.text[span.start:span.end].split()) > 1)
                if (not between or wrapped) and not again:
                    groups[-1].titles.append(span)
                    continue
            groups.append(_Row(table, [span]))
        return groups
    value_lines = sorted({geo.line(s) for s in spans if s.label.startswith(table + "_")
                          and LABEL_INFO[s.label].kind != "text"})
    anchors: dict[int, list[_Row]] = defaultdict(list)
    loose: list[TaggedSpan] = []
    rows: list[_Row] = []
    for span in titles:
        if geo.line(span) in value_lines:
            anchors[geo.line(span)].append(_Row(table, [span], line=geo.line(span)))
            rows.append(anchors[geo.line(span)][-1])
        else:
            loose.append(span)
    for span in loose:
        line = geo.line(span)
        near = min(value_lines, key=lambda v: (abs(v - line), v < line), default=None)
        if near is None or abs(near - line) > 3:
            rows.append(_Row(table, [span]))
            continue
        if not anchors.get(near):
            anchors[near].append(_Row(table, [], line=near))
            rows.append(anchors[near][-1])
        target = min(anchors[near],
                     key=lambda r: abs((r.titles[0].first if r.titles else span.first) - span.first))
        if any(_same_text(t, span, geo) for t in target.titles):
            rows.append(_Row(table, [span]))   # the same title again: another row
            continue
        target.titles.append(span)
    for r in rows:
        r.titles.sort(key=lambda s: s.start)
    return sorted((r for r in rows if r.titles), key=lambda r: r.titles[0].start)


def _same_text(a: TaggedSpan, b: TaggedSpan, geo: _Geometry) -> bool:
    return geo.text[a.start:a.end].casefold().split() == geo.text[b.start:b.end].casefold().split()


def _row_cost(span: TaggedSpan, row: _Row, geo: _Geometry) -> float:
    if geo.cell_per_line:
        gap = span.first - row.start
        return (0.0 if gap >= 0 else 3.0) + abs(gap) / 30
    if not row.titles:
        return abs(geo.line(span) - geo.line(row.spans[0]))
    # the row's title lines (wrapped titles too) and the line of its values
    lines = [x for t in row.titles for x in range(geo.line(t), geo.lines[t.last] + 1)] + \
        ([row.line] if row.line is not None else [])
    line = geo.line(span)
    # a text wrapped down its column (a nature centred on its row's line) is as near as
    # its nearest line
    dist = min(abs(y - x) for y in range(line, geo.lines[span.last] + 1) for x in lines)
    if dist == 0:  # on the row's line (or a table on one line): the last row begun before it
        gap = span.first - row.start
        return gap / 1e4 if gap >= 0 else 0.5 - gap / 1e4
    return dist + (0.25 if line < min(lines) else 0.0)


def _redistribute(rows: list[_Row]) -> None:
    """Reading-order text can put a column's values for several rows after all the
    titles: where one row got several values of a label and rows before it none, deal
    them out in order."""
    _deal_runs(rows)
    labels = {s.label for r in rows for s in r.spans} - {"fn_ref"}
    dealt = False
    for label in labels:
        if label.endswith(("_nature", "_und_title")):
            continue
        counts = [sum(1 for s in r.spans if s.label == label) for r in rows]
        if max(counts, default=0) <= 1 or 0 not in counts:
            continue
        pool = sorted((s for r in rows for s in r.spans if s.label == label), key=lambda s: s.first)
        if len(pool) != len(rows):
            continue
        for r, s in zip(rows, pool):
            r.spans = [x for x in r.spans if x.label != label] + [s]
        dealt = True
    if dealt:
        _refs_follow_values(rows)


def _refs_follow_values(rows: list[_Row]) -> None:
    """A footnote marker stands right after the value it marks: once values are dealt out,
    each marker read inside its row goes to the row of the value read last before it, where
    that value too is read inside its new row. (A marker read before its row's title is
    pdftotext's moving it, and stays.)"""
    owner = sorted(((s.first, r) for r in rows for s in r.titles + r.spans if s.label != "fn_ref"),
                   key=lambda item: item[0])
    firsts = [first for first, _ in owner]
    for r in rows:
        for ref in [s for s in r.spans if s.label == "fn_ref"]:
            k = bisect.bisect_left(firsts, ref.first) - 1
            if k < 0 or ref.first <= r.start:
                continue
            first, row = owner[k]
            if row is not r and first > row.start:
                r.spans.remove(ref)
                row.spans.append(ref)


def _ref_numbers(spans: list[TaggedSpan], text: str) -> list[int]:
    return [int(ref[1:]) for ref in read_refs([text[s.start:s.end] for s in spans if s.label == "fn_ref"])]


def _trailing_refs_in_order(rows: list[_Row], text: str) -> None:
    """Notes are numbered in the order they are first referred to (so in every gold
    record). pdftotext can hold back a row's marker to after the table's last row ('D' /
    '(1)' / '(7)'): a marker read after the last value of its table's last row whose
    note no row before refers to, and whose number is lower than one an earlier row
    refers to first, goes back to the first row referring to a higher number."""
    for table in ("nd", "d"):
        own = [r for r in rows if r.table == table]
        if len(own) < 2:
            continue
        last = own[-1]
        values_end = max((s.first for s in last.titles + last.spans if s.label != "fn_ref"), default=-1)
        trailing = sorted((s for s in last.spans if s.label == "fn_ref" and s.first > values_end),
                          key=lambda s: s.first)
        before = [r for r in rows if r.start < last.start] + [last]
        for ref in trailing:
            number = _ref_numbers([ref], text)
            if len(number) != 1:
                continue
            found = [_ref_numbers([s for s in r.spans if s is not ref], text) for r in before]
            if any(number[0] in numbers for numbers in found):
                continue
            home = next((r for r, numbers in zip(before, found) if max(numbers, default=0) > number[0]), last)
            if home is not last:
                last.spans.remove(ref)
                home.spans.append(ref)


def _natures_follow_forms(rows: list[_Row]) -> None:
    """Read a cell at a time, a row's nature of ownership comes right after its ownership
    form (columns 6 and 7, 10 and 11): a nature read right after a row's 'I' goes to that
    row, with the markers that close it, where the letters were dealt out to rows and the
    natures were not (`_redistribute`)."""
    order = sorted(((s.first, s, r) for r in rows for s in r.titles + r.spans), key=lambda item: item[0])
    for k, (_, span, row) in enumerate(order):
        if not span.label.endswith("_nature") or k == 0:
            continue
        _, before, home = order[k - 1]
        if not before.label.endswith("_di") or home is row:
            continue
        moved = [span]
        for _, ref, at in order[k + 1:]:
            if ref.label != "fn_ref":
                break
            if at is row:
                moved.append(ref)
        for s in moved:
            row.spans.remove(s)
            home.spans.append(s)


def _deal_runs(rows: list[_Row]) -> None:
    """Rows whose titles were read one after the other ('Class A Common Stock' / 'Class A
    Common Stock' / '07/01/2024' / 'A' ...): the last holds every value. Read in order, a
    row's values end where a label comes again; where that makes as many pieces as rows,
    each row takes its piece."""
    k = 0
    while k < len(rows):
        end = k     # the first row from k on that holds values
        while end < len(rows) and not rows[end].spans:
            end += 1
        if k < end < len(rows):
            pieces, seen = [[]], set()
            for span in sorted(rows[end].spans, key=lambda s: s.first):
                if span.label in seen:
                    pieces.append([])
                    seen = set()
                if span.label != "fn_ref":
                    seen.add(span.label)
                pieces[-1].append(span)
            if len(pieces) == end + 1 - k:
                for row, piece in zip(rows[k:end + 1], pieces):
                    row.spans = piece
        k = end + 1


# --- step 2: read row values ---------------------------------------------------------

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
        return Reading(_balanced(reading.value), reading.quality * 0.9 ** cuts) if reading else None
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


def row_values(row: _Row, draft: Draft) -> dict[str, tuple[Reading, list[TaggedSpan]]]:
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
    letters = [a for a in ads if _reads(draft, a, "AD") is None and _reads(draft, a, _CODES_BUT_V)]
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
    elif heading_v and len(ads) > 1 and _reads(draft, ads[0], _CODES_BUT_V):
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


def _pseudo_rows(spans: list[TaggedSpan]) -> list[_Row]:
    """Row values on an echo line, cut into rows where a label comes round again."""
    rows: list[_Row] = []
    for s in spans:
        if s.label not in ROW_LABELS and s.label != "fn_ref":
            continue
        if not rows or any(x.label == s.label and s.label != "fn_ref" for x in rows[-1].titles + rows[-1].spans):
            rows.append(_Row(s.label.split("_", 1)[0] if s.label != "fn_ref" else "nd", []))
        (rows[-1].titles if s.label in TITLE_LABELS else rows[-1].spans).append(s)
    return rows


_MATCH_KEYS = ("shares", "price_per_share", "shares_owned_following", "underlying_shares")
# what a Table II line holds beside its amounts: a line of only these is the rest of a
# title that the reading order tore from its row ('Restricted' / 'Stock Class A' above a
# row read 'Units'), never a holding of its own, which reports what is owned
_TITLE_ONLY = frozenset({"security_title", "underlying_security_title", "exercise_date",
                         "expiration_date", "footnotes"})


def _fill_from_echoes(values: dict, echoes: list[_Row], draft: Draft) -> None:
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


def build_rows(rows: list[_Row], draft: Draft, echoes: list[_Row] = ()) -> dict[str, list]:
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


# --- step 4: footnotes, signatures, header ---------------------------------------------

_WORD_RE = re.compile(r"[^\W_]{2}")


def _opens_line(span: TaggedSpan, text: str) -> bool:
    """Nothing but marks before a span on its line (115 of the 116 signatures of train, dev
    and the seeds; the other after an OCR quote: '‘s/ Devang Shah')."""
    return not _WORD_RE.search(text, text.rfind("\n", 0, span.start) + 1, span.start)


_NAMED_RE = re.compile(r"[A-Z][A-Za-z]{2,}")


def build_signatures(spans: list[TaggedSpan], draft: Draft, sections: list[str]) -> list[Signature]:
    """Signatures: each name with the date nearest it. A name names someone: a capitalised
    word of three letters or more (all 116 signatures of train, dev and the seeds have one;
    OCR's speckle under a scanned signature, 'e tot ate crs', has none). A name opens its
    line: where one does, words the tagger called a name after other words are a note's
    ('(ay Represents shares withheld by the Issuer ...', OCR's note 1 after the signatures).
    A signature follows the tables: where one does, a name read in the header box above
    them is the owner's title there (the 77 annotated signatures of train stand among
    the signatures or the owners)."""
    names = [s for s in spans if s.label == "sig_name" and _NAMED_RE.search(draft.text, s.start, s.end)]
    names = [s for s in names if _opens_line(s, draft.text)] or names
    names = [s for s in names if sections[s.first] != "header"] or names
    dates = [s for s in spans if s.label == "sig_date"]
    out = []
    for j, name in enumerate(names):
        path = f"signatures[{j}]"
        reading = read_signature(draft.raw([name]))
        date_span = min(dates, key=lambda d: abs(d.first - name.last), default=None)
        date = read_date(draft.raw([date_span])) if date_span else None
        if reading:
            draft.set(f"{path}.name", reading, [name])
        if date:
            draft.set(f"{path}.date", date, [date_span])
        out.append(Signature(reading.value if reading else None, date.value if date else None))
    if not names and dates:
        date = read_date(draft.raw([dates[0]]))
        if date:
            draft.set("signatures[0].date", date, [dates[0]])
            out.append(Signature(None, date.value))
    return out


# the caption the form prints under each signature line, as OCR may read it with the date's
CAPTIONS = ("signature of reporting person", "signature of reporting person date",
            "date signature of reporting person")
CAPTION_LIKENESS = 78   # OCR's 'Signe of Repoing Pen Dae' scores 83; gold signatures' first or last words <= 54
CAPTION_WORDS = 7


def signature_captions(spans: list[TaggedSpan], doc, idx: list[int]) -> list[TaggedSpan]:
    """The form's caption under a signature line ('** Signature of Reporting Person' /
    'Date'), which OCR garbles past matching ('Signe of Repoing Pen Dae'), is no signer:
    the words of a signature that open or close it and read nearly as the caption are
    left out, and a signature of nothing else is dropped."""
    starts, ends = doc.user_data["layout"]["start"], doc.user_data["layout"]["end"]
    text = doc_text(doc)

    def likeness(a: int, b: int) -> float:
        words = " ".join(text[starts[idx[p]]:ends[idx[p]]] for p in range(a, b + 1)).lower()
        return max(fuzz.ratio(words, c) for c in CAPTIONS)

    out = []
    for s in spans:
        first, last = s.first, s.last
        if s.label == "sig_name":   # the likeliest caption opening it, then closing it
            opening = max(range(first, min(last, first + CAPTION_WORDS - 1) + 1), key=lambda k: likeness(first, k))
            if likeness(first, opening) >= CAPTION_LIKENESS:
                first = opening + 1
            if first <= last:
                closing = max(range(max(first, last - CAPTION_WORDS + 1), last + 1), key=lambda k: likeness(k, last))
                if likeness(closing, last) >= CAPTION_LIKENESS:
                    last = closing - 1
            if first > last:
                continue
        out.append(s if (first, last) == (s.first, s.last)
                   else token_span(doc, idx, first, last, s.label, s.prob, s.min_prob))
    return out


UNTAGGED_MARK_PROB = 0.5


def boxed_marks(spans: list[TaggedSpan], text: str, doc, idx: list[int]) -> list[TaggedSpan]:
    """An X between underscores ('__X__ 10% Owner', EDGAR's text for a ticked box) is the
    box whose words follow it. Where the tagger left it untagged, it is added at a
    probability that sends it to review; where the tagger gave it another box (a mark on
    the line under 'Director' in pdftotext -layout's header: '__X__ Officer'), it takes
    the box its words name."""
    lay = doc.user_data["layout"]
    kinds, starts, ends = lay["kind"], lay["start"], lay["end"]
    marks = {s.first: s for s in spans if s.first == s.last and s.label in RELATIONSHIP_LABELS.values()}
    tagged = covered(spans)
    out = list(spans)
    for p, i in enumerate(idx):
        if text[starts[i]:ends[i]] not in ("X", "x") or (p in tagged and p not in marks) \
                or not 0 < i < len(kinds) - 1 or kinds[i - 1] != "underline" or kinds[i + 1] != "underline":
            continue
        relation = relation_after(text, ends[i])
        if not relation:
            continue
        label = RELATIONSHIP_LABELS[relation]
        if p not in marks:
            out.append(token_span(doc, idx, p, p, label, UNTAGGED_MARK_PROB, UNTAGGED_MARK_PROB))
        elif marks[p].label != label:
            out[out.index(marks[p])] = replace(marks[p], label=label)
    return sorted(out, key=lambda s: s.start)


LONE_LETTER_PROB = 0.3
# a heading's column -> (the row field's label suffix, the letters its values are)
_CODES_BUT_V = CODES.replace("V", "")
_LONE_LETTERS = {"di": ("di", "DI"), "nature": ("di", "DI"), "code": ("code", _CODES_BUT_V),
                 "v": ("code", _CODES_BUT_V),
                 # pdftotext may read the code after the amount ('Amount' / '1,386' / 'M'):
                 # there a letter no other column of the row holds (not A, D, I) is the code
                 "amount": ("code", _CODES_BUT_V.replace("A", "").replace("D", "").replace("I", ""))}
_TABLE_PREFIX = {"table1": "nd", "table2": "d"}


def _lone(doc, idx: list[int], first: int, last: int, label: str) -> TaggedSpan:
    """A value read from the layout where the tagger left it untagged: at LONE_LETTER_PROB."""
    return token_span(doc, idx, first, last, label, LONE_LETTER_PROB, LONE_LETTER_PROB)


def _lines_and_labels(spans: list[TaggedSpan], geo: _Geometry) -> tuple[list[list[int]], dict[int, set[str]]]:
    """The content tokens of each line, in order, and the labels of the spans each line
    opens (by line number): what a tail read under a heading walks."""
    labels: dict[int, set[str]] = defaultdict(set)
    for s in spans:
        labels[geo.line(s)].add(s.label)
    lines = [list(group) for _, group in itertools.groupby(range(len(geo.lines)), key=lambda p: geo.lines[p])]
    return lines, labels


# digits, maybe after a dollar sign OCR read as S ('S0', 'so'): not a garbled marker's 'G'
_AMOUNT_RE = re.compile(r"(?:[$Ss][0-9oO]|[0-9])[0-9oO,.]*")


def price_between(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Table I's columns run amount, (A) or (D), price, holding. On a row's line holding an
    A/D and a holding and no price, the one word or number between them, untagged, that
    is an amount (digits, or OCR's '$0' as 'S0' or 'so': `read_number`) is the price, at
    0.3."""
    if geo.cell_per_line:
        return spans
    kinds, starts, ends = (doc.user_data["layout"][k] for k in ("kind", "start", "end"))
    tagged = covered(spans)
    by_line: dict[int, dict[str, list[TaggedSpan]]] = defaultdict(lambda: defaultdict(list))
    for s in spans:
        if s.label in ("nd_ad", "nd_owned", "nd_price"):
            by_line[geo.line(s)][s.label].append(s)
    out = list(spans)
    for labels in by_line.values():
        if "nd_price" in labels or len(labels["nd_ad"]) != 1 or len(labels["nd_owned"]) != 1:
            continue
        ad, owned = labels["nd_ad"][0], labels["nd_owned"][0]
        between = [p for p in range(ad.last + 1, owned.first) if kinds[idx[p]] in ("word", "number")]
        if len(between) != 1 or between[0] in tagged:
            continue
        p = between[0]
        word = geo.text[starts[idx[p]]:ends[idx[p]]]
        if _AMOUNT_RE.fullmatch(word) and read_number([word], money=True) is not None:
            out.append(_lone(doc, idx, p, p, "nd_price"))
    return sorted(out, key=lambda s: s.start)


def _tables_by_line(spans: list[TaggedSpan], geo: _Geometry) -> dict[int, set[str]]:
    """The tables ('nd', 'd') whose values each line holds."""
    tables: dict[int, set[str]] = defaultdict(set)
    for s in spans:
        if s.label.startswith(("nd_", "d_")):
            tables[geo.line(s)].add(s.label.split("_", 1)[0])
    return tables


# the money columns: Table I's price (its only one); Table II's by the heading above
_MONEY = {("table1", None): COLUMN_LABELS[("table1", "price")],
          **{("table2", h): COLUMN_LABELS[("table2", h)] for h in ("conv", "price")}}


def dollar_prices(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A number right after a '$' (a footnote marker may stand between: '$' / '(2)' /
    '253.63 627,104', pdftotext), on a line with one table's values and none of the
    other's, is money: under Table I's heading its price, the one column of money; under
    Table II's, the conversion price or the price its column heading names ('$ 0' in a
    holdings row, markdown). At 0.3, where the tagger left it untagged, or where it ran
    Table I's price into the holding after it ('27.61 66,110' read as one holding). Not a
    number that words follow on its line, as in a title's 'par value $0.0001 per share'."""
    lay = doc.user_data["layout"]
    kinds, norms, sections, headings = lay["kind"], lay["norm"], lay["section"], lay["heading"]
    holder = {t: s for s in spans for t in range(s.first, s.last + 1)}
    tables = _tables_by_line(spans, geo)
    out = list(spans)
    for p, i in enumerate(idx):
        table = _TABLE_PREFIX.get(sections[i])
        if norms[i] != "$" or table is None:
            continue
        q = p + 1
        while q < len(idx) and kinds[idx[q]] == "fnmark":
            q += 1
        if q >= len(idx) or kinds[idx[q]] != "number" or sections[idx[q]] != sections[i] \
                or tables.get(geo.lines[q]) != {table}:
            continue
        label = _MONEY.get((sections[i], None if table == "nd" else headings[idx[q]]))
        if label is None:
            continue
        run = holder.get(q)
        if run is None:
            if q + 1 < len(idx) and kinds[idx[q + 1]] == "word" and geo.lines[q + 1] == geo.lines[q]:
                continue
            out.append(_lone(doc, idx, q, q, label))
        elif run.label == "nd_owned" and run.first == q and q < run.last \
                and any(kinds[idx[t]] == "number" for t in range(q + 1, run.last + 1)):
            out.remove(run)
            out.append(_lone(doc, idx, q, q, label))
            out.append(token_span(doc, idx, q + 1, run.last, run.label, run.prob, run.min_prob))
    return sorted(out, key=lambda s: s.start)


_COLUMN_NUMBERS = ("nd_shares", "nd_price", "nd_owned", "d_conv", "d_shares_a", "d_shares_d",
                   "d_und_shares", "d_price", "d_owned")


def aligned_numbers(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Fixed-width text stands each column's numbers one under another: an untagged number
    on a row's line (a line with values of one table only) whose characters overlap those
    of numbers read under one label of its table, and of no other label's, is that
    column's value where its line has none, at LONE_LETTER_PROB ('$0' in a holdings row
    under the conversion prices '$0' read in the rows above, pdftotext -layout). Only
    a number set off by a run of spaces, as fixed-width columns are: not OCR's
    single-spaced lines, nor markdown's rows, nor text whose cells each stand on a line."""
    if geo.cell_per_line:
        return spans
    lay = doc.user_data["layout"]
    kinds, starts, ends = lay["kind"], lay["start"], lay["end"]
    tagged = covered(spans)
    tables = _tables_by_line(spans, geo)
    line_labels: dict[int, set[str]] = defaultdict(set)
    columns: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in spans:
        if s.label.startswith(("nd_", "d_")):
            line_labels[geo.line(s)].add(s.label)
        if s.label in _COLUMN_NUMBERS and all(kinds[idx[t]] != "number" for t in range(s.first, s.last)):
            col = geo.cols[s.last]      # one number, maybe after a '$'; its column is its own
            columns[s.label].append((col, col + ends[idx[s.last]] - starts[idx[s.last]]))
    out = list(spans)
    for p, i in enumerate(idx):
        line = geo.lines[p]
        cell = starts[i] - (geo.text[starts[i] - 1:starts[i]] == "$")
        if p in tagged or kinds[i] != "number" or len(tables.get(line, ())) != 1 \
                or "|" in geo.text[starts[i] - geo.cols[p]:ends[i]] or geo.text[cell - 2:cell] != "  ":
            continue
        table = next(iter(tables[line]))
        a, b = geo.cols[p], geo.cols[p] + ends[i] - starts[i]
        under = {label for label, cols in columns.items() if label.startswith(table + "_")
                 and any(c < b and a < d for c, d in cols)}
        if len(under) == 1 and not under & line_labels[line]:
            out.append(_lone(doc, idx, p, p, under.pop()))
    return sorted(out, key=lambda s: s.start)


def lone_letters(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A letter the tagger left untagged, alone on its line under a table's code or
    ownership-form heading, is that column's value: pdftotext reads a table's last columns
    after the others, under their own headings ('6. Ownership Form ...' / 'D' / '(1)'), and
    Table II's code among its sub-headings ('V' / 'A' / '(A)'). The rows take these as they
    take any value read apart from its row (`group_rows`), at probability 0.3, so a value the
    tagger read with more certainty wins. 'V' under 'Code' is the sub-heading."""
    lay = doc.user_data["layout"]
    kinds, starts, ends = lay["kind"], lay["start"], lay["end"]
    tagged = covered(spans)
    out = list(spans)
    for p, i in enumerate(idx):
        table = _TABLE_PREFIX.get(lay["section"][i])
        field, letters = _LONE_LETTERS.get(lay["heading"][i], (None, ""))
        if table is None or field is None or p in tagged or ends[i] - starts[i] != 1 \
                or geo.text[starts[i]] not in letters:
            continue
        line = range(bisect.bisect_left(geo.lines, geo.lines[p]), bisect.bisect_right(geo.lines, geo.lines[p]))
        if any(kinds[idx[q]] != "fnmark" for q in line if q != p):
            continue
        out.append(_lone(doc, idx, p, p, f"{table}_{field}"))
    return sorted(out, key=lambda s: s.start)


def codes_after_dates(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """The word right after a row's transaction date, on its line, that reads as a code
    ('s', 'S@', 'so)': OCR's lower case, or the code with its footnote marker read as
    junk) is the row's code where the tagger read none on that line: the form prints the
    code next to the date (the deemed execution date between is empty in all 265
    transactions of train's and dev's gold). At LONE_LETTER_PROB, as any value read from
    the layout alone."""
    lay = doc.user_data["layout"]
    tagged = covered(spans)
    coded = {geo.line(s) for s in spans if s.label in ("nd_code", "d_code")}
    out = list(spans)
    for s in spans:
        if s.label not in ("nd_date", "d_date"):
            continue
        p = s.last + 1
        line = geo.lines[s.last]
        if p >= len(idx) or p in tagged or geo.lines[p] != line or line in coded \
                or lay["kind"][idx[p]] != "word" or lay["section"][idx[p]] not in _TABLE_PREFIX:
            continue
        if code_readings(geo.text[lay["start"][idx[p]]:lay["end"][idx[p]]], _CODES_BUT_V):
            out.append(_lone(doc, idx, p, p, f"{_TABLE_PREFIX[lay['section'][idx[p]]]}_code"))
            coded.add(line)
    return sorted(out, key=lambda s: s.start)


def markers_of_unreferred_notes(spans: list[TaggedSpan], geo: _Geometry, doc,
                                idx: list[int]) -> list[TaggedSpan]:
    """Every note is referred to by a row (all 385 notes of dev's and train's gold records
    are). Where no marker the tagger read refers to a note it read, the markers of that
    note it left untagged in a table's rows ('$' / '(2)' / '253.63 627,104', among the
    column headings pdftotext wrote between) are references; the rows take them as any
    marker, at probability 0.3. Not those above the table's first row: a heading's marker
    names no row."""
    lay = doc.user_data["layout"]
    first_title = {table: min((s.first for s in spans if s.label == f"{table}_title"), default=len(idx))
                   for table in _TABLE_PREFIX.values()}
    tagged = covered(spans)
    untagged = [p for p, i in enumerate(idx)      # the untagged markers in the tables' rows
                if p not in tagged and lay["kind"][i] == "fnmark" and lay["section"][i] in _TABLE_PREFIX
                and p >= first_title[_TABLE_PREFIX[lay["section"][i]]]]
    if not untagged:
        return spans
    notes = {fid for fid, _ in footnote_blocks(spans, geo.text) if fid}
    unreferred = notes - set(read_refs([geo.text[s.start:s.end] for s in spans if s.label == "fn_ref"]))
    out = list(spans)
    for p in untagged:
        if set(read_refs([geo.text[lay["start"][idx[p]]:lay["end"][idx[p]]]])) & unreferred:
            out.append(_lone(doc, idx, p, p, "fn_ref"))
    return sorted(out, key=lambda s: s.start)


_REMARKS_HEADING_RE = re.compile(r"Remarks[ \t]*:[*_ \t]*", re.I)


def remarks_beside_heading(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """The words written beside the form's 'Remarks:' heading, in its cell of the line
    ('| **Remarks:** Title: Senior Vice President ... |'), are the remarks: where the tagger
    read none, at LONE_LETTER_PROB; where it read them from a later word of the cell on
    ('Senior Vice President ...', 'Title:' left out), from the first. Words on the lines
    below are not taken: there the form's own notes ('Note: File three copies ...') follow
    as often as remarks."""
    lay = doc.user_data["layout"]
    starts, cell_ids = lay["start"], lay["cell_id"]
    tagged = covered(spans)
    read = [s for s in spans if s.label == "remarks"]
    for p, i in enumerate(idx):
        if lay["section"][i] != "remarks":
            continue
        heading = _REMARKS_HEADING_RE.match(geo.text, starts[i])
        if heading is None:
            return spans
        words = [q for q in range(p + 1, len(idx)) if geo.lines[q] == geo.lines[p]
                 and cell_ids[idx[q]] == cell_ids[i] and starts[idx[q]] >= heading.end()]
        if len(words) < 2 or not geo.text[starts[idx[words[0]]]].isalnum():
            return spans
        if read:
            first = read[0]
            if first.first in words and first.first != words[0] \
                    and not any(q in tagged for q in words if q < first.first):
                moved = token_span(doc, idx, words[0], first.last, "remarks", first.prob,
                                   min(first.min_prob, LONE_LETTER_PROB))
                return sorted([moved if s is first else s for s in spans], key=lambda s: s.start)
            return spans
        if any(q in tagged for q in words):
            return spans
        return sorted(spans + [_lone(doc, idx, words[0], words[-1], "remarks")], key=lambda s: s.start)
    return spans


_BOX_WORD_RE = re.compile(r"[\W_]*(?:Director|Officer|Other|10%[ \t]*Owner)[\W_]*$", re.I)


NAME_RUN_ON = 4   # words a name may run on over


def names_as_written_elsewhere(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """An owner's name in the reporting-owner table that the tagger let go of before its
    last words ('SVF II Holdings' / '(DE) LLC 251 LITTLE FALLS DRIVE', 'SOFTBANK GROUP' /
    'CORP. 1-7-1, KAIGAN', markdown's one-line owner cells) runs on over the words after it
    on its line as far as the form writes the name so elsewhere, on one line and ending
    there: in the header box or a signature ('SVF II Holdings (DE) LLC, By: /s/ ...'). The
    words leave the street they were read into; their probability is the name's."""
    lay = doc.user_data["layout"]
    starts, ends, sections = lay["start"], lay["end"], lay["section"]
    text = geo.text
    table = [p for p, i in enumerate(idx) if sections[i] == "owners"]
    if not table:
        return spans
    table_start, table_end = starts[idx[table[0]]], ends[idx[table[-1]]]
    label_at = {p: s for s in spans for p in range(s.first, s.last + 1)}
    out = list(spans)
    for s in spans:
        if s.label != "owner_name" or sections[idx[s.first]] != "owners":
            continue
        line, after = geo.lines[s.last], []     # the words after it: untagged, or a street's
        for q in range(s.last + 1, min(s.last + 1 + NAME_RUN_ON, len(idx))):
            if geo.lines[q] != line or q in label_at and label_at[q].label not in STREETS:
                break
            after.append(q)
        last = next((q for q in reversed(after)
                     if _written_elsewhere(text, s.start, s.end, ends[idx[q]], (table_start, table_end))), None)
        if last is None:
            continue
        out = [x for x in out if x is not s and not (x.label in STREETS and s.first <= x.first and x.last <= last)]
        out = [token_span(doc, idx, last + 1, x.last, x.label, x.prob, x.min_prob)
               if x.label in STREETS and x.first <= last < x.last else x for x in out]
        out.append(token_span(doc, idx, s.first, last, "owner_name", s.prob, s.min_prob))
    return sorted(out, key=lambda s: s.start)


def _written_elsewhere(text: str, start: int, name_end: int, end: int, table: tuple[int, int]) -> bool:
    """Whether text[start:end], a name read to `name_end` and the words after it, is written
    so outside the span `table` too, on one line and ending there: at the line's end or
    before punctuation (',', '|'), not before more words. Not if it adds no word, ends on a
    border glyph OCR read ('J. ]') or in the middle of a word ('(DE')."""
    words = text[start:end].split()
    if not re.search(r"\w", text[name_end:end]) or not re.search(r"\w", words[-1]) or text[end:end + 1].strip():
        return False
    pattern = re.compile(r"(?<!\w)" + r"[ \t]+".join(map(re.escape, words)) + r"(?=[ \t]*(?:$|[^\w\s(]))",
                         re.I | re.M)
    return any(not table[0] <= m.start() < table[1] for m in pattern.finditer(text))


def box_words_off_titles(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """An officer's title or an 'other' text never opens with a box's word (none of the 26
    of train, dev and the seeds does): a first line that holds only 'Officer', 'Other',
    'Director' or '10% Owner', above the title's words, is the owner table's column
    heading the tagger ran in ('Director 10% Owner Officer' / '' / 'Chief Operating
    Officer', pdftotext). The title starts on its next line."""
    lay = doc.user_data["layout"]
    starts, ends = lay["start"], lay["end"]
    out = []
    for s in spans:
        if s.label in ("officer_title", "other_text") and geo.lines[s.last] != geo.lines[s.first]:
            second = next(t for t in range(s.first, s.last + 1) if geo.lines[t] != geo.lines[s.first])
            if _BOX_WORD_RE.match(geo.text[starts[idx[s.first]]:ends[idx[second - 1]]]):
                s = token_span(doc, idx, second, s.last, s.label, s.prob, s.min_prob)
        out.append(s)
    return out


_TAIL_HEADING_RE = re.compile(r"8\.[ \t]*Price[ \t]+of\b")
_TAIL_LINE_MAX = 60     # a cell of a column this narrow is never a line this long


def deferred_tail(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """pdftotext can read Table II's last columns only after the signatures, under their
    own headings ('8. Price of 9. Number of 10.' / '11. Nature' ...), where the tagger
    seldom knows a bare '$0' or 'D' for a value. Below such a heading, up to the first
    line that holds a value of something else, opens a section, starts with '*' or runs
    longer than a cell of these columns, a '$' amount alone on its line is the row's price,
    a lone 'D' or 'I' its ownership form, and a number ending a line of words the count of
    the underlying, its title wrapped around it ('Class A' / 'Common 1,386' / 'Stock', which
    `title_around_count` then reads); the lines of markers alone right above the
    heading are the notes of the columns read before it (dates exercisable and
    expiration). All at LONE_LETTER_PROB: the rows take them as any value read apart
    from its row (`group_rows`)."""
    lay = doc.user_data["layout"]
    starts, ends, sections, kinds = lay["start"], lay["end"], lay["section"], lay["kind"]
    if "table2" not in sections:
        return spans
    lines, labels = _lines_and_labels(spans, geo)
    tagged = covered(spans)
    out = list(spans)

    def lone(label: str, tokens: list[int]) -> None:
        out.append(_lone(doc, idx, tokens[0], tokens[-1], label))

    section = None      # the section a tail opened in, while in one
    for k, tokens in enumerate(lines):
        first, line = idx[tokens[0]], geo.lines[tokens[0]]
        body = geo.text[starts[first]:ends[idx[tokens[-1]]]]
        if section is not None and (sections[first] != section or body.startswith("*")
                                    or len(body) > _TAIL_LINE_MAX
                                    or any(not label.startswith("d_") and label != "fn_ref"
                                           for label in labels[line])):
            section = None
        if section is None:
            if sections[first] not in ("table1", "table2") and _TAIL_HEADING_RE.match(body):
                section = sections[first]
                j = k - 1
                while j >= 0 and all(kinds[idx[t]] == "fnmark" and t not in tagged for t in lines[j]):
                    for t in lines[j]:
                        lone("fn_ref", [t])
                    j -= 1
            continue
        if any(t in tagged for t in tokens):
            continue
        words = [geo.text[starts[idx[t]]:ends[idx[t]]] for t in tokens]
        if words in (["D"], ["I"]):
            lone("d_di", tokens)
        elif len(words) == 2 and words[0] == "$" and kinds[idx[tokens[1]]] == "number":
            lone("d_price", tokens)
        elif len(words) >= 2 and kinds[idx[tokens[-1]]] == "number" \
                and all(kinds[idx[t]] == "word" for t in tokens[:-1]):
            lone("d_und_shares", tokens[-1:])
    return sorted(out, key=lambda s: s.start)


_NATURE_HEADING_RE = re.compile(r"(?:^|\s)(?:7|11)\.[ \t]*Nature[ \t]+of\b")
_NATURE_LINE_MAX = 30   # a line of the nature column's cell, read on its own


def deferred_natures(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """pdftotext reads a table's last two columns after the rest, under their heading
    ('7. Nature of' / 'Ownership Indirect' ...): each row's ownership form alone on its
    line, and after an 'I' the row's nature, its cell's narrow lines one under another
    ('Eschenbach' / 'Family' / 'Trust dtd' ... 'TTEE (3)'). The tagger knows the letters
    and seldom the words. Below such a heading, up to a line of another part of the form
    or longer than a cell, a lone D or I is the form and a block of untagged short lines
    right after an 'I' the nature, at LONE_LETTER_PROB; the rows take each nature with the
    form before it (`_natures_follow_forms`)."""
    if not geo.cell_per_line:
        return spans
    lay = doc.user_data["layout"]
    starts, ends, sections, kinds = lay["start"], lay["end"], lay["section"], lay["kind"]
    tagged = covered(spans)
    lines, labels = _lines_and_labels(spans, geo)
    out = list(spans)
    table = None        # the table a tail opened in, while in one
    block: list[list[int]] = []
    after_i = False     # the last line before the block was a lone 'I'

    def close() -> None:
        words = [t for line in block for t in line if kinds[idx[t]] != "fnmark"]
        if after_i and words and any(kinds[idx[t]] == "word" and ends[idx[t]] - starts[idx[t]] > 1
                                     for t in words):
            out.append(_lone(doc, idx, words[0], words[-1], f"{table}_nature"))
            for t in block[-1]:     # its notes' markers close the cell
                if kinds[idx[t]] == "fnmark" and t > words[-1] and t not in tagged:
                    out.append(_lone(doc, idx, t, t, "fn_ref"))
        block.clear()

    for tokens in lines:
        first, line = idx[tokens[0]], geo.lines[tokens[0]]
        body = geo.text[starts[first]:ends[idx[tokens[-1]]]]
        if table is not None and (_TABLE_PREFIX.get(sections[first]) != table
                                  or len(body) > _TAIL_LINE_MAX
                                  or any(not label.startswith(table + "_") and label != "fn_ref"
                                         for label in labels[line])):
            close()
            table = None
        if table is None:
            if _TABLE_PREFIX.get(sections[first]) and _NATURE_HEADING_RE.search(body):
                table, after_i = _TABLE_PREFIX[sections[first]], False
            continue
        words = [geo.text[starts[idx[t]]:ends[idx[t]]] for t in tokens if kinds[idx[t]] != "fnmark"]
        if words in (["D"], ["I"]):
            close()
            if not any(t in tagged for t in tokens):
                out.append(_lone(doc, idx, tokens[0], tokens[0], f"{table}_di"))
            after_i = words == ["I"]
            continue
        free = not any(t in tagged for t in tokens if kinds[idx[t]] != "fnmark")
        joined = bool(block) and geo.lines[block[-1][0]] == line - 1
        if free and len(body) <= _NATURE_LINE_MAX and (joined or not block):
            block.append(tokens)
            continue
        if joined:      # a block that runs on into a longer line is no cell of the column
            block.clear()
        close()
        after_i = False
        if free and len(body) <= _NATURE_LINE_MAX:
            block.append(tokens)
    if table is not None:
        close()
    return sorted(out, key=lambda s: s.start)


def natures_run_on(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A nature the tagger let go of at a comma, in pdftotext's narrow cell lines one under
    another ('Eschenbach' / 'Family' / 'Trust dtd' / '4/15/2014,' / 'Carl' / ... / 'TTEE (3)'),
    runs on over the comma and the untagged short lines right below it, up to the line
    with its notes' markers; its least probability is then LONE_LETTER_PROB."""
    if not geo.cell_per_line:
        return spans
    lay = doc.user_data["layout"]
    starts, ends, kinds = lay["start"], lay["end"], lay["kind"]
    tagged = covered(spans)
    by_line: dict[int, list[int]] = defaultdict(list)
    for p, line in enumerate(geo.lines):
        by_line[line].append(p)
    out = []
    for s in spans:
        comma = s.last + 1
        if s.label not in ("nd_nature", "d_nature") or comma >= len(idx) or comma in tagged \
                or geo.text[starts[idx[comma]]:ends[idx[comma]]] != "," \
                or geo.lines[comma] != geo.lines[s.last] or by_line[geo.lines[comma]][-1] != comma:
            out.append(s)
            continue
        last, line = comma, geo.lines[comma] + 1
        while by_line.get(line):
            tokens = by_line[line]
            words = [t for t in tokens if kinds[idx[t]] != "fnmark"]
            body = geo.text[starts[idx[tokens[0]]]:ends[idx[tokens[-1]]]]
            if not words or any(t in tagged for t in words) or len(body) > _NATURE_LINE_MAX:
                break
            last = words[-1]
            if len(words) < len(tokens):
                break       # its notes' markers close the cell
            line += 1
        out.append(token_span(doc, idx, s.first, last, s.label, s.prob, min(s.min_prob, LONE_LETTER_PROB))
                   if last > comma else s)
    return out


def _without_owner_words(issuer: TaggedSpan, spans: list[TaggedSpan], owners, text: str, doc,
                         idx: list[int]) -> TaggedSpan:
    """An issuer name read straight after an owner's name on one line ('Dodge R | Stanton
    DraftKings Inc.') starts after the words that complete that owner's name as read
    elsewhere (the owner table's 'Dodge R Stanton')."""
    before = [s for s in spans if s.label == "owner_name" and s.end <= issuer.start
              and not text[s.end:issuer.start].strip()]
    if not before:
        return issuer
    head = text[before[-1].start:before[-1].end].split()
    words = [doc[idx[t]].text for t in range(issuer.first, issuer.last + 1)]
    for owner in owners:
        name = (owner.name or "").split()
        k = len(name) - len(head)
        if 0 < k < len(words) and name[:len(head)] == head and name[len(head):] == words[:k]:
            return token_span(doc, idx, issuer.first + k, issuer.last, issuer.label, issuer.prob,
                              issuer.min_prob)
    return issuer


def _first(spans: list[TaggedSpan], label: str) -> list[TaggedSpan]:
    chosen = [s for s in spans if s.label == label]
    return [max(chosen, key=lambda s: s.prob)] if chosen else []


_TITLE_TYPES = ((re.compile(r"INITIAL\s+STATEMENT\s+OF\s+BENEFICIAL", re.I), "3"),
                (re.compile(r"ANNUAL\s+STATEMENT\s+OF\s+CHANGES", re.I), "5"),
                (re.compile(r"STATEMENT\s+OF\s+CHANGES\s+IN\s+BENEFICIAL", re.I), "4"))
_FORM_LINE_RE = re.compile(r"^[^\w\n]*FORM[ \t]+([345])[^\w\n]*$", re.I | re.M)


def document_type(text: str) -> str:
    """'3', '4' or '5' from the statement's title (every Form 4 mentions Form 5 in its
    check-box text, so the title decides), else from a 'FORM n' heading line."""
    head = text[:6000]
    for pattern, kind in _TITLE_TYPES:
        if pattern.search(head):
            return kind
    m = _FORM_LINE_RE.search(head)
    return m.group(1) if m else "4"


_WORD_START_RE = re.compile(r"(?<=\s)\w")


def echo_lines(text: str, line_starts: list[int]) -> set[int]:
    """Lines where OCR looped: very long, with stretches of text repeated three times or
    more. What they say is read only to fill gaps, never over a clean line's reading."""
    out = set()
    for li, start in enumerate(line_starts):
        end = line_starts[li + 1] - 1 if li + 1 < len(line_starts) else len(text)
        if end - start < 600:
            continue
        line = text[start:end]
        if line.count("|") * 50 > len(line):   # a markdown table on one line repeats rows, rightly
            continue
        counts: dict[str, int] = defaultdict(int)
        for m in _WORD_START_RE.finditer(line):
            # long windows: a long footnote repeats short phrases ('of Class B Common Stock ')
            window = line[m.start():m.start() + 48]
            if len(window.strip()) >= 40:
                counts[window] += 1
        if counts and max(counts.values()) >= 3:
            out.add(li)
    return out


_BRACKETED_RE = re.compile(r"[ \t]*\n?[ \t]*\([A-Za-z][A-Za-z .,'&/-]*\)")


def refs_by_line(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Markers on lines of their own read as one span ('(1)' / '' / '(7)') are a marker
    a line: each can belong to a row of its own (`_trailing_refs_in_order`)."""
    out = []
    for span in spans:
        lines = geo.lines[span.first:span.last + 1]
        if span.label != "fn_ref" or lines[0] == lines[-1]:
            out.append(span)
            continue
        k = span.first
        for p in range(span.first, span.last + 1):
            if p == span.last or geo.lines[p + 1] != geo.lines[p]:
                out.append(token_span(doc, idx, k, p, span.label, span.prob, span.min_prob))
                k = p + 1
    return out


# the form's own bracketed words under its headings: never part of a title
_HEADING_BRACKET_RE = re.compile(r"\W*(?:[A-Za-z]|.*(?:month|day|year|instr|street|city|zip|last|first|middle|"
                                 r"check))\W*$", re.I)


def _below(text: str, line_piece: int, bracketed: str, at: int) -> bool:
    """Whether bracketed words read from `at` follow the title's last piece (starting at
    `line_piece`) on its line, a space or two after it, or start the next line in its
    column."""
    if "\n" not in bracketed:
        return bracketed.index("(") <= 2
    opening = at + bracketed.index("(")
    column = opening - text.rfind("\n", 0, opening) - 1
    return abs(column - (line_piece - text.rfind("\n", 0, line_piece) - 1)) <= 2


def close_brackets(spans: list[TaggedSpan], text: str, doc, idx: list[int]) -> list[TaggedSpan]:
    """A title the tagger let go of inside a bracket ('Restricted Stock Units (RSU', with
    '(Class A)' on the next line) runs on to the bracket's close and over the bracketed
    words right after it, up to the next value. A whole title runs on over bracketed
    words of its own right after it too ('Restricted' / 'Stock' / 'Units' / '(RSUs)',
    pdftotext), but not over the form's ('(A)', '(Month/Day/Year)')."""
    token_ends = doc.user_data["layout"]["end"]
    ends = {token_ends[i]: p for p, i in enumerate(idx)}
    starts = sorted(s.start for s in spans)
    out = []
    for span in spans:
        raw = text[span.start:span.end]
        if span.label.endswith("title"):
            k = bisect.bisect_right(starts, span.start)
            nxt = starts[k] if k < len(starts) else len(text)
            end, whole = span.end, raw.count("(") <= raw.count(")")
            if not whole:
                close = re.match(r"[ \t]*\)", text[span.end:nxt])
                end = span.end + close.end() if close else None
            while end is not None and (more := _BRACKETED_RE.match(text, end, nxt)) \
                    and not _HEADING_BRACKET_RE.match(more.group()) \
                    and (not whole or _below(text, span.start + raw.rfind("\n") + 1, more.group(), end)):
                end = more.end()
            if end is not None and end != span.end and end in ends:
                span = replace(span, end=end, last=ends[end])
        out.append(span)
    return out


def wrapped_titles(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A title cell wrapped beside a value ('Class A' / 'Common 1,386' / 'Stock'): where a
    title read over two lines or more has a value beside its last line, the untagged words
    alone on the very next line, starting in the title's column, are its last piece."""
    kinds = doc.user_data["layout"]["kind"]
    lines, cols = geo.lines, geo.cols
    tagged = covered(spans)
    out = list(spans)
    for span in spans:
        if span.label not in ("nd_title", "d_title", "d_und_title"):
            continue
        last = span.last
        if lines[span.first] == lines[last] or last + 1 >= len(idx) or lines[last + 1] != lines[last]:
            continue    # on one line, or ending its line: no cell wrapped beside a value
        nxt = last + 1
        while nxt < len(idx) and lines[nxt] == lines[last]:
            nxt += 1
        piece = [t for t in range(nxt, len(idx)) if lines[t] == lines[last] + 1]
        if not piece or len(piece) > 3 or abs(cols[piece[0]] - cols[span.first]) > 1 \
                or any(t in tagged or kinds[idx[t]] != "word" for t in piece):
            continue
        out.append(token_span(doc, idx, piece[0], piece[-1], span.label, span.prob, span.min_prob))
        tagged.update(piece)
    return sorted(out, key=lambda s: s.start)


_CELL_GAP_RE = re.compile(r"[ \t]{3,}|\n")


def title_line_ends(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A title wrapped onto the next line of its cell keeps the words its first line ends
    with: where a title piece goes on at the next line's start, in its column, the
    untagged words after it up to the cell's edge, a run of spaces, are the title's
    ('Class A Common Stock, par' / 'value $0.0001 per share', pdftotext -layout, the
    tagger letting go of ', par'). Only where such a run marks the edge (OCR's single
    spaces part nothing), and a few words, no number, a word among them (not a stray
    mark's ',')."""
    lay = doc.user_data["layout"]
    starts, ends, kinds = lay["start"], lay["end"], lay["kind"]
    lines, cols = geo.lines, geo.cols
    tagged = covered(spans)
    titles = {s.first: s for s in spans if s.label in TITLE_LABELS}
    out = []
    for span in spans:
        nxt = span.last + 1
        if span.label not in TITLE_LABELS or nxt >= len(idx) or lines[nxt] != lines[span.last]:
            out.append(span)
            continue
        edge = _CELL_GAP_RE.search(geo.text, ends[idx[span.last]])
        if edge is None or edge.group().startswith("\n"):
            out.append(span)    # no cell's edge on the line: OCR's single spaces part nothing
            continue
        tail = [t for t in range(nxt, len(idx)) if lines[t] == lines[span.last] and starts[idx[t]] < edge.start()]
        below = next((t for t in range(tail[-1] + 1 if tail else nxt, len(idx))
                      if lines[t] != lines[span.last]), None)
        wraps = below is not None and lines[below] == lines[span.last] + 1 and below in titles \
            and titles[below].label == span.label and abs(cols[below] - cols[span.first]) <= 1
        if not wraps or len(tail) > 3 or any(t in tagged or kinds[idx[t]] == "number" for t in tail) \
                or not any(kinds[idx[t]] == "word" and ends[idx[t]] - starts[idx[t]] > 1 for t in tail):
            out.append(span)
            continue
        out.append(token_span(doc, idx, span.first, tail[-1], span.label, span.prob, span.min_prob))
    return out


def repeated_titles(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A table's rows repeat its titles: a line under a table's heading that reads as a
    title of two words or more the tagger read in that table, word for word, with no word
    of it tagged, is that title again, a row's, at LONE_LETTER_PROB ('Class A Common
    Stock' / '13,972', pdftotext: a holding's title a retrained tagger left out). One
    word is too little: OCR's lone 'Stock' of a wrapped cell is no title."""
    sections = doc.user_data["layout"]["section"]
    tagged = covered(spans)
    known = {(sections[idx[s.first]], tuple(geo.text[s.start:s.end].casefold().split())): s.label
             for s in spans if s.label in TITLE_LABELS and geo.line(s) == geo.lines[s.last]
             and _TABLE_PREFIX.get(sections[idx[s.first]]) == s.label.split("_", 1)[0]
             and len(geo.text[s.start:s.end].split()) > 1}
    if not known:
        return spans
    starts, ends = doc.user_data["layout"]["start"], doc.user_data["layout"]["end"]
    lines, _ = _lines_and_labels(spans, geo)
    out = list(spans)
    for tokens in lines:
        if any(t in tagged for t in tokens):
            continue
        first, last = idx[tokens[0]], idx[tokens[-1]]
        label = known.get((sections[first], tuple(geo.text[starts[first]:ends[last]].casefold().split())))
        if label:
            out.append(_lone(doc, idx, tokens[0], tokens[-1], label))
    return sorted(out, key=lambda s: s.start)


# a value of one table's row and the same column of the other's
_OTHER_TABLE = {f"nd_{c}": f"d_{c}" for c in ("title", "date", "deemed", "code", "price", "owned", "di", "nature")}
_OTHER_TABLE.update({v: k for k, v in _OTHER_TABLE.items()})


def one_table_a_line(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Table I stands above Table II: a line never holds values of both (none of the 808
    lines with table values in the annotated train documents does). Where the tagger read
    a row's line as both, the values of the table with fewer of them there take the
    same column of the other table ('Common 3,109,744 ... 3,109,744 I footnote' in Table
    II, its holding and form read as Table I's); a value with no such column, or a line
    read half and half, stays as read."""
    if geo.cell_per_line:
        return spans
    tables: dict[int, Counter] = defaultdict(Counter)
    for s in spans:
        if s.label.startswith(("nd_", "d_")):
            tables[geo.line(s)][s.label.split("_", 1)[0]] += 1
    out = []
    for s in spans:
        count = tables.get(geo.line(s)) if s.label in _OTHER_TABLE else None
        if count and len(count) == 2:
            own = s.label.split("_", 1)[0]
            other = "d" if own == "nd" else "nd"
            if count[other] > count[own]:
                s = replace(s, label=_OTHER_TABLE[s.label])
        out.append(s)
    return out


DATE_FROM_TITLE_PROB = 0.3


def dates_out_of_titles(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """No security title holds a date (none of the 844 titles of train, dev and the seeds
    does): a date inside a title run is the row's date the tagger ran into the title
    ('Restricted' / 'Stock' / 'Units' / '' / '05/28/2019', pdftotext). The title keeps
    its words; the date, at a low probability, is its table's transaction date."""
    kinds = doc.user_data["layout"]["kind"]
    out = []
    for s in spans:
        dates = [p for p in range(s.first, s.last + 1) if kinds[idx[p]] == "date"] \
            if s.label in ("nd_title", "d_title") else []
        if not dates:
            out.append(s)
            continue
        cuts = [s.first] + [c for p in dates for c in (p, p + 1)] + [s.last + 1]
        for a, b in zip(cuts[::2], cuts[1::2]):
            if a < b:
                out.append(token_span(doc, idx, a, b - 1, s.label, s.prob, s.min_prob))
        date = s.label.split("_", 1)[0] + "_date"
        out += [token_span(doc, idx, p, p, date, DATE_FROM_TITLE_PROB, DATE_FROM_TITLE_PROB) for p in dates]
    return sorted(out, key=lambda s: s.start)


OTHER_TABLE_MAX_PROB = 0.5


def table_of_section(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Table II stands below Table I. None of the 690 Table II values annotated in train
    and dev stands under Table I's heading: a value there that the tagger gave, unsure, a
    Table II label takes the same column of Table I ('M' under Table I's 'Code' read as
    Table II's code at 0.25, pdftotext). (Not the other way: 5 of the 1,968 Table I values
    stand under Table II's heading, in psm 6 OCR, and generated OCR-like documents lose
    rows that way.) And every table value read after Table II's heading among the notes,
    owners or signatures is Table II's (all 44 annotated; pdftotext prints Table II's last
    columns there): a Table I label there takes Table II's same column (but a title, which
    there is the underlying one: `tail_titles`). A value with no such column stays as
    read."""
    sections = doc.user_data["layout"]["section"]
    table2 = next((p for p, i in enumerate(idx) if sections[i] == "table2"), None)
    out = []
    for s in spans:
        section = sections[idx[s.first]]
        if s.label in _OTHER_TABLE and (
                s.label.startswith("d_") and s.prob < OTHER_TABLE_MAX_PROB and section == "table1"
                or s.label.startswith("nd_") and s.label != "nd_title" and table2 is not None
                and s.first > table2 and section in ("explanation", "owners", "signatures")):
            s = replace(s, label=_OTHER_TABLE[s.label])
        out.append(s)
    return out


def tail_titles(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Table I's titles stand in Table I (all 276 of the annotated train documents', or
    above its heading in the header box). pdftotext can print Table II's right-hand part,
    underlying title and all, after the owners or the signatures ('Class A' / 'Common
    1,386' / 'Stock'), or after 'Explanation of Responses:'. A Table I title the tagger
    read there is no Table I row: after the owners or signatures, or among the notes on a
    line with Table II's underlying count, it is let go (the tail's own rules read the
    underlying title: `title_around_count`, `deferred_tail`). Among the notes elsewhere it
    stays a note's words, for `assemble` to weigh."""
    sections = doc.user_data["layout"]["section"]
    count_lines = {geo.line(s) for s in spans if s.label == "d_und_shares"}

    def tail(s: TaggedSpan) -> bool:
        section = sections[idx[s.first]]
        return section in ("owners", "signatures") or (
            section == "explanation" and bool(count_lines & set(geo.lines[s.first:s.last + 1])))
    return [s for s in spans if not (s.label == "nd_title" and tail(s))]


def title_around_count(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Table II's underlying title wraps in its cell beside the count of the next column,
    and pdftotext reads the count into the title's middle line ('Common' / '110,474' /
    'Stock', 'Class A' / 'Common 1,386' / 'Stock'). Where the tagger read the count and
    none of the words: the untagged words just before it (on its line and the lines right
    above) and those alone on the line right below are the title's two pieces, at the
    count's probability. The piece below may be read already ('Stock' tagged as the
    underlying title, the words above it left to a Table I title: `tail_titles`)."""
    if not geo.cell_per_line:
        return spans
    kinds = doc.user_data["layout"]["kind"]
    tagged = covered(spans)
    free = {p for p in range(len(idx)) if p not in tagged and kinds[idx[p]] == "word"}
    underlying = covered([s for s in spans if s.label == "d_und_title"])
    out = list(spans)
    for span in spans:
        if span.label != "d_und_shares" or span.first != span.last:
            continue
        line = geo.line(span)
        before = []
        p = span.first - 1       # back over free words on its line and the lines right above
        while p >= 0 and p in free and geo.lines[p] >= line - 2 and geo.lines[p + 1] - geo.lines[p] <= 1:
            before.insert(0, p)
            p -= 1
        after = []
        q = span.last + 1
        while q < len(idx) and (q in free or q in underlying) and geo.lines[q] == line + 1:
            after.append(q)
            q += 1
        if not before or not 0 < len(after) <= 3 or (q < len(idx) and geo.lines[q] == line + 1) \
                or 0 < len(underlying.intersection(after)) < len(after):
            continue
        for piece in (before, after) if not underlying.intersection(after) else (before,):
            out.append(token_span(doc, idx, piece[0], piece[-1], "d_und_title", span.prob, span.min_prob))
    return sorted(out, key=lambda s: s.start)


def nature_columns(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Fixed-width text wraps a long nature down its narrow column, a word or two a line,
    centred on its row's line ('By' / 'Sequoia' / 'Capital' / 'U.S.' / row / 'Venture' /
    '2010' / 'Fund, LP (1)'), and the cells of one row run into the next row's. The tagger
    reads some of these pieces and not others. Where it read a piece, every untagged cell
    of the table that starts in the piece's column, on the lines running unbroken from it
    and below the table's headings, is a piece too (at LONE_LETTER_PROB); the rows take
    each piece by its nearest line (`_row_cost`)."""
    if geo.cell_per_line:
        return spans
    lay = doc.user_data["layout"]
    kinds, sections, cell_ids, in_heading = lay["kind"], lay["section"], lay["cell_id"], lay["in_heading"]
    starts = lay["start"]
    tagged = covered(spans)
    cells: dict[int, list[int]] = defaultdict(list)     # cell -> its content tokens
    for p, i in enumerate(idx):
        cells[cell_ids[i]].append(p)
    out = list(spans)
    for table, section in (("nd", "table1"), ("d", "table2")):
        pieces = [s for s in spans if s.label == f"{table}_nature"]
        if not pieces:
            continue
        # the table's cells by line, below its headings (the last line above its first
        # title that reads 'Instr.' or a column's numbered heading)
        titles = [geo.line(s) for s in spans if s.label == f"{table}_title"]
        top = max((geo.lines[p] for p, i in enumerate(idx) if sections[i] == section
                   and geo.lines[p] < min(titles, default=-1)
                   and (in_heading[i] or geo.text.startswith("Instr", starts[i]))), default=-1)
        lines: dict[int, list[list[int]]] = defaultdict(list)
        for tokens in cells.values():
            if sections[idx[tokens[0]]] == section and geo.lines[tokens[0]] > top:
                lines[geo.lines[tokens[0]]].append(tokens)
        seen: set[int] = set()
        for piece in pieces:
            # the column: cells that start where the piece's lines do. A piece at the
            # margin, or whose lines start in different columns, is no cell of text laid
            # out in columns (the nature column is the table's last)
            x = geo.cols[piece.first]
            line_starts = [p for p in range(piece.first + 1, piece.last + 1) if geo.lines[p] != geo.lines[p - 1]]
            if x <= 2 or any(abs(geo.cols[p] - x) > 2 for p in line_starts):
                continue
            for step in (-1, 1):
                line = geo.lines[piece.first if step < 0 else piece.last] + step
                while line in lines and line not in seen:    # up to a blank line
                    seen.add(line)
                    cell = next((c for c in lines[line] if abs(geo.cols[c[0]] - x) <= 2), ())
                    words = [t for t in cell if kinds[idx[t]] != "fnmark"]
                    if any(t in tagged for t in words):
                        break
                    if words:
                        out.append(_lone(doc, idx, words[0], words[-1], f"{table}_nature"))
                    line += step
    return sorted(out, key=lambda s: s.start)


WRAPPED_LABELS = ("nd_title", "d_title", "d_und_title", "nd_nature", "d_nature")


def one_column(spans: list[TaggedSpan], geo: _Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A cell wrapped over lines of fixed-width text keeps to its column. Where each line
    of a text value has a cell starting at its first word's column, the words the tagger
    took in from cells further along a line ('Class A Common Stock, par   $   See' /
    'value $0.0001 per share', the '$' and 'See' of the next row) are not part of it: the
    value is the pieces in its column."""
    if geo.cell_per_line:
        return spans
    cell_ids, cells = doc.user_data["layout"]["cell_id"], doc.user_data["cells"]
    line_starts = doc.user_data["line_starts"]
    out = []
    for span in spans:
        tokens = range(span.first, span.last + 1)
        if span.label not in WRAPPED_LABELS or geo.lines[span.first] == geo.lines[span.last]:
            out.append(span)
            continue
        keep = []
        for p in tokens:
            line, start, _ = cells[cell_ids[idx[p]]]
            if abs(start - line_starts[line] - geo.cols[span.first]) <= 2:
                keep.append(p)
        if len(keep) == len(tokens) or {geo.lines[p] for p in keep} != {geo.lines[p] for p in tokens}:
            out.append(span)   # nothing from other cells, or a line not starting in the column
            continue
        for _, run in itertools.groupby(enumerate(keep), key=lambda k: k[1] - k[0]):
            run = [p for _, p in run]
            out.append(token_span(doc, idx, run[0], run[-1], span.label, span.prob, span.min_prob))
    return sorted(out, key=lambda s: s.start)


def assemble(doc, idx: list[int], spans: list[TaggedSpan]) -> tuple[Record, Draft]:
    """Build the record from tagged spans over the content tokens `idx` of `doc`."""
    text = doc_text(doc)
    geo = geometry(doc, idx, spans)
    spans = close_brackets(sorted(spans, key=lambda s: s.start), text, doc, idx)
    spans = one_table_a_line(spans, geo, doc, idx)
    spans = table_of_section(spans, geo, doc, idx)
    spans = tail_titles(spans, geo, doc, idx)
    spans = dates_out_of_titles(spans, geo, doc, idx)
    spans = wrapped_titles(spans, geo, doc, idx)
    spans = title_line_ends(spans, geo, doc, idx)
    spans = repeated_titles(spans, geo, doc, idx)
    spans = one_column(spans, geo, doc, idx)
    spans = boxed_marks(spans, text, doc, idx)
    spans = lone_letters(spans, geo, doc, idx)
    spans = codes_after_dates(spans, geo, doc, idx)
    spans = price_between(spans, geo, doc, idx)
    spans = aligned_numbers(spans, geo, doc, idx)
    spans = dollar_prices(spans, geo, doc, idx)
    spans = deferred_tail(spans, geo, doc, idx)
    spans = title_around_count(spans, geo, doc, idx)
    spans = deferred_natures(spans, geo, doc, idx)
    spans = natures_run_on(spans, geo, doc, idx)
    spans = nature_columns(spans, geo, doc, idx)
    spans = remarks_beside_heading(spans, geo, doc, idx)
    spans = box_words_off_titles(spans, geo, doc, idx)
    spans = names_as_written_elsewhere(spans, geo, doc, idx)
    spans = signature_captions(spans, doc, idx)
    spans = refs_by_line(spans, geo, doc, idx)
    spans = markers_of_unreferred_notes(spans, geo, doc, idx)
    draft = Draft(text)
    echoes = echo_lines(text, doc.user_data["line_starts"])
    echoed = [s for s in spans if geo.line(s) in echoes]
    spans = [s for s in spans if geo.line(s) not in echoes]
    lay = doc.user_data["layout"]
    sections = [lay["section"][i] for i in idx]
    # a title alone among the notes is a security a note names, not a row
    rows = [r for r in group_rows(spans, geo)
            if r.spans or any(sections[t.first] != "explanation" for t in r.titles)]
    tables = build_rows(rows, draft, _pseudo_rows(echoed))
    owners = build_owners(spans, draft, sections, geo.lines, [(lay["start"][i], lay["end"][i]) for i in idx])
    footnotes = build_footnotes(spans, draft)
    signatures = build_signatures(spans, draft, sections)
    header = {}
    for path, label, kind in (("issuer.name", "issuer_name", "name"), ("issuer.ticker", "ticker", "name"),
                              ("period_of_report", "period", "date"),
                              ("date_of_original_submission", "original_date", "date")):
        chosen = _first(spans, label)
        if label == "issuer_name" and chosen:
            chosen = [_without_owner_words(chosen[0], spans, owners, text, doc, idx)]
        reading = read(kind, draft.raw(chosen)) if chosen else None
        draft.set(path, reading, chosen)
        header[path] = reading.value if reading else None
    remarks = read_prose(draft.raw([s for s in spans if s.label == "remarks"]))
    draft.set("remarks", remarks, [s for s in spans if s.label == "remarks"])
    ticker = header["issuer.ticker"]
    if isinstance(ticker, str):
        ticker = ticker.strip("[]() ").upper() or None
    doc_type = document_type(text)
    if doc_type == "4" and header["date_of_original_submission"]:
        doc_type = "4/A"
    record = Record(
        document_type=doc_type, period_of_report=header["period_of_report"],
        date_of_original_submission=header["date_of_original_submission"],
        issuer=Issuer(header["issuer.name"], ticker),
        reporting_owners=tuple(owners), footnotes=footnotes,
        remarks=remarks.value if remarks else None, signatures=tuple(signatures),
        **{k: tuple(v) for k, v in tables.items()})
    return record, draft


__all__ = ["assemble", "document_type", "footnote_blocks", "Draft", "Provenance"]
