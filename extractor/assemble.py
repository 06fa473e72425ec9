"""Tagged spans -> a Record, as a sequence of small named steps.

    group rows -> read values -> owners -> footnotes -> signatures -> record

Every value keeps its provenance (`Provenance`: the spans it was read from and how
cleanly it parsed) so that checks can repair it and the confidence model can score it.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .decode import TaggedSpan
from .parse import (Reading, read_code, read_date, read_footnote_id, read_number, read_refs,
                    read_text)
from .record import (DerivativeHolding, DerivativeTransaction, Issuer, NonDerivativeHolding,
                     NonDerivativeTransaction, Record, ReportingOwner, Signature)
from .tokenizer import doc_text
from .vocabulary import LABEL_INFO, RELATIONSHIP_LABELS

CODES = "PSVADFIMCEHOXGLWZJKU"
ROW_LABELS = {name for name, info in LABEL_INFO.items() if info.scope in ("nd", "d")}
TITLE_LABELS = frozenset({"nd_title", "d_title"})


@dataclass
class Provenance:
    """Where a value came from: spans read, parse quality, inferred or read, check notes."""
    spans: list[TaggedSpan] = field(default_factory=list)
    quality: float = 1.0
    inferred: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """A record under construction: values and provenance by path."""
    text: str
    values: dict[str, object] = field(default_factory=dict)
    prov: dict[str, Provenance] = field(default_factory=dict)

    def set(self, path: str, reading: Reading | None, spans: list[TaggedSpan],
            inferred: bool = False, note: str | None = None) -> None:
        if reading is None or reading.value in (None, ""):
            return
        self.values[path] = reading.value
        self.prov[path] = Provenance(list(spans), reading.quality, inferred, [note] if note else [])

    def raw(self, spans: list[TaggedSpan]) -> list[str]:
        return [self.text[s.start:s.end] for s in spans]


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


def geometry(doc, idx: list[int]) -> _Geometry:
    lay = doc.user_data["layout"]
    lines = [lay["line"][i] for i in idx]
    counts: dict[int, int] = defaultdict(int)
    for line in lines:
        counts[line] += 1
    values = sorted(counts.values())
    median = values[len(values) // 2] if values else 0
    return _Geometry(lines, [lay["col"][i] for i in idx], median < 4, doc_text(doc))


# --- step 1: group row spans into rows ---------------------------------------------

@dataclass
class _Row:
    table: str                        # "nd" or "d"
    titles: list[TaggedSpan]
    spans: list[TaggedSpan] = field(default_factory=list)

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
            if groups and not [s for s in spans if groups[-1].titles[-1].last < s.first < span.first
                               and s.label in ROW_LABELS]:
                groups[-1].titles.append(span)
            else:
                groups.append(_Row(table, [span]))
        return groups
    value_lines = sorted({geo.line(s) for s in spans if s.label.startswith(table + "_")
                          and LABEL_INFO[s.label].kind != "text"})
    anchors: dict[int, list[_Row]] = defaultdict(list)
    loose: list[TaggedSpan] = []
    rows: list[_Row] = []
    for span in titles:
        if geo.line(span) in value_lines:
            anchors[geo.line(span)].append(_Row(table, [span]))
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
            anchors[near].append(_Row(table, []))
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
    lines = [geo.line(t) for t in row.titles]
    line = geo.line(span)
    dist = min(abs(line - x) for x in lines)
    if dist == 0:  # on the row's line (or a table on one line): the last row begun before it
        gap = span.first - row.start
        return gap / 1e4 if gap >= 0 else 0.5 - gap / 1e4
    return dist + (0.25 if line < min(lines) else 0.0)


def _redistribute(rows: list[_Row]) -> None:
    """Reading-order text can put a column's values for several rows after all the
    titles: where one row got several values of a label and rows before it none, deal
    them out in order."""
    labels = {s.label for r in rows for s in r.spans} - {"fn_ref"}
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


def read(kind: str, pieces: list[str]) -> Reading | None:
    if kind == "text":
        reading = read_text(pieces, refs=False)
        return Reading(_balanced(reading.value), reading.quality) if reading else None
    if kind == "number":
        return read_number(pieces)
    if kind == "date":
        return read_date(pieces)
    if kind == "code":
        return read_code(pieces, CODES)
    return read_code(pieces, "AD" if kind == "ad" else "DI")


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
    out: dict[str, tuple[Reading, list[TaggedSpan]]] = {}
    for suffix, group in list(by_label.items()):
        if suffix == "fn_ref":
            continue
        key, kind = _ROW_FIELDS[suffix]
        if kind != "text":
            group = [max(group, key=lambda s: s.prob)]
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


def build_rows(rows: list[_Row], draft: Draft, echoes: list[_Row] = ()) -> dict[str, list]:
    tables: dict[str, list] = {"non_derivative_transactions": [], "non_derivative_holdings": [],
                               "derivative_transactions": [], "derivative_holdings": []}
    for row in rows:
        values = row_values(row, draft)
        if echoes:
            _fill_from_echoes(values, echoes, draft)
        if not values:
            continue
        is_tx = any(k in values for k in ("transaction_date", "transaction_code", "shares"))
        prefix = "non_derivative" if row.table == "nd" else "derivative"
        table = f"{prefix}_{'transactions' if is_tx else 'holdings'}"
        cls = {"non_derivative_transactions": NonDerivativeTransaction,
               "non_derivative_holdings": NonDerivativeHolding,
               "derivative_transactions": DerivativeTransaction,
               "derivative_holdings": DerivativeHolding}[table]
        allowed = set(cls.__dataclass_fields__)
        path = f"{table}[{len(tables[table])}]"
        kwargs = {}
        for key, (reading, spans) in values.items():
            if key in allowed:
                kwargs[key] = reading.value
                draft.set(f"{path}.{key}", reading, spans)
        tables[table].append(cls(**kwargs))
    return tables


# --- step 3: reporting owners --------------------------------------------------------

def best_cluster(spans: list[TaggedSpan], lines: list[int]) -> list[TaggedSpan]:
    """Of several spans for one single-valued field, the run of near neighbours (a value
    wrapped over lines) holding the most confident span; repeated readings elsewhere
    (the same name in a signature, OCR echoing a line) are not glued on."""
    spans = sorted(spans, key=lambda s: s.start)
    clusters: list[list[TaggedSpan]] = []
    for s in spans:
        if clusters and s.first - clusters[-1][-1].last <= 8 and lines[s.first] - lines[clusters[-1][-1].last] <= 2:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    return max(clusters, key=lambda c: max(s.prob for s in c))


_ONE_FILER_RE = re.compile(r"(?:(?<![A-Za-z])X|\[x\]|☒|✓|✔|checked[^>]*>)[\W_]{0,12}Form\s+filed\s+by\s+One\s+Reporting",
                           re.I)


def one_filer(text: str) -> bool:
    """Box 6 ticks 'Form filed by One Reporting Person'."""
    return bool(_ONE_FILER_RE.search(text[:100_000]))


def build_owners(spans: list[TaggedSpan], draft: Draft, sections: list[str],
                 lines: list[int]) -> list[ReportingOwner]:
    """Owner groups open at each name; the header box and the reporting-owner table
    describe the same people, so groups with the same name merge (the table's reading of
    an address wins: it puts each part on a line of its own)."""
    groups: list[dict[str, list[TaggedSpan]]] = []
    for span in spans:
        info = LABEL_INFO[span.label]
        if info.scope != "owner":
            continue
        if span.label == "owner_name" or not groups:
            groups.append(defaultdict(list))
        groups[-1][info.key].append(span)
    # the box at the top names only the first filer; the owner table, when there is
    # one, lists every filer: then the table says who the owners are
    in_table = [g for g in groups if all(sections[s.first] == "owners" for v in g.values() for s in v)]
    if any("name" in g for g in in_table):
        header = [g for g in groups if g not in in_table]
        groups = [g for g in in_table if "name" in g] + header
        authority = len([g for g in in_table if "name" in g])
    else:
        authority = None
    merged: list[dict[str, list[TaggedSpan]]] = []
    keys: list[set[str]] = []
    single = one_filer(draft.text)
    for n, g in enumerate(groups):
        name = read_text(draft.raw(g.get("name", [])))
        words = _name_words(name.value) if name else set()
        if authority is not None and n < authority:
            target = None      # each name of the owner table is a filer of its own
        else:
            target = next((m for m, k in zip(merged, keys)
                           if _same_person(words, k) or single or not words or not k), None)
        if target is None and authority is not None and n >= authority:
            target = _same_address(g, merged, draft)
            if target is None:
                continue   # a header reading that is none of the table's filers
        if target is None:
            merged.append(g)
            keys.append(words)
            continue
        from_table = all(sections[s.first] == "owners" for v in g.values() for s in v)
        for k, v in g.items():
            if k.startswith("is_"):
                target[k] = target.get(k, []) + v
            elif k not in target or (from_table and k != "name") or \
                    (k == "name" and len(read_text(draft.raw(v)).value) > len(read_text(draft.raw(target[k])).value)):
                if k == "name" and authority is not None and n >= authority:
                    continue   # the table's reading of a name wins
                target[k] = v
    owners = []
    for j, g in enumerate(merged):
        path = f"reporting_owners[{j}]"
        kwargs: dict[str, object] = {}
        for key, group in g.items():
            if key.startswith("is_"):
                kwargs[key] = True
                draft.set(f"{path}.{key}", Reading(True, 1.0), group)
                continue
            group = best_cluster(group, lines)
            reading = read_text(draft.raw(group))
            if key == "city" and reading and sum(c.isalpha() for c in reading.value) < 2:
                continue   # a stray mark, not a place
            if reading:
                kwargs[key] = reading.value
                draft.set(f"{path}.{key}", reading, group)
        if kwargs.get("street1") and kwargs.get("street2") and \
                _squash(kwargs["street2"]) in _squash(kwargs["street1"]):
            # the header box and the owner table split the street differently: the second
            # line already stands in the first ('100 W MAIN STREET, SUITE 610' + 'SUITE 610')
            del kwargs["street2"]
            draft.prov.pop(f"{path}.street2", None)
            draft.values.pop(f"{path}.street2", None)
        if kwargs.get("street2") and not kwargs.get("street1"):   # a second line needs a first
            kwargs["street1"] = kwargs.pop("street2")
            draft.prov[f"{path}.street1"] = draft.prov.pop(f"{path}.street2")
            draft.values[f"{path}.street1"] = draft.values.pop(f"{path}.street2")
        if kwargs.get("officer_title") and not kwargs.get("is_officer"):
            kwargs["is_officer"] = True
            draft.set(f"{path}.is_officer", Reading(True, 0.8), g["officer_title"], inferred=True,
                      note="officer title given")
        owners.append(ReportingOwner(**kwargs))
    return owners


def _same_address(group: dict, merged: list[dict], draft: Draft):
    """The merged group whose street or zip this group's shares."""
    def value(g, key):
        reading = read_text(draft.raw(g.get(key, [])))
        return reading.value.casefold() if reading else None
    for key in ("zip", "street1", "street2"):
        mine = value(group, key)
        if mine:
            for other in merged:
                theirs = value(other, key)
                if theirs and (mine in theirs or theirs in mine):
                    return other
    return None


