"""Assembly, step 1: the spans of Table I and Table II grouped into rows.

Where a span lies (its line and column; whether the text gives every cell a line of its
own) decides the row it joins: each table's titles open rows, every other row value goes to
the row it costs least to join (`group_rows`), and values read apart from their rows are
dealt out to them again.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .decode import TaggedSpan, token_span
from .parse import read_refs
from .tokenizer import doc_text
from .vocabulary import LABEL_INFO


ROW_LABELS = {name for name, info in LABEL_INFO.items() if info.scope in ("nd", "d")}
TITLE_LABELS = frozenset({"nd_title", "d_title"})


@dataclass
class Geometry:
    """Lines and columns of spans; whether the text puts every cell on its own line."""
    lines: list[int]          # line of each content token
    cols: list[int]
    cell_per_line: bool
    text: str = ""
    doc: object = None        # and its content tokens, for spans cut from others
    idx: list[int] = field(default_factory=list)

    def line(self, span: TaggedSpan) -> int:
        return self.lines[span.first]

    def col(self, span: TaggedSpan) -> int:
        return self.cols[span.first]


def _median(values) -> int:
    values = sorted(values)
    return values[len(values) // 2] if values else 0


def geometry(doc, idx: list[int], spans: list[TaggedSpan] = ()) -> Geometry:
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
    return Geometry(lines, [lay["col"][i] for i in idx], cell_per_line, doc_text(doc), doc, idx)


@dataclass
class Row:
    table: str                        # "nd" or "d"
    titles: list[TaggedSpan]
    spans: list[TaggedSpan] = field(default_factory=list)
    line: int | None = None           # the line of its values, where rows are lines
    band: tuple[int, ...] = ()        # every line of its values, where a tall row has several

    @property
    def start(self) -> int:
        return self.titles[0].first if self.titles else self.spans[0].first


def group_rows(spans: list[TaggedSpan], geo: Geometry) -> list[Row]:
    """Rows of both tables, in document order, each with its spans."""
    rows: list[Row] = []
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
            row = Row(table or "nd", [])
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
    else:
        for table in ("nd", "d"):
            _centred_natures([r for r in rows if r.table == table and r.line is not None], table, geo)
    rows = [r for r in rows if r.titles or r.spans]     # a row whose only value went to another
    _trailing_refs_in_order(rows, geo.text)
    return rows


def _title_groups(titles: list[TaggedSpan], spans: list[TaggedSpan], table: str,
                  geo: Geometry) -> list[Row]:
    """Title pieces wrapped down their column belong to one row. Where rows are lines, a
    row's numbers, dates and codes share one line: each title piece joins the row of the
    nearest such line; titles on such a line begin rows of their own (a table written on
    one line holds many). In reading-order text, pieces with nothing between them join."""
    if geo.cell_per_line:
        groups: list[Row] = []
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
            groups.append(Row(table, [span]))
        return groups
    value_lines = sorted({geo.line(s) for s in spans if s.label.startswith(table + "_")
                          and LABEL_INFO[s.label].kind != "text"})
    band = _bands(value_lines, titles, spans, table, geo)
    anchors: dict[int, list[Row]] = defaultdict(list)
    loose: list[TaggedSpan] = []
    rows: list[Row] = []
    for span in titles:
        if geo.line(span) in value_lines:
            key = band[geo.line(span)]
            anchors[key].append(Row(table, [span], line=geo.line(span), band=_members(band, key)))
            rows.append(anchors[key][-1])
        else:
            loose.append(span)
    for span in loose:
        line = geo.line(span)
        near = min(value_lines, key=lambda v: (abs(v - line), v < line), default=None)
        if near is None or abs(near - line) > 3:
            rows.append(Row(table, [span]))
            continue
        # between two rows: one with no title yet, else the one whose own line (its title's,
        # date's or code's: the middle of a tall row, on which -layout centres its cells)
        # is nearer
        near = min({band[v] for v in value_lines if abs(v - line) == abs(near - line)} | {band[near]},
                   key=lambda k: (bool(anchors.get(k)), abs(k - line), k != band[near]))
        if not anchors.get(near):
            anchors[near].append(Row(table, [], line=near, band=_members(band, near)))
            rows.append(anchors[near][-1])
        target = min(anchors[near],
                     key=lambda r: abs((r.titles[0].first if r.titles else span.first) - span.first))
        if any(_same_text(t, span, geo) for t in target.titles):
            rows.append(Row(table, [span]))   # the same title again: another row
            continue
        target.titles.append(span)
    for r in rows:
        r.titles.sort(key=lambda s: s.start)
    return sorted((r for r in rows if r.titles), key=lambda r: r.titles[0].start)


BAND_GAP = 3


def _bands(value_lines: list[int], titles: list[TaggedSpan], spans: list[TaggedSpan], table: str,
           geo: Geometry) -> dict[int, int]:
    """pdftotext -layout centres each cell of a tall row (titles and notes wrapped over many
    lines) on the row's middle, so one row's values may stand on several lines. A line of
    values with no title, date or code of its own goes with the nearest line (BAND_GAP at
    most; one with a title first) whose row holds none of its labels: value line -> the
    line that keys its row's band."""
    labels: dict[int, set[str]] = defaultdict(set)
    for s in spans:
        if s.label.startswith(table + "_") and LABEL_INFO[s.label].kind != "text":
            labels[geo.line(s)].add(s.label)
    titled = {geo.line(t) for t in titles}
    band = {v: v for v in value_lines}

    def members(key: int) -> set[str]:
        return set().union(*(labels[v] for v in value_lines if band[v] == key))

    for v in value_lines:
        if v in titled or labels[v] & {f"{table}_date", f"{table}_code"} \
                or any(band[u] == v for u in value_lines if u != v):
            continue    # a row's own line, or one that others joined already
        near = sorted((u for u in value_lines if u != v and abs(u - v) <= BAND_GAP),
                      key=lambda u: (abs(u - v), band[u] not in titled, u < v))
        for u in near:
            if not labels[v] & members(band[u]):
                band[v] = band[u]
                break
    return band


