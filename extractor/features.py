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
    if len(_SHAPES) > _Strings.LIMIT:      # bounded as the other caches are
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


class _Strings(dict):
    """A bounded cache of feature strings: a feature string depends on a few small values,
    and most of them recur from token to token and document to document (the 400 real and
    generated documents hold 12,700 distinct token texts). Emptied past LIMIT keys, so a
    long batch of OCR's one-off words holds a few MB at most."""

    LIMIT = 20_000

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[key] = self.make(key)
        return value


def _token_strings(key: tuple[str, str]) -> tuple[list[str], list[str], str, str]:
    """What a token's own text gives: its word, shape, kind and class, then what only words
    or only numbers have; and the word and class its neighbours see."""
    kind, norm = key
    low = norm.lower()
    shp = shape(norm)
    cls = token_class(kind, norm)
    word = _word_feature(kind, low, shp)
    own = ["w=" + word, "shape=" + shp, "kind=" + kind, "cls=" + cls]
    extra = []
    if kind == "word":
        extra = ["p3=" + low[:3], "s3=" + low[-3:], f"len={min(len(low), 8)}"]
        if low in _MONTH_WORDS:
            extra.append("month")
    elif kind == "number":
        whole, _, decimals = norm.partition(".")
        extra = [f"digits={min(sum(c.isdigit() for c in whole), 9)}",
                 f"decimals={len(decimals.partition('.')[0])}"]
    return own, extra, word, cls


_TOKEN = _Strings(_token_strings)
_PLACE = _Strings(lambda key: [f"sec={key[0]}", f"head={key[1]}", f"anchor={key[2]}",
                               f"sec+head={key[0]}|{key[1]}", f"sec+anchor={key[0]}|{key[2]}"])
_CELL = [f"cell={k}" for k in range(21)]
_COL = [f"col={k}" for k in range(31)]
_OFFSETS = (-3, -2, -1, 1, 2, 3)
# a neighbour's word as seen from each offset, on the token's line ('=') or not ('~'):
# [2 * k + (not same line)] for the k-th offset
_NEIGHBOUR = _Strings(lambda word: [f"{d}{same}w={word}" for d in _OFFSETS for same in "=~"])
# and the class of the token just before or after: [2 * (after) + (not same line)]
_NEIGHBOUR_CLASS = _Strings(lambda cls: [f"{d}{same}cls={cls}" for d in (-1, 1) for same in "=~"])
_CLASS_PAIR = _Strings(lambda key: f"{key[0]}:cls+cls={key[1]}|{key[2]}")
_EDGE = [f"{d}=edge" for d in _OFFSETS]


def doc_features(doc) -> tuple[list[int], list[list[str]]]:
    """(content token indices, feature strings for each)."""
    lay = doc.user_data["layout"]
    kinds, norms = lay["kind"], lay["norm"]
    idx = content_tokens(doc)
    if not idx:
        return idx, []
    tokens = [_TOKEN[kinds[i], norms[i]] for i in idx]
    classes = [t[3] for t in tokens]
    words = [t[2] for t in tokens]
    lines = [lay["line"][i] for i in idx]
    cells = [lay["cell_id"][i] for i in idx]
    line_info = _line_info(lines, classes, words)
    cell_info = _cell_info(cells, classes, [lay["cell"][i] for i in idx], lines)
    n = len(idx)
    dense = f"dense={_density(lines)}"
    sections, headings, anchors = lay["section"], lay["heading"], lay["last_anchor"]
    cell_index, cols, in_heading = lay["cell"], lay["col"], lay["in_heading"]
    neighbours = [_NEIGHBOUR[w] for w in words]
    neighbour_classes = [_NEIGHBOUR_CLASS[c] for c in classes]
    feats = []
    for p, i in enumerate(idx):
        own, extra, _, cls = tokens[p]
        f = ["bias", *own, *_PLACE[sections[i], headings[i], anchors[i]],
             _CELL[min(cell_index[i], 20)], _COL[min(cols[i] // 8, 30)], dense]
        if in_heading[i]:
            f.append("in_heading")
        f += extra
        line = lines[p]
        for k, d in enumerate(_OFFSETS):
            q = p + d
            if 0 <= q < n:
                other = lines[q] != line
                f.append(neighbours[q][2 * k + other])
                if d == -1 or d == 1:
                    f.append(neighbour_classes[q][(d > 0) * 2 + other])
                    f.append(_CLASS_PAIR[d, classes[q], cls])
            else:
                f.append(_EDGE[k])
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
            feats = shared + [_POS_IN_LINE[min(q - start, 10)], _FROM_END[min(end - 1 - q, 6)]]
            if classes[q] in ("num", "dec", "num0"):
                feats.append(_NUM_ORDINAL[min(ordinal, 6), n_nums])
                ordinal += 1
            out.append(feats)
        start = end
    return out


_POS_IN_LINE = [f"pos_in_line={k}" for k in range(11)]
_FROM_END = [f"from_end={k}" for k in range(7)]
_NUM_ORDINAL = {(k, n): f"num_ordinal={k}|{n}" for k in range(7) for n in range(7)}


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
    per_cell: dict[int, tuple[list[str], list[str]]] = {}   # (first token's, the others')
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
            common = [f"prev_cell={prev_cell}", f"next_cell={next_cell}",
                      f"cells={prev_cell}|{next_cell}", f"cell_gap={gap}",
                      f"cell_gap+prev={gap}|{prev_cell}"]
            shared = per_cell[cid] = (common + ["first_in_cell=True"], common + ["first_in_cell=False"])
        out.append(shared[0] if first_in_cell else shared[1])   # one list per cell, only read
    return out
