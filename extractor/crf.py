"""A linear-chain CRF tagger over the same features (python-crfsuite).

Labels are IO (the field label, or O, per content token): transitions between 48 labels
instead of 95 BIO tags make training about four times faster, and adjacent values of one
label are rare enough in a Form 4 to be read apart by assembly. crfsuite trains it; its
weights are stored and run as arrays (`extractor.chain`: `tagger.npz`, no pickle) beside
`meta.json`. A span's probability is the mean marginal of its label over its tokens.

The best path is then mended where its marginals say it is unsure, in six steps: two
numbers run together under one number label are parted (`_part_values`); a row's value the
path left out is read under its column heading (`_column_fill`); a near tie beside a span
is its edge (`_near_edges`); a date that opens or closes a text value takes its likeliest
date label or O (`_dates_at_text_edges`); what opens an amount before anything that reads
as a number takes its likeliest label of another kind (`_unreadable_amounts`); a lone comma
between two runs of one text label on one line, or after a street in the owner table, is
inside the value (`_inner_commas`). What they add carries its low probability into
confidence. A stop glued to a short word ending a name or a street is its abbreviation's
(`_glued_stops`), and a relationship mark in the owner table takes the heading it stands
under (`_marks_under_headings`); an owner's second street line is street 2
(`_street_order`; its span keeps the tagger's probability that it is a street); a nature
wrapped a word a line is whole (`_wrapped_natures`). No title stands among the notes
(`_no_titles_in_notes`); a footnote's sentence runs on to its stop (`_note_tails`) and
opens at its line's first capital (`_note_openings`); a date alone over the caption 'Date'
is the signature's (`_captioned_dates`).
Last, the form's own notes, which OCR garbles past the tagger's knowing, lose the footnote
label (`_form_notes`), and its other printed words any label (`_form_words`); the stop
after a note's number '1.' is no part of its id (`_marker_stops`), and a run of one title
twice, or of counts or code letters on lines of their own, is two values (`_repeats`).
"""
from __future__ import annotations

import functools
import hashlib
import io
import itertools
import json
import math
import os
import re
import tempfile
import zipfile
from pathlib import Path

from rapidfuzz import fuzz, process

from .chain import Chain
from .decode import TaggedSpan, token_span
from .features import FEATURE_VERSION, doc_features
from .footnotes import BLANK_LINE_RE, form_notes_in
from .layout import SUB_PHRASES
from .parse import read_number
from .tagger import META, ModelError
from .tokenizer import doc_text
from .values import number_readings
from .vocabulary import BIO_TAGS, COLUMN_LABELS, FORM_PRINTED_WORDS, LABEL_INFO, LABEL_NAMES, STREETS

MODEL_FILE = "tagger.npz"
OLD_MODEL_FILE = "tagger.crfsuite"
IO_LABELS = ("O",) + LABEL_NAMES
# Every Form 4 names its issuer and an owner: where the best path holds none, the
# likeliest run of tokens is offered instead, at its own (low) probability, for review.
REQUIRED = ("issuer_name", "owner_name")
RESCUE_MIN = 0.2
ADDRESS_TEXT = STREETS + ("owner_city",)


def _kind(label: str) -> str | None:
    """The kind of value a label holds ('number', 'date', 'text' ...; None for O)."""
    info = LABEL_INFO.get(label)
    return info.kind if info else None


def _runs(path: list):
    """(label, first, end) of each run of one label along the path, `end` exclusive."""
    p = 0
    for label, group in itertools.groupby(path):
        q = p + len(list(group))
        yield label, p, q
        p = q


def _runs_of(path: list[str], kind: str):
    """`_runs` of the labels of one kind."""
    return ((label, p, q) for label, p, q in _runs(path) if _kind(label) == kind)


def _required(path: list[str], marginal, doc, idx: list[int], labels=REQUIRED) -> list[TaggedSpan]:
    """For each required label absent from `path`: the run of tokens, each at least
    RESCUE_MIN likely to hold it, with the highest mean probability (none if no run)."""
    out = []
    for label in labels:
        if label in path:
            continue
        probs = [marginal(label, t) for t in range(len(path))]
        runs = [(sum(probs[p:q]) / (q - p), p, q)
                for likely, p, q in _runs([pr >= RESCUE_MIN for pr in probs]) if likely]
        if runs:
            mean, p, q = max(runs, key=lambda run: run[0])
            out.append(token_span(doc, idx, p, q - 1, label, mean, min(probs[p:q])))
    return out


