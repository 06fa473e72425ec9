"""Mends of the tagged spans before rows are grouped: the tables' letters and marks.

Check marks of the relationship boxes, lone code and ownership-form letters, and footnote
markers the tagger left untagged or gave another label or cut. Each step takes the spans
and returns them mended; what a step adds it reads at a low probability, so that it goes
to review.
"""
from __future__ import annotations

import bisect
from dataclasses import replace

from .decode import TaggedSpan, covered, token_span
from .footnotes import footnote_blocks
from .mend_numbers import lone_span
from .parse import read_refs, relation_after
from .row_values import CODES_BUT_V
from .rows import TABLE_PREFIX, Geometry
from .values import code_readings
from .vocabulary import RELATIONSHIP_LABELS


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


# a heading's column -> (the row field's label suffix, the letters its values are)
_LONE_LETTERS = {"di": ("di", "DI"), "nature": ("di", "DI"), "code": ("code", CODES_BUT_V),
                 "v": ("code", CODES_BUT_V),
                 # pdftotext may read the code after the amount ('Amount' / '1,386' / 'M'):
                 # there a letter no other column of the row holds (not A, D, I) is the code
                 "amount": ("code", CODES_BUT_V.replace("A", "").replace("D", "").replace("I", ""))}


def lone_letters(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
        table = TABLE_PREFIX.get(lay["section"][i])
        field, letters = _LONE_LETTERS.get(lay["heading"][i], (None, ""))
        if table is None or field is None or p in tagged or ends[i] - starts[i] != 1 \
                or geo.text[starts[i]] not in letters:
            continue
        at = geo.lines[p]
        line = range(bisect.bisect_left(geo.lines, at), bisect.bisect_right(geo.lines, at))
        if any(kinds[idx[q]] != "fnmark" for q in line if q != p):
            continue
        out.append(lone_span(doc, idx, p, p, f"{table}_{field}"))
    return sorted(out, key=lambda s: s.start)


def codes_after_dates(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
                or lay["kind"][idx[p]] != "word" or lay["section"][idx[p]] not in TABLE_PREFIX:
            continue
        if code_readings(geo.text[lay["start"][idx[p]]:lay["end"][idx[p]]], CODES_BUT_V):
            out.append(lone_span(doc, idx, p, p, f"{TABLE_PREFIX[lay['section'][idx[p]]]}_code"))
            coded.add(line)
    return sorted(out, key=lambda s: s.start)


def markers_of_unreferred_notes(spans: list[TaggedSpan], geo: Geometry, doc,
                                idx: list[int]) -> list[TaggedSpan]:
    """Every note is referred to by a row (all 385 notes of dev's and train's gold records
    are). Where no marker the tagger read refers to a note it read, the markers of that
    note it left untagged in a table's rows ('$' / '(2)' / '253.63 627,104', among the
    column headings pdftotext wrote between) are references; the rows take them as any
    marker, at probability 0.3. Not those above the table's first row: a heading's marker
    names no row."""
    lay = doc.user_data["layout"]
    first_title = {table: min((s.first for s in spans if s.label == f"{table}_title"), default=len(idx))
                   for table in TABLE_PREFIX.values()}
    tagged = covered(spans)
    untagged = [p for p, i in enumerate(idx)      # the untagged markers in the tables' rows
                if p not in tagged and lay["kind"][i] == "fnmark" and lay["section"][i] in TABLE_PREFIX
                and p >= first_title[TABLE_PREFIX[lay["section"][i]]]]
    if not untagged:
        return spans
    notes = {fid for fid, _ in footnote_blocks(spans, geo.text) if fid}
    unreferred = notes - set(read_refs([geo.text[s.start:s.end] for s in spans if s.label == "fn_ref"]))
    out = list(spans)
    for p in untagged:
        if set(read_refs([geo.text[lay["start"][idx[p]]:lay["end"][idx[p]]]])) & unreferred:
            out.append(lone_span(doc, idx, p, p, "fn_ref"))
    return sorted(out, key=lambda s: s.start)


def refs_by_line(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
