"""Footnote texts from tagged spans: blocks of text cut at markers and blank lines, with
the layouts converters give them (markers glued, centred, run on into the next note).
Offsets are into the raw text, end-exclusive."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from rapidfuzz import fuzz

from .decode import TaggedSpan, trimmed
from .draft import Draft
from .parse import read_footnote_id, read_note


# \f: pdftotext opens each page with a form feed, glued to the page's first line
_NEXT_NOTE_RE = re.compile(r"\n[ \t\f*|\-]*(?:\((\d{1,2})\)|(\d{1,2})\\?\.)\s+(?=\S)")
BLANK_LINE_RE = re.compile(r"\n[ \t\f]*\n")
_LINE_LEAD_RE = re.compile(r"[ \t\f|*#>\-]*$")
_SENTENCE_END = ".;:!?)\"'”’"
# The form's own notes, printed on every Form 4, are never a filer's footnote, however OCR
# garbles them ('lnvavona misstatements or omissions of facts constite ...'). Garbled form
# notes in dev score 80-100 against these phrases within a note's first 20 characters; the
# filers' notes of dev, train and the seeds at most 68 there (72 further in).
FORM_NOTE_PHRASES = ("filed by more than one reporting person", "misstatements or omissions of facts",
                     "report on a separate line for each class",
                     "who respond to the collection of information")
FORM_NOTE_SIMILARITY = 76
FORM_NOTE_LEAD = 20
UNTAGGED_PROB = 0.2


def is_form_note(body: str) -> bool:
    """Whether a text opens with one of the form's own notes: one of their phrases, nearly,
    near its start."""
    head = body.lstrip().casefold()[:120]
    for phrase in FORM_NOTE_PHRASES:
        if len(head) < len(phrase):
            continue   # rapidfuzz would find a short text inside the phrase ('the')
        found = fuzz.partial_ratio_alignment(phrase, head, score_cutoff=FORM_NOTE_SIMILARITY)
        if found is not None and found.dest_start <= FORM_NOTE_LEAD:
            return True
    return False


_NOTE_CUT_RE = re.compile(f"{_NEXT_NOTE_RE.pattern}|{BLANK_LINE_RE.pattern}")


_SENTENCE_LINE_END_RE = re.compile(r"(?<=[.!?])[ \t]*\n")


def form_notes_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of each piece of text[start:end], cut at note markers, blank
    lines and lines that end a sentence, that is one of the form's own notes (each is one
    sentence or two on a line; a filer's note may follow on the next line, OCR)."""
    cuts = sorted({start, end, *(m.start() + 1 for m in _NOTE_CUT_RE.finditer(text, start, end)),
                   *(m.end() for m in _SENTENCE_LINE_END_RE.finditer(text, start, end))})
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if is_form_note(text[a:b])]


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


def _parted(text: str, a: int, b: int) -> bool:
    """A blank line between `a` and `b` after a line that ends a sentence: OCR's blank
    line inside a sentence ('... one share of Class A' / '' / 'Common Stock upon ...')
    parts nothing."""
    blank = BLANK_LINE_RE.search(text, a, b)
    if blank is None:
        return False
    line = text[text.rfind("\n", 0, blank.start()) + 1:blank.start()].rstrip()
    return not line or line[-1] in _SENTENCE_END + "*"


def footnote_blocks(spans: list[TaggedSpan], text: str) -> list[tuple[str | None, list[TaggedSpan]]]:
    """(id, text pieces) of each footnote. A footnote's text is a block: pieces not parted
    by a blank line after a sentence's end or by a marker. Its id is the marker inside
    the block at a line's start (pdftotext centres the marker on a long note's middle
    line), else the marker just before it. A marker inside a sentence ('four (4) years')
    is text, not an id."""
    centred = _centred_notes(spans, text)
    if centred is not None:
        return _openings_above(centred, text)
    items: list[tuple[int, int, str | None, TaggedSpan | None]] = []   # (pos, order, id, text piece)
    for span in spans:
        if span.label == "fn_id":
            if _at_line_start(span, text):
                items.append((span.start, 0, read_footnote_id(text[span.start:span.end]), None))
            else:
                items.append((span.start, 1, None, replace(span, label="fn_text")))
        elif span.label == "fn_text":
            for piece in _split_at(span, text, BLANK_LINE_RE):
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
               (blank_parts and _parted(text, prev_end, piece.start)))
        if new:
            blocks.append((pending, [piece]))
        else:
            blocks[-1][1].append(piece)
        pending = []
        prev_end = piece.end
    out = []
    for markers, pieces in blocks:
        body = text[pieces[0].start:pieces[-1].end]
        if is_form_note(body) or len(body.split()) < 3 and not markers:
            continue   # the form's own notes; a stray word is not a footnote
        out.append((markers[-1][1] if markers else None, pieces))
    # a marker centred on a block's middle line arrives after the block's first lines
    return _openings_above(_first_halves(_centred_markers(out, text), text), text)