def _part_values(path: list[str], marginal, doc, idx: list[int], labels: list[str]) -> list[str]:
    """IO labels run two values of one label together ('27.61 66,110', a price and the
    holding after it, both read as holdings). A run of a number label whose numbers do
    not read as one number keeps its likeliest number; each other number takes its own
    next likeliest label where that is a number label at least RESCUE_MIN likely."""
    kinds = doc.user_data["layout"]["kind"]
    numeric = [o for o in labels if _kind(o) == "number"]
    out = list(path)
    for label, p, q in _runs_of(path, "number"):
        nums = [t for t in range(p, q) if kinds[idx[t]] == "number"]
        if len(nums) < 2 or number_readings([doc[idx[t]].text for t in nums]):
            continue
        keep = max(nums, key=lambda t: marginal(label, t))
        for t in nums:
            if t == keep:
                continue
            prob, other = max((marginal(o, t), o) for o in numeric if o != label)
            if prob >= RESCUE_MIN:
                out[t] = other
    return out


def _column_fill(path: list[str], marginal, doc, idx: list[int], labels: list[str]) -> list[str]:
    """A value the best path leaves out of its row: a token outside every span, under a
    column heading, on a line that holds no value of that column's label, takes the label
    where the tagger gives it at least RESCUE_MIN ('$ 0' under 'Conversion or Exercise
    Price' in a holdings row)."""
    lay = doc.user_data["layout"]
    known = set(labels)
    out = list(path)
    present = {(lay["line"][i], path[p]) for p, i in enumerate(idx)}
    for p, i in enumerate(idx):
        if path[p] != "O":
            continue
        label = COLUMN_LABELS.get((lay["section"][i], lay["heading"][i]))
        if label in known and (lay["line"][i], label) not in present and marginal(label, p) >= RESCUE_MIN:
            out[p] = label
            present.add((lay["line"][i], label))
    return out


EDGE_MIN = 0.4


def _near_edges(path: list[str], marginal, doc, idx: list[int]) -> list[str]:
    """A token beside a span, on its line and outside every span, that is nearly as likely
    in the span's label as out of it (at least EDGE_MIN) is the span's edge."""
    lines = doc.user_data["layout"]["line"]
    out = list(path)
    for label, p, q in _runs(path):
        if label == "O":
            continue
        for edge, step in ((p, -1), (q - 1, 1)):
            t = edge + step
            while 0 <= t < len(out) and out[t] == "O" and lines[idx[t]] == lines[idx[edge]] \
                    and marginal(label, t) >= EDGE_MIN:
                out[t] = label
                t += step
    return out


_DATED_PROSE = ("_nature", "fn_text", "remarks")


def _dates_at_text_edges(path: list[str], marginal, doc, idx: list[int], labels: list[str]) -> list[str]:
    """A date does not open a text value: in the gold of train, dev, the seeds and 300
    generated documents, none of 2,500 dates does (a nature may hold one further in:
    'Trust dtd 4/15/2014'). A date that opens a run of a text label (OCR held-out h065b:
    '4/04/2024 s' read as a nature) takes the likelier of O and its likeliest date label.
    Nor does one close a text value (none of the 11,187 gold text values there ends with
    a date): a date that closes a run of a text label (dev h028a: OCR's '93/14/2025' for
    the earliest transaction's date, read as the end of the street beside it) does the
    same, but for natures, notes and remarks, which may well end with one ('Trust dtd
    4/15/2014')."""
    kinds = doc.user_data["layout"]["kind"]
    dates = [label for label in labels if _kind(label) == "date"]
    out = list(path)
    for label, p, q in _runs_of(path, "text"):
        for t in {p, q - 1} if not label.endswith(_DATED_PROSE) else {p}:
            if kinds[idx[t]] == "date":
                best = max(dates, key=lambda d: marginal(d, t))
                out[t] = best if marginal(best, t) > marginal("O", t) else "O"
    return out


def _amount_like(text: str) -> bool:
    """Whether a token holds a digit or reads as a number with OCR's letters for digits
    ('so' for '$0', 'B' for 8)."""
    return any(ch.isdigit() for ch in text) or read_number([text], money=True) is not None


def _unreadable_amounts(path: list[str], marginal, doc, idx: list[int], labels: list[str]) -> list[str]:
    """An amount opens with a digit or with something that reads as a number (OCR's
    letters for digits count: 'so' is '$0', 'B' an 8). The tokens that open a run of a
    number label before any such token, or make up the whole run, are no part of the
    amount ('Footnote' or 'pees' read as shares, 'SUITE' beside the street, a stray ')'):
    each takes its likeliest label of another kind, O among them. In the gold of train,
    dev, the seeds and 300 generated documents, no number value opens with a token
    without a digit."""
    others = [label for label in labels if _kind(label) != "number"]
    out = list(path)
    for label, p, q in _runs_of(path, "number"):
        end = next((t for t in range(p, q) if _amount_like(doc[idx[t]].text)), q)
        for t in range(p, end):
            out[t] = max(others, key=lambda o: marginal(o, t))
    return out