def _squash(text: str) -> str:
    return " ".join(text.casefold().split())


def _name_words(name: str) -> set[str]:
    return {w for w in re.sub(r"[^a-z0-9 ]", " ", name.casefold()).split() if len(w) > 1}


def _same_person(a: set[str], b: set[str]) -> bool:
    """Two readings of one name: most words shared, a word cut short by OCR counting
    ('Claude Carine Lamercie' and 'Jean-Claude Carine Lamercie'; 'Snow Je', 'Snow Jess')."""
    if not a or not b:
        return False
    shared = sum(1 for w in a if any(w == v or (min(len(w), len(v)) >= 2 and (w.startswith(v) or v.startswith(w)))
                                     for v in b))
    return shared / min(len(a), len(b)) >= 0.6


# --- step 4: footnotes, signatures, header ---------------------------------------------

_NEXT_NOTE_RE = re.compile(r"\n[ \t*|\-]*(?:\((\d{1,2})\)|(\d{1,2})\\?\.)\s+(?=\S)")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_LINE_LEAD_RE = re.compile(r"[ \t|*#>\-]*$")
# The form's own notes, printed on every Form 4: never a filer's footnote.
FORM_NOTES = re.compile(r"^\W*(If the form is filed by more than one reporting|Intentional misstatements"
                        r"|Reminder: Report on a separate line|Persons who respond to the collection)", re.I)