_MARKER_RE = re.compile(r"\(\d{1,2}\)|^\s*\d{1,2}\.", re.M)
# words that may open a note: a plain word first, no marker ('1.', '- 1.', '(1)' or OCR's 'Q)')
_WORDS_RE = re.compile(r"[A-Za-z][\w'’\-]*[,.;:]?(?:\s+(?!\(\d{1,2}\))\S+)*")
_MARKER_ONLY_RE = re.compile(r"[ \t\f*]*(\(\d{1,2}\))[ \t]*")
_MARKER_LEAD_RE = re.compile(r"[ \t\f*]*(\(\d{1,2}\))[ \t]+(?=\S)")


def _centred_notes(spans: list[TaggedSpan], text: str) -> list[tuple[str | None, list[TaggedSpan]]] | None:
    """pdftotext prints a footnote's marker beside the middle line of its text, alone
    between the two middle lines when the text has an even number of lines, or alone
    above a text that blank lines part from the others; a marker before a line that goes
    on in lower case ('(2) and (ii) the ...') is such a marker too - no note begins so.
    Where the notes' lines and markers fit that pattern exactly, the lines are cut into
    notes by where the markers sit - whether or not the tagger marked each marker; a marked
    note whose words the tagger left untagged is read from its lines, at UNTAGGED_PROB. None
    where they do not fit (a left-aligned marker heading a long note, a layout with no
    sign of centred markers)."""
    pieces = sorted((p for s in spans if s.label == "fn_text" for p in _split_at(s, text, BLANK_LINE_RE)),
                    key=lambda p: p.start)
    pieces = [p for p in pieces if not is_form_note(text[p.start:p.end])]
    if not pieces:
        return None
    sparse = _blank_after_every_line(text)
    # the notes' lines run on to the blank line after the last tagged piece: the tagger
    # may leave a whole last note untagged
    block_end = BLANK_LINE_RE.search(text, pieces[-1].end)
    longest = block_end.start() if block_end and not sparse else pieces[-1].end
    for end in dict.fromkeys((longest, pieces[-1].end)):
        lines = _note_lines(text, pieces[0].start, end)
        if sparse:
            lines = [line for line in lines if line[0] != "blank"]    # blank lines part nothing there
        centred = any(kind == "lone" or (fid is not None and text[a:a + 1].islower())
                      for kind, a, _, fid in lines)
        notes = _centred_partition(lines) if centred else None
        if notes is not None:
            break
    else:
        return None
    out = []
    for fid, rows in notes:
        kept = [replace(p, start=max(p.start, a), end=min(p.end, b)) for a, b in rows for p in pieces
                if min(p.end, b) > max(p.start, a)]
        kept = [p for p in kept if text[p.start:p.end].strip()]
        if not kept and fid is not None:
            # a marked note the layout places but the tagger left untagged: its lines,
            # at a probability that sends them to review
            kept = [replace(pieces[0], start=lo, end=hi, prob=UNTAGGED_PROB, min_prob=UNTAGGED_PROB)
                    for lo, hi in (trimmed(text, a, b) for a, b in rows) if hi > lo]
        if kept:
            out.append((fid, kept))
    return out


