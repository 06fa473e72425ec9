"""Tagged spans -> a Record, as a sequence of small named steps.

    mend spans (mend_titles.py, mend_numbers.py, mend_letters.py, mend_text.py, signatures.py)
    -> group rows (rows.py) -> read values (row_values.py) -> owners (owners.py)
    -> footnotes (footnotes.py) -> signatures (signatures.py) -> header -> record

Every value keeps its provenance (`Provenance`: the spans it was read from and how
cleanly it parsed) so that checks can repair it and the confidence model can score it.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .decode import TaggedSpan, token_span
from .draft import Draft
from .footnotes import build_footnotes
from .mend_letters import (boxed_marks, codes_after_dates, lone_letters, markers_of_unreferred_notes,
                           refs_by_line)
from .mend_numbers import (aligned_numbers, amount_after_code, deferred_tail, dollar_prices,
                           holding_after_title, price_between)
from .mend_text import (deferred_natures, issuer_line_in_owner_name, names_as_written_elsewhere,
                        nature_columns, natures_run_on, remarks_beside_heading)
from .mend_titles import (box_words_off_titles, close_brackets, dates_out_of_titles, heading_words_off_values,
                          one_column, one_table_a_line, repeated_titles, table_of_section, tail_titles,
                          title_around_count, title_line_ends, wrapped_titles)
from .owners import build_owners
from .parse import read_prose
from .record import Issuer, Record
from .row_values import build_rows, read
from .rows import geometry, group_rows, pseudo_rows
from .signatures import build_signatures, signature_captions
from .tokenizer import doc_text
from .values import BORDER_GLYPHS


def _without_owner_words(issuer: TaggedSpan, spans: list[TaggedSpan], owners, text: str, doc,
                         idx: list[int]) -> TaggedSpan:
    """An issuer name read straight after an owner's name on one line ('Dodge R | Stanton
    DraftKings Inc.') starts after the words that complete that owner's name as read
    elsewhere (the owner table's 'Dodge R Stanton'), and one read opening with an owner's
    whole name starts after it."""
    words = [doc[idx[t]].text for t in range(issuer.first, issuer.last + 1)]
    # an owner's whole name as the issuer's first words, a table border perhaps glued on
    # ('IBOTHA ROELOF Block, Inc.'): no gold issuer name opens with an owner's name
    opening = [w.casefold() for w in words]
    bare = opening[0][1:] if opening[0][:1] in BORDER_GLYPHS.casefold() else opening[0]
    for owner in owners:
        name = (owner.name or "").casefold().split()
        if 2 <= len(name) < len(words) and opening[1:len(name)] == name[1:] and name[0] in (opening[0], bare):
            return token_span(doc, idx, issuer.first + len(name), issuer.last, issuer.label, issuer.prob,
                              issuer.min_prob)
    before = [s for s in spans if s.label == "owner_name" and s.end <= issuer.start
              and not text[s.end:issuer.start].strip()]
    if not before:
        return issuer
    head = text[before[-1].start:before[-1].end].split()
    for owner in owners:
        name = (owner.name or "").split()
        k = len(name) - len(head)
        if 0 < k < len(words) and name[:len(head)] == head and name[len(head):] == words[:k]:
            return token_span(doc, idx, issuer.first + k, issuer.last, issuer.label, issuer.prob,
                              issuer.min_prob)
    return issuer


def _first(spans: list[TaggedSpan], label: str) -> list[TaggedSpan]:
    chosen = [s for s in spans if s.label == label]
    return [max(chosen, key=lambda s: s.prob)] if chosen else []


_TITLE_TYPES = ((re.compile(r"INITIAL\s+STATEMENT\s+OF\s+BENEFICIAL", re.I), "3"),
                (re.compile(r"ANNUAL\s+STATEMENT\s+OF\s+CHANGES", re.I), "5"),
                (re.compile(r"STATEMENT\s+OF\s+CHANGES\s+IN\s+BENEFICIAL", re.I), "4"))
_FORM_LINE_RE = re.compile(r"^[^\w\n]*FORM[ \t]+([345])[^\w\n]*$", re.I | re.M)


def document_type(text: str) -> str:
    """'3', '4' or '5' from the statement's title (every Form 4 mentions Form 5 in its
    check-box text, so the title decides), else from a 'FORM n' heading line."""
    head = text[:6000]
    for pattern, kind in _TITLE_TYPES:
        if pattern.search(head):
            return kind
    m = _FORM_LINE_RE.search(head)
    return m.group(1) if m else "4"


_WORD_START_RE = re.compile(r"(?<=\s)\w")


def echo_lines(text: str, line_starts: list[int]) -> set[int]:
    """Lines where OCR looped: very long, with stretches of text repeated three times or
    more. What they say is read only to fill gaps, never over a clean line's reading."""
    out = set()
    for li, start in enumerate(line_starts):
        end = line_starts[li + 1] - 1 if li + 1 < len(line_starts) else len(text)
        if end - start < 600:
            continue
        line = text[start:end]
        if line.count("|") * 50 > len(line):   # a markdown table on one line repeats rows, rightly
            continue
        counts: dict[str, int] = defaultdict(int)
        for m in _WORD_START_RE.finditer(line):
            # long windows: a long footnote repeats short phrases ('of Class B Common Stock ')
            window = line[m.start():m.start() + 48]
            if len(window.strip()) >= 40:
                counts[window] += 1
        if counts and max(counts.values()) >= 3:
            out.add(li)
    return out