def _split_at(span: TaggedSpan, text: str, pattern: re.Pattern) -> list[TaggedSpan]:
    raw = text[span.start:span.end]
    out, start = [], 0
    for m in pattern.finditer(raw):
        out.append(replace(span, start=span.start + start, end=span.start + m.start()))
        start = m.end()
    out.append(replace(span, start=span.start + start))
    return [s for s in out if text[s.start:s.end].strip()]


def _at_line_start(span: TaggedSpan, text: str) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    return bool(_LINE_LEAD_RE.fullmatch(text[line_start:span.start]))


def footnote_blocks(spans: list[TaggedSpan], text: str) -> list[tuple[str | None, list[TaggedSpan]]]:
    """(id, text pieces) of each footnote. A footnote's text is a block: pieces not parted
    by a blank line or a marker. Its id is the marker inside the block at a line's start
    (pdftotext centres the marker on a long note's middle line), else the marker just
    before it. A marker inside a sentence ('four (4) years') is text, not an id."""
    centred = _centred_notes(spans, text)
    if centred is not None:
        return centred
    items: list[tuple[int, int, str | None, TaggedSpan | None]] = []   # (pos, order, id, text piece)
    for span in spans:
        if span.label == "fn_id":
            if _at_line_start(span, text):
                items.append((span.start, 0, read_footnote_id(text[span.start:span.end]), None))
            else:
                items.append((span.start, 1, None, replace(span, label="fn_text")))
        elif span.label == "fn_text":
            for piece in _split_at(span, text, _BLANK_LINE_RE):
                for fid, part in _split_notes(piece, text):
                    if fid is not None:
                        items.append((part.start, 0, fid, None))
                    items.append((part.start, 1, None, part))
    items.sort(key=lambda item: (item[0], item[1]))
    blank_parts = not _blank_after_every_line(text)
    blocks: list[tuple[list[tuple[int, str | None]], list[TaggedSpan]]] = []  # (markers, pieces)
    pending: list[tuple[int, str | None]] = []
    prev_end = None
    for pos, _, fid, piece in items:
        if piece is None:
            pending.append((pos, fid))
            continue
        new = (not blocks or pending or prev_end is None or
               (blank_parts and _BLANK_LINE_RE.search(text, prev_end, piece.start) is not None))
        if new:
            blocks.append((pending, [piece]))
        else:
            blocks[-1][1].append(piece)
        pending = []
        prev_end = piece.end
    out = []
    for markers, pieces in blocks:
        body = text[pieces[0].start:pieces[-1].end]
        if FORM_NOTES.match(body) or len(body.split()) < 3 and not markers:
            continue   # the form's own notes; a stray word is not a footnote
        out.append((markers[-1][1] if markers else None, pieces))
    # a marker centred on a block's middle line arrives after the block's first lines
    return _centred_markers(out, text)