def _inner_commas(path: list[str], doc, idx: list[int]) -> list[str]:
    """'100 SOUTHCENTER COURT , SUITE 200': a comma the path leaves out between two runs of
    one text label on one line is part of the value, as the source wrote it (the runs
    would be joined anyway, and without it the comma is lost).

    In EDGAR's owner table each street field is printed as the filer typed it, on a line
    of its own or one after the other: there a comma right after a street run that ends
    its line or comes before the next street run ('C/O SEQUOIA CAPITAL,' / '2800 SAND
    HILL ROAD, SUITE 101') is the street's own. (Not in the header box, where EDGAR joins
    the two street fields with a comma of its own.)

    EDGAR joins an address's parts with a comma of its own: where a comma is doubled right
    after a street or city ('LEXINGTON,, KY 40507', 'PARTNERS,, 215 PARK'), the first is
    the filer's, the value's own."""
    lay = doc.user_data["layout"]
    lines, sections, starts = lay["line"], lay["section"], lay["start"]
    out = list(path)
    runs = list(_runs(path)) + [(None, len(path), len(path))]
    for before, gap, after in zip(runs, runs[1:], runs[2:]):
        label = before[0]
        if gap[0] != "O" or doc[idx[gap[1]]].text != "," or _kind(label) != "text":
            continue
        comma_line = lines[idx[gap[1]]]
        if lines[idx[before[2] - 1]] != comma_line:
            continue
        alone = gap[2] - gap[1] == 1
        doubled = gap[1] + 1 < len(path) and doc[idx[gap[1] + 1]].text == "," \
            and starts[idx[gap[1] + 1]] == starts[idx[gap[1]]] + 1
        if doubled and label in ADDRESS_TEXT:
            out[gap[1]] = label
        elif alone and label == after[0] and lines[idx[after[1]]] == comma_line:
            out[gap[1]] = label
        elif label in STREETS and sections[idx[gap[1]]] == "owners" and (
                gap[1] + 1 == len(path) or lines[idx[gap[1] + 1]] != comma_line
                or alone and after[0] in STREETS):
            out[gap[1]] = label
    return out


NAMES_AND_STREETS = ("issuer_name", "owner_name") + STREETS


def _glued_stops(path: list[str], doc, idx: list[int]) -> list[str]:
    """A stop glued to a word of two to four letters that ends a name or a street ('INC.',
    'HILLSDALE BLVD.', 'CORP.') ends the word's abbreviation, the value's own: 127 of the
    128 such stops in the gold of train, dev and the seeds are the value's (the other
    after a word OCR misread). Not after longer words ('47 ESPLANADE.', OCR reading a
    border), nor after a city, where the generator's OCR noise puts stray stops."""
    starts, ends = doc.user_data["layout"]["start"], doc.user_data["layout"]["end"]
    out = list(path)
    for label, p, q in _runs(path):
        word = doc[idx[q - 1]].text
        if label in NAMES_AND_STREETS and q < len(path) and path[q] == "O" and doc[idx[q]].text == "." \
                and starts[idx[q]] == ends[idx[q - 1]] and word.isalpha() and 2 <= len(word) <= 4:
            out[q] = label
    return out


# the layout's names for the owner table's relationship columns are the labels' own less 'rel_'
RELATIONSHIP_COLUMNS = {label[len("rel_"):]: label for label in LABEL_NAMES if label.startswith("rel_")}
_RELATIONSHIP_HEADING_RE = re.compile("|".join(rf"\b{re.escape(phrase)}\b" for name, phrase in SUB_PHRASES
                                               if name in RELATIONSHIP_COLUMNS))