def _note_lines(text: str, start: int, end: int) -> list[tuple[str, int, int, str | None]]:
    """The lines from `start`'s to `end`'s: (kind, text start, text end, marker id), kind
    'blank', 'lone' (a marker alone) or 'text' (with the marker it begins with, if any)."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    lines, pos = [], lo
    for raw in text[lo:hi if hi >= 0 else len(text)].split("\n"):
        begin, pos = pos, pos + len(raw) + 1
        lone, lead = _MARKER_ONLY_RE.fullmatch(raw), _MARKER_LEAD_RE.match(raw)
        if not raw.strip():
            lines.append(("blank", begin, begin, None))
        elif lone:
            lines.append(("lone", begin, begin, read_footnote_id(lone.group(1))))
        elif lead:
            lines.append(("text", begin + lead.end(), begin + len(raw), read_footnote_id(lead.group(1))))
        else:
            lines.append(("text", begin, begin + len(raw), None))
    return lines


def _centred_partition(lines: list[tuple[str, int, int, str | None]]) -> list[tuple[str | None, list]] | None:
    """(marker id, [(start, end) of its text lines]) of each note, or None when the lines
    do not fit the centred layout exactly."""
    groups: list[list] = [[]]      # parted by blank lines; a lone marker before one heads the next
    for k, line in enumerate(lines):
        if line[0] == "blank":
            groups.append([])
        elif line[0] == "lone" and (k + 1 == len(lines) or lines[k + 1][0] == "blank"):
            groups += [[line], []]
        else:
            groups[-1].append(line)
    notes: list[tuple[str | None, list]] = []
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
            if kind == "lone" or fid is not None:
                centres.append((n - 0.5 if kind == "lone" else n, fid))
            n += kind == "text"
        if heading is not None and not centres:
            notes.append((heading, rows))
            heading = None
            continue
        if heading is not None or not centres:
            return None
        first = 0
        for k, (centre, fid) in enumerate(centres):
            last = int(2 * centre - first)      # as many lines after the marker as before it
            if last < first or last >= n or (k + 1 < len(centres) and centres[k + 1][0] <= last):
                return None
            notes.append((fid, rows[first:last + 1]))
            first = last + 1
        if first != n:
            return None
    return None if heading is not None else notes


def _blank_after_every_line(text: str) -> bool:
    """Sparse OCR puts a blank line after nearly every line: there, blank lines part nothing."""
    lines = text.split("\n")
    filled = sum(1 for line in lines if line.strip())
    return filled > 0 and sum(1 for line in lines if not line.strip()) >= 0.7 * filled


def _with_gaps(pieces: list[TaggedSpan], text: str) -> list[TaggedSpan]:
    """Pieces of one text with the short gaps between them filled back in: on one line
    (a '(4)' in 'four (4) years' that was read as a footnote reference), or a few words
    over a line break ('... Class A\n  Common Stock upon', the words read as a title)
    unless they hold a marker (pdftotext's centred '(1)' between a note's lines)."""
    out = [pieces[0]]
    for piece in pieces[1:]:
        gap = text[out[-1].end:piece.start]
        if ("\n" not in gap and len(gap) <= 12) or \
                (gap.count("\n") == 1 and len(gap.strip()) <= 30 and not _MARKER_RE.search(gap)):
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
                BLANK_LINE_RE.search(text, out[-1][1][-1].end, pieces[0].start) is None:
            out[-1] = (fid, out[-1][1] + pieces)
            continue
        out.append((fid, pieces))
    return out


def _first_halves(blocks, text: str):
    """A block without a marker right before a marked block whose number leaves none free
    for it ('(1)' with no note before it, '(3)' right after '(2)' or after a block without
    a marker that will be note 2) is part of a note, not one of its own, so the readable
    markers keep their numbers: where it stops mid-sentence or no marked note comes before
    it, the next note's first half (its marker was printed beside a later line, a blank
    line parting the halves: OCR); else the note before's last paragraph."""
    blocks, out = list(blocks), []
    last = 0
    for k, (fid, pieces) in enumerate(blocks):
        if fid is None and k + 1 < len(blocks) and blocks[k + 1][0] is not None \
                and int(blocks[k + 1][0][1:]) == last + 1:
            body = text[pieces[0].start:pieces[-1].end].rstrip()
            if body[-1:] not in _SENTENCE_END or not out or out[-1][0] is None:
                blocks[k + 1] = (blocks[k + 1][0], pieces + blocks[k + 1][1])
            else:
                out[-1] = (out[-1][0], out[-1][1] + pieces)
            continue
        out.append((fid, pieces))
        last = int(fid[1:]) if fid is not None else last + 1   # as build_footnotes numbers it
    return out


def _openings_above(blocks, text: str):
    """No note opens in lower case (none of the 392 gold notes; 391 end with a full stop).
    One read so ('(3) and Sequoia Capital ...') began above the line its marker was
    printed beside (pdftotext and OCR centre a marker on a long note's middle line, and
    the marker that would part the notes was garbled or left untagged): it takes the
    lines the note before holds after that note's last line that ends with a full stop.
    A note before with no such line keeps its text."""
    out = list(blocks)
    for k in range(1, len(out)):
        fid, pieces = out[k]
        if not text[pieces[0].start:pieces[0].end].lstrip()[:1].islower():
            continue
        prev_fid, prev = out[k - 1]
        cut = _after_last_stop(text, prev[0].start, prev[-1].end)
        if cut is None:
            continue
        kept = [replace(p, end=min(p.end, cut)) for p in prev if p.start < cut]
        moved = [replace(p, start=max(p.start, cut)) for p in prev if p.end > cut]
        out[k - 1] = (prev_fid, [p for p in kept if text[p.start:p.end].strip()])
        out[k] = (fid, [p for p in moved if text[p.start:p.end].strip()] + pieces)
    return out


