"""Mends of the tagged spans before rows are grouped: the tables' numbers.

Prices, amounts and holdings the tagger left untagged or gave another label, numbers under
a fixed-width column, and a row's values printed after its table (`deferred_tail`). Each
step takes the spans and returns them mended; what a step adds it reads at a low
probability (`lone_span`), so that it goes to review. Check marks, lone letters and
footnote markers are `mend_letters`'.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict

from .decode import TaggedSpan, covered, token_span
from .parse import read_number
from .rows import TABLE_PREFIX, Geometry, lines_and_labels
from .vocabulary import COLUMN_LABELS


LONE_LETTER_PROB = 0.3


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
