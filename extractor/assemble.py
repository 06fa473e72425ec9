"""Tagged spans -> a Record, as a sequence of small named steps.

    group rows -> read values -> owners -> footnotes -> signatures -> record

Every value keeps its provenance (`Provenance`: the spans it was read from and how
cleanly it parsed) so that checks can repair it and the confidence model can score it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from .decode import TaggedSpan
from .parse import (Reading, read_code, read_date, read_footnote_id, read_number, read_refs,
                    read_text)
from .record import (DerivativeHolding, DerivativeTransaction, Issuer, NonDerivativeHolding,
                     NonDerivativeTransaction, Record, ReportingOwner, Signature)
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
    return _Geometry(lines, [lay["col"][i] for i in idx], median < 4)


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
    """Title pieces wrapped down their column belong to one row."""
    value_lines = defaultdict(int)
    for s in spans:  # lines with a row's numbers, dates or codes (text cells wrap like titles)
        if s.label.startswith(table + "_") and LABEL_INFO[s.label].kind != "text":
            value_lines[geo.line(s)] += 1
    groups: list[_Row] = []
    for span in titles:
        if groups:
            last = groups[-1].titles[-1]
            if _continues(last, span, spans, value_lines, geo):
                groups[-1].titles.append(span)
                continue
        groups.append(_Row(table, [span]))
    return groups


def _continues(a: TaggedSpan, b: TaggedSpan, spans: list[TaggedSpan], value_lines, geo) -> bool:
    if geo.cell_per_line:
        between = [s for s in spans if a.last < s.first < b.first and s.label in ROW_LABELS]
        return not between
    la, lb = geo.line(a), geo.line(b)
    if not 0 < lb - la <= 2 or abs(geo.col(a) - geo.col(b)) > 3:
        return False
    return not (value_lines.get(la) and value_lines.get(lb))


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


def read(kind: str, pieces: list[str]) -> Reading | None:
    if kind == "text":
        return read_text(pieces, refs=False)
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
    out: dict[str, tuple[Reading, list[TaggedSpan]]] = {}
    for suffix, group in list(by_label.items()):
        if suffix == "fn_ref":
            continue
        key, kind = _ROW_FIELDS[suffix]
        if kind != "text":
            group = [max(group, key=lambda s: s.prob)]
        else:
            by_label["fn_ref"] = by_label.get("fn_ref", []) + [s for s in group if read_refs(draft.raw([s]))]
        reading = read(kind, draft.raw(group))
        if reading is not None:
            out[key] = (reading, group)
            if suffix in ("shares_a", "shares_d"):
                out["acquired_disposed"] = (Reading(suffix[-1].upper(), 1.0), group)
    refs = read_refs(draft.raw([s for s in by_label.get("fn_ref", [])]))
    if refs:
        out["footnotes"] = (Reading(tuple(refs), 1.0), by_label["fn_ref"])
    return out


def build_rows(rows: list[_Row], draft: Draft) -> dict[str, list]:
    tables: dict[str, list] = {"non_derivative_transactions": [], "non_derivative_holdings": [],
                               "derivative_transactions": [], "derivative_holdings": []}
    for row in rows:
        values = row_values(row, draft)
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


_ONE_FILER_RE = re.compile(r"(?:\bX|\[x\]|☒|✓|✔|checked[^>]*>)[\W_]{0,12}Form\s+filed\s+by\s+One\s+Reporting",
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
    merged: list[dict[str, list[TaggedSpan]]] = []
    keys: list[set[str]] = []
    single = one_filer(draft.text)
    for g in groups:
        name = read_text(draft.raw(g.get("name", [])))
        words = _name_words(name.value) if name else set()
        target = next((m for m, k in zip(merged, keys) if _same_person(words, k) or single), None)
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
            if reading:
                kwargs[key] = reading.value
                draft.set(f"{path}.{key}", reading, group)
        if kwargs.get("officer_title") and not kwargs.get("is_officer"):
            kwargs["is_officer"] = True
            draft.set(f"{path}.is_officer", Reading(True, 0.8), g["officer_title"], inferred=True,
                      note="officer title given")
        owners.append(ReportingOwner(**kwargs))
    return owners


def _name_words(name: str) -> set[str]:
    return {w for w in re.sub(r"[^a-z0-9 ]", " ", name.casefold()).split() if len(w) > 1}


def _same_person(a: set[str], b: set[str]) -> bool:
    """Two readings of one name: most words shared ('Claude Carine Lamercie' and
    'Jean-Claude Carine Lamercie')."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.6


# --- step 4: footnotes, signatures, header ---------------------------------------------

_NEXT_NOTE_RE = re.compile(r"\n[ \t*|\-]*(?:\((\d{1,2})\)|(\d{1,2})\\?\.)\s+(?=\S)")


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


def build_footnotes(spans: list[TaggedSpan], draft: Draft) -> dict[str, str]:
    notes: dict[str, str] = {}
    current: str | None = None
    texts: dict[str, list[TaggedSpan]] = defaultdict(list)
    order = 0
    for span in spans:
        if span.label == "fn_id":
            current = read_footnote_id(draft.text[span.start:span.end])
        elif span.label == "fn_text":
            for fid, piece in _split_notes(span, draft.text):
                fid = fid or current
                if fid is None:
                    order += 1
                    fid = f"F{order}"
                texts[fid].append(piece)
                current = None
    for fid, group in texts.items():
        reading = read_text(draft.raw(group))
        if reading:
            notes[fid] = reading.value
            draft.set(f"footnotes.{fid}", reading, group)
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


def assemble(doc, idx: list[int], spans: list[TaggedSpan]) -> tuple[Record, Draft]:
    """Build the record from tagged spans over the content tokens `idx` of `doc`."""
    spans = sorted(spans, key=lambda s: s.start)
    draft = Draft(doc.text)
    geo = geometry(doc, idx)
    tables = build_rows(group_rows(spans, geo), draft)
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
    doc_type = document_type(doc.text)
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