def _members(band: dict[int, int], key: int) -> tuple[int, ...]:
    return tuple(v for v, k in band.items() if k == key)


def _same_text(a: TaggedSpan, b: TaggedSpan, geo: Geometry) -> bool:
    return geo.text[a.start:a.end].casefold().split() == geo.text[b.start:b.end].casefold().split()


def _row_cost(span: TaggedSpan, row: Row, geo: Geometry) -> float:
    if geo.cell_per_line:
        gap = span.first - row.start
        return (0.0 if gap >= 0 else 3.0) + abs(gap) / 30
    if not row.titles:
        return abs(geo.line(span) - geo.line(row.spans[0]))
    # the row's title lines (wrapped titles too) and the line of its values
    lines = [x for t in row.titles for x in range(geo.line(t), geo.lines[t.last] + 1)] + \
        (list(row.band) or ([row.line] if row.line is not None else []))
    line = geo.line(span)
    # a text wrapped down its column (a nature centred on its row's line) is as near as
    # its nearest line
    dist = min(abs(y - x) for y in range(line, geo.lines[span.last] + 1) for x in lines)
    if dist == 0:  # on the row's line (or a table on one line): the last row begun before it
        gap = span.first - row.start
        return gap / 1e4 if gap >= 0 else 0.5 - gap / 1e4
    return dist + (0.25 if line < min(lines) else 0.0)


def _redistribute(rows: list[Row]) -> None:
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


def _refs_follow_values(rows: list[Row]) -> None:
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


def _trailing_refs_in_order(rows: list[Row], text: str) -> None:
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


def _natures_follow_forms(rows: list[Row]) -> None:
    """Read a cell at a time, a row's nature of ownership comes right after its ownership
    form (columns 6 and 7, 10 and 11): a nature read right after a row's 'I' (its
    markers between) goes to that row, with the markers around it, where the letters were
    dealt out to rows and the natures were not (`_redistribute`)."""
    order = sorted(((s.first, s, r) for r in rows for s in r.titles + r.spans), key=lambda item: item[0])
    for k, (_, span, row) in enumerate(order):
        if not span.label.endswith("_nature"):
            continue
        j = k - 1      # the value before it, past markers between ('I' / '(2) (3)' / 'See footnote')
        while j >= 0 and order[j][1].label == "fn_ref":
            j -= 1
        if j < 0:
            continue
        _, before, home = order[j]
        if not before.label.endswith("_di") or home is row:
            continue
        moved = [span] + [ref for _, ref, at in order[j + 1:k] if at is row]
        for _, ref, at in order[k + 1:]:
            if ref.label != "fn_ref":
                break
            if at is row:
                moved.append(ref)
        for s in moved:
            row.spans.remove(s)
            home.spans.append(s)


def _deal_runs(rows: list[Row]) -> None:
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


def pseudo_rows(spans: list[TaggedSpan]) -> list[Row]:
    """Row values on an echo line, cut into rows where a label comes round again."""
    rows: list[Row] = []
    for s in spans:
        if s.label not in ROW_LABELS and s.label != "fn_ref":
            continue
        if not rows or any(x.label == s.label and s.label != "fn_ref" for x in rows[-1].titles + rows[-1].spans):
            rows.append(Row(s.label.split("_", 1)[0] if s.label != "fn_ref" else "nd", []))
        (rows[-1].titles if s.label in TITLE_LABELS else rows[-1].spans).append(s)
    return rows


TABLE_PREFIX = {"table1": "nd", "table2": "d"}


def lines_and_labels(spans: list[TaggedSpan], geo: Geometry) -> tuple[list[list[int]], dict[int, set[str]]]:
    """The content tokens of each line, in order, and the labels of the spans each line
    opens (by line number): what a tail read under a heading walks."""
    labels: dict[int, set[str]] = defaultdict(set)
    for s in spans:
        labels[geo.line(s)].add(s.label)
    lines = [list(group) for _, group in itertools.groupby(range(len(geo.lines)), key=lambda p: geo.lines[p])]
    return lines, labels


_MARKERS_RE = re.compile(r"(?:\(\d{1,2}\)\s*)+")
NATURE_COLUMN_WIDTH = 15   # a nature's lines start within this many characters (short lines centred)


