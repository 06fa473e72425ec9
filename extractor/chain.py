"""A linear-chain CRF's weights as arrays, scored and decoded with numpy and hmmlearn.

crfsuite trains the tagger (`extractor.crf`); its weights are then read into a table with
one row per attribute (feature string) and one column per label, and a label-to-label
transition matrix, stored as `tagger.npz` (plain arrays, no pickle). At prediction a
document's feature strings look up their rows, one sparse product gives every token's
label scores, and hmmlearn's compiled forward-backward and Viterbi passes give the
marginals and the best path. A chain CRF scores a path as an HMM would whose emission and
transition "probabilities" are exp(score), unnormalised; hmmlearn's scaled forward pass
renormalises at every step, so its recursions give the CRF's marginals and best path
exactly (a test holds them to crfsuite's own). It is also faster than handing the strings
to crfsuite, which looks each one up in a string tree.
"""
from __future__ import annotations

import itertools
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
from hmmlearn import _hmmc    # hmmlearn's own compiled recursions (pinned: hmmlearn<0.4)
from scipy import sparse

BLOCK = 20_000    # tokens scored at a time


class _Rows(dict):
    """Attribute -> row, and the unknown row for a string the model never saw (so that a
    document's strings are looked up by `map`, without a Python loop)."""
    def __init__(self, rows: dict[str, int], unknown: int):
        super().__init__(rows)
        self.unknown = unknown

    def __missing__(self, attribute: str) -> int:
        return self.unknown


@dataclass
class Decoded:
    path: list[str]               # the best path's label of each token
    marginals: np.ndarray         # (tokens, labels): each label's probability at each token
    probability: float            # the best path's probability


@dataclass
class Chain:
    labels: tuple[str, ...]
    attributes: dict[str, int]    # feature string -> row of `state`
    state: np.ndarray             # (attributes + 1, labels); the last row, all 0, is for unknown strings
    transition: np.ndarray        # (labels, labels): score of label i followed by label j

    def __post_init__(self) -> None:
        self.column = {label: k for k, label in enumerate(self.labels)}
        self._rows = _Rows(self.attributes, len(self.attributes))
        self._start = np.ones(len(self.labels))
        self._step = np.exp(self.transition)

    @classmethod
    def from_crfsuite(cls, path: Path | str) -> "Chain":
        """The weights of a crfsuite model file."""
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        labels = tuple(tagger.labels())
        column = {label: k for k, label in enumerate(labels)}
        attributes: dict[str, int] = {}
        for attribute, _ in info.state_features:
            attributes.setdefault(attribute, len(attributes))
        table = np.zeros((len(attributes) + 1, len(labels)))
        for (attribute, label), weight in info.state_features.items():
            table[attributes[attribute], column[label]] = weight
        step = np.zeros((len(labels), len(labels)))
        for (a, b), weight in info.transitions.items():
            step[column[a], column[b]] = weight
        return cls(labels, attributes, table, step)

    # --- persistence ----------------------------------------------------------------
    def save(self, target: Path | BinaryIO) -> None:
        """Arrays only: the attribute strings in row order, and the nonzero weights."""
        rows, cols = np.nonzero(self.state)
        _write_npz(target, labels=np.array(self.labels), attributes=np.array(list(self.attributes)),
                   rows=rows.astype(np.int32), cols=cols.astype(np.int16),
                   weights=self.state[rows, cols], transition=self.transition)

    @classmethod
    def load(cls, path: Path | BinaryIO) -> "Chain":
        """Raises OSError, ValueError, KeyError, IndexError or zipfile.BadZipFile on a
        damaged file."""
        with np.load(path, allow_pickle=False) as arrays:
            labels = tuple(str(x) for x in arrays["labels"])
            names = [str(x) for x in arrays["attributes"]]
            table = np.zeros((len(names) + 1, len(labels)))
            table[arrays["rows"], arrays["cols"]] = arrays["weights"]
            step = np.array(arrays["transition"], dtype=float)
        if step.shape != (len(labels), len(labels)):
            raise ValueError(f"a transition matrix of shape {step.shape} for {len(labels)} labels")
        return cls(labels, {name: k for k, name in enumerate(names)}, table, step)

    # --- prediction -----------------------------------------------------------------
    def scores(self, feats: list[list[str]]) -> np.ndarray:
        """(tokens, labels): the sum of each token's attributes' weights (a block of tokens
        at a time, so a huge document's strings never all stand in one matrix)."""
        out = np.empty((len(feats), len(self.labels)))
        for a in range(0, len(feats), BLOCK):
            block = feats[a:a + BLOCK]
            indptr = np.zeros(len(block) + 1, dtype=np.int64)
            np.cumsum(np.fromiter(map(len, block), dtype=np.int64, count=len(block)), out=indptr[1:])
            rows = np.fromiter(map(self._rows.__getitem__, itertools.chain.from_iterable(block)),
                               dtype=np.int64, count=int(indptr[-1]))
            X = sparse.csr_matrix((np.ones(len(rows)), rows, indptr), shape=(len(block), len(self.state)))
            out[a:a + len(block)] = X @ self.state
        return out

    def decode(self, feats: list[list[str]]) -> Decoded:
        score = self.scores(feats)
        best_score, best = _hmmc.viterbi(self._start, self._step, score)
        # the scaled passes take exp(score); each token's top score is taken out first, so
        # nothing overflows, and added back into the total (in place: a huge document's
        # tables are large)
        top = score.max(axis=1, keepdims=True)
        frame = np.exp(np.subtract(score, top, out=score), out=score)
        log_total, marginals, scaling = _hmmc.forward_scaling(self._start, self._step, frame)
        marginals *= _hmmc.backward_scaling(self._start, self._step, frame, scaling)
        marginals /= marginals.sum(axis=1, keepdims=True)
        probability = math.exp(min(0.0, best_score - (log_total + float(top.sum()))))
        return Decoded([self.labels[k] for k in best], marginals, probability)


def _write_npz(target: Path | BinaryIO, **arrays: np.ndarray) -> None:
    """`np.savez_compressed`, but byte for byte the same from the same arrays: numpy stamps
    each member with the time it was written; here every member is dated 1980-01-01."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(member, "w") as handle:
                np.lib.format.write_array(handle, array, allow_pickle=False)