def _marks_under_headings(path: list[str], doc, idx: list[int]) -> list[str]:
    """In the reporting-owner table a relationship mark says what it says by the column
    it stands in: a mark read as one relationship under another's heading ('Director',
    '10% Owner', 'Officer', 'Other', placed by the layout) takes that heading's. Only where
    the geometry holds: the mark is alone in its cell but not at the start of its line, and
    the nearest heading line above holds two or more of the four (a converter or OCR that
    prints a cell a line stacks marks and headings at the left edge, where every mark
    stands 'under' whatever heading is last). All 70 marks of the owner tables in the gold
    of train and dev stand under their own heading; the header box's marks do not (a
    ticked box sits beside its word), so it is left be."""
    lay = doc.user_data["layout"]
    marks = [t for t, label in enumerate(path) if label.startswith("rel_")
             and lay["section"][idx[t]] == "owners" and lay["heading"][idx[t]] in RELATIONSHIP_COLUMNS]
    if not marks:
        return path
    text, cells = doc_text(doc), lay["cell_id"]
    out = list(path)
    for t in marks:
        cell = cells[idx[t]]
        if (t > 0 and cells[idx[t - 1]] == cell) or (t + 1 < len(path) and cells[idx[t + 1]] == cell):
            continue
        start = lay["start"][idx[t]]
        if start > text.rfind("\n", 0, start) + 1 and _headings_above(text, start) >= 2:
            out[t] = RELATIONSHIP_COLUMNS[lay["heading"][idx[t]]]
    return out


def _headings_above(text: str, start: int, lines: int = 30) -> int:
    """How many relationship headings the nearest line above `start` that holds any has."""
    end = text.rfind("\n", 0, start)
    for _ in range(lines):
        if end < 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        found = len(_RELATIONSHIP_HEADING_RE.findall(text, begin, end))
        if found:
            return found
        end = begin - 1
    return 0


def _street_order(path: list[str], doc, idx: list[int]) -> list[str]:
    """In EDGAR's owner table an owner's street fields stand one a line, street 1 before
    street 2 ('C/O ARROW ELECTRONICS, INC.' / 'SVP, CLO & Secretary' / '9151 EAST PANORAMA
    CIRCLE', dev h015a): a street 1 run on a line after the owner's first street run, with
    no name or city between, is street 2. In the header box EDGAR joins the two fields on
    one line, which a converter wraps anywhere ('C/O SEQUOIA CAPITAL, 2800 SAND HILL' /
    'ROAD, SUITE 101'); there only a line right after the first street's that opens with
    a house number is street 2 ('C/O QUALYS, INC.' / '919 E. HILLSDALE BLVD.', a scanned
    paper form, seed 004). Not the other way: the tagger's street 2 after a care-of line it
    read as a name is right more often than not."""
    lay = doc.user_data["layout"]
    sections, lines, kinds = lay["section"], lay["line"], lay["kind"]
    out = list(path)
    street_line = None      # the last line of the owner's first street run
    for label, p, q in _runs(path):
        section = sections[idx[p]]
        if label in ("owner_name", "owner_city") or section not in ("owners", "header"):
            street_line = None
        elif label == STREETS[0] and street_line is None:
            street_line = lines[idx[q - 1]]
        elif label == STREETS[0] and lines[idx[p]] != street_line and (
                section == "owners" or (lines[idx[p]] == street_line + 1 and kinds[idx[p]] == "number"
                                        and lines[idx[p - 1]] != lines[idx[p]])):
            out[p:q] = [STREETS[1]] * (q - p)
    return out


def _wrapped_natures(path: list[str], doc, idx: list[int]) -> list[str]:
    """A nature of ownership that pdftotext wraps a word or two a line ('Sequoia' /
    'Capital' / 'U.S.' / 'Venture' / 'Fund XV,' / 'L.P. (3)', held-out h025c) is one value,
    of which the tagger often reads only a piece. In a block of lines with no blank line
    between, in a table, where the tagger read a nature and nothing else but footnote refs,
    the untagged tokens from the block's opening word (or the first nature token, if the
    block opens with no word) to the last nature token are the nature's, and on to the
    footnote marker that closes it, if one does (what OCR leaves before the marker, '~', is
    not). Nothing is added where it would take in a number or a date. (Filling titles'
    blocks too lost held-out tokens as well as gaining them; natures alone lose almost
    none.)"""
    if "nd_nature" not in path and "d_nature" not in path:
        return path
    lay = doc.user_data["layout"]
    lines, sections, kinds = lay["line"], lay["section"], lay["kind"]
    out = list(path)
    a = 0
    while a < len(path):
        b = a + 1
        while b < len(path) and lines[idx[b]] - lines[idx[b - 1]] <= 1:
            b += 1
        labels = set(path[a:b]) - {"O", "fn_ref"}
        label = labels.pop() if len(labels) == 1 else ""
        if label.endswith("_nature") and sections[idx[a]] in ("table1", "table2"):
            read = [t for t in range(a, b) if path[t] == label]
            first = a if kinds[idx[a]] == "word" and len(doc[idx[a]]) >= 2 else read[0]
            last = read[-1]
            closer = next((t for t in range(last + 1, b)
                           if path[t] == "fn_ref" or kinds[idx[t]] == "fnmark"), None)
            if closer is not None:
                last = closer - 1
                while last > read[-1] and kinds[idx[last]] != "word" \
                        and doc[idx[last]].text not in (".", ")"):
                    last -= 1
            fill = [t for t in range(first, last + 1) if path[t] == "O"]
            if all(kinds[idx[t]] not in ("number", "date", "fnmark") for t in fill):
                for t in fill:
                    out[t] = label
        a = b
    return out


