"""Layout attributes of tokens: line, cell, section and the column heading above.

Computed once per Doc and stored as plain lists in `doc.user_data["layout"]` (one entry
per token, whitespace tokens included), read through `token._.<name>`.

Cells: a line is split at pipes (when it has two or more), else at tabs, else at runs of
two or more spaces. Sections start at the form's own headings (Table I, Table II,
Reporting Owners, Signatures, Explanation of Responses, Remarks); a table's heading that OCR
garbled past its pattern is the line most like it. Column headings are
recovered from the form's numbered boxes ("2. Transaction Date", "5. Amount of ...") and
sub-headings ("Code", "Amount", "(A) or (D)", "Price" ...): by cell index where heading and
data lines are cut the same way, by horizontal overlap in fixed-width text. A delimited
table row cut into exactly the form's columns (GRID) takes the form's column names whatever
its heading rows look like.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .vocabulary import (NON_DERIVATIVE_RE, NUMBERED_COLUMNS, SECTION_PATTERNS,
                         TABLE_HEADING_CORE, TABLE_HEADING_LIKENESS)

TOKEN_ATTRIBUTES = ("kind", "norm", "line", "col", "cell", "cell_id", "section",
                    "heading", "last_anchor", "in_heading")

_NUMBERED_RE = re.compile(r"(?:(?<=^)|(?<=[\s|*#>]))(\d{1,2}A?)\\?\.(?=\s|[A-Za-z(]|$)")
SUB_PHRASES = (
    ("ad", "(A) or (D)"), ("und_amount", "Amount or Number of Shares"),
    ("exercisable", "Date Exercisable"), ("expiration", "Expiration Date"),
    ("own_name", "Reporting Owner Name / Address"), ("ten_pct", "10% Owner"),
    ("acq", "(A)"), ("disp", "(D)"), ("code", "Code"), ("v", "V"), ("amount", "Amount"),
    ("price", "Price"), ("und_title", "Title"), ("director", "Director"),
    ("officer", "Officer"), ("other", "Other"),
)


def _phrase_pattern(name: str, phrase: str) -> str:
    words = r"\s*".join(re.escape(w) for w in phrase.split())
    return rf"(?P<{name}>{words})"


# A phrase stands alone (whitespace, a pipe or bold stars either side). The lookahead on
# the phrases' first letters lets the scan skip most positions at once.
_SUB_RE = re.compile(
    "(?=[" + "".join(sorted({re.escape(phrase[0]) for _, phrase in SUB_PHRASES})) + r"])"
    r"(?<![^\s|*])(?:" + "|".join(_phrase_pattern(name, phrase) for name, phrase in SUB_PHRASES)
    + r")(?![^\s|*])")
_SPACE_SEP_RE = re.compile(r" {2,}|\t")
_PIPE_RE = re.compile(r"(?<!\\)\|")
HEADED_SECTIONS = frozenset({"header", "table1", "table2", "owners"})
# The form's own column order, sub-columns included: a delimited row with exactly this many
# cells is the form's grid, whatever its heading rows look like (converters cut multi-row,
# colspan'd headings in ways that no longer line up with the data cells).
GRID = {
    "table1": ("title", "date", "deemed", "code", "v", "amount", "ad", "price", "owned", "di",
               "nature"),
    "table2": ("title", "conv", "date", "deemed", "code", "v", "acq", "disp", "exercisable",
               "expiration", "und_title", "und_amount", "price", "owned", "di", "nature"),
}
MAX_LINES_UP = 30


@dataclass
class _Line:
    start: int
    end: int
    section: str
    mode: str                 # "pipe", "tab" or "space"
    seps: list[int]           # offsets of cell separators
    anchors: list[tuple[int, int, int, str]]  # (cell, x0, x1, column)
    framed: bool = False      # a separator opens and closes the line ('| a | b |')


def compute(text: str, words: list[str], starts: list[int], kinds: list[str], norms: list[str],
            user_data: dict) -> dict[str, list]:
    """Per-token layout lists for the tokens `words` starting at `starts` in `text`
    (see module docstring); also leaves cells and line starts in `user_data`."""
    n = len(words)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    line_ends = [s - 1 for s in line_starts[1:]] + [len(text)]
    sections = _section_marks(text)
    section_starts = [s for s, _ in sections]
    lines = [_scan_line(text, s, e, section_at(sections, section_starts, _first_char(text, s, e)))
             for s, e in zip(line_starts, line_ends)]

    out: dict[str, list] = {name: [None] * n for name in TOKEN_ATTRIBUTES}
    out["kind"], out["norm"] = kinds, norms
    cells: list[list[int]] = []   # [line, start, end] of each cell's tokens, by cell_id
    cell_key: dict[tuple[int, int], int] = {}
    # tokens come in text order: the line and the section only ever move forward
    li, si = 0, -1
    n_lines, n_sections = len(line_starts), len(section_starts)
    for i in range(n):
        start = starts[i]
        while li + 1 < n_lines and line_starts[li + 1] <= start:
            li += 1
        while si + 1 < n_sections and section_starts[si + 1] <= start:
            si += 1
        line = lines[li]
        cell = bisect.bisect_right(line.seps, start)
        out["line"][i] = li
        out["col"][i] = start - line.start
        out["cell"][i] = cell
        out["section"][i] = sections[si][1] if si >= 0 else "header"
        if kinds[i] == "space":
            out["cell_id"][i] = -1
            continue
        end = start + len(words[i])
        cid = cell_key.get((li, cell))
        if cid is None:
            cid = cell_key[(li, cell)] = len(cells)
            cells.append([li, start, end])
        else:
            cells[cid][2] = end
        out["cell_id"][i] = cid
    _assign_anchors(text, lines)
    _assign_headings(out, lines, starts, cells, kinds)
    user_data["cells"] = [tuple(c) for c in cells]
    user_data["line_starts"] = line_starts
    out["start"] = starts
    out["end"] = [start + len(word) for start, word in zip(starts, words)]
    return out


def _first_char(text: str, start: int, end: int) -> int:
    stripped = len(text[start:end]) - len(text[start:end].lstrip())
    return start + stripped


def _scan_line(text: str, start: int, end: int, section: str) -> _Line:
    body = text[start:end]
    pipes = [m.start() + start for m in _PIPE_RE.finditer(body)]
    if len(pipes) >= 2:
        inner = body.strip()
        return _Line(start, end, section, "pipe", pipes, [],
                     inner.startswith("|") and inner.endswith("|"))
    if "\t" in body:
        tabs = [start + i for i, c in enumerate(body) if c == "\t"]
        return _Line(start, end, section, "tab", tabs, [])
    seps = [m.start() + start for m in _SPACE_SEP_RE.finditer(body)]
    return _Line(start, end, section, "space", seps, [])


def _section_marks(text: str) -> list[tuple[int, str]]:
    marks = [(m.start(), name) for name, pattern in SECTION_PATTERNS for m in pattern.finditer(text)]
    found = {name for _, name in marks}
    if not {"table1", "table2"} <= found:
        marks += [mark for mark in _garbled_table_headings(text) if mark[1] not in found]
    return sorted(marks)


def _garbled_table_headings(text: str) -> list[tuple[int, str]]:
    """Each table's heading as the line most like it, where OCR garbled it past the
    patterns: Table I's has 'Non' before 'Derivative', Table II's does not."""
    best: dict[str, tuple[float, int]] = {}
    start = 0
    for line in text.split("\n"):
        body = line.strip()
        if len(body) >= 30:
            score = fuzz.partial_ratio(TABLE_HEADING_CORE, body)
            name = "table1" if NON_DERIVATIVE_RE.search(body) else "table2"
            if score >= TABLE_HEADING_LIKENESS and score > best.get(name, (0, 0))[0]:
                best[name] = (score, start + len(line) - len(line.lstrip()))
        start += len(line) + 1
    return [(pos, name) for name, (_, pos) in best.items()]


def section_at(sections: list[tuple[int, str]], section_starts: list[int], pos: int) -> str:
    si = bisect.bisect_right(section_starts, pos) - 1
    return sections[si][1] if si >= 0 else "header"


def _assign_anchors(text: str, lines: list[_Line]) -> None:
    """Find column headings in each line of a headed section."""
    for line in lines:
        section = line.section
        if section not in HEADED_SECTIONS:
            continue
        body = text[line.start:line.end]
        if not body.strip():
            continue
        numbered_spans = []
        for m in _NUMBERED_RE.finditer(body):
            column = NUMBERED_COLUMNS.get((section, m.group(1)))
            if column is None:
                continue
            x0 = line.start + m.start()
            cell = bisect.bisect_right(line.seps, x0)
            x1 = line.seps[cell] if cell < len(line.seps) else line.end
            line.anchors.append((cell, x0, x1, column))
            numbered_spans.append((x0, x1))
        for m in _SUB_RE.finditer(body):
            x0, x1 = line.start + m.start(), line.start + m.end()
            if any(a <= x0 < b for a, b in numbered_spans):
                continue
            cell = bisect.bisect_right(line.seps, x0)
            if line.mode != "space" and not _fills_cell(text, line, cell, x0, x1):
                continue
            column = m.lastgroup
            if section == "table1" and column in ("acq", "disp"):
                column = "ad"
            line.anchors.append((cell, x0, x1, column))
        line.anchors.sort(key=lambda a: a[1])


def _fills_cell(text: str, line: _Line, cell: int, x0: int, x1: int) -> bool:
    lo = line.seps[cell - 1] + 1 if cell else line.start
    hi = line.seps[cell] if cell < len(line.seps) else line.end
    rest = (text[lo:x0] + text[x1:hi]).strip(" *\t")
    return not rest


def _assign_headings(out, lines: list[_Line], starts, cells, kinds) -> None:
    anchor_stream = sorted((a[1], a[3], a[2]) for line in lines for a in line.anchors)
    anchor_starts = [a[0] for a in anchor_stream]
    by_cell: dict[int, str] = {}     # a cell's tokens share its heading
    for i, start in enumerate(starts):
        ai = bisect.bisect_right(anchor_starts, start) - 1
        out["last_anchor"][i] = anchor_stream[ai][1] if ai >= 0 else ""
        out["in_heading"][i] = ai >= 0 and start < anchor_stream[ai][2]
        out["heading"][i] = ""
        if kinds[i] == "space" or out["section"][i] not in HEADED_SECTIONS:
            continue
        cid = out["cell_id"][i]
        heading = by_cell.get(cid)
        if heading is None:
            li, x0, x1 = cells[cid]
            line = lines[li]
            heading = _grid_column(line, out["cell"][i])
            if heading is None:
                heading = _heading_above(lines, li, out["cell"][i], x0 - line.start, x1 - line.start)
            by_cell[cid] = heading
        out["heading"][i] = heading


def _grid_column(line: _Line, cell: int) -> str | None:
    """The form's column of a cell in a delimited table row cut exactly into the form's grid."""
    grid = GRID.get(line.section)
    if grid is None or line.mode == "space":
        return None
    cells = len(line.seps) + 1 - 2 * line.framed
    index = cell - line.framed
    if cells != len(grid) or not 0 <= index < cells:
        return None
    return grid[index]


def _heading_above(lines: list[_Line], li: int, cell: int, x0: int, x1: int) -> str:
    """The nearest heading above a cell: same cell index, or overlapping columns."""
    line = lines[li]
    near, near_gap = "", 5
    for lj in range(li - 1, max(-1, li - MAX_LINES_UP), -1):
        above = lines[lj]
        if above.section != line.section:
            break
        if not above.anchors or above.mode != line.mode:
            continue
        if line.mode != "space":
            shift = len(line.seps) - len(above.seps)
            if shift not in (0, 1):
                continue  # cut differently (a heading wrapped over lines): no reliable match
            # one cell fewer above: a column spanning rows (the owner's name) on the left
            for a_cell, _, _, column in above.anchors:
                if a_cell + shift == cell:
                    return column
            continue
        best, best_overlap = "", 0
        for _, a0, a1, column in above.anchors:
            a0 -= above.start
            a1 -= above.start
            overlap = min(x1, a1) - max(x0, a0)
            if overlap > best_overlap:
                best, best_overlap = column, overlap
            gap = max(a0 - x1, x0 - a1)
            if 0 <= gap < near_gap:
                near, near_gap = column, gap
        if best:
            return best
    return near
