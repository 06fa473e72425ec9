"""Finding a gold value in a tokenised document: every occurrence, OCR-tolerant.

`DocIndex` is a searchable view of a Doc's content tokens (whitespace and pure markup
such as pipes, tags and rules left out). Each search returns `Hit`s: a run of content
tokens, how well it matched (cost 0 = exact), and for text the tokens that matched.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from extractor.features import MARKUP_TEXT, content_tokens
from extractor.tokenizer import CHECK_MARK, doc_text, split
from extractor.values import (code_readings, date_readings, decimal_key, near_date,
                              number_readings)

# the form's references to its instructions, OCR'd too: '(Instr. 3, 4 and 5)', '(inst 4)', '(ist. 3)'
_INSTRUCTION_RE = re.compile(r"\(\s*(?:[Il1i]n?|n)st\w*\.?[^()\n]{0,30}\)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# how alike a stretch of misread words must be to its gold words to count (share of characters)
NEAR_AGREEMENT = 0.6
MARKS = frozenset({"X", "x", CHECK_MARK, "✓", "✔", "☒", "☑", "×"})


def text_key(text: str) -> str:
    """Comparable form of a token: case-folded, unescaped, typographic quotes unified."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace("\\", "")
    return text.casefold()


@dataclass(frozen=True)
class Hit:
    first: int           # index into DocIndex.toks (content tokens), inclusive
    last: int            # inclusive
    cost: float          # 0 = exact; higher = less certain
    matched: tuple[int, ...] = ()   # content tokens that matched (text search)