def _no_titles_in_notes(path: list[str], doc, idx: list[int]) -> list[str]:
    """No security title stands in the explanation of responses: of its 88,641 tokens in
    the gold of train, dev, the seeds and 300 generated documents, none is a title. What
    the tagger reads there as one is a security a note names ('... into one share of' /
    'Class A Common Stock' / 'and has no expiration date.', OCR held-out h043b, where it
    also made a row of its own). It is O, and so the note's where the note's sentence
    runs on through it (`_note_tails`)."""
    sections = doc.user_data["layout"]["section"]
    return [label if label not in SECURITY_TITLES or sections[i] != "explanation" else "O"
            for label, i in zip(path, idx)]


_NOTE_MARKER = re.compile(r"\(\d{1,2}\)|\d{1,2}\\?\.")
_SENTENCE_STOPS = frozenset(".;:!?")
NOTE_TAIL_LINES = 4
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


def _note_tails(path: list[str], doc, idx: list[int]) -> list[str]:
    """A footnote's sentence runs on to its stop. Where the tagger leaves a note's last
    words untagged ('... pursuant to Rule 10b5-1 under' / 'the Securities Exchange Act of
    1934.', OCR), the words after a note's run that does not end a sentence are the
    note's, up to a stop that ends a line or to the note's next tagged run, within
    NOTE_TAIL_LINES lines. A line that opens with a marker and does not go on in lower case
    (the next note), or a blank line before a line that does not go on in lower case ('Note:
    File three copies ...'), comes first: nothing is added, and nothing where neither
    comes (garbled lines). A marker before a line that goes on in lower case is the
    note's own, beside its middle line (pdftotext -layout: '(3) on which the number
    ...'); it keeps its label. OCR's blank line inside a sentence ('... and performance
    restricted' / '' / 'stock units (PRSUs).') parts nothing. The form's own notes are
    taken out after, by `_form_notes`."""
    lay = doc.user_data["layout"]
    sections, starts = lay["section"], lay["start"]
    text = doc_text(doc)
    out = list(path)
    for label, p, q in _runs(path):
        if label != "fn_text" or doc[idx[q - 1]].text[-1:] in _SENTENCE_STOPS:
            continue
        end, lines, markers = None, 0, set()
        for t in range(q, len(path)):
            if sections[idx[t]] != "explanation":
                break
            gap = text[starts[idx[t - 1]] + len(doc[idx[t - 1]]):starts[idx[t]]]
            word, new_line = doc[idx[t]].text, "\n" in gap
            lines += gap.count("\n")
            if lines > NOTE_TAIL_LINES or (BLANK_LINE_RE.search(gap) and not word[:1].islower()):
                break
            if path[t] == "fn_text":
                end = t             # the note's next run: the words between are the note's
                break
            # a marker that opens a line goes on to the next note, unless the line goes on
            # in lower case: then it is the note's own, printed beside its middle line
            centred = new_line and t + 1 < len(path) and doc[idx[t + 1]].text[:1].islower()
            marker = path[t] == "fn_id" or (new_line and _NOTE_MARKER.fullmatch(word))
            if (marker and not centred) or (path[t] != "O" and not marker):
                break
            if marker:
                markers.add(t)
                continue
            if word[-1:] in _SENTENCE_STOPS and _LINE_END.match(text, starts[idx[t]] + len(word)):
                end = t + 1
                break
        for u in range(q, end or q):
            if out[u] == "O" and u not in markers:
                out[u] = "fn_text"
    return out


