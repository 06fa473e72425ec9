"""Token -> feature strings for the tagger: small pure functions over a Doc's layout.

Only content tokens are classified: whitespace and pure markup (pipes, rules, tags other
than check boxes, underline runs, bold stars) are always outside any field. Features are
plain strings ("w=stock", "heading=price", "-1:shape=dd/dd/dddd"), hashed by the tagger.
"""
from __future__ import annotations

from .tokenizer import CHECK_MARK

FEATURE_VERSION = 7   # 7: rows cut into the form's grid take its columns (layout.GRID)
MARKUP_KINDS = frozenset({"space", "tag", "rule", "underline"})
MARKUP_TEXT = frozenset({"|", "*", "**", "#", "`", "\\*", "\\|", "•", "·"})
_MONTH_WORDS = frozenset("january february march april may june july august september "
                         "october november december".split())


def is_content(kind: str, norm: str) -> bool:
    if kind in MARKUP_KINDS:
        return kind == "tag" and norm == CHECK_MARK
    return norm not in MARKUP_TEXT


def content_tokens(doc) -> list[int]:
    """Indices of the tokens that the tagger classifies, in order."""
    lay = doc.user_data["layout"]
    return [i for i, (k, n) in enumerate(zip(lay["kind"], lay["norm"])) if is_content(k, n)]


_SHAPES: dict[str, str] = {}


def shape(text: str) -> str:
    """'3,052' -> 'd,ddd'; 'Common' -> 'Xx'; long runs collapsed to keep shapes few."""
    cached = _SHAPES.get(text)
    if cached is not None:
        return cached
    if len(_SHAPES) > 500_000:
        _SHAPES.clear()
    _SHAPES[text] = value = _shape(text)
    return value


def _shape(text: str) -> str:
    out = []
    for c in text[:24]:
        if c.isupper():
            s = "X"
        elif c.islower():
            s = "x"
        elif c.isdigit():
            s = "d"
        else:
            s = c
        if len(out) >= 2 and out[-1] == s and out[-2] == s and s in "Xx":
            continue
        out.append(s)
    return "".join(out)


def token_class(kind: str, norm: str) -> str:
    """A coarse class of what a token looks like, for context features."""
    if kind == "date":
        return "date"
    if kind == "number":
        return "num0" if norm.strip("0.,") == "" else ("dec" if "." in norm else "num")
    if kind in ("fnmark", "link"):
        return "fn"
    if norm == CHECK_MARK or norm in ("X", "x"):
        return "mark"
    if kind == "word":
        if len(norm) == 1 and norm.isupper():
            return "letter"
        return "Word" if norm[:1].isupper() else "word"
    if norm == "$":
        return "$"
    return "punct"


def _word_feature(kind: str, lower: str, shp: str) -> str:
    if kind in ("number", "date"):
        return "<" + shp + ">"
    return lower[:20]


def doc_features(doc) -> tuple[list[int], list[list[str]]]:
    """(content token indices, feature strings for each)."""
    lay = doc.user_data["layout"]
    kinds, norms = lay["kind"], lay["norm"]
    idx = content_tokens(doc)
    if not idx:
        return idx, []
    lower = [norms[i].lower() for i in idx]
    shapes = [shape(norms[i]) for i in idx]
    classes = [token_class(kinds[i], norms[i]) for i in idx]
    words = [_word_feature(kinds[i], lw, sh) for i, lw, sh in zip(idx, lower, shapes)]
    lines = [lay["line"][i] for i in idx]
    cells = [lay["cell_id"][i] for i in idx]
    line_info = _line_info(lines, classes, words)
    cell_info = _cell_info(cells, classes, [lay["cell"][i] for i in idx], lines)
    n = len(idx)
    dense = f"dense={_density(lines)}"
    sections, headings, anchors = lay["section"], lay["heading"], lay["last_anchor"]
    cell_index, cols, in_heading = lay["cell"], lay["col"], lay["in_heading"]
    feats = []
    for p, i in enumerate(idx):
        kind, sec, head, anchor = kinds[i], sections[i], headings[i], anchors[i]
        f = [
            "bias", "w=" + words[p], "shape=" + shapes[p], "kind=" + kind, "cls=" + classes[p],
            "sec=" + sec, "head=" + head, "anchor=" + anchor,
            f"sec+head={sec}|{head}", f"sec+anchor={sec}|{anchor}",
            f"cell={min(cell_index[i], 20)}", f"col={min(cols[i] // 8, 30)}", dense,
        ]
        if in_heading[i]:
            f.append("in_heading")
        if kind == "word":
            low = lower[p]
            f += ["p3=" + low[:3], "s3=" + low[-3:], f"len={min(len(low), 8)}"]
            if low in _MONTH_WORDS:
                f.append("month")
        elif kind == "number":
            whole, _, decimals = norms[i].partition(".")
            f += [f"digits={min(sum(c.isdigit() for c in whole), 9)}",
                  f"decimals={len(decimals.partition('.')[0])}"]
        line, cls = lines[p], classes[p]
        for d in (-3, -2, -1, 1, 2, 3):
            q = p + d
            if 0 <= q < n:
                same = "=" if lines[q] == line else "~"
                f.append(f"{d}{same}w={words[q]}")
                if d == -1 or d == 1:
                    f.append(f"{d}{same}cls={classes[q]}")
                    f.append(f"{d}:cls+cls={classes[q]}|{cls}")
            else:
                f.append(f"{d}=edge")
        f += line_info[p]
        f += cell_info[p]
        feats.append(f)
    return idx, feats