def _centred_natures(rows: list[Row], table: str, geo: Geometry) -> None:
    """Fixed-width text (pdftotext -layout) prints a long nature down its column centred
    on its row's line, as the browser drew the cell: as many of its lines above the row's
    line as below, or one more ('By estate' / row 'planning' / 'vehicle'; 'Sequoia' /
    'Capital U.S.' / row 'Venture Fund' / 'XV, L.P. (3)'). Taken line by line to the
    nearest row, the lines between two rows split wrongly wherever the cells above and below
    differ in height. So the nature lines are parted between the rows so that each row's
    block is centred on its line as nearly as can be, a footnote marker at a line's end
    closing its block (`_centred_blocks`). Only where the text is laid out so: one line a
    row, and natures in one column, some of their lines off the rows' lines. (The
    generator's -layout sets some tables' cells at the top instead: of 600 generated
    documents, 10 read a nature better for the step and 1 worse.)"""
    label = f"{table}_nature"
    rows = sorted(rows, key=lambda r: r.line)
    natures = [s for r in rows for s in r.spans if s.label == label]
    row_lines = {r.line for r in rows}
    # a column of text laid out in fixed width, some of it off the rows' lines: one line a
    # row, each row's own; the natures' lines start in one column (a short line centred in
    # it a little further right), off the margin
    starts = [p for s in natures for p in range(s.first, s.last + 1)
              if p == s.first or geo.lines[p] != geo.lines[p - 1]]
    cols = [geo.cols[p] for p in starts]
    if len(rows) < 2 or geo.doc is None or len(row_lines) < len(rows) or not starts \
            or all(geo.lines[p] in row_lines for p in starts) \
            or max(cols) - min(cols) > NATURE_COLUMN_WIDTH or min(cols) <= 2:
        return
    pieces: dict[int, list[TaggedSpan]] = defaultdict(list)     # nature line -> its pieces
    for r in rows:
        kept = []
        for s in r.spans:
            if s.label != label:
                kept.append(s)
                continue
            for line, group in itertools.groupby(range(s.first, s.last + 1), key=geo.lines.__getitem__):
                tokens = list(group)
                pieces[line].append(token_span(geo.doc, geo.idx, tokens[0], tokens[-1], label, s.prob,
                                               s.min_prob))
        r.spans = kept
    # a cell's last line may hold only its notes' markers (read as such, or as the nature's):
    # a line of the cell too, and its end
    marks = {geo.line(s) for r in rows for s in r.spans if s.label == "fn_ref"
             and geo.line(s) not in row_lines and geo.col(s) >= min(cols) - 2}
    marks |= {line for line, found in pieces.items() if line not in row_lines
              and all(_MARKERS_RE.fullmatch(geo.text[s.start:s.end]) for s in found)}
    lines = sorted(set(pieces) | marks)
    owner = _centred_blocks(lines, [r.line for r in rows], marks)
    for line, k in zip(lines, owner):
        rows[k].spans.extend(pieces.get(line, []))


def _centred_blocks(lines: list[int], centres: list[int], marks: set[int]) -> list[int]:
    """Each of `lines` (sorted) to one of the rows centred on `centres` (sorted, two or
    more), in order: a row's block lies between the centres before and after it, and has
    as many lines above its centre as below, or one more (one fewer costs a little: a cell
    of two lines in a row of two may print its first on the row's line); a line in `marks`
    (a footnote marker at its end) closes its block; ties go to the nearer centre. Returns
    each line's row (a least-cost partition, row by row)."""
    def cost(i: int, j: int, centre: int) -> float:
        block = lines[i:j]
        if not block:
            return 0.0
        lean = (centre - block[0]) - (block[-1] - centre)     # lines above less lines below
        off = 0.0 if lean in (0, 1) else 0.5 if lean == -1 else abs(lean - 0.5) - 0.5
        closed_early = sum(1 for line in block[:-1] if line in marks)
        return off + closed_early + 0.001 * sum(abs(line - centre) for line in block)

    k, n = len(centres), len(lines)
    after = [bisect.bisect_right(lines, c) for c in centres]     # first line below each centre
    upto = [bisect.bisect_left(lines, c) for c in centres]       # first line on or below it
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(k)]     # rows 0..r taking lines[:j]
    back = [[0] * (n + 1) for _ in range(k)]
    for j in range(upto[1] + 1):
        best[0][j] = cost(0, j, centres[0])
    for r in range(1, k):
        lo, hi = after[r - 1], upto[r + 1] if r + 1 < k else n
        for j in range(n + 1):
            best[r][j], back[r][j] = best[r - 1][j], j          # an empty block
            if not lo < j <= hi:
                continue
            for i in range(lo, j):                                # or lines[i:j]
                c = best[r - 1][i] + cost(i, j, centres[r])
                if c < best[r][j]:
                    best[r][j], back[r][j] = c, i
    owner, j = [0] * n, n
    for r in range(k - 1, 0, -1):
        i = back[r][j]
        owner[i:j] = [r] * (j - i)
        j = i
    return owner