def _note_openings(path: list[str], doc, idx: list[int]) -> list[str]:
    """A note opens with a capital: where the tagger starts a note's run inside its line
    after words it left untagged ('Represents an automatic restricted stock unit (RSU)
    award ...', pdftotext; '(ay The reported sale ...', OCR), the words from the line's
    first capitalised word of two letters or more are the note's. Only where nothing
    before it on the line is tagged or a word of three letters or more: what comes
    before is a marker, garbled or not ('(ay', '(@)', '1)'), or OCR's quote mark."""
    lay = doc.user_data["layout"]
    sections, lines = lay["section"], lay["line"]
    out = list(path)
    for label, p, _ in _runs(path):
        if label != "fn_text" or sections[idx[p]] != "explanation":
            continue
        first = p
        while first > 0 and lines[idx[first - 1]] == lines[idx[p]]:
            first -= 1
        if any(path[t] != "O" for t in range(first, p)):
            continue
        words = [doc[idx[t]].text for t in range(first, p)]
        opening = next((k for k, w in enumerate(words)
                        if len(w) >= 2 and w.isalpha() and w[0].isupper()), None)
        if opening is None or any(len(w) >= 3 and w.isalpha() for w in words[:opening]):
            continue
        out[first + opening:p] = ["fn_text"] * (p - first - opening)
    return out


_OVER_DATE_CAPTION = re.compile(r"^[ \t\f]*(\S+)[ \t]*\n(?:[ \t\f]*\n)*[ \t\f]*Date[ \t]*$", re.M)


def _captioned_dates(path: list[str], doc, idx: list[int]) -> list[str]:
    """A date alone on its line over the form's caption 'Date' is the signature's date,
    wherever the converter put the pair (pdftotext, held-out h006b: after 'Explanation
    of Responses:', where the tagger reads no values). In the gold of train, dev and the
    seeds, all 16 dates so placed are signature dates."""
    text = doc_text(doc)
    alone = {m.start(1): m.end(1) for m in _OVER_DATE_CAPTION.finditer(text)}
    if not alone:
        return path
    lay = doc.user_data["layout"]
    kinds, starts = lay["kind"], lay["start"]
    out = list(path)
    for t, i in enumerate(idx):
        if kinds[i] == "date" and path[t] == "O" and alone.get(starts[i]) == starts[i] + len(doc[i]):
            out[t] = "sig_date"
    return out


def _form_notes(path: list[str], doc, idx: list[int]) -> list[str]:
    """The form's own notes ('** Intentional misstatements or omissions of facts ...'),
    printed on every Form 4, are no filer's footnote however OCR garbles them: the pieces
    of a footnote run that read as one are O, as assembly reads them."""
    out = list(path)
    starts = doc.user_data["layout"]["start"]
    text = doc_text(doc)
    for label, p, q in _runs(path):
        if label != "fn_text":
            continue
        end = starts[idx[q - 1]] + len(doc[idx[q - 1]])
        begin = text.rfind("\n", 0, starts[idx[p]]) + 1     # a run may open inside a note's line
        for a, b in form_notes_in(text, begin, end):
            for t in range(p, q):
                if a <= starts[idx[t]] < b:
                    out[t] = "O"
    return out


_WORD_RE = re.compile(r"[A-Za-z]{3,}")
# a note's sentences may well quote the form, and an officer's title or an 'other' text
# the boxes' own words ('Former Director and Officer')
_OWN_WORDS = ("fn_text", "remarks", "officer_title", "other_text")
FORM_WORD_LIKENESS = 80             # rapidfuzz ratio: 'Repoing' for 'reporting', 'Dae' for 'date'


@functools.lru_cache(maxsize=4096)
def _printed(word: str) -> bool:
    return process.extractOne(word, FORM_PRINTED_WORDS, scorer=fuzz.ratio,
                              score_cutoff=FORM_WORD_LIKENESS) is not None


def _form_words(path: list[str], doc, idx: list[int]) -> list[str]:
    """The form's own printed words are no value: a run (not a note, the remarks, an
    officer's title or an 'other' text) of three different words or more, three in four of
    them nearly the blank form's words, is O: the form's title read as an owner's name
    ('STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP OF SECURITIES.', dev h097b, OCR), its
    caption read as a signature ('Signe of Repoing Pen Dae', held-out h020b). Of the
    3,298 values of three different words or more in the gold of train, dev, the seeds and
    300 generated documents, none has more than two in three ('LONG ISLAND CITY')."""
    out = list(path)
    lay = doc.user_data["layout"]
    text, starts, ends = doc_text(doc), lay["start"], lay["end"]
    for label, p, q in _runs(path):
        if label == "O" or label in _OWN_WORDS or q - p < 3:
            continue
        words = {w.lower() for w in _WORD_RE.findall(text, starts[idx[p]], ends[idx[q - 1]])}
        if len(words) >= 3 and 4 * sum(map(_printed, words)) >= 3 * len(words):
            out[p:q] = ["O"] * (q - p)
    return out