def _density(lines: list[int]) -> str:
    """Whether table rows are lines ('rows') or every cell is a line ('cells')."""
    counts: dict[int, int] = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    values = sorted(counts.values())
    return "cells" if values[len(values) // 2] < 4 else "rows"


def _line_info(lines: list[int], classes: list[str], words: list[str]) -> list[list[str]]:
    """Where a token stands in its line: numbers before it, first word of the line ..."""
    out: list[list[str]] = []
    n = len(lines)
    start = 0
    while start < n:
        end = start
        while end < n and lines[end] == lines[start]:
            end += 1
        members = range(start, end)
        nums = [q for q in members if classes[q] in ("num", "dec", "num0")]
        has_date = any(classes[q] == "date" for q in members)
        first = words[start]
        prev_first = words[_line_start(lines, start - 1)] if start > 0 else "<bod>"
        next_first = words[end] if end < n else "<eod>"
        shared = [f"line_first={first}", f"line_len={min(end - start, 12)}",
                  f"line_nums={min(len(nums), 6)}", f"line_date={has_date}",
                  f"prev_line_first={prev_first}", f"next_line_first={next_first}"]
        n_nums = min(len(nums), 6)
        ordinal = 0
        for q in members:
            feats = shared + [f"pos_in_line={min(q - start, 10)}", f"from_end={min(end - 1 - q, 6)}"]
            if classes[q] in ("num", "dec", "num0"):
                feats.append(f"num_ordinal={min(ordinal, 6)}|{n_nums}")
                ordinal += 1
            out.append(feats)
        start = end
    return out


def _line_start(lines: list[int], q: int) -> int:
    while q > 0 and lines[q - 1] == lines[q]:
        q -= 1
    return q


def _cell_info(cells: list[int], classes: list[str], cell_index: list[int], lines: list[int]) -> list[list[str]]:
    """What the neighbouring cells hold (a coarse class of their first token), and how many
    empty cells lie between a cell and the previous filled one on its line (which column
    of a row a value sits in, when converters leave empty columns as empty cells)."""
    order: list[int] = []
    first_class: dict[int, str] = {}
    for cid, cls in zip(cells, classes):
        if cid not in first_class:
            first_class[cid] = cls
            order.append(cid)
    pos = {cid: k for k, cid in enumerate(order)}
    first_token: dict[int, int] = {}
    for q, cid in enumerate(cells):
        first_token.setdefault(cid, q)
    out = []
    per_cell: dict[int, list[str]] = {}
    for q, cid in enumerate(cells):
        first_in_cell = q == 0 or cells[q - 1] != cid
        shared = per_cell.get(cid)
        if shared is None:
            k = pos[cid]
            prev_cell = first_class[order[k - 1]] if k > 0 else "<none>"
            next_cell = first_class[order[k + 1]] if k + 1 < len(order) else "<none>"
            gap = "start"
            if k > 0:
                prev_q = first_token[order[k - 1]]
                if lines[prev_q] == lines[q]:
                    gap = str(min(cell_index[q] - cell_index[prev_q] - 1, 5))
            shared = per_cell[cid] = [f"prev_cell={prev_cell}", f"next_cell={next_cell}",
                                      f"cells={prev_cell}|{next_cell}", f"cell_gap={gap}",
                                      f"cell_gap+prev={gap}|{prev_cell}"]
        out.append(shared + [f"first_in_cell={first_in_cell}"])
    return out