_MARKER_ONLY_RE = re.compile(r"[ \t*]*(\(\d{1,2}\))[ \t]*")
_MARKER_LEAD_RE = re.compile(r"[ \t*]*(\(\d{1,2}\))[ \t]+(?=\S)")


def _centred_notes(spans: list[TaggedSpan], text: str) -> list[tuple[str | None, list[TaggedSpan]]] | None:
    """pdftotext prints a footnote's marker beside the middle line of its text, alone
    between the two middle lines when the text has an even number of lines, or alone
    above a text that blank lines part from the others. Where the notes' lines and
    markers fit that pattern exactly, the lines are cut into notes by where the markers
    sit - whether or not the tagger marked each marker. None where they do not fit
    (a left-aligned marker heading a long note, a layout with no lone markers)."""
    pieces = sorted((p for s in spans if s.label == "fn_text" for p in _split_at(s, text, _BLANK_LINE_RE)),
                    key=lambda p: p.start)
    pieces = [p for p in pieces if not FORM_NOTES.match(text[p.start:p.end])]
    if not pieces:
        return None
    lo = text.rfind("\n", 0, pieces[0].start) + 1
    hi = text.find("\n", pieces[-1].end)
    lines: list[tuple[str, int, int, str | None]] = []    # (kind, text start, end, marker)
    pos = lo
    for raw in text[lo:hi if hi >= 0 else len(text)].split("\n"):
        start, pos = pos, pos + len(raw) + 1
        lone, lead = _MARKER_ONLY_RE.fullmatch(raw), _MARKER_LEAD_RE.match(raw)
        if not raw.strip():
            lines.append(("blank", start, start, None))
        elif lone:
            lines.append(("lone", start, start, read_footnote_id(lone.group(1))))
        elif lead:
            lines.append(("text", start + lead.end(), start + len(raw), read_footnote_id(lead.group(1))))
        else:
            lines.append(("text", start, start + len(raw), None))
    if not any(kind == "lone" for kind, *_ in lines):
        return None
    # groups of lines parted by blank lines; a lone marker before a blank line heads the next group
    groups: list[list] = [[]]
    for k, line in enumerate(lines):
        if line[0] == "blank":
            groups.append([])
        elif line[0] == "lone" and (k + 1 == len(lines) or lines[k + 1][0] == "blank"):
            groups.append([line])
            groups.append([])
        else:
            groups[-1].append(line)
    notes: list[tuple[str | None, list[tuple[int, int]]]] = []
    heading = None
    for group in filter(None, groups):
        if len(group) == 1 and group[0][0] == "lone":
            if heading is not None:
                return None
            heading = group[0][3]
            continue
        rows = [(a, b) for kind, a, b, _ in group if kind == "text"]
        centres, n = [], 0         # a marker's place among the group's text lines
        for kind, _, _, fid in group:
            if kind == "lone":
                centres.append((n - 0.5, fid))
            elif fid is not None:
                centres.append((n, fid))
            n += kind == "text"
        if heading is not None:
            if centres:
                return None
            notes.append((heading, rows))
            heading = None
            continue
        if not centres:
            return None
        first = 0
        for k, (centre, fid) in enumerate(centres):
            last = int(2 * centre - first)
            if last < first or last >= n or (k + 1 < len(centres) and centres[k + 1][0] <= last):
                return None
            notes.append((fid, rows[first:last + 1]))
            first = last + 1
        if first != n:
            return None
    if heading is not None:
        return None
    out = []
    for fid, rows in notes:
        kept = [replace(p, start=max(p.start, a), end=min(p.end, b)) for a, b in rows for p in pieces
                if min(p.end, b) > max(p.start, a)]
        kept = [p for p in kept if text[p.start:p.end].strip()]
        if kept:
            out.append((fid, kept))
    return out