def _marker_stops(path: list[str], doc, idx: list[int]) -> list[str]:
    """A note numbered '1.' has the id '1': the stop after the number is O, as the aligner
    labels real notes (the generator labels '1.' whole, so the tagger learnt both)."""
    out = list(path)
    for t in range(1, len(path)):
        if path[t] == path[t - 1] == "fn_id" and doc[idx[t]].text in (".", "\\.") \
                and doc[idx[t - 1]].text.isdigit():
            out[t] = "O"
    return out


SECURITY_TITLES = ("nd_title", "d_title", "d_und_title")


def _repeats(label: str, p: int, q: int, doc, idx: list[int]) -> list[tuple[int, int]]:
    """IO labels cannot part two values of one label side by side: two rows' titles read
    one after the other ('Class A Common Stock' / 'Class A Common Stock', pdftotext's
    reading order) are one run. A title run that is one title of two words or more twice,
    the second starting a line, is two titles."""
    n = q - p
    kind = LABEL_INFO[label].kind
    if kind in ("number", "code") and n > 1:
        # a number never wraps, nor does a code letter: counts on two lines ('11,388' / ''
        # / '479') are two values, and so are two ownership forms ('D' / '' / 'I')
        lines, kinds = doc.user_data["layout"]["line"], doc.user_data["layout"]["kind"]
        if kind == "number":
            def holds(u):
                return kinds[idx[u]] == "number"
        else:
            def holds(u):
                return kinds[idx[u]] == "word"
        cuts = [t for t in range(p + 1, q) if lines[idx[t]] != lines[idx[t - 1]]
                and any(holds(u) for u in range(p, t)) and any(holds(u) for u in range(t, q))]
        if cuts:
            return [(a, b) for a, b in zip([p] + cuts, cuts + [q])]
    if label in SECURITY_TITLES and n >= 4 and n % 2 == 0:
        words = [doc[i].lower_ for i in idx[p:q]]
        lines = doc.user_data["layout"]["line"]
        half = p + n // 2
        if words[:n // 2] == words[n // 2:] and lines[idx[half]] != lines[idx[half - 1]]:
            return [(p, half), (half, q)]
    return [(p, q)]


class CrfTagger:
    kind = "crf"

    def __init__(self, c1: float = 0.05, c2: float = 0.01, max_iterations: int = 60):
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.chain_: Chain | None = None
        self.meta_: dict = {}

    # --- training -------------------------------------------------------------------
    def fit(self, docs: list, tags: list[list[str]], weights=None, first_pass=None) -> "CrfTagger":
        """Train on docs with one BIO tag per content token (read as IO labels). CRFsuite
        takes no instance weights: a document of weight w (one number per document) is
        appended round(w) times."""
        import pycrfsuite

        trainer = pycrfsuite.Trainer(verbose=False)
        for k, (doc, doc_tags) in enumerate(zip(docs, tags)):
            _, feats = doc_features(doc)
            labels = [t.split("-", 1)[-1] for t in doc_tags]
            for _ in range(max(1, round(weights[k])) if weights is not None else 1):
                trainer.append(feats, labels)
        trainer.set_params({"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                            "feature.possible_transitions": False})
        fd, name = tempfile.mkstemp(suffix=".crfsuite")
        os.close(fd)
        try:
            trainer.train(name)
            self.chain_ = Chain.from_crfsuite(name)
        finally:
            os.unlink(name)
        return self

    @staticmethod
    def _read(data: bytes, where: str) -> Chain:
        """A chain from a model file's bytes: `tagger.npz`, or crfsuite's own file
        (`tagger.crfsuite`, as models were stored before), which crfsuite gets only if it
        looks like its own."""
        if where.endswith(OLD_MODEL_FILE):
            if not data.startswith(b"lCRF") or len(data) < 64:
                raise ModelError(f"{where} is not a crfsuite model (bad header)")
            fd, name = tempfile.mkstemp(suffix=".crfsuite")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                return Chain.from_crfsuite(name)
            except (OSError, ValueError) as exc:
                raise ModelError(f"{where} is not a crfsuite model: {exc}") from exc
            finally:
                os.unlink(name)
        try:
            return Chain.load(io.BytesIO(data))
        except (OSError, ValueError, KeyError, IndexError, EOFError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{where} is corrupt or incomplete: {exc}") from exc

    # --- prediction -----------------------------------------------------------------
    def spans(self, doc) -> tuple[list[int], list[TaggedSpan], float]:
        """(content token indices, labelled spans, mean confidence of the best path)."""
        if self.chain_ is None:
            raise ModelError("the tagger has not been trained or loaded")
        idx, feats = doc_features(doc)
        if not idx:
            return idx, [], 0.0
        decoded = self.chain_.decode(feats)
        best, table, column = decoded.path, decoded.marginals, self.chain_.column

        def marginal(label: str, t: int) -> float:
            return float(table[t, column[label]])

        def evidence(label: str, t: int) -> float:
            """A street read as the other street by their order (`_street_order`) keeps
            the tagger's probability that it is a street."""
            if label in STREETS and best[t] in STREETS and best[t] != label:
                return marginal(label, t) + marginal(best[t], t)
            return marginal(label, t)

        labels = list(self.chain_.labels)
        path = _part_values(best, marginal, doc, idx, labels)
        path = _column_fill(path, marginal, doc, idx, labels)
        path = _near_edges(path, marginal, doc, idx)
        path = _dates_at_text_edges(path, marginal, doc, idx, labels)
        path = _unreadable_amounts(path, marginal, doc, idx, labels)
        path = _inner_commas(path, doc, idx)
        path = _glued_stops(path, doc, idx)
        path = _marks_under_headings(path, doc, idx)
        path = _street_order(path, doc, idx)
        path = _wrapped_natures(path, doc, idx)
        path = _no_titles_in_notes(path, doc, idx)
        path = _note_tails(path, doc, idx)
        path = _note_openings(path, doc, idx)
        path = _captioned_dates(path, doc, idx)
        path = _form_notes(path, doc, idx)
        path = _form_words(path, doc, idx)
        path = _marker_stops(path, doc, idx)
        spans = []
        for label, p, q in _runs(path):
            if label == "O":
                continue
            for a, b in _repeats(label, p, q, doc, idx):
                part = [evidence(label, t) for t in range(a, b)]
                spans.append(token_span(doc, idx, a, b - 1, label, sum(part) / len(part), min(part)))
        spans += _required(path, marginal, doc, idx, [lab for lab in REQUIRED if lab in labels])
        spans.sort(key=lambda s: s.start)
        # how clean the document reads: the best path's probability per token
        clean = math.exp(math.log(max(decoded.probability, 1e-300)) / len(best))
        return idx, spans, clean

    def predict_proba(self, doc):
        """BIO probabilities (for token-level scoring): the path's labels, one-hot, as B/I."""
        import numpy as np

        idx, spans, _ = self.spans(doc)
        proba = np.zeros((len(idx), len(BIO_TAGS)))
        proba[:, 0] = 1.0
        for s in spans:
            for p in range(s.first, s.last + 1):
                proba[p, 0] = 0.0
                proba[p, BIO_TAGS.index(("B-" if p == s.first else "I-") + s.label)] = 1.0
        return idx, proba

    # --- persistence ----------------------------------------------------------------
    def save(self, folder: Path, meta: dict | None = None) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        if self.chain_ is None:
            raise ModelError("nothing to save: the tagger has not been trained")
        buffer = io.BytesIO()
        self.chain_.save(buffer)
        data = buffer.getvalue()
        (folder / MODEL_FILE).write_bytes(data)
        info = dict(meta or {})
        info.update(kind=self.kind, feature_version=FEATURE_VERSION, labels=list(IO_LABELS),
                    weights_sha256=hashlib.sha256(data).hexdigest(),
                    tags=list(BIO_TAGS), params={"c1": self.c1, "c2": self.c2,
                                                 "max_iterations": self.max_iterations})
        (folder / META).write_text(json.dumps(info, indent=2) + "\n")
        self.meta_ = info

    @classmethod
    def load(cls, folder: Path, info: dict) -> "CrfTagger":
        if tuple(info.get("labels", ())) != IO_LABELS:
            raise ModelError(f"model in {folder} predicts a different label set than this code uses")
        path = Path(folder) / MODEL_FILE
        if not path.exists() and (Path(folder) / OLD_MODEL_FILE).exists():
            path = Path(folder) / OLD_MODEL_FILE
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ModelError(f"no model weights in {folder}: {MODEL_FILE} is missing") from None
        if hashlib.sha256(data).hexdigest() != info.get("weights_sha256"):
            raise ModelError(f"{path} is corrupt: its checksum does not match meta.json")
        params = info.get("params", {})
        tagger = cls(float(params.get("c1", 0.05)), float(params.get("c2", 0.01)),
                     int(params.get("max_iterations", 60)))
        tagger.chain_ = cls._read(data, str(path))
        tagger.meta_ = info
        return tagger
