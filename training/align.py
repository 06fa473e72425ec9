"""Align a gold record to its text: labelled spans for training, and what did not align.

The result is one line of annotation JSONL in the span format Prodigy and spaCy users
know: `{"text", "spans": [{"start", "end", "label", "row", "path"}], "record", "meta"}`,
with end-exclusive character offsets into the raw text. Nothing is dropped silently:
`meta.unaligned` lists every gold value that found no span, with the reason.

Order of work: long texts first (footnotes, remarks, signatures), because they contain
names and numbers that would otherwise be taken for fields; then table rows, whose
titles are placed in document order and anchor every other value of their row (repeated
values such as dates go to the nearest row, in row order); then the header boxes and the
reporting-owner table, longest values first.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from extractor.row_values import CODES
from extractor.layout import GRID
from extractor.parse import relation_after
from extractor.record import Record
from extractor.tokenizer import doc_text, make_doc
from extractor.vocabulary import DERIVATIVE_DISPOSES, OWNER_LABEL, RELATIONSHIP_LABELS, TABLES, row_label

from .search import DocIndex, Hit, drop_overlaps, has_digit, text_key

# Which leaves of a row are placed first: titles, then numbers. Where one value fills two
# columns of a row, the column further left is placed first and takes the earlier token.
ROW_FIELD_ORDER = (
    "security_title", "underlying_security_title", "shares", "underlying_shares",
    "shares_owned_following", "conversion_or_exercise_price", "price_per_share",
    "transaction_date", "deemed_execution_date", "exercise_date", "expiration_date",
    "transaction_code", "acquired_disposed", "direct_or_indirect", "nature_of_ownership")
EXPECTED_HEADINGS = {
    "security_title": {"title"}, "transaction_date": {"date"}, "deemed_execution_date": {"deemed"},
    "transaction_code": {"code"}, "shares": {"amount", "number", "acq", "disp"},
    "acquired_disposed": {"ad"}, "price_per_share": {"price"}, "shares_owned_following": {"owned"},
    "direct_or_indirect": {"di"}, "nature_of_ownership": {"nature"}, "conversion_or_exercise_price": {"conv"},
    "exercise_date": {"exercisable"}, "expiration_date": {"expiration", "exercisable"},
    "underlying_security_title": {"und_title"}, "underlying_shares": {"und_amount", "und_title"},
}


def _form_columns(section: str) -> tuple[str, ...]:
    """A table's row fields, left to right: each at the last of its headings in the form's
    grid (`layout.GRID`; 'Date Exercisable and Expiration Date' heads both dates)."""
    grid = GRID[section]
    at = {key: max(grid.index(h) for h in heads if h in grid)
          for key, heads in EXPECTED_HEADINGS.items() if heads & set(grid)}
    return tuple(sorted(at, key=at.get))


FORM_COLUMNS = {False: _form_columns("table1"), True: _form_columns("table2")}  # by derivative
SKIP_COST = 8.0          # cost of leaving a row's value unplaced in the row assignment
NEAR = 6.0               # how far (in lines) a non-distinctive value may sit from its row
FAR = 60.0               # how far a distinctive number may sit (pdftotext reading order)
TEXT_SECTIONS = frozenset({"header", "owners"})
NOT_TABLE = frozenset({"explanation", "remarks", "signatures"})


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    row: str | None
    path: str

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class Alignment:
    text: str
    spans: list[Span]
    unaligned: list[dict]
    expected: list[str]

    @property
    def coverage(self) -> float:
        found = len(self.expected) - len(self.unaligned)
        return found / len(self.expected) if self.expected else 1.0

    def to_json(self, record: Record, meta: dict | None = None) -> dict:
        meta = dict(meta or {})
        meta.update(unaligned=self.unaligned, expected=len(self.expected),
                    aligned=len(self.expected) - len(self.unaligned))
        return {"text": self.text, "spans": [s.to_dict() for s in self.spans],
                "record": record.to_dict(with_fields=False), "meta": meta}


def align(text: str, record: Record, doc=None) -> Alignment:
    """Find the span of every gold value of `record` in `text`."""
    return _Aligner(doc if doc is not None else make_doc(text), record).run()


@dataclass
class _RowRef:
    table: str
    index: int
    row: object

    @property
    def name(self) -> str:
        return f"{self.table}[{self.index}]"

    @property
    def derivative(self) -> bool:
        return self.table.startswith("derivative")


@dataclass
class _Aligner:
    doc: object
    record: Record
    index: DocIndex = field(init=False)
    claimed: dict[int, str] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, int] = field(default_factory=dict)               # row -> title token
    row_tokens: dict[str, list[int]] = field(default_factory=dict)     # row -> placed tokens
    owner_names: list[tuple[int, int]] = field(default_factory=list)  # (content idx, owner)
    first_token: dict[str, int] = field(default_factory=dict)          # path -> first token

    def __post_init__(self):
        self.index = DocIndex.build(self.doc)
        self.cell_per_line = self.index.cells_per_line() < 4

    def run(self) -> Alignment:
        skip = set(self.record.unscored)
        self._long_texts()
        self._rows()
        self._signature_dates()
        self._owners()
        self._issuer_and_dates()
        self._marks()
        expected = [p for p in _expected_paths(self.record) if p not in skip]
        unaligned = [{"path": p, "value": _leaf_text(self.record, p),
                      "reason": self.reasons.get(p, "not found in text")}
                     for p in expected if p not in self.found]
        spans = sorted(self.spans, key=lambda s: s.start)
        return Alignment(doc_text(self.doc), spans, unaligned, expected)

    # --- claiming ---------------------------------------------------------------------
    def free(self, hit: Hit) -> bool:
        tokens = hit.matched or range(hit.first, hit.last + 1)
        return all(k not in self.claimed for k in tokens)

    def claim(self, hit: Hit, label: str, row: str | None, path: str, found: str | None = None):
        """Label a hit; text hits interrupted by other fields become several spans."""
        keep = set(range(hit.first, hit.last + 1))
        if hit.matched:
            # a token-by-token alignment: its matched tokens, and short gaps between them
            # on one line (words OCR garbled), never other cells wrapped in between
            keep = set(hit.matched)
            ms = sorted(hit.matched)
            for a, b in zip(ms, ms[1:]):
                if 1 < b - a <= 4 and self.index.line(b) == self.index.line(a):
                    keep.update(range(a + 1, b))
        runs: list[list[int]] = []
        for k in sorted(keep - set(self.claimed)):
            if runs and k == runs[-1][-1] + 1:
                runs[-1].append(k)
            else:
                runs.append([k])
        if row is not None and not row.startswith(("footnotes", "signatures", "reporting")):
            self.row_tokens.setdefault(row, []).extend(k for run in runs for k in run)
        if runs:
            self.first_token.setdefault(path, runs[0][0])
        for run in runs:
            for k in run:
                self.claimed[k] = path
            start, end = self.index.char_span(run[0], run[-1])
            self.spans.append(Span(start, end, label, row, path))
        self.found.add(found or path)

    def distance(self, k: int, anchor: int) -> float:
        """Closeness of content tokens: lines apart where a table row is a line, tokens
        apart / 6 in texts that put each cell on its own line (pdftotext reading order,
        sparse OCR); on one line (a table rendered as one long line), tokens apart / 30."""
        if self.cell_per_line:
            return abs(k - anchor) / 6
        lines = abs(self.index.line(k) - self.index.line(anchor))
        return lines if lines else abs(k - anchor) / 30

    def row_distance(self, k: int, row: str) -> float:
        """Distance from a token to the nearest value already placed in a row."""
        return min((self.distance(k, j) for j in self.row_tokens.get(row, ())), default=1e9)

    def off_column(self, k: int, key: str) -> float:
        """1 for a token under a column heading that is not one of `key`'s, else 0."""
        heading = self.index.attr("heading", k)
        return 1.0 if heading and heading not in EXPECTED_HEADINGS.get(key, ()) else 0.0

    def row_of(self, k: int, rows: list[_RowRef]) -> _RowRef | None:
        """The row a token belongs to: the one whose placed values are nearest; on a tie,
        the last row that starts before it."""
        def rank(r: _RowRef):
            before = self.anchors.get(r.name, 1 << 30) <= k
            return (round(self.row_distance(k, r.name), 3), not before, -self.anchors.get(r.name, 0))
        pick = min(rows, key=rank, default=None)
        if pick is None or self.row_distance(k, pick.name) > NEAR and not self.alone_in_table(k, pick, rows):
            return None
        return pick

    def alone_in_table(self, k: int, r: _RowRef, rows: list[_RowRef]) -> bool:
        """Where each cell is a line (pdftotext's reading order) a table's columns may be
        read a block at a time, far apart: a token of a table that holds one row alone
        is that row's however far it stands from the row's other values."""
        table = "table2" if r.derivative else "table1"
        return self.cell_per_line and self.index.attr("section", k) == table and \
            sum(1 for o in rows if o.derivative == r.derivative) == 1

    def in_tail(self, k: int, row: str) -> bool:
        """pdftotext may print a wide table's right-hand columns after the signatures or
        the explanation's heading: a token there is the row's where the row's numbers
        already placed there stand near it."""
        return self.cell_per_line and any(
            self.index.attr("section", j) in NOT_TABLE and self.distance(k, j) <= NEAR
            for j in self.row_tokens.get(row, ()))

    # --- long texts -------------------------------------------------------------------
    def _long_texts(self) -> None:
        for fid, text in self.record.footnotes.items():
            path = f"footnotes.{fid}"
            hits = [h for h in self.index.texts(text, taken=self.claimed) if self.free(h)]
            if not hits:
                continue
            hit = hits[0]
            self.claim(hit, "fn_text", path, path)
            marker = self._footnote_marker(hit, fid)
            if marker is not None:
                self.claim(Hit(marker, marker, 0.0), "fn_id", path, path + ".id", path)
        if self.record.remarks:
            hits = [h for h in self.index.texts(self.record.remarks) if self.free(h)]
            if hits:
                self.claim(hits[0], "remarks", None, "remarks")
        for i, sig in enumerate(self.record.signatures):
            if sig.name:
                path = f"signatures[{i}].name"
                hits = [h for h in self.index.texts(sig.name) if self.free(h)]
                if hits:
                    self.claim(hits[0], "sig_name", f"signatures[{i}]", path)

    def _footnote_marker(self, hit: Hit, fid: str) -> int | None:
        """The '(1)' or '1.' that opens footnote `fid`, just before its text, or the '(1)'
        centred among its lines (pdftotext, OCR)."""
        number = fid.lstrip("F")
        for j in range(hit.first - 1, max(-1, hit.first - 4), -1):
            key = self.index.keys[j]
            if key in (f"({number})", number) and j not in self.claimed:
                return j
            if key not in (".", "-", ":", ")"):
                break
        return next((j for j in range(hit.first, hit.last + 1)
                     if self.index.keys[j] == f"({number})" and j not in self.claimed
                     and (j == 0 or self.index.line(j - 1) != self.index.line(j))), None)

    # --- table rows -------------------------------------------------------------------
    def _row_refs(self) -> list[_RowRef]:
        return [_RowRef(t, i, row) for t in TABLES for i, row in enumerate(getattr(self.record, t))]

    def _rows(self) -> None:
        rows = self._row_refs()
        if not rows:
            return
        self._place_titles(rows)
        self.cell_per_line = self.cell_per_line or self._titles_alone(rows)
        self._place_fields(rows)
        if self.cell_per_line:   # once more for what was left, near the values placed since
            self._place_fields(rows, left_only=True)
        for r in rows:
            self._column_order(r)
        self._footnote_refs(rows)

    def _place_titles(self, rows: list[_RowRef]) -> None:
        options = []
        for r in rows:
            title = r.row.security_title
            hits = [h for h in self.index.texts(title) + self.index.pieces(title, set(self.claimed))
                    if self.free(h)]
            opts = []
            for h in hits:
                section = self.index.attr("section", h.first)
                if section in NOT_TABLE:
                    continue
                cost = h.cost + (0 if section in ("table1", "table2") else 3)
                cost += 1 if (section == "table2") != r.derivative else 0
                cost += self.off_column(h.first, "security_title")
                opts.append((h, cost))
            options.append(opts)
        choice = _ordered_choice(options)
        for r, picked in zip(rows, choice):
            path = f"{r.name}.security_title"
            label = row_label(r.table, "security_title")
            if picked is None:
                self.reasons[path] = "title not found in row order"
                continue
            self.claim(picked, label, r.name, path)
            self.anchors[r.name] = picked.first

    def _place_fields(self, rows: list[_RowRef], left_only: bool = False) -> None:
        """Each row value after the titles, field by field in `ROW_FIELD_ORDER`; with
        `left_only`, only those not placed yet."""
        for key in ROW_FIELD_ORDER[1:]:
            for derivative in (False, True):
                if derivative and key == "acquired_disposed":
                    continue  # told by the (A)/(D) column of the shares, placed with them
                group = [r for r in rows if r.derivative == derivative
                         and getattr(r.row, key, None) is not None
                         and not (left_only and f"{r.name}.{key}" in self.found)]
                if group:
                    self._place_field(group, key, rows)

    def _titles_alone(self, rows: list[_RowRef]) -> bool:
        """Whether most placed titles stand on lines that hold no number but the title's:
        pdftotext reads a table a cell at a time even where its notes and instructions run
        long enough to make most of the text's lines long."""
        numbers: dict[int, set[int]] = {}          # line -> its tokens that hold a digit
        for k, key in enumerate(self.index.keys):
            if has_digit(key):
                numbers.setdefault(self.index.line(k), set()).add(k)
        alone = []
        for r in rows:
            title = set(self.row_tokens.get(r.name, ()))     # titles are a row's first values
            if title:
                alone.append(all(numbers.get(line, set()) <= title
                                 for line in {self.index.line(k) for k in title}))
        return bool(alone) and sum(alone) > len(alone) / 2

    def _place_field(self, group: list[_RowRef], key: str, rows: list[_RowRef]) -> None:
        options = []
        for r in group:
            value = getattr(r.row, key)
            anchor = self.anchors.get(r.name)
            hits = self._hits_for(key, value, r)
            # a number that no other row or field can take may stand far from its row
            wanting = sum(1 for g in group if getattr(g.row, key) == value)
            distinctive = isinstance(value, float) and len(_digits(value)) >= 3 and \
                sum(1 for h in hits if self.free(h)) <= wanting
            opts, far = [], []
            for h in hits:
                if not self.free(h) or self.index.attr("in_heading", h.first):
                    continue
                if not distinctive and self.index.attr("section", h.first) in NOT_TABLE \
                        and not self.in_tail(h.first, r.name):
                    continue
                if anchor is None:  # a row whose title was not found: only what it alone can be
                    section = self.index.attr("section", h.first)
                    if distinctive and section == ("table2" if r.derivative else "table1"):
                        opts.append((h, h.cost + 2))
                    continue
                d = self.row_distance(h.first, r.name)
                before = 0.5 if h.first < anchor else 0.0
                if d > (FAR if distinctive else NEAR):
                    if self.alone_in_table(h.first, r, rows):
                        far.append((h, h.cost + 2 + before + self.off_column(h.first, key)))
                    continue
                # a distinctive number may stand far from its row in reading-order text
                cost = h.cost + min(d, NEAR) + 0.05 * max(0.0, d - NEAR) + before
                cost += self.off_column(h.first, key)
                opts.append((h, cost))
            options.append(opts or far)
        choice = _ordered_choice(options)
        for r, picked in zip(group, choice):
            path = f"{r.name}.{key}"
            if picked is None:
                self.reasons[path] = "not found near its row"
                continue
            ad = getattr(r.row, "acquired_disposed", None)
            label = row_label(r.table, key, ad)
            self.claim(picked, label, r.name, path)
            self.anchors.setdefault(r.name, picked.first)
            if r.derivative and key == "shares":
                self.found.add(f"{r.name}.acquired_disposed")
            self.reasons.pop(path, None)

    def _column_order(self, r: _RowRef) -> None:
        """Where one value fills several columns of a row ('125,628' acquired and held
        after, '$0' exercise price and price, 'D' disposed and direct), its places go to
        those columns left to right. Placing by nearness can cross them: a wrapped cell
        on the line above its row is further from the row than the next column's copy."""
        groups: dict[object, list[str]] = {}
        for key in FORM_COLUMNS[r.derivative]:
            value = getattr(r.row, key, None)
            if value is not None and f"{r.name}.{key}" in self.first_token:
                groups.setdefault(value, []).append(key)
        for keys in groups.values():
            if len(keys) < 2:
                continue
            paths = [f"{r.name}.{key}" for key in keys]
            places = [self.first_token[p] for p in paths]
            if self.cell_per_line or len({self.index.line(k) for k in places}) == 1:
                order = places                                   # reading order
            else:
                order = [self.index.attr("col", k) for k in places]  # across the page
            ranked = [paths[i] for i in sorted(range(len(paths)), key=order.__getitem__)]
            if ranked == paths:
                continue
            moved = dict(zip(ranked, paths))      # the path now placed -> its column's path
            ad = getattr(r.row, "acquired_disposed", None)
            for n, span in enumerate(self.spans):
                if span.path in moved:
                    key = moved[span.path].rsplit(".", 1)[1]
                    self.spans[n] = dataclasses.replace(
                        span, path=moved[span.path], label=row_label(r.table, key, ad))

    def _hits_for(self, key: str, value, r: _RowRef) -> list[Hit]:
        if isinstance(value, float):
            return self.index.numbers(value)
        if isinstance(value, dt.date):
            return self.index.dates(value)
        if key == "transaction_code":
            return self.index.codes(value, CODES)
        if key in ("acquired_disposed", "direct_or_indirect"):
            return self.index.codes(value, "AD" if key == "acquired_disposed" else "DI")
        hits = self.index.texts(str(value))
        # a text read whole in the tables, or else its pieces down a column as well
        if not any(h.cost == 0 and self.free(h) and self.index.attr("section", h.first) not in NOT_TABLE
                   for h in hits):
            hits = drop_overlaps([h for h in hits if self.free(h)] +
                                  self.index.pieces(str(value), exclude=set(self.claimed)))
        return hits

    def _footnote_refs(self, rows: list[_RowRef]) -> None:
        wanted = {r.name: {f.lstrip("F") for f in r.row.footnotes} for r in rows}
        for k, key in enumerate(self.index.keys):
            m = re.fullmatch(r"\((\d{1,2})\)", key)
            if not m or k in self.claimed:
                continue
            if self.index.attr("section", k) in ("explanation", "remarks", "signatures"):
                continue
            best = self.row_of(k, rows)
            if best is None or m.group(1) not in wanted[best.name]:
                continue
            path = f"{best.name}.footnotes"
            self.claim(Hit(k, k, 0.0), "fn_ref", best.name, path, f"{path}.F{m.group(1)}")

    # --- signatures -------------------------------------------------------------------
    def _signature_dates(self) -> None:
        for i, sig in enumerate(self.record.signatures):
            if sig.date is None:
                continue
            path = f"signatures[{i}].date"
            name_spans = [k for k, p in self.claimed.items() if p == f"signatures[{i}].name"]
            hits = [h for h in self.index.dates(sig.date) if self.free(h)]
            if not hits:
                continue
            if name_spans:
                near = min(name_spans, key=lambda k: k)
                hits = [h for h in hits if self.distance(h.first, near) <= 10]
                hits.sort(key=lambda h: self.distance(h.first, near))
            else:
                hits = [h for h in hits if self.index.attr("section", h.first)
                        in ("signatures", "explanation", "remarks")]
            if hits:
                self.claim(hits[0], "sig_date", f"signatures[{i}]", path)

    # --- header and reporting owners --------------------------------------------------
    def _owners(self) -> None:
        owners = self.record.reporting_owners
        for j, owner in enumerate(owners):
            if owner.name:
                for h in self.index.texts(owner.name):
                    if self.free(h) and self.index.attr("section", h.first) in TEXT_SECTIONS:
                        if self.index.attr("section", h.first) == "header" and j != 0:
                            continue
                        self.claim(h, "owner_name", f"reporting_owners[{j}]",
                                   f"reporting_owners[{j}].name")
                        self.owner_names.append((h.first, j))
        self.owner_names.sort()
        leaves = [(key, getattr(o, key), j) for j, o in enumerate(owners)
                  for key in ("street1", "street2", "city", "state", "zip",
                              "officer_title", "other_text") if getattr(o, key)]
        leaves.sort(key=lambda leaf: -len(leaf[1]))
        issuer = self.record.issuer.name
        # the issuer's name printed whole ('JETBLUE AIRWAYS CORP') is not a street that is
        # a piece of it ('JETBLUE AIRWAYS'), whichever is aligned first
        issuer_tokens = {k for h in (self.index.texts(issuer) if issuer else ()) if h.cost == 0
                         for k in range(h.first, h.last + 1)}
        done: set[tuple[str, str]] = set()
        for key, value, _ in leaves:
            if (key, value) in done:
                continue
            done.add((key, value))
            hits = drop_overlaps(self.index.texts(value) + self.index.wrapped(value, set(self.claimed)))
            for h in hits:
                if not self.free(h) or h.first in issuer_tokens and len(value) < len(issuer):
                    continue
                j = self._owner_context(h.first)
                if j is None or getattr(owners[j], key) != value:
                    continue
                if len(value) <= 3 and not self._near_owner_span(h.first, j):
                    continue
                self.claim(h, OWNER_LABEL[key], f"reporting_owners[{j}]",
                           f"reporting_owners[{j}].{key}")

    def _owner_context(self, k: int) -> int | None:
        section = self.index.attr("section", k)
        if section == "header":
            return 0
        if section != "owners":
            return None
        before = [j for pos, j in self.owner_names if pos <= k]
        return before[-1] if before else None

    def _near_owner_span(self, k: int, owner: int) -> bool:
        prefix = f"reporting_owners[{owner}]."
        return any(p.startswith(prefix) and abs(self.index.line(j) - self.index.line(k)) <= 2
                   and abs(j - k) <= 12 for j, p in self.claimed.items())

    def _issuer_and_dates(self) -> None:
        issuer = self.record.issuer
        if issuer.name:
            for h in self.index.texts(issuer.name):
                if self.free(h) and self.index.attr("section", h.first) == "header":
                    self.claim(h, "issuer_name", None, "issuer.name")
        if issuer.ticker:
            names = [k for k, p in self.claimed.items() if p == "issuer.name"]
            for h in self.index.texts(issuer.ticker):
                if self.free(h) and any(self.distance(h.first, k) <= 1 for k in names):
                    self.claim(h, "ticker", None, "issuer.ticker")
        for key, label, anchor in (("period_of_report", "period", "hdr_date"),
                                   ("date_of_original_submission", "original_date", "hdr_amend")):
            value = getattr(self.record, key)
            if value is None:
                continue
            hits = [h for h in self.index.dates(value) if self.free(h)
                    and self.index.attr("section", h.first) == "header"]
            hits.sort(key=lambda h: (anchor not in (self.index.attr("last_anchor", h.first),
                                                    self.index.attr("heading", h.first)), h.first))
            if hits:
                self.claim(hits[0], label, None, key)

    def _marks(self) -> None:
        owners = self.record.reporting_owners
        for k in self.index.marks():
            if k in self.claimed:
                continue
            relation = self._relation_of_mark(k)
            j = self._owner_context(k)
            if relation is None or j is None or not getattr(owners[j], relation):
                continue
            self.claim(Hit(k, k, 0.0), RELATIONSHIP_LABELS[relation],
                       f"reporting_owners[{j}]", f"reporting_owners[{j}].{relation}")

    def _relation_of_mark(self, k: int) -> str | None:
        """Which box a check mark ticks: the words right after it, else the heading above."""
        relation = relation_after(doc_text(self.doc), self.index.char_span(k, k)[1])
        if relation:
            return relation
        heading = self.index.attr("heading", k)
        return {"director": "is_director", "ten_pct": "is_ten_percent_owner",
                "officer": "is_officer", "other": "is_other"}.get(heading)


