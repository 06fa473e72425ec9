"""Mends of the tagged spans before rows are grouped: prose values.

Natures of ownership printed after their table, running on over lines or down their
column; remarks beside their heading; an owner's name cut short in the owner table, read
as the form writes it elsewhere.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .decode import TaggedSpan, covered, token_span
from .mend_numbers import LONE_LETTER_PROB, TAIL_LINE_MAX, lone_span
from .rows import TABLE_PREFIX, Geometry, lines_and_labels
from .vocabulary import LABEL_INFO, STREETS


_REMARKS_HEADING_RE = re.compile(r"Remarks[ \t]*:[*_ \t]*", re.I)


def remarks_beside_heading(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
        return sorted(spans + [lone_span(doc, idx, words[0], words[-1], "remarks")], key=lambda s: s.start)
    return spans


NAME_RUN_ON = 4   # words a name may run on over


def names_as_written_elsewhere(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


# box 2's line: the issuer's name and its ticker in brackets ('JETBLUE AIRWAYS CORP (JBLU)')
_ISSUER_LINE_RE = re.compile(r"[^\S\n]*(\S[^\n]*?)[ \t]*[\[(][ \t]*([A-Z]{1,5})[ \t]*[\])][ \t]*$")


def issuer_line_in_owner_name(spans: list[TaggedSpan], geo: Geometry, doc,
                              idx: list[int]) -> list[TaggedSpan]:
    """An owner's name read on over the next lines down to box 2's 'JETBLUE AIRWAYS CORP
    (JBLU)' (OCR a cell a line, no issuer name read anywhere): that line, a name with a
    ticker in brackets, is the issuer's name and ticker (no gold owner name holds a
    bracketed ticker), at LONE_LETTER_PROB; the owner's name ends before it."""
    if any(s.label in ("issuer_name", "ticker") for s in spans):
        return spans
    starts = doc.user_data["layout"]["start"]
    out = []
    for s in spans:
        cut = next((p for p in range(s.first + 1, s.last + 1) if geo.lines[p] != geo.lines[p - 1]), None)
        if s.label != "owner_name" or cut is None or geo.lines[cut] != geo.lines[s.last]:
            out.append(s)      # a name on one line, or over more than two
            continue
        line_end = geo.text.find("\n", starts[idx[cut]])
        line_end = line_end if line_end >= 0 else len(geo.text)
        found = _ISSUER_LINE_RE.fullmatch(geo.text, starts[idx[cut]], line_end)
        ticker = None
        if found is not None and found.end(1) == s.end:    # the name ends where the span does
            ticker = next((q for q in range(s.last + 1, min(s.last + 4, len(idx)))
                           if starts[idx[q]] == found.start(2)), None)
        if ticker is None:
            out.append(s)
            continue
        out += [token_span(doc, idx, s.first, cut - 1, s.label, s.prob, s.min_prob),
                lone_span(doc, idx, cut, s.last, "issuer_name"),
                lone_span(doc, idx, ticker, ticker, "ticker")]
    return sorted(out, key=lambda s: s.start)


_NATURE_HEADING_RE = re.compile(r"(?:^|\s)(?:7|11)\.[ \t]*Nature[ \t]+of\b")
_NATURE_LINE_MAX = 30   # a line of the nature column's cell, read on its own


def deferred_natures(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
    lines, labels = lines_and_labels(spans, geo)
    out = list(spans)
    table = None        # the table a tail opened in, while in one
    block: list[list[int]] = []
    after_i = False     # the last line before the block was a lone 'I'

    def close() -> None:
        words = [t for line in block for t in line if kinds[idx[t]] != "fnmark"]
        if after_i and words and any(kinds[idx[t]] == "word" and ends[idx[t]] - starts[idx[t]] > 1
                                     for t in words):
            out.append(lone_span(doc, idx, words[0], words[-1], f"{table}_nature"))
            for t in block[-1]:     # its notes' markers close the cell
                if kinds[idx[t]] == "fnmark" and t > words[-1] and t not in tagged:
                    out.append(lone_span(doc, idx, t, t, "fn_ref"))
        block.clear()

    for tokens in lines:
        first, line = idx[tokens[0]], geo.lines[tokens[0]]
        body = geo.text[starts[first]:ends[idx[tokens[-1]]]]
        if table is not None and (TABLE_PREFIX.get(sections[first]) != table
                                  or len(body) > TAIL_LINE_MAX
                                  or any(not label.startswith(table + "_") and label != "fn_ref"
                                         for label in labels[line])):
            close()
            table = None
        if table is None:
            if TABLE_PREFIX.get(sections[first]) and _NATURE_HEADING_RE.search(body):
                table, after_i = TABLE_PREFIX[sections[first]], False
            continue
        words = [geo.text[starts[idx[t]]:ends[idx[t]]] for t in tokens if kinds[idx[t]] != "fnmark"]
        if words in (["D"], ["I"]):
            close()
            if not any(t in tagged for t in tokens):
                out.append(lone_span(doc, idx, tokens[0], tokens[0], f"{table}_di"))
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


def natures_run_on(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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


def nature_columns(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Fixed-width text wraps a long nature down its narrow column, a word or two a line,
    centred on its row's line ('By' / 'Sequoia' / 'Capital' / 'U.S.' / row / 'Venture' /
    '2010' / 'Fund, LP (1)'), and the cells of one row run into the next row's. The tagger
    reads some of these pieces and not others. Where it read a piece, every untagged cell
    of the table that starts in the piece's column, on the lines running unbroken from it
    and below the table's headings, is a piece too (at LONE_LETTER_PROB); the rows take
    each piece by its nearest line (`_row_cost`). A number alone in the column between two
    of its lines ('2010', '2010-'), that the tagger read as a row's count, is a piece as well."""
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
                        # one number between two lines of the nature ('Venture' / '2010' /
                        # 'Fund,'), read as a row's value, is the nature's
                        inside = [s for s in out if s.first <= words[-1] and s.last >= words[0]]
                        nxt = next((c for c in lines.get(line + step, ()) if abs(geo.cols[c[0]] - x) <= 2), ())
                        core = [t for t in words if kinds[idx[t]] != "other"]     # '2010-' of '2010-Seed'
                        if len(core) != 1 or kinds[idx[core[0]]] != "number" or len(inside) != 1 \
                                or LABEL_INFO[inside[0].label].kind != "number" \
                                or not any(kinds[idx[t]] == "word" for t in nxt) \
                                or any(kinds[idx[t]] not in ("word", "other", "fnmark") for t in nxt) \
                                or any(s.first <= nxt[-1] and s.last >= nxt[0] and s.label != f"{table}_nature"
                                       for s in out):
                            break
                        out.remove(inside[0])
                    if words:
                        out.append(lone_span(doc, idx, words[0], words[-1], f"{table}_nature"))
                    line += step
    return sorted(out, key=lambda s: s.start)
