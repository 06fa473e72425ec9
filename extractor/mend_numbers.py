"""Mends of the tagged spans before rows are grouped: the tables' short values.

Check marks, lone code letters, prices and counts the tagger left untagged or gave another
label, the markers of notes no row refers to, and a row's values printed after its table
(`deferred_tail`). Each step takes the spans and returns them mended; what a step adds it
reads at a low probability, so that it goes to review.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import replace

from .decode import TaggedSpan, covered, token_span
from .footnotes import footnote_blocks
from .parse import read_number, read_refs, relation_after
from .row_values import CODES_BUT_V
from .rows import TABLE_PREFIX, Geometry, lines_and_labels
from .values import code_readings
from .vocabulary import COLUMN_LABELS, RELATIONSHIP_LABELS


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
_LONE_LETTERS = {"di": ("di", "DI"), "nature": ("di", "DI"), "code": ("code", CODES_BUT_V),
                 "v": ("code", CODES_BUT_V),
                 # pdftotext may read the code after the amount ('Amount' / '1,386' / 'M'):
                 # there a letter no other column of the row holds (not A, D, I) is the code
                 "amount": ("code", CODES_BUT_V.replace("A", "").replace("D", "").replace("I", ""))}


def lone_span(doc, idx: list[int], first: int, last: int, label: str) -> TaggedSpan:
    """A value read from the layout where the tagger left it untagged: at LONE_LETTER_PROB."""
    return token_span(doc, idx, first, last, label, LONE_LETTER_PROB, LONE_LETTER_PROB)


# digits, maybe after a dollar sign OCR read as S ('S0', 'so'): not a garbled marker's 'G'
_AMOUNT_RE = re.compile(r"(?:[$Ss][0-9oO]|[0-9])[0-9oO,.]*")


def price_between(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
            out.append(lone_span(doc, idx, p, p, "nd_price"))
    return sorted(out, key=lambda s: s.start)


def _lone_count(text: str, start: int, end: int) -> bool:
    """The number at `start`-`end` is a count standing on its own: not after a '$' (a
    price) or a '(' (a marker), not a date, and no letter or digit glued to either side
    (OCR's '5a77' for '5,377' is no count '5')."""
    word = text[start:end]
    return text[start - 1:start] not in ("$", "(") and "/" not in word \
        and not text[start - 1:start].isalnum() and not text[end:end + 1].isalnum() \
        and read_number([word]) is not None


def amount_after_code(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """Table I's columns run code, amount, (A) or (D), price, holding. A transaction whose
    code and price or holding were read, and no amount, has as its amount the one number
    between them that the tagger left untagged ('F' / 'a)' / '11,084),' / '253.63' in
    OCR that put each cell on a line of its own). At LONE_LETTER_PROB, and only a count
    standing on its own (`_lone_count`)."""
    lay = doc.user_data["layout"]
    kinds, starts, ends, in_heading = lay["kind"], lay["start"], lay["end"], lay["in_heading"]
    tagged = covered(spans)
    table1 = sorted((s for s in spans if s.label.startswith("nd_")), key=lambda s: s.first)
    out = list(spans)
    for k, code in enumerate(table1):
        if code.label != "nd_code":
            continue
        nxt = table1[k + 1] if k + 1 < len(table1) else None
        if nxt is None or nxt.label not in ("nd_ad", "nd_price", "nd_owned"):
            continue    # an amount read, or the row's next value none of those after it
        between = [p for p in range(code.last + 1, nxt.first)
                   if kinds[idx[p]] == "number" and not in_heading[idx[p]]]    # not '4.' of a heading
        if len(between) != 1 or between[0] in tagged:
            continue
        if not _lone_count(geo.text, starts[idx[between[0]]], ends[idx[between[0]]]):
            continue
        out.append(lone_span(doc, idx, between[0], between[0], "nd_shares"))
    return sorted(out, key=lambda s: s.start)


def holding_after_title(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
    """A Table I line whose one value read is its title, with one number after the title
    and no other (but one-digit ones: the form 'I' OCR read as '1'), is a holdings line:
    the number is what it holds ('Class A Common Stock 53,602 1 ...' in OCR, the nature
    wrapped on the lines around). At LONE_LETTER_PROB, and only a count standing on its
    own (`_lone_count`)."""
    if geo.cell_per_line:
        return spans
    lay = doc.user_data["layout"]
    kinds, starts, ends, sections = lay["kind"], lay["start"], lay["end"], lay["section"]
    in_heading = lay["in_heading"]
    tagged = covered(spans)
    by_line: dict[int, list[TaggedSpan]] = defaultdict(list)
    for s in spans:
        if s.label.startswith(("nd_", "d_")):
            by_line[geo.line(s)].append(s)
    out = list(spans)
    for line, found in by_line.items():
        if len(found) != 1 or found[0].label != "nd_title" or sections[idx[found[0].first]] != "table1":
            continue
        after = range(found[0].last + 1, bisect.bisect_right(geo.lines, line))
        numbers = [p for p in after if kinds[idx[p]] == "number" and not in_heading[idx[p]]]
        if not numbers or numbers[0] in tagged or any(ends[idx[p]] - starts[idx[p]] > 1 for p in numbers[1:]):
            continue    # one number, maybe then the form 'I' read as '1'
        if not _lone_count(geo.text, starts[idx[numbers[0]]], ends[idx[numbers[0]]]):
            continue
        out.append(lone_span(doc, idx, numbers[0], numbers[0], "nd_owned"))
    return sorted(out, key=lambda s: s.start)


def _tables_by_line(spans: list[TaggedSpan], geo: Geometry) -> dict[int, set[str]]:
    """The tables ('nd', 'd') whose values each line holds."""
    tables: dict[int, set[str]] = defaultdict(set)
    for s in spans:
        if s.label.startswith(("nd_", "d_")):
            tables[geo.line(s)].add(s.label.split("_", 1)[0])
    return tables


# the money columns: Table I's price (its only one); Table II's by the heading above
_MONEY = {("table1", None): COLUMN_LABELS[("table1", "price")],
          **{("table2", h): COLUMN_LABELS[("table2", h)] for h in ("conv", "price")}}


def dollar_prices(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
        table = TABLE_PREFIX.get(sections[i])
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
            out.append(lone_span(doc, idx, q, q, label))
        elif run.label == "nd_owned" and run.first == q and _cents_after(run, geo, doc, idx, holder):
            # pdftotext's '$' / '535,797' / '5.76' read as two holdings: a holding is whole
            # (all 552 of Table I's in gold), so the number with cents after is the price
            after = holder[run.last + 1]
            out.remove(after)
            out.append(lone_span(doc, idx, after.first, after.last, label))
        elif run.label == "nd_owned" and run.first == q and q < run.last \
                and any(kinds[idx[t]] == "number" for t in range(q + 1, run.last + 1)):
            out.remove(run)
            out.append(lone_span(doc, idx, q, q, label))
            out.append(token_span(doc, idx, q + 1, run.last, run.label, run.prob, run.min_prob))
    return sorted(out, key=lambda s: s.start)


def _cents_after(run: TaggedSpan, geo: Geometry, doc, idx: list[int], holder: dict) -> bool:
    """`run` is one whole number, and the next token is a number with cents that the
    tagger read as another holding."""
    lay = doc.user_data["layout"]
    after = holder.get(run.last + 1)
    return run.first == run.last and after is not None and after.label == "nd_owned" \
        and after.first == after.last and lay["kind"][idx[after.first]] == "number" \
        and _fraction(geo.text, lay["start"][idx[after.first]], lay["end"][idx[after.first]]) \
        and not _fraction(geo.text, lay["start"][idx[run.first]], lay["end"][idx[run.first]])


def _fraction(text: str, start: int, end: int) -> bool:
    """The number at `start`-`end` has a fractional part ('5.76', not '535,797' or '5.00')."""
    reading = read_number([text[start:end]])
    return reading is not None and not float(reading.value).is_integer()


_COLUMN_NUMBERS = ("nd_shares", "nd_price", "nd_owned", "d_conv", "d_shares_a", "d_shares_d",
                   "d_und_shares", "d_price", "d_owned")


def aligned_numbers(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
            out.append(lone_span(doc, idx, p, p, under.pop()))
    return sorted(out, key=lambda s: s.start)


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
        line = range(bisect.bisect_left(geo.lines, geo.lines[p]), bisect.bisect_right(geo.lines, geo.lines[p]))
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


_TAIL_HEADING_RE = re.compile(r"8\.[ \t]*Price[ \t]+of\b")
TAIL_LINE_MAX = 60     # a cell of a column this narrow is never a line this long


def deferred_tail(spans: list[TaggedSpan], geo: Geometry, doc, idx: list[int]) -> list[TaggedSpan]:
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
    lines, labels = lines_and_labels(spans, geo)
    tagged = covered(spans)
    out = list(spans)

    def lone(label: str, tokens: list[int]) -> None:
        out.append(lone_span(doc, idx, tokens[0], tokens[-1], label))

    section = None      # the section a tail opened in, while in one
    for k, tokens in enumerate(lines):
        first, line = idx[tokens[0]], geo.lines[tokens[0]]
        body = geo.text[starts[first]:ends[idx[tokens[-1]]]]
        if section is not None and (sections[first] != section or body.startswith("*")
                                    or len(body) > TAIL_LINE_MAX
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
