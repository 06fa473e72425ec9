"""Train the tagger: annotations (+ generated documents) -> a model folder with meta.json.

The stacked tagger's second layer learns from first-layer predictions that the first
layer made without seeing the document (k-fold, by document), as at prediction time.
"""
from __future__ import annotations

import platform
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extractor.tagger import Tagger

from .data import Example

FOLDS = 3


@dataclass
class TrainConfig:
    C: float = 0.5
    min_count: int = 2
    max_iter: int = 200
    stacked: bool = True
    seed: int = 0
    real_weight: float = 3.0     # a real document's tokens count this many times


def fit_tagger(examples: list[Example], config: TrainConfig, log=lambda msg: None) -> Tagger:
    """First layer k-fold for out-of-fold predictions, then both layers on everything."""
    docs = [e.doc for e in examples]
    tags = [e.tags for e in examples]
    weights = [[config.real_weight if e.meta.get("source_kind") != "synthetic" else 1.0] * len(e.tags)
               for e in examples]
    params = dict(C=config.C, min_count=config.min_count, max_iter=config.max_iter)
    if not config.stacked:
        return Tagger(stacked=False, **params).fit(docs, tags, weights)
    order = list(range(len(examples)))
    random.Random(config.seed).shuffle(order)
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    first_pass: list[np.ndarray | None] = [None] * len(examples)
    for k, held in enumerate(folds):
        held_set = set(held)
        train_ids = [i for i in order if i not in held_set]
        started = time.perf_counter()
        layer = Tagger(stacked=False, **params).fit([docs[i] for i in train_ids],
                                                     [tags[i] for i in train_ids],
                                                     [weights[i] for i in train_ids])
        for i in held:
            first_pass[i] = layer.predict_proba(docs[i])[1]
        log(f"fold {k + 1}/{FOLDS}: {time.perf_counter() - started:.1f}s")
    return Tagger(stacked=True, **params).fit(docs, tags, weights, first_pass=first_pass)


def library_versions() -> dict[str, str]:
    import scipy
    import sklearn
    import spacy

    return {"python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
            "spacy": spacy.__version__}


def token_scores(tagger: Tagger, examples: list[Example]) -> dict:
    """Token-level precision/recall/F1 over field labels (B/I merged), micro and per label."""
    from extractor.vocabulary import BIO_TAGS

    counts: dict[str, list[int]] = {}
    for e in examples:
        _, proba = tagger.predict_proba(e.doc)
        pred = [BIO_TAGS[j].split("-", 1)[-1] for j in proba.argmax(axis=1)] if len(proba) else []
        for gold, guess in zip((t.split("-", 1)[-1] for t in e.tags), pred):
            for label, kind in ((gold, "gold"), (guess, "pred")):
                if label != "O":
                    counts.setdefault(label, [0, 0, 0])[0 if kind == "gold" else 1] += 1
            if gold == guess and gold != "O":
                counts[gold][2] += 1
    return summarize(counts)


def summarize(counts: dict[str, list[int]]) -> dict:
    def prf(g, p, tp):
        precision = tp / p if p else 1.0
        recall = tp / g if g else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "gold": g, "predicted": p, "correct": tp}

    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"micro": prf(*total), "per_label": {k: prf(*v) for k, v in sorted(counts.items())}}
