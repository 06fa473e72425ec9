"""Renderers: a Form -> text with spans, in the layouts converters and OCR produce.

Each renderer is a grid writer (how a table's rows become text) and a document order:
EDGAR's rendering (tables, reporting owners, signatures, then the explanation of
responses) or the paper form (explanation and signature after the tables).
"""
from __future__ import annotations

import random
from typing import Callable

from .builder import Builder, Cell, Piece, static
from .form import Form
from .layouts import (paragraph, table_grid, widths_for, write_cell, write_columns_first,
                      write_delimited, write_fixed, write_megaline, write_reading)

GridWriter = Callable[[Builder, list[list[Cell]], str], None]


def _document(b: Builder, form: Form, grid: GridWriter, rng: random.Random, edgar: bool,
              heading: Callable[[Builder, Cell], None], width: int | None = None,
              deferred: list | None = None, notes: str = "plain", fixed_width: bool = False) -> None:
    """The whole form in document order; `grid` writes each grid (kind: header, table1, ...).
    Writers a grid writer leaves in `deferred` run after the signatures (pdftotext emits
    the right half of a wide table there). `notes` is how EDGAR's explanation of responses
    is written: 'plain' lines, or the table HTML converters make of it ('pipes', 'html2text').
    `fixed_width`: the grid keeps the page's geometry, so the owner table's relationship
    headings stand over their own columns, right of the name's."""
    for cell in form.title:
        paragraph(b, cell, width)
        if rng.random() < 0.5:
            b.write("\n")
    if edgar:
        b.write("(Print or Type Responses)\n")
    grid(b, form.header, "header")
    for table, kind in ((form.table1, "table1"), (form.table2, "table2")):
        heading(b, table.heading)
        grid(b, table_grid(table), kind)
        if kind == "table1" and form.boilerplate and edgar:
            paragraph(b, form.boilerplate[0], width)
    if edgar:
        _edgar_tail(b, form, grid, heading, width, deferred or [], notes, fixed_width)
    else:
        _paper_tail(b, form, rng, heading, width)
        for write in deferred or []:
            write(b)


def _footnote_lines(b: Builder, form: Form, width: int | None, style: str) -> None:
    for marker, text in form.footnotes:
        b.write("- " if style == "bullet" else "")
        b.piece(marker)
        b.write(" ")
        paragraph(b, text, width)


def _notes_table(b: Builder, form: Form, style: str) -> None:
    """EDGAR's explanation as an HTML converter writes its two-column table: the form's '*'
    and '**' notes, then the footnotes, a row each ('| **(1)** | text |' under an empty
    header row for markitdown and markdownify; '**(1)** | text' with a rule after the first
    row for html2text). The remarks are the table's last row, or a bold heading and a line."""
    pipes = style == "pipes"
    rows = []
    for cell in form.boilerplate[1:3]:   # a line that noise moved here is not a row of the table
        words = [w for p in cell for w in p.words()]
        if words and set(words[0].text) == {"*"}:
            marker = words[0].text.replace("*", "\\*") if pipes else words[0].text
            rows.append(([static(marker)], words[1:]))
    rows += [([marker], text) for marker, text in form.footnotes]
    if pipes:
        b.write("|  |  |\n| --- | --- |\n")
    for k, (marker, text) in enumerate(rows):
        b.write("| **" if pipes else "**")
        write_cell(b, marker)
        b.write("** | ")
        write_cell(b, text)
        b.write(" |\n" if pipes else "  \n")
        if k == 0 and not pipes:
            b.write("---|---  \n")
    if form.remarks and pipes:
        b.write("| **Remarks:** ")
        write_cell(b, form.remarks)
        b.write(" | |\n")
    elif form.remarks:
        b.write("  \n**Remarks:**  \n")
        write_cell(b, form.remarks)
        b.write("  \n")


def _edgar_tail(b: Builder, form: Form, grid: GridWriter, heading, width, deferred: list,
                notes: str = "plain", fixed_width: bool = False) -> None:
    if form.owners is not None:
        heading(b, [static("Reporting Owners")])
        # the name column spans both heading rows: a converter's cells leave it out of the
        # second (and the reader shifts by one), the page's geometry keeps its place
        subheads = form.owners.subheads if fixed_width else form.owners.subheads[1:]
        grid(b, [[form.owners.heads[0][0], form.owners.heads[1][0]], subheads]
             + form.owners.rows, "owners")
    heading(b, [static("Signatures")])
    rows = [[sig[0], [], sig[1]] for sig in form.signatures]
    rows.append([[static("** Signature of Reporting Person")], [], [static("Date")]])
    grid(b, rows, "signatures")
    for write in deferred:
        write(b)
    heading(b, [static("Explanation of Responses:")])
    if notes != "plain":
        _notes_table(b, form, notes)
    else:
        for line in form.boilerplate[1:3]:
            paragraph(b, line, width)
        _footnote_lines(b, form, width, "plain")
        if form.remarks:
            heading(b, [static("Remarks:")])
            paragraph(b, form.remarks, width)
    for line in form.boilerplate[3:]:
        paragraph(b, line, width)