@dataclass
class DocIndex:
    doc: object
    toks: list[int] = field(default_factory=list)        # doc token index of each content token
    keys: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)     # char offset of each key in `joined`
    joined: str = ""
    text_lines: list[int] = field(default_factory=list)  # each token's line among lines with content
    # tokens of the form's own references, '(Instr. 3, 4 and 5)': never a value
    instructions: frozenset[int] = frozenset()

    @classmethod
    def build(cls, doc) -> "DocIndex":
        lay = doc.user_data["layout"]
        index = cls(doc)
        pos = 0
        parts = []
        for i in content_tokens(doc):
            key = text_key(lay["norm"][i])
            index.toks.append(i)
            index.keys.append(key)
            index.offsets.append(pos)
            parts.append(key)
            pos += len(key) + 1
        index.joined = " ".join(parts)
        # sparse OCR's blank line after every line does not count
        lines = [lay["line"][i] for i in index.toks]
        rank = {line: r for r, line in enumerate(sorted(set(lines)))}
        index.text_lines = [rank[line] for line in lines]
        spans = [m.span() for m in _INSTRUCTION_RE.finditer(doc_text(doc))]
        starts = [a for a, _ in spans]
        inside = []
        for k, i in enumerate(index.toks):
            s = bisect.bisect_right(starts, doc[i].idx) - 1
            if s >= 0 and doc[i].idx < spans[s][1]:
                inside.append(k)
        index.instructions = frozenset(inside)
        return index

    # --- geometry ---------------------------------------------------------------------
    def token(self, k: int):
        return self.doc[self.toks[k]]

    def attr(self, name: str, k: int):
        return self.doc.user_data["layout"][name][self.toks[k]]

    def char_span(self, first: int, last: int) -> tuple[int, int]:
        a, b = self.token(first), self.token(last)
        return a.idx, b.idx + len(b)

    def line(self, k: int) -> int:
        return self.attr("line", k)

    def cells_per_line(self) -> float:
        """Median number of content tokens on a non-empty line: about 1-3 where every
        cell is a line of its own (reading-order text, sparse OCR), more in row layouts."""
        counts: dict[int, int] = {}
        for k in range(len(self.toks)):
            line = self.line(k)
            counts[line] = counts.get(line, 0) + 1
        values = sorted(counts.values())
        return values[len(values) // 2] if values else 0.0

    # --- searches ---------------------------------------------------------------------
    def numbers(self, value: float | Decimal, max_pieces: int = 2) -> list[Hit]:
        """Runs of 1-2 tokens on one line that read as `value` (split cells, OCR)."""
        target = decimal_key(value)
        hits = []
        for k in range(len(self.toks)):
            if not has_digit(self.keys[k]) or k in self.instructions:
                continue
            for n in range(1, max_pieces + 1):
                last = k + n - 1
                if last >= len(self.toks) or (n > 1 and not self._adjacent(k, last)):
                    break
                pieces = [self.token(j).text for j in range(k, last + 1)]
                readings = [decimal_key(v) for v in number_readings(pieces)]
                if target in readings:
                    exact = n == 1 and readings[0] == target
                    hits.append(Hit(k, last, 0.0 if exact else 1.0 + 0.5 * readings.index(target)))
                    break
        return drop_overlaps(hits)

    def dates(self, value: dt.date, max_pieces: int = 5) -> list[Hit]:
        """Runs of tokens on one line that read as `value`: '11/01/2024', a date split
        over cells, or OCR damage ('lo1/o6/2025' is 01/06/2025 with a stray stroke)."""
        hits = []
        for k in range(len(self.toks)):
            if not has_digit(self.keys[k]) and self.keys[k] not in ("l", "o", "i", "|"):
                continue
            for n in range(1, max_pieces + 1):
                last = k + n - 1
                if last >= len(self.toks) or (n > 1 and not self._adjacent(k, last)):
                    break
                pieces = [self.token(j).text for j in range(k, last + 1)]
                if n <= 2:
                    readings = date_readings(pieces)
                    if value in readings:
                        hits.append(Hit(k, last, 0.0 if n == 1 and readings[0] == value else 1.0))
                        break
                if near_date(pieces, value):
                    hits.append(Hit(k, last, 2.0))
                    break
        return drop_overlaps(hits)

    def codes(self, value: str, alphabet: str) -> list[Hit]:
        hits = []
        kinds = self.doc.user_data["layout"]["kind"]
        for k, key in enumerate(self.keys):
            if kinds[self.toks[k]] in ("fnmark", "link", "tag") or k in self.instructions \
                    or self._bracketed(k):
                continue
            readings = code_readings(self.token(k).text, alphabet)
            if value in readings:
                hits.append(Hit(k, k, 0.0 if readings[0] == value and
                                self.token(k).text == value else 1.0))
        return hits

    def _bracketed(self, k: int) -> bool:
        """A letter in brackets, '(A)', '(D)', '(I)', is the form's column heading; a
        table's cell holds the bare letter."""
        doc, i = self.doc, self.toks[k]
        return 0 < i < len(doc) - 1 and doc[i - 1].text == "(" and doc[i + 1].text == ")" \
            and not doc[i - 1].whitespace_ and not doc[i].whitespace_

    def refs(self, number: str) -> list[Hit]:
        """Footnote markers '(n)' in any of their forms."""
        want = f"({number})"
        return [Hit(k, k, 0.0) for k, key in enumerate(self.keys) if key == want]

    def marks(self) -> list[int]:
        return [k for k, key in enumerate(self.keys)
                if self.doc.user_data["layout"]["norm"][self.toks[k]] in MARKS]

    def texts(self, value: str, min_score: float | None = None, taken=frozenset()) -> list[Hit]:
        """Contiguous runs of tokens that read as `value`, exact first, then fuzzy. A long
        text is looked for among tokens not `taken` (another note may read much like it)."""
        gold = gold_keys(value)
        if not gold:
            return []
        target = " ".join(gold)
        n = len(gold)
        exact = self._exact(gold)
        if len(target) <= 3:
            return exact
        if min_score is None:
            min_score = 90.0 if len(target) <= 7 else 85.0 if len(target) <= 40 else 80.0
        if n > 12 and exact:
            return exact
        if n > 12:
            return self._long_text(gold, min_score, taken)
        found: list[Hit] = list(exact)
        for width in sorted({max(1, n - 1), n, n + 1}):
            windows = [" ".join(self.keys[k:k + width]) for k in range(len(self.keys) - width + 1)]
            for _, score, k in process.extract(target, windows, scorer=fuzz.ratio,
                                               score_cutoff=min_score, limit=None):
                found.append(Hit(k, k + width - 1, (100.0 - score) / 10.0 + 0.5))
        return drop_overlaps(sorted(found, key=lambda h: (h.cost, h.first)))

    def _exact(self, gold: list[str]) -> list[Hit]:
        target = " ".join(gold)
        hits, start = [], 0
        while True:
            pos = self.joined.find(target, start)
            if pos < 0:
                return hits
            start = pos + 1
            k = _bisect(self.offsets, pos)
            if self.offsets[k] != pos:
                continue
            end = pos + len(target)
            last = _bisect(self.offsets, end - 1)
            if self.offsets[last] + len(self.keys[last]) != end:
                continue
            hits.append(Hit(k, last, 0.0, tuple(range(k, last + 1))))

    def _long_text(self, gold: list[str], min_score: float, taken=frozenset()) -> list[Hit]:
        """Long text (footnotes, remarks): seed where a stretch of it reads best, then
        align token by token so a truncated, interrupted or OCR-damaged rendering lands.
        Tokens `taken` are masked out (same offsets, no letters to match)."""
        target = " ".join(gold)
        joined = " ".join("\0" * len(key) if k in taken else key for k, key in enumerate(self.keys)) \
            if taken else self.joined
        probes = [target] + [target[i:i + 100] for i in range(0, max(1, len(target) - 60), 80)]
        for probe in probes:
            cutoff = min_score if probe is target else min(min_score, 70.0)
            al = fuzz.partial_ratio_alignment(probe, joined, score_cutoff=cutoff)
            if al is None:
                continue
            k0 = _bisect(self.offsets, al.dest_start)
            if probe is target:   # the whole text read here: align within it (a note much like
                # it next door, 'one of the Managing Members of FF II ...', must not draw it away)
                lo, hi = max(0, k0 - 5), min(len(self.keys), _bisect(self.offsets, al.dest_end) + 6)
            else:                 # a stretch of it read here: the text lies around
                lo, hi = max(0, k0 - len(gold) - 5), min(len(self.keys), k0 + 2 * len(gold) + 10)
            hit = self.align_tokens(gold, [k for k in range(lo, hi) if k not in taken], near=True)
            if hit and hit.cost < 5.0:
                return [hit]
        return []

    def _openings(self, value: str, exclude) -> tuple[list[str], list[int]]:
        """A value's gold keys, and the tokens not in `exclude` where it may open: each
        occurrence of its first word (none for a value of one word)."""
        gold = gold_keys(value)
        if len(gold) < 2:
            return gold, []
        return gold, [k for k, key in enumerate(self.keys) if key == gold[0] and k not in exclude]

    def pieces(self, value: str, exclude=frozenset(), max_lines: int = 6) -> list[Hit]:
        """Text wrapped down one column while other columns go on beside it (fixed-width
        layouts, reading-order text): from each occurrence of its first word, align the
        value to the rest of that line and the same column of the next lines."""
        gold, openings = self._openings(value, exclude)
        hits = []
        for k in openings:
            line, col = self.line(k), self.attr("col", k)
            ks = []
            for j in range(k, min(len(self.keys), k + 40 * max_lines)):
                dl = self.line(j) - line
                if dl > max_lines:
                    break
                if j in exclude:
                    continue
                if dl > 0 and abs(self.attr("col", j) - col) <= 12:
                    if self.keys[j] == gold[0]:
                        break       # the same value again, in the next row
                    ks.append(j)
                elif dl == 0 and j <= k + len(gold) + 1:
                    ks.append(j)
            hit = self.align_tokens(gold, ks)
            if hit is not None and hit.cost <= 3.0:
                hits.append(Hit(hit.first, hit.last, hit.cost + 1.0, hit.matched))
        return drop_overlaps(hits)

    def wrapped(self, value: str, exclude=frozenset(), max_lines: int = 2) -> list[Hit]:
        """Text that wraps onto the next lines with other cells printed between its pieces
        ('C/O ARROW ELECTRONICS, INC., 9151' / '02/12/2025' / 'EAST PANORAMA CIRCLE': the
        header box in pdftotext and OCR): from each occurrence of its first word, align
        the value to the tokens of that line and the next `max_lines` lines. Only hits
        over more than one line, nearly every gold character read."""
        gold, openings = self._openings(value, exclude)
        hits = []
        for k in openings:
            ks = []
            for j in range(k, min(len(self.keys), k + 20 * (max_lines + 1))):
                if self.text_lines[j] - self.text_lines[k] > max_lines:
                    break
                if j not in exclude:
                    ks.append(j)
            hit = self.align_tokens(gold, ks, near=True)
            if hit is not None and hit.cost <= 1.0 and self.line(hit.last) != self.line(hit.first):
                hits.append(hit)
        return drop_overlaps(hits)

    def align_tokens(self, gold: list[str], ks, near: bool = False) -> Hit | None:
        """Align gold tokens to the content tokens `ks` (in order); the hit spans first to
        last matched token. cost 0 when every gold character matched. With `near`, words
        OCR misread ('insalliments' for 'installments') match for the share of their
        characters that agree, where a stretch of gold words faces a stretch of others."""
        ks = list(ks)
        if not ks:
            return None
        keys = [self.keys[k] for k in ks]
        sm = SequenceMatcher(None, gold, keys, autojunk=False)
        pairs = [(block.b + j, len(gold[block.a + j]))
                 for block in sm.get_matching_blocks() for j in range(block.size)]
        if near:
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag != "replace":
                    continue
                agree = fuzz.ratio(" ".join(gold[i1:i2]), " ".join(keys[j1:j2])) / 100
                if agree >= NEAR_AGREEMENT:
                    share = agree * sum(len(g) for g in gold[i1:i2]) / (j2 - j1)
                    pairs += [(j, share) for j in range(j1, j2)]
                else:   # a stop misread at either end of the stretch ('therein,' for 'therein.')
                    ends = {(i1, j1), (i2 - 1, j2 - 1)} if i2 - i1 == j2 - j1 else {(i1, j1)}
                    pairs += [(j, 1) for i, j in ends if _stop(gold[i]) and _stop(keys[j])]
            pairs.sort()
        cluster = [(ks[b], c) for b, c in self._densest(pairs, ks)]
        total = sum(len(g) for g in gold)
        chars = sum(c for _, c in cluster)
        # tokens OCR garbled still count when they sit between matched neighbours
        if not cluster or chars < 0.5 * total:
            return None
        matched = tuple(k for k, _ in cluster)
        return Hit(matched[0], matched[-1], 10.0 * (1 - chars / total), matched)

    def _densest(self, pairs: list[tuple[int, int]], ks: list[int],
                 gap: int = 12) -> list[tuple[int, int]]:
        """The run of matched tokens with most matched characters, cut where more than
        `gap` candidate tokens or 3 lines of text pass without a match (stray common words)."""
        clusters: list[list[tuple[int, int]]] = []
        for b, c in pairs:
            prev = clusters[-1][-1][0] if clusters else None
            if prev is not None and b - prev <= gap and self.text_lines[ks[b]] - self.text_lines[ks[prev]] <= 3:
                clusters[-1].append((b, c))
            else:
                clusters.append([(b, c)])
        return max(clusters, key=lambda cl: sum(c for _, c in cl), default=[])

    def _adjacent(self, a: int, b: int) -> bool:
        """Consecutive content tokens on one line (or one line apart) with a gap of spaces."""
        ta, tb = self.token(a), self.token(b)
        if tb.i - ta.i > 6:
            return False
        return self.line(b) - self.line(a) <= 1


def gold_keys(value: str) -> list[str]:
    """The keys of a gold string's tokens, as the document's tokens would give them."""
    return [text_key(value[s:e]) for s, e, _ in split(value) if value[s:e] not in MARKUP_TEXT]


def _stop(key: str) -> bool:
    """A lone punctuation mark, which OCR reads one for another ('.' ',' ';' ':')."""
    return key in (".", ",", ";", ":")


def has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


def _bisect(offsets: list[int], pos: int) -> int:
    """Index of the last offset at or before `pos` (0 if none)."""
    return max(0, bisect.bisect_right(offsets, pos) - 1)


def drop_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the better of overlapping hits (input ordered best first for text)."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.cost, h.first)):
        if all(h.last < o.first or h.first > o.last for o in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h.first)