def _ordered_choice(options: list[list[tuple[Hit, float]]]) -> list[Hit | None]:
    """Pick at most one hit per row so that picked hits go in row order (strictly
    increasing positions) at least total cost; leaving a row out costs SKIP_COST."""
    best: list[tuple[float, int, list]] = [(0.0, -1, [])]  # (cost, last position, picks)
    for opts in options:
        nxt = []
        for cost, last, picks in best:
            nxt.append((cost + SKIP_COST, last, picks + [None]))
            for hit, c in opts:
                if hit.first > last:
                    nxt.append((cost + c, hit.last, picks + [hit]))
        # keep, for each last position, only the cheapest state (a Pareto frontier)
        nxt.sort(key=lambda s: (s[1], s[0]))
        frontier, cheapest = [], None
        for state in nxt:
            if cheapest is None or state[0] < cheapest:
                frontier.append(state)
                cheapest = state[0]
        best = frontier
    return min(best, key=lambda s: s[0])[2]


def _digits(value) -> str:
    return re.sub(r"\D", "", f"{value:.4f}".rstrip("0").rstrip("."))


def _expected_paths(record: Record) -> list[str]:
    """Every gold value the text should show, as a path (row footnotes one per id)."""
    out = []
    for path, value in record.leaves().items():
        if value is None or value is False or path == "document_type":
            continue
        key = path.rsplit(".", 1)[-1]
        if key == "footnotes":
            out.extend(f"{path}.{fid}" for fid in value)
            continue
        out.append(path)
    return out


def _leaf_text(record: Record, path: str) -> str:
    leaves = record.leaves()
    base = path.rsplit(".", 1)[0] if ".footnotes." in path else path
    value = leaves.get(base, leaves.get(path))
    return str(value.isoformat() if isinstance(value, dt.date) else value)


__all__ = ["align", "Alignment", "Span", "DERIVATIVE_DISPOSES", "text_key"]