def _paper_tail(b: Builder, form: Form, rng: random.Random, heading, width) -> None:
    heading(b, [static("Explanation of Responses:")])
    _footnote_lines(b, form, width, rng.choice(["plain", "bullet"]))
    if form.remarks or rng.random() < 0.6:
        heading(b, [static("Remarks:")])
    if form.remarks:
        paragraph(b, form.remarks, width)
    b.write("\n" * rng.randint(0, 2))
    for sig in form.signatures:
        write_cell(b, sig[0])
        b.write(rng.choice([" ", "\n\n"]))
        write_cell(b, sig[1])
        b.write("\n\n")
    b.write(rng.choice(["** Signature of Reporting Person Date\n\n", "\\*\\* Signature of Reporting Person Date\n\n"]))
    for line in form.boilerplate:
        paragraph(b, line, width)
        b.write("\n")


def _plain_heading(b: Builder, cell: Cell) -> None:
    b.write("\n")
    write_cell(b, cell)
    b.write("\n\n")


# --- the renderers -----------------------------------------------------------------------

def markdown(form: Form, rng: random.Random) -> Builder:
    """Markdown pipe tables with inline HTML, as in seeds 001 and 003."""
    b = Builder()

    def grid(b, rows, kind):
        b.write("\n")
        write_delimited(b, rows, " | ", "| ", " |", rule="|", cell_newline=" ")
        b.write("\n")
    _document(b, form, grid, rng, form.owners is not None, _plain_heading)
    return b


def tabbed(form: Form, rng: random.Random) -> Builder:
    """Tab-separated cells with bold headings, as in seed 000."""
    b = Builder()

    def grid(b, rows, kind):
        write_delimited(b, rows, "\t", "", "\t" if rng.random() < 0.5 else "")

    def heading(b, cell):
        bold = not cell or not cell[0].text.startswith("**")
        b.write("\n**" if bold else "\n")
        write_cell(b, cell)
        b.write("**\n\n" if bold else "\n\n")
    _document(b, form, grid, rng, form.owners is not None, heading)
    return b


def shredded(form: Form, rng: random.Random) -> Builder:
    """Tab cells split and interleaved by a multi-column OCR, as in seeds 002 and 004."""
    b = Builder()

    def grid(b, rows, kind):
        for row in rows:
            for j, cell in enumerate(row):
                b.write("\t" * rng.choice([1, 1, 1, 2, 3]) if j else "")
                write_cell(b, cell)
            b.write("\t" * rng.randint(0, 3) + "\n")
    _document(b, form, grid, rng, form.owners is not None, _plain_heading)
    return b


def html2text(form: Form, rng: random.Random) -> Builder:
    """html2text: ' | ' between cells, no outer pipes, '---|---' rules; body_width wraps text."""
    b = Builder()
    width = rng.choice([None, 78])

    def grid(b, rows, kind):
        write_delimited(b, rows, " | ", "", "  ", rule="|", cell_newline="  \n")
        b.write("  \n")

    def heading(b, cell):
        b.write("\n## ")
        write_cell(b, cell)
        b.write("\n\n")
    _document(b, form, grid, rng, form.owners is not None, heading, width, notes="html2text")
    return b


def markitdown(form: Form, rng: random.Random) -> Builder:
    """markitdown/markdownify: header and Table I nested into one long line per table."""
    b = Builder()

    def grid(b, rows, kind):
        if kind in ("header", "table1") or rng.random() < 0.3:
            write_megaline(b, rows)
        else:
            write_delimited(b, rows, " | ", "| ", " |", rule="|")
        b.write("\n")

    def heading(b, cell):
        b.write("\n")
        write_cell(b, cell)
        b.write("\n" + "-" * 16 + "\n\n")
    _document(b, form, grid, rng, True, heading, notes="pipes")
    return b


def pdftotext_layout(form: Form, rng: random.Random) -> Builder:
    """pdftotext -layout: fixed-width columns, long cells wrapped down their column."""
    b = Builder()
    total = rng.choice([150, 180, 210, 240])

    def grid(b, rows, kind):
        widths = widths_for(rows, total)
        write_fixed(b, rows, widths, gap=rng.choice([1, 2, 3]), valign_top=rng.random() < 0.6)
        b.write("\n")
    _document(b, form, grid, rng, form.owners is not None, _plain_heading, width=total, fixed_width=True)
    return b


