"""Grids of labelled cells -> text, the ways converters lay out a form.

Four ways to cut a grid cover what the converters do: delimited rows (markdown pipes,
tabs, html2text's ' | '), fixed-width columns with cells wrapped over lines (pdftotext
-layout, line OCR), reading order with each cell on lines of its own (pdftotext, sparse
OCR), and a whole table on one line (markitdown's nested tables).
"""
from __future__ import annotations

import random
import textwrap
from dataclasses import replace

from .builder import Builder, Cell, Piece, static
from .form import Table


def write_cell(b: Builder, cell: Cell, newline: str = " ") -> None:
    """A cell's pieces with single spaces (glued pieces without); '\\n' pieces break."""
    first = True
    for p in cell:
        if p.text == "\n":
            b.write(newline)
            first = True
            continue
        if not first and not p.glue:
            b.write(" ")
        b.piece(p)
        first = False


def table_grid(table: Table, delimited: bool = True) -> list[list[Cell]]:
    """Rows of leaf cells: numbered headings (padded over the columns they span),
    sub-headings, then the data rows."""
    heads: list[Cell] = []
    for cell, span in table.heads:
        heads.append(cell)
        heads.extend([] for _ in range(span - 1))
    return [heads, table.subheads] + table.rows


# --- delimited ---------------------------------------------------------------------------

def write_delimited(b: Builder, rows: list[list[Cell]], sep: str, lead: str = "", trail: str = "",
                    rule: str | None = None, cell_newline: str = " ") -> None:
    for k, row in enumerate(rows):
        b.write(lead)
        for j, cell in enumerate(row):
            if j:
                b.write(sep)
            write_cell(b, cell, cell_newline)
        b.write(trail + "\n")
        if k == 0 and rule is not None:
            b.write(rule.join(["---"] * len(row)).join([lead.strip(), trail.strip()]) + "\n")


# --- fixed width -------------------------------------------------------------------------

def wrap_cell(cell: Cell, width: int) -> list[list[Piece]]:
    """A cell's words wrapped into lines of at most `width` characters."""
    lines: list[list[Piece]] = [[]]
    used = 0
    for p in cell:
        if p.text == "\n":
            lines.append([])
            used = 0
            continue
        for w in p.words():
            need = len(w.text) + (0 if not lines[-1] or w.glue else 1)
            if lines[-1] and used + need > width:
                lines.append([replace(w, glue=False)])
                used = len(w.text)
            else:
                lines[-1].append(w)
                used += need
    return [line for line in lines if line] or [[]]


def write_fixed(b: Builder, rows: list[list[Cell]], widths: list[int], gap: int = 2,
                valign_top: bool = True, rng: random.Random | None = None) -> None:
    """Columns padded to widths; a cell too long wraps down its column while its
    neighbours stay on the row's first line (or are centred when valign_top is False)."""
    for row in rows:
        wrapped = [wrap_cell(cell, w) for cell, w in zip(row, widths)]
        height = max(len(c) for c in wrapped)
        offsets = [0 if valign_top else (height - len(c)) // 2 for c in wrapped]
        for line in range(height):
            pending = 0
            for j, (cell_lines, w) in enumerate(zip(wrapped, widths)):
                k = line - offsets[j]
                pieces = cell_lines[k] if 0 <= k < len(cell_lines) else []
                if pieces:
                    b.write(" " * pending)
                    written = _write_line(b, pieces)
                    pending = max(w - written, 0) + gap
                else:
                    pending += w + gap
            b.write("\n")


def _write_line(b: Builder, pieces: list[Piece]) -> int:
    start = b.pos
    for k, p in enumerate(pieces):
        if k and not p.glue:
            b.write(" ")
        b.piece(p)
    return b.pos - start


# --- reading order ---------------------------------------------------------------------------

def write_reading(b: Builder, rows: list[list[Cell]], rng: random.Random, width: int = 40,
                  blank: float = 0.5) -> None:
    """Each non-empty cell on lines of its own, rows in order; blank lines between some."""
    for row in rows:
        for cell in row:
            if not any(p.text.strip() for p in cell):
                continue
            for line in wrap_cell(cell, width):
                _write_line(b, line)
                b.write("\n")
            if rng.random() < blank:
                b.write("\n")


def write_columns_first(b: Builder, rows: list[list[Cell]], rng: random.Random, width: int = 40) -> None:
    """pdftotext's block order: a group of columns for all rows, then the next group."""
    if not rows:
        return
    n = max(len(r) for r in rows)
    cut = rng.randint(1, max(1, n - 1))
    for cols in (range(0, cut), range(cut, n)):
        for row in rows:
            write_reading(b, [[row[c] for c in cols if c < len(row)]], rng, width, blank=0.6)


# --- one long line ------------------------------------------------------------------------

def write_megaline(b: Builder, rows: list[list[Cell]]) -> None:
    """markitdown's nested tables: every row of the table on one line, ' | ' between cells."""
    width = max((len(r) for r in rows), default=1)
    b.write("| " + " | ".join([""] * width) + " |\n| " + " | ".join(["---"] * width) + " |\n| |")
    for row in rows:
        for cell in row:
            b.write(" ")
            write_cell(b, cell)
            b.write(" |")
        b.write(" |")
    b.write("\n")


def paragraph(b: Builder, cell: Cell, width: int | None = None) -> None:
    """A line of text, wrapped at `width` if given (html2text's body_width)."""
    if width is None:
        write_cell(b, cell)
        b.write("\n")
        return
    for line in wrap_cell(cell, width):
        _write_line(b, line)
        b.write("\n")


def static_cells(lines: list[str]) -> list[Cell]:
    return [[static(line)] for line in lines]


def widths_for(rows: list[list[Cell]], total: int, minimum: int = 4) -> list[int]:
    """Column widths in proportion to the longest word of each column's data."""
    n = max(len(r) for r in rows)
    need = [minimum] * n
    for row in rows[2:] or rows:
        for j, cell in enumerate(row):
            longest = max((len(w.text) for p in cell for w in p.words()), default=0)
            need[j] = max(need[j], min(longest + 1, 24))
    spare = max(0, total - sum(need))
    return [w + spare // n for w in need]


__all__ = ["write_cell", "table_grid", "write_delimited", "write_fixed", "write_reading",
           "write_columns_first", "write_megaline", "paragraph", "static_cells", "widths_for",
           "textwrap"]