def _after_last_stop(text: str, start: int, end: int) -> int | None:
    """The start of the line after the last line in text[start:end] that ends with a full
    stop, where lines follow it there; else None."""
    pos = text.rfind("\n", start, end)
    while pos > start:
        line_start = text.rfind("\n", start, pos) + 1
        if text[max(line_start, start):pos].rstrip().endswith("."):
            after = pos + 1
            while after < end and text[after] in " \t\f\n":
                after += 1
            return after if after < end else None
        pos = line_start - 1
    return None


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


def _to_line_ends(pieces: list[TaggedSpan], text: str, others: list[int]) -> list[TaggedSpan]:
    """A free text runs to the ends of its line: the tagger often lets go a few tokens
    early ('... Rule 16b' for '... Rule 16b-3(c).') or takes hold late (a first word read
    as a value). Not across a cell border or into another value, nor back over a marker
    or OCR's remains of one."""
    def free(a: int, b: int) -> bool:
        gap, k = text[a:b], bisect.bisect_left(others, a)
        return bool(gap.strip()) and "|" not in gap and "\t" not in gap and \
            (k >= len(others) or others[k] >= b)

    out = []
    for piece in pieces:
        line_start = text.rfind("\n", 0, piece.start) + 1
        line_end = text.find("\n", piece.end)
        line_end = len(text) if line_end < 0 else line_end
        if free(line_start, piece.start) and _WORDS_RE.fullmatch(text[line_start:piece.start].strip()):
            lead = text[line_start:piece.start]
            piece = replace(piece, start=line_start + len(lead) - len(lead.lstrip()))
        if free(piece.end, line_end):
            piece = replace(piece, end=piece.end + len(text[piece.end:line_end].rstrip()))
        out.append(piece)
    return out


def _run_on(pieces: list[TaggedSpan], text: str, others: list[int], held: list[int]) -> list[TaggedSpan]:
    """A note whose last line stops mid-sentence ('... by virtue of his shared control')
    goes on over the next lines that open in lower case ('over and indirect pecuniary
    interest ...'): the tagger sometimes lets go at the line break. Not over a blank line
    (sparse OCR), another value (`others`: starts of spans) or another note's text (`held`:
    starts of all notes' pieces; this note's own lie before its end)."""
    last = max(pieces, key=lambda p: p.end)
    end = last.end
    while True:
        line_end = text.find("\n", end)
        read = text[text.rfind("\n", 0, end) + 1:end].rstrip()
        if line_end < 0 or text[end:line_end].strip() or read[-1:] in _SENTENCE_END:
            break
        nxt_end = text.find("\n", line_end + 1)
        nxt_end = len(text) if nxt_end < 0 else nxt_end
        line = text[line_end + 1:nxt_end]
        start = line_end + 1 + len(line) - len(line.lstrip(" \t"))
        if not line.strip()[:1].islower():
            break
        k = bisect.bisect_left(others, start)
        j = bisect.bisect_left(held, start)
        if (k < len(others) and others[k] < nxt_end) or (j < len(held) and held[j] < nxt_end):
            break
        end = start + len(line.strip())
    return pieces if end == last.end else [p if p is not last else replace(p, end=end) for p in pieces]


def build_footnotes(spans: list[TaggedSpan], draft: Draft) -> dict[str, str]:
    notes: dict[str, str] = {}
    taken: set[str] = set()
    last = 0
    others = sorted(s.start for s in spans if s.label not in ("fn_text", "fn_id"))
    blocks = footnote_blocks(spans, draft.text)
    held = sorted(p.start for _, ps in blocks for p in ps)
    for k, (fid, pieces) in enumerate(blocks):
        pieces = _to_line_ends(pieces, draft.text, others)
        pieces = _run_on(pieces, draft.text, others, held)
        after = next((int(f[1:]) for f, _ in blocks[k + 1:] if f is not None), None)
        # no readable marker, or one out of order or the next marker's twin: the next number
        if fid is None or fid in taken or (after is not None and last + 1 < after <= int(fid[1:])):
            fid = f"F{last + 1}"
        pieces = _with_gaps(sorted(pieces, key=lambda s: s.start), draft.text)
        # one text, so a word hyphenated over a line break ('three-\nyear') is one word even
        # where the break falls between pieces (a centred marker's line between them)
        reading = read_note([_HYPHEN_BREAK_RE.sub(r"\1-", "\n".join(draft.raw(pieces)))])
        if reading:
            notes[fid] = reading.value
            draft.set(f"footnotes.{fid}", reading, pieces)
            taken.add(fid)
            last = int(fid[1:])
    return dict(sorted(notes.items(), key=lambda kv: int(kv[0][1:])))
