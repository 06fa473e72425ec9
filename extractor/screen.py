"""Before extraction: what kind of document this is, and text made readable in place.

`prepare` never changes offsets: raw HTML has its tags and entities blanked to spaces of
the same length (a row end becomes a newline, a cell a tab), so every span still points
into the raw input. Text with none of the form's headings is refused as not a Form 4.
"""
from __future__ import annotations

import re

from .io import DocumentError

_HALLMARKS = [re.compile(p, re.I) for p in (
    r"Table\s*I\b", r"Non-?\s*Derivative", r"Reporting\s+Person", r"Beneficial(ly)?\s+Own",
    r"Title\s+of\s+(Derivative\s+)?Security", r"Securities\s+Acquired", r"Transaction\s+Code",
    r"Issuer\s+Name", r"Section\s+16", r"\bForm\s+[345]\b", r"Explanation\s+of\s+Responses",
    r"Date\s+Exercisable", r"Ownership\s+Form", r"STATEMENT\s+OF\s+CHANGES", r"Ticker",
    r"Earliest\s+Transaction")]
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S)
_HIDDEN_RE = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.S | re.I)
_ENTITY_RE = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
_ENTITIES = {"amp": "&", "nbsp": " ", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "#160": " ",
             "#36": "$", "#8217": "'"}
_ROW_TAGS = frozenset({"tr", "br", "p", "div", "h1", "h2", "h3", "h4", "li", "table", "title"})
_CELL_TAGS = frozenset({"td", "th"})
MIN_HALLMARKS = 3        # fewer: extract, but refuse if nothing form-like comes out


def evidence(text: str) -> int:
    """How many of the form's headings the text shows (OCR-damaged text shows some)."""
    head = text[:200_000]
    return sum(1 for pattern in _HALLMARKS if pattern.search(head))


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or len(_TAG_RE.findall(text[:20000])) > 200


def blank_html(text: str) -> str:
    """Tags, scripts and entities to same-length whitespace: offsets do not move."""
    chars = list(text)

    def fill(start: int, end: int, first: str = " ") -> None:
        for k in range(start, end):
            chars[k] = "\n" if text[k] == "\n" else " "
        if end > start:
            chars[start] = first

    for m in _HIDDEN_RE.finditer(text):
        fill(m.start(), m.end())
    for m in _TAG_RE.finditer(text):
        name = (m.group(2) or "").lower()
        fill(m.start(), m.end(), "\n" if name in _ROW_TAGS and not m.group(1) else
             "\t" if name in _CELL_TAGS and not m.group(1) else " ")
    for m in _ENTITY_RE.finditer(text):
        value = _ENTITIES.get(m.group(1).lower())
        if value is None and m.group(1).startswith("#"):
            try:
                code = int(m.group(1)[2:], 16) if m.group(1)[1:2].lower() == "x" else int(m.group(1)[1:])
                value = chr(code) if code < 0x110000 else " "
            except ValueError:
                value = " "
        fill(m.start(), m.end())
        chars[m.start()] = value or " "
    return "".join(chars)


def prepare(text: str) -> tuple[str, list[str], int]:
    """(text to extract from, warnings, headings found); raises DocumentError when the text
    shows none of the form's headings."""
    warnings = []
    if looks_like_html(text):
        text = blank_html(text)
        warnings.append("HTML input: markup blanked out before extraction")
    found = evidence(text)
    if found == 0:
        raise DocumentError("not a Form 4: none of the form's headings found")
    if found < MIN_HALLMARKS:
        warnings.append(f"only {found} of the form's headings found: badly damaged, or not a Form 4")
    return text, warnings, found


_TITLE_RE = re.compile(r"STATEMENT\s+OF\s+CHANGES\s+IN\s+BENEFICIAL", re.I)
# what a Form 4 prints above its title: the form's name opening a line, the SEC's name,
# the box for those no longer subject to Section 16
_HEAD_RE = re.compile(r"^\W{0,4}FORM\s+4\b|UNITED\s+STATES\s+SECURITIES\s+AND\s+EXCHANGE|"
                      r"Check\s+this\s+box", re.I | re.M)
HEAD_REACH = 2000        # the furthest a form's title stands from its start (1,233 in the data)


def form_starts(text: str) -> list[int]:
    """Where each Form 4 in `text` begins: [0] for one form. A text holding several (a
    scanned batch, files joined) shows the form's title once per form, each followed by a
    form's headings; a form begins at the first of its head's lines within HEAD_REACH
    before its title (after the previous title), else at its title's line."""
    titles = [m.start() for m in _TITLE_RE.finditer(text)]
    starts = [0]
    for prev, title in zip(titles, titles[1:]):
        if evidence(text[prev:title]) < MIN_HALLMARKS:
            continue                     # the title repeated within one form
        lo = max(prev + 1, title - HEAD_REACH)
        head = _HEAD_RE.search(text, lo, title)
        cut = head.start() if head else title
        starts.append(text.rfind("\n", lo, cut) + 1 or cut)
    return starts


def looks_empty(record) -> bool:
    """Nothing a Form 4 would yield: no table row, and no issuer or no reporting person."""
    rows = sum(len(getattr(record, t)) for t in ("non_derivative_transactions", "non_derivative_holdings",
                                                 "derivative_transactions", "derivative_holdings"))
    return rows == 0 and (not record.issuer.name or not record.reporting_owners)


_END_MARKS = [re.compile(p, re.I) for p in (
    r"Signature\s+of\s+Reporting\s+Person", r"/s/", r"Note:\s*File\s+three\s+copies",
    r"Persons\s+who\s+respond", r"Explanation\s+of\s+Responses", r"Reminder:")]


def after_warnings(text: str, record) -> list[str]:
    """Warnings about the document as a whole, once extracted."""
    warnings = []
    if record.document_type in ("3", "5"):
        warnings.append(f"a Form {record.document_type}: extracted with the Form 4 model "
                        "(same tables), so check it more closely")
    tail = text[len(text) * 2 // 3:]
    if not record.signatures and not any(m.search(tail) for m in _END_MARKS):
        warnings.append("the document seems cut short: no signature and none of the form's "
                        "closing text found")
    return warnings