def assemble(doc, idx: list[int], spans: list[TaggedSpan]) -> tuple[Record, Draft]:
    """Build the record from tagged spans over the content tokens `idx` of `doc`."""
    text = doc_text(doc)
    geo = geometry(doc, idx, spans)
    spans = close_brackets(sorted(spans, key=lambda s: s.start), text, doc, idx)
    spans = one_table_a_line(spans, geo, doc, idx)
    spans = table_of_section(spans, geo, doc, idx)
    spans = tail_titles(spans, geo, doc, idx)
    spans = dates_out_of_titles(spans, geo, doc, idx)
    spans = wrapped_titles(spans, geo, doc, idx)
    spans = title_line_ends(spans, geo, doc, idx)
    spans = repeated_titles(spans, geo, doc, idx)
    spans = one_column(spans, geo, doc, idx)
    spans = boxed_marks(spans, text, doc, idx)
    spans = lone_letters(spans, geo, doc, idx)
    spans = codes_after_dates(spans, geo, doc, idx)
    spans = price_between(spans, geo, doc, idx)
    spans = holding_after_title(spans, geo, doc, idx)
    spans = amount_after_code(spans, geo, doc, idx)
    spans = aligned_numbers(spans, geo, doc, idx)
    spans = dollar_prices(spans, geo, doc, idx)
    spans = deferred_tail(spans, geo, doc, idx)
    spans = title_around_count(spans, geo, doc, idx)
    spans = deferred_natures(spans, geo, doc, idx)
    spans = natures_run_on(spans, geo, doc, idx)
    spans = nature_columns(spans, geo, doc, idx)
    spans = remarks_beside_heading(spans, geo, doc, idx)
    spans = box_words_off_titles(spans, geo, doc, idx)
    spans = heading_words_off_values(spans, geo, doc, idx)
    spans = names_as_written_elsewhere(spans, geo, doc, idx)
    spans = issuer_line_in_owner_name(spans, geo, doc, idx)
    spans = signature_captions(spans, doc, idx)
    spans = refs_by_line(spans, geo, doc, idx)
    spans = markers_of_unreferred_notes(spans, geo, doc, idx)
    draft = Draft(text)
    echoes = echo_lines(text, doc.user_data["line_starts"])
    echoed = [s for s in spans if geo.line(s) in echoes]
    spans = [s for s in spans if geo.line(s) not in echoes]
    lay = doc.user_data["layout"]
    sections = [lay["section"][i] for i in idx]
    # a title alone among the notes is a security a note names, not a row
    rows = [r for r in group_rows(spans, geo)
            if r.spans or any(sections[t.first] != "explanation" for t in r.titles)]
    tables = build_rows(rows, draft, pseudo_rows(echoed))
    owners = build_owners(spans, draft, sections, geo.lines, [(lay["start"][i], lay["end"][i]) for i in idx])
    footnotes = build_footnotes(spans, draft)
    signatures = build_signatures(spans, draft, sections)
    header = {}
    for path, label, kind in (("issuer.name", "issuer_name", "name"), ("issuer.ticker", "ticker", "name"),
                              ("period_of_report", "period", "date"),
                              ("date_of_original_submission", "original_date", "date")):
        chosen = _first(spans, label)
        if label == "issuer_name" and chosen:
            chosen = [_without_owner_words(chosen[0], spans, owners, text, doc, idx)]
        reading = read(kind, draft.raw(chosen)) if chosen else None
        draft.set(path, reading, chosen)
        header[path] = reading.value if reading else None
    remarks = read_prose(draft.raw([s for s in spans if s.label == "remarks"]))
    draft.set("remarks", remarks, [s for s in spans if s.label == "remarks"])
    ticker = header["issuer.ticker"]
    if isinstance(ticker, str):
        ticker = ticker.strip("[]() ").upper() or None
    doc_type = document_type(text)
    if doc_type == "4" and header["date_of_original_submission"]:
        doc_type = "4/A"
    record = Record(
        document_type=doc_type, period_of_report=header["period_of_report"],
        date_of_original_submission=header["date_of_original_submission"],
        issuer=Issuer(header["issuer.name"], ticker),
        reporting_owners=tuple(owners), footnotes=footnotes,
        remarks=remarks.value if remarks else None, signatures=tuple(signatures),
        **{k: tuple(v) for k, v in tables.items()})
    return record, draft