def _blank_after_every_line(text: str) -> bool:
    """Sparse OCR puts a blank line after nearly every line: there, blank lines part nothing."""
    lines = text.split("\n")
    filled = sum(1 for line in lines if line.strip())
    return filled > 0 and sum(1 for line in lines if not line.strip()) >= 0.7 * filled


def _with_gaps(pieces: list[TaggedSpan], text: str) -> list[TaggedSpan]:
    """Pieces of one text with the short same-line gaps between them filled back in
    (a '(4)' in 'four (4) years' that was read as a footnote reference)."""
    out = [pieces[0]]
    for piece in pieces[1:]:
        gap = text[out[-1].end:piece.start]
        if "\n" not in gap and len(gap) <= 12:
            out[-1] = replace(out[-1], end=piece.end)
        else:
            out.append(piece)
    return out


def _centred_markers(blocks, text: str):
    """Blocks without a marker followed by a lone block that starts with one, on the next
    line: one footnote whose marker pdftotext printed on its second line."""
    out: list = []
    for fid, pieces in blocks:
        if out and out[-1][0] is None and fid is not None and \
                _BLANK_LINE_RE.search(text, out[-1][1][-1].end, pieces[0].start) is None:
            out[-1] = (fid, out[-1][1] + pieces)
            continue
        out.append((fid, pieces))
    return out


def _split_notes(span: TaggedSpan, text: str) -> list[tuple[str | None, TaggedSpan]]:
    """A footnote text that ran on into the next footnote ('...\n(2) Each share ...')
    cut at the next footnote's marker: [(id or None, span), ...]."""
    raw = text[span.start:span.end]
    out: list[tuple[str | None, TaggedSpan]] = []
    start, fid = 0, None
    for m in _NEXT_NOTE_RE.finditer(raw):
        out.append((fid, replace(span, start=span.start + start, end=span.start + m.start())))
        fid, start = f"F{int(m.group(1) or m.group(2))}", m.end()
    out.append((fid, replace(span, start=span.start + start)))
    return [(f, s) for f, s in out if s.end > s.start]