def pdftotext(form: Form, rng: random.Random) -> Builder:
    """pdftotext reading order: each cell on lines of its own, some column groups first,
    and the right part of a wide table sometimes only after the signatures."""
    b = Builder()
    deferred: list = []

    def grid(b, rows, kind):
        if kind == "table2" and rows and rng.random() < 0.4:
            cut = rng.randint(len(rows[0]) // 2, len(rows[0]) - 2)
            write_reading(b, [r[:cut] for r in rows], rng, width=rng.choice([10, 14, 30]), blank=0.5)
            deferred.append(lambda b: write_reading(b, [r[cut:] for r in rows], rng, width=14, blank=0.5))
        elif kind in ("table1", "table2") and rng.random() < 0.3:
            write_columns_first(b, rows, rng)
        else:   # table columns are narrow: a title often breaks after every word
            width = rng.choice([10, 12, 16, 24, 40]) if kind in ("table1", "table2") else rng.choice([30, 40, 60])
            write_reading(b, rows, rng, width=width, blank=0.5)
    _document(b, form, grid, rng, form.owners is not None, _plain_heading, width=110, deferred=deferred)
    return b


def ocr_lines(form: Form, rng: random.Random) -> Builder:
    """Tesseract by lines (psm 4/6): columns run together with single spaces and junk
    borders; wrapped cells leave words on lines of their own."""
    b = Builder()
    seps = [" ", " ", " ", " | ", " |", "| ", " ] ", " [", " }"]

    def grid(b, rows, kind):
        widths = widths_for(rows, rng.choice([120, 160]))
        from .layouts import wrap_cell
        for row in rows:
            wrapped = [wrap_cell(c, w) for c, w in zip(row, widths)]
            for line in range(max(len(c) for c in wrapped)):
                first = True
                for cell_lines in wrapped:
                    if line < len(cell_lines) and cell_lines[line]:
                        if not first:
                            b.write(rng.choice(seps))
                        for k, p in enumerate(cell_lines[line]):
                            if k and not p.glue:
                                b.write(" ")
                            b.piece(p)
                        first = False
                b.write("\n")
    _document(b, form, grid, rng, form.owners is not None, _plain_heading, width=130)
    return b


def ocr_sparse(form: Form, rng: random.Random) -> Builder:
    """Tesseract sparse text (psm 11): every block on its own line, blank lines between."""
    b = Builder()

    def grid(b, rows, kind):
        write_reading(b, rows, rng, width=rng.choice([10, 14, 20, 30, 45]), blank=0.95)
    _document(b, form, grid, rng, form.owners is not None, _plain_heading, width=90)
    return b


RENDERERS: dict[str, Callable[[Form, random.Random], Builder]] = {
    "markdown": markdown, "tabbed": tabbed, "shredded": shredded, "html2text": html2text,
    "markitdown": markitdown, "pdftotext_layout": pdftotext_layout, "pdftotext": pdftotext,
    "ocr_lines": ocr_lines, "ocr_sparse": ocr_sparse,
}
# Default noise per renderer: what the real tool adds on top of its layout.
DEFAULT_NOISE = {
    "markdown": "spaces=0.1", "tabbed": "spaces=0.1", "html2text": "", "markitdown": "",
    "pdftotext_layout": "", "pdftotext": "",
    "shredded": "ocr=0.3,split=0.8,truncate=0.6,stray=0.4,spaces=0.3,lines=0.2",
    "ocr_lines": "ocr=0.6,stray=0.7,markers=0.7,dollar=0.5,spaces=0.4,lines=0.3,split=0.2,truncate=0.3",
    "ocr_sparse": "ocr=0.7,stray=0.7,markers=0.7,dollar=0.5,spaces=0.3,truncate=0.4,lines=0.3",
}
# Flavors each converter is known to write; anything not fixed here is drawn at random.
FLAVOR = {
    "markdown": dict(edgar=False, underline=True, check=("", '<input checked="" type="checkbox"/>', ""),
                     box='<input type="checkbox"/>'),
    "tabbed": dict(edgar=False),
    "shredded": dict(edgar=False, escape=False),
    "html2text": dict(edgar=True, escape=True, check=("__", "X", "__"), box="_____", marker="paren"),
    "markitdown": dict(edgar=True, escape=True, check=("__", "X", "__"), box="_____", marker="link",
                       dollar="$ "),
    "pdftotext_layout": dict(escape=False, underline=False, bold=False, marker="paren",
                             check=("__", "X", "__"), box="_____"),
    "pdftotext": dict(escape=False, underline=False, bold=False, marker="paren",
                      check=("__", "X", "__"), box="_____"),
    "ocr_lines": dict(escape=False, underline=False, bold=False, marker="paren"),
    "ocr_sparse": dict(escape=False, underline=False, bold=False, marker="paren"),
}


__all__ = ["RENDERERS", "DEFAULT_NOISE", "FLAVOR", "Piece"]
