"""The token classifier: feature strings -> a probability for every BIO tag.

A linear model over hashed features (scikit-learn's `FeatureHasher` and a softmax
logistic regression), with an optional second pass that adds the first pass's
predictions for neighbouring tokens as features (stacking). Weights are stored as
arrays (`weights.npz`, no pickle) beside `meta.json`; loading checks the feature
version and label set and refuses a mismatch with `ModelError`.
"""
from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from zlib import crc32

import numpy as np
from scipy import sparse

from .features import FEATURE_VERSION, doc_features
from .vocabulary import BIO_TAGS

WEIGHTS = "weights.npz"
META = "meta.json"
HASH_BUCKETS = 2 ** 22


_BUCKETS: dict[str, int] = {}


def hash_features(feats: list[list[str]]) -> sparse.csr_matrix:
    """Rows of feature strings -> binary CSR over 2^22 CRC-32 buckets (cached per string:
    most feature strings repeat from token to token; zlib keeps scikit-learn out of the
    runtime imports)."""
    if len(_BUCKETS) > 2_000_000:
        _BUCKETS.clear()
    cache, indices, indptr = _BUCKETS, [], [0]
    for row in feats:
        for f in row:
            b = cache.get(f)
            if b is None:
                b = cache[f] = crc32(f.encode("utf-8", "surrogatepass")) % HASH_BUCKETS
            indices.append(b)
        indptr.append(len(indices))
    X = sparse.csr_matrix((np.ones(len(indices), np.float32), np.asarray(indices, np.int32),
                           np.asarray(indptr, np.int64)), shape=(len(feats), HASH_BUCKETS))
    X.sum_duplicates()
    X.data[:] = 1.0
    return X


class ModelError(RuntimeError):
    """A model folder that is missing, corrupt, or made for other features or labels."""


@dataclass
class LinearLayer:
    """Softmax over features @ coef.T + intercept. Features are hashed into 2^22 buckets;
    only the buckets seen in training (`columns`) have weights, kept sparse."""
    columns: np.ndarray              # sorted hashed bucket of each weight column
    coef: sparse.csr_matrix          # (n_tags, len(columns))
    intercept: np.ndarray            # (n_tags,)

    def __post_init__(self):
        self._coef_t = self.coef.T.tocsr()
        self._lookup = np.full(HASH_BUCKETS, -1, dtype=np.int32)
        self._lookup[self.columns] = np.arange(len(self.columns), dtype=np.int32)

    def select(self, X: sparse.csr_matrix) -> sparse.csr_matrix:
        """Keep the columns this layer has weights for, renumbered."""
        new = self._lookup[X.indices]
        mask = new >= 0
        cum = np.concatenate([[0], np.cumsum(mask)])
        return sparse.csr_matrix((X.data[mask], new[mask], cum[X.indptr]),
                                 shape=(X.shape[0], len(self.columns)))

    def proba(self, X: sparse.csr_matrix) -> np.ndarray:
        scores = (self.select(X) @ self._coef_t).toarray() + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores


@dataclass
class Tagger:
    """fit / predict_proba / save / load. Parameters only in __init__; fitted state ends in _."""
    min_count: int = 2
    C: float = 0.5
    max_iter: int = 200
    stacked: bool = True
    prune: float = 1e-3
    o_keep: float = 0.3          # share of outside tokens kept for fitting (weighted back up)
    seed: int = 0
    tags: tuple[str, ...] = BIO_TAGS
    layers_: list[LinearLayer] = field(default_factory=list)
    meta_: dict = field(default_factory=dict)

    # --- features -------------------------------------------------------------------
    def _matrix(self, feats: list[list[str]]) -> sparse.csr_matrix:
        return hash_features(feats)

    def _stack_features(self, feats: list[list[str]], proba: np.ndarray, lines: list[int]) -> list[list[str]]:
        """First-pass guesses of the neighbours (and of the line) as extra features."""
        best = [self.tags[j].split("-", 1)[-1] for j in proba.argmax(axis=1)]
        conf = proba.max(axis=1)
        n = len(feats)
        out = []
        for p in range(n):
            f = list(feats[p])
            f.append(f"p0={best[p]}|{'h' if conf[p] > 0.8 else 'l'}")
            for d in (-2, -1, 1, 2):
                q = p + d
                f.append(f"p{d}={best[q] if 0 <= q < n else '<edge>'}")
            f.append(f"p-1+p1={best[p - 1] if p else '<edge>'}|{best[p + 1] if p + 1 < n else '<edge>'}")
            out.append(f)
        return out

    # --- training -------------------------------------------------------------------
    def fit(self, docs: list, tags: list[list[str]], weights: list[list[float]] | None = None,
            first_pass: list[np.ndarray] | None = None) -> "Tagger":
        """Train on docs with one BIO tag per content token. `first_pass`: out-of-fold
        first-layer probabilities for each doc (required when stacked)."""
        from sklearn.linear_model import LogisticRegression

        index = {t: j for j, t in enumerate(self.tags)}
        feats, lines = [], []
        for doc in docs:
            idx, f = doc_features(doc)
            feats.append(f)
            lines.append([doc.user_data["layout"]["line"][i] for i in idx])
        y = np.array([index[t] for doc_tags in tags for t in doc_tags])
        w = np.concatenate([np.asarray(ws, float) for ws in weights]) if weights else np.ones(len(y))
        # most tokens are outside every field and easy: fit on a share of them, weighted up
        keep = np.random.default_rng(self.seed).random(len(y)) < self.o_keep
        keep |= y != 0
        w = np.where(y == 0, w / self.o_keep, w)[keep]
        y = y[keep]
        self.layers_ = []
        layer_inputs = [feats]
        if self.stacked:
            if first_pass is None:
                raise ValueError("a stacked tagger needs out-of-fold first-pass probabilities")
            layer_inputs.append([self._stack_features(f, p, ln)
                                 for f, p, ln in zip(feats, first_pass, lines)])
        for layer_feats in layer_inputs:
            X = self._matrix([f for doc_f in layer_feats for f in doc_f])[keep]
            counts = np.bincount(X.indices, minlength=HASH_BUCKETS)
            columns = np.flatnonzero(counts >= self.min_count).astype(np.int32)
            seed = LinearLayer(columns, sparse.csr_matrix((len(self.tags), len(columns))),
                               np.zeros(len(self.tags), np.float32))
            model = LogisticRegression(C=self.C, max_iter=self.max_iter, tol=1e-4)
            model.fit(seed.select(X), y, sample_weight=w)
            self.layers_.append(self._layer_from(model, columns))
        return self

    def _layer_from(self, model, columns: np.ndarray) -> LinearLayer:
        coef = np.zeros((len(self.tags), model.coef_.shape[1]), dtype=np.float32)
        intercept = np.full(len(self.tags), -30.0, dtype=np.float32)  # tags never seen
        for row, cls in enumerate(model.classes_):
            coef[cls] = model.coef_[row] if model.coef_.shape[0] > 1 else model.coef_[0]
            intercept[cls] = model.intercept_[row] if len(model.intercept_) > 1 else model.intercept_[0]
        coef[np.abs(coef) < self.prune] = 0.0
        return LinearLayer(columns, sparse.csr_matrix(coef), intercept)

    # --- prediction -----------------------------------------------------------------
    def predict_proba(self, doc, layers: int | None = None) -> tuple[list[int], np.ndarray]:
        """(content token indices, probabilities of shape (n_tokens, n_tags))."""
        if not self.layers_:
            raise ModelError("the tagger has not been trained or loaded")
        idx, feats = doc_features(doc)
        if not idx:
            return idx, np.zeros((0, len(self.tags)))
        proba = self.layers_[0].proba(self._matrix(feats))
        for layer in self.layers_[1:(layers or len(self.layers_))]:
            lines = [doc.user_data["layout"]["line"][i] for i in idx]
            proba = layer.proba(self._matrix(self._stack_features(feats, proba, lines)))
        return idx, proba

    def spans(self, doc):
        """(content token indices, labelled spans, mean top probability)."""
        from .decode import decoded

        return decoded(doc, *self.predict_proba(doc))

    # --- persistence ----------------------------------------------------------------
    def save(self, folder: Path, meta: dict | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {}
        for k, layer in enumerate(self.layers_):
            c = layer.coef
            arrays[f"l{k}_columns"] = layer.columns.astype(np.int32)
            arrays[f"l{k}_data"] = c.data.astype(np.float32)
            arrays[f"l{k}_indices"] = c.indices.astype(np.int32)
            arrays[f"l{k}_indptr"] = c.indptr.astype(np.int64)
            arrays[f"l{k}_intercept"] = layer.intercept.astype(np.float32)
        np.savez_compressed(folder / WEIGHTS, **arrays)
        info = dict(meta or {})
        info.update(kind="linear", feature_version=FEATURE_VERSION, tags=list(self.tags), layers=len(self.layers_),
                    params={"min_count": self.min_count, "C": self.C, "stacked": self.stacked,
                            "prune": self.prune, "max_iter": self.max_iter, "o_keep": self.o_keep,
                            "seed": self.seed})
        (folder / META).write_text(json.dumps(info, indent=2) + "\n")
        self.meta_ = info

    @classmethod
    def load(cls, folder: Path, info: dict | None = None) -> "Tagger":
        folder = Path(folder)
        info = info if info is not None else read_meta(folder)
        params = info.get("params", {})
        tagger = cls(min_count=int(params.get("min_count", 2)), C=float(params.get("C", 1.0)),
                     stacked=bool(params.get("stacked", False)), prune=float(params.get("prune", 0.0)))
        try:
            with np.load(folder / WEIGHTS, allow_pickle=False) as arrays:
                for k in range(int(info["layers"])):
                    columns = arrays[f"l{k}_columns"]
                    coef = sparse.csr_matrix(
                        (arrays[f"l{k}_data"].astype(np.float32), arrays[f"l{k}_indices"],
                         arrays[f"l{k}_indptr"]), shape=(len(BIO_TAGS), len(columns)))
                    tagger.layers_.append(LinearLayer(columns, coef, arrays[f"l{k}_intercept"]))
        except FileNotFoundError as exc:
            raise ModelError(f"no model weights in {folder}: {WEIGHTS} is missing") from exc
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{folder / WEIGHTS} is corrupt or incomplete: {exc}") from exc
        tagger.meta_ = info
        return tagger


def read_meta(folder: Path) -> dict:
    """meta.json of a model folder, checked against this code's features and labels."""
    folder = Path(folder)
    try:
        info = json.loads((folder / META).read_text())
    except FileNotFoundError as exc:
        raise ModelError(f"no model in {folder}: {META} is missing") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{folder / META} is not valid JSON: {exc}") from exc
    if not isinstance(info, dict):
        raise ModelError(f"{folder / META} is not a model description")
    if info.get("feature_version") != FEATURE_VERSION:
        raise ModelError(f"model in {folder} was trained on feature version "
                         f"{info.get('feature_version')}, this code computes {FEATURE_VERSION}")
    if tuple(info.get("tags", ())) != BIO_TAGS:
        raise ModelError(f"model in {folder} predicts a different label set than this code uses")
    return info


def load_tagger(folder: Path):
    """The tagger in a model folder, of whichever kind meta.json names."""
    info = read_meta(folder)
    kind = info.get("kind", "linear")
    if kind == "crf":
        from .crf import CrfTagger
        return CrfTagger.load(folder, info)
    if kind != "linear":
        raise ModelError(f"model in {folder} is of an unknown kind {kind!r}")
    return Tagger.load(folder, info)
