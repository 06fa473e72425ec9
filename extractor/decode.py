"""Token probabilities -> labelled spans with scores (constrained BIO decoding).

Viterbi over the content tokens with the BIO constraint that I-X only follows B-X or
I-X. A span's `prob` is the mean, over its tokens, of the probability that the token is
inside a span of that label (B-X + I-X); `min_prob` is the weakest token's.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .vocabulary import BIO_TAGS, LABEL_NAMES

_LABEL_OF = np.array([t.split("-", 1)[-1] if t != "O" else "" for t in BIO_TAGS])
_IS_I = np.array([t.startswith("I-") for t in BIO_TAGS])
# for every I-X tag: the indices of B-X and I-X, the only tags allowed before it
_I_PREV = {j: (BIO_TAGS.index("B-" + t[2:]), j) for j, t in enumerate(BIO_TAGS) if t.startswith("I-")}
_INSIDE = {name: [BIO_TAGS.index("B-" + name), BIO_TAGS.index("I-" + name)] for name in LABEL_NAMES}


@dataclass(frozen=True)
class TaggedSpan:
    """A labelled span: end-exclusive character offsets into the raw text."""
    start: int
    end: int
    label: str
    prob: float
    min_prob: float
    first: int          # content-token positions (into the tagger's token list)
    last: int


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span `start`-`end` of `text` without the whitespace at its edges (empty at
    `start` when it holds nothing else)."""
    piece = text[start:end]
    if not piece.strip():
        return start, start
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


def token_span(doc, idx: list[int], first: int, last: int, label: str, prob: float,
               min_prob: float) -> TaggedSpan:
    """The span over content tokens `first` to `last` (positions in `idx`) of `doc`."""
    lay = doc.user_data["layout"]
    return TaggedSpan(lay["start"][idx[first]], lay["end"][idx[last]], label, prob, min_prob, first, last)


def covered(spans: list[TaggedSpan]) -> set[int]:
    """The content-token positions the spans cover."""
    return {t for s in spans for t in range(s.first, s.last + 1)}


def viterbi(proba: np.ndarray) -> np.ndarray:
    """Best BIO tag sequence under the constraint; proba is (n_tokens, n_tags)."""
    n, k = proba.shape
    if n == 0:
        return np.zeros(0, dtype=int)
    logp = np.log(np.clip(proba, 1e-12, 1.0))
    score = logp[0].copy()
    score[_IS_I] = -np.inf                      # a sequence cannot open inside a span
    back = np.zeros((n, k), dtype=np.int32)
    i_tags = np.array(sorted(_I_PREV))
    b_prev = np.array([_I_PREV[j][0] for j in i_tags])
    for t in range(1, n):
        best_any = int(np.argmax(score))
        new = np.full(k, score[best_any])
        back[t, :] = best_any
        from_b, from_i = score[b_prev], score[i_tags]
        use_b = from_b >= from_i
        new[i_tags] = np.where(use_b, from_b, from_i)
        back[t, i_tags] = np.where(use_b, b_prev, i_tags)
        score = new + logp[t]
    path = np.zeros(n, dtype=int)
    path[-1] = int(np.argmax(score))
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def decode(doc, idx: list[int], proba: np.ndarray) -> list[TaggedSpan]:
    """Spans of the best constrained tag sequence over content tokens `idx` of `doc`."""
    path = viterbi(proba)
    spans: list[TaggedSpan] = []
    p = 0
    n = len(path)
    while p < n:
        tag = BIO_TAGS[path[p]]
        if tag == "O":
            p += 1
            continue
        label = tag[2:]
        q = p + 1
        while q < n and BIO_TAGS[path[q]] == "I-" + label:
            q += 1
        inside = proba[p:q][:, _INSIDE[label]].sum(axis=1)
        spans.append(token_span(doc, idx, p, q - 1, label, float(inside.mean()), float(inside.min())))
        p = q
    return spans


def decoded(doc, idx: list[int], proba: np.ndarray) -> tuple[list[int], list[TaggedSpan], float]:
    """What a tagger's `spans(doc)` gives, from token probabilities: (content token
    indices, labelled spans, mean top probability as how cleanly the document reads)."""
    clean = float(proba.max(axis=1).mean()) if len(proba) else 0.0
    return idx, decode(doc, idx, proba), clean