_HYPHEN_BREAK_RE = re.compile(r"(\w)-[ \t]*\n[ \t]*(?=\w)")


def _to_line_end(pieces: list[TaggedSpan], text: str, others: list[int]) -> list[TaggedSpan]:
    """A free text runs to the end of its line: the tagger often lets go a few tokens
    early ('... Rule 16b' for '... Rule 16b-3(c).'). Not across a cell border or into
    another value."""
    out = []
    for piece in pieces:
        line_end = text.find("\n", piece.end)
        line_end = len(text) if line_end < 0 else line_end
        rest = text[piece.end:line_end]
        nxt = bisect.bisect_left(others, piece.end)
        if rest.strip() and "|" not in rest and "\t" not in rest and \
                (nxt >= len(others) or others[nxt] >= line_end):
            piece = replace(piece, end=piece.end + len(rest.rstrip()))
        out.append(piece)
    return out


def build_footnotes(spans: list[TaggedSpan], draft: Draft) -> dict[str, str]:
    notes: dict[str, str] = {}
    taken: set[str] = set()
    last = 0
    others = sorted(s.start for s in spans if s.label not in ("fn_text", "fn_id"))
    for fid, pieces in footnote_blocks(spans, draft.text):
        pieces = _to_line_end(pieces, draft.text, others)
        if fid is None or fid in taken:
            fid = f"F{last + 1}"          # no readable marker: the next number
        pieces = _with_gaps(sorted(pieces, key=lambda s: s.start), draft.text)
        raw = [_HYPHEN_BREAK_RE.sub(r"\1-", r) for r in draft.raw(pieces)]   # 'three-\nyear'
        reading = read_text(raw)
        if reading:
            notes[fid] = reading.value
            draft.set(f"footnotes.{fid}", reading, pieces)
            taken.add(fid)
            last = int(fid[1:])
    return dict(sorted(notes.items(), key=lambda kv: int(kv[0][1:])))


def build_signatures(spans: list[TaggedSpan], draft: Draft) -> list[Signature]:
    names = [s for s in spans if s.label == "sig_name"]
    dates = [s for s in spans if s.label == "sig_date"]
    out = []
    for j, name in enumerate(names):
        path = f"signatures[{j}]"
        reading = read_text(draft.raw([name]))
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
            window = line[m.start():m.start() + 24]
            if len(window.strip()) >= 20:
                counts[window] += 1
        if counts and max(counts.values()) >= 3:
            out.add(li)
    return out


def assemble(doc, idx: list[int], spans: list[TaggedSpan]) -> tuple[Record, Draft]:
    """Build the record from tagged spans over the content tokens `idx` of `doc`."""
    spans = sorted(spans, key=lambda s: s.start)
    text = doc_text(doc)
    draft = Draft(text)
    geo = geometry(doc, idx)
    echoes = echo_lines(text, doc.user_data["line_starts"])
    echoed = [s for s in spans if geo.line(s) in echoes]
    spans = [s for s in spans if geo.line(s) not in echoes]
    tables = build_rows(group_rows(spans, geo), draft, _pseudo_rows(echoed))
    owners = build_owners(spans, draft, [doc.user_data["layout"]["section"][i] for i in idx], geo.lines)
    footnotes = build_footnotes(spans, draft)
    signatures = build_signatures(spans, draft)
    header = {}
    for path, label, kind in (("issuer.name", "issuer_name", "text"), ("issuer.ticker", "ticker", "text"),
                              ("period_of_report", "period", "date"),
                              ("date_of_original_submission", "original_date", "date")):
        chosen = _first(spans, label)
        reading = read(kind, draft.raw(chosen)) if chosen else None
        draft.set(path, reading, chosen)
        header[path] = reading.value if reading else None
    remarks = read_text(draft.raw([s for s in spans if s.label == "remarks"]))
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


__all__ = ["assemble", "Draft", "Provenance", "replace"]
