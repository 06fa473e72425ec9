"""Mends of the tagged spans before rows are grouped: the securities' titles.

Unbalanced brackets, titles wrapped over lines or repeated, words of the form's boxes read
into a title, and titles read into the other table, another column or the line's end.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import replace

from .decode import TaggedSpan, covered, token_span
from .layout import SUB_PHRASES
from .mend_numbers import lone_span
from .rows import TABLE_PREFIX, TITLE_LABELS, Geometry, lines_and_labels


_BOX_WORD_RE = re.compile(r"[\W_]*(?:Director|Officer|Other|10%[ \t]*Owner)[\W_]*$", re.I)


def box_words_off_titles(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


def heading_words_off_values(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A title or nature that is one of the form's column sub-headings ('Price', 'Amount',
    '(A) or (D)': pdftotext writes them among a row's values, a cell a line) is none: no
    gold title or nature is one."""
    return [s for s in spans if not (s.label.startswith(("nd_", "d_")) and s.label.endswith(_TEXT_SUFFIXES)
                                     and " ".join(geo.text[s.start:s.end].split()).casefold() in SUB_HEADINGS)]


_TEXT_SUFFIXES = ("_title", "_und_title", "_nature")
SUB_HEADINGS = frozenset(phrase.casefold() for _, phrase in SUB_PHRASES)


_BRACKETED_RE = re.compile(r"[ \t]*\n?[ \t]*\([A-Za-z][A-Za-z .,'&/-]*\)")


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


def wrapped_titles(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


def title_line_ends(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


def repeated_titles(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A table's rows repeat its titles: a line under a table's heading that reads as a
    title of two words or more the tagger read in that table, word for word, with no word
    of it tagged, is that title again, a row's, at LONE_LETTER_PROB ('Class A Common
    Stock' / '13,972', pdftotext: a holding's title a retrained tagger left out). One
    word is too little: OCR's lone 'Stock' of a wrapped cell is no title."""
    sections = doc.user_data["layout"]["section"]
    tagged = covered(spans)
    known = {(sections[idx[s.first]], tuple(geo.text[s.start:s.end].casefold().split())): s.label
             for s in spans if s.label in TITLE_LABELS and geo.line(s) == geo.lines[s.last]
             and TABLE_PREFIX.get(sections[idx[s.first]]) == s.label.split("_", 1)[0]
             and len(geo.text[s.start:s.end].split()) > 1}
    if not known:
        return spans
    starts, ends = doc.user_data["layout"]["start"], doc.user_data["layout"]["end"]
    lines, _ = lines_and_labels(spans, geo)
    out = list(spans)
    for tokens in lines:
        if any(t in tagged for t in tokens):
            continue
        first, last = idx[tokens[0]], idx[tokens[-1]]
        label = known.get((sections[first], tuple(geo.text[starts[first]:ends[last]].casefold().split())))
        if label:
            out.append(lone_span(doc, idx, tokens[0], tokens[-1], label))
    return sorted(out, key=lambda s: s.start)


# a value of one table's row and the same column of the other's
_OTHER_TABLE = {f"nd_{c}": f"d_{c}" for c in ("title", "date", "deemed", "code", "price", "owned", "di", "nature")}
_OTHER_TABLE.update({v: k for k, v in _OTHER_TABLE.items()})


def one_table_a_line(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


def dates_out_of_titles(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


def table_of_section(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Table II stands below Table I. None of the 690 Table II values annotated in train
    and dev stands under Table I's heading: a value there that the tagger gave, unsure, a
    Table II label takes the same column of Table I ('M' under Table I's 'Code' read as
    Table II's code at 0.25, pdftotext). (Not the other way: 5 of the 1,968 Table I values
    stand under Table II's heading, in psm 6 OCR, and generated OCR-like documents lose
    rows that way.) And every table value read after Table II's heading among the notes,
    owners or signatures is Table II's (all 44 annotated; pdftotext prints Table II's last
    columns there): a Table I label there takes Table II's same column (but a title, which
    there is the underlying one: `tail_titles`). A value with no such column stays as
    read, but Table I's A/D read, unsure, under Table II's 'Code': that is the code."""
    sections, headings = doc.user_data["layout"]["section"], doc.user_data["layout"]["heading"]
    table2 = next((p for p, i in enumerate(idx) if sections[i] == "table2"), None)
    out = []
    for s in spans:
        section = sections[idx[s.first]]
        if s.label == "nd_ad" and section == "table2" and s.prob < OTHER_TABLE_MAX_PROB \
                and headings[idx[s.first]] == "code" and s.first == s.last:
            s = replace(s, label="d_code")    # Table II has no A/D column: its code, unsure (h048a)
        elif s.label in _OTHER_TABLE and (
                s.label.startswith("d_") and s.prob < OTHER_TABLE_MAX_PROB and section == "table1"
                or s.label.startswith("nd_") and s.label != "nd_title" and table2 is not None
                and s.first > table2 and section in ("explanation", "owners", "signatures")):
            s = replace(s, label=_OTHER_TABLE[s.label])
        out.append(s)
    return out


def tail_titles(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


def title_around_count(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


WRAPPED_LABELS = ("nd_title", "d_title", "d_und_title", "nd_nature", "d_nature")


def one_column(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
