"""Each value's probability of being right: features of its reading -> a fitted model.

The features say how sure the tagger was (span probability, its weakest token), how
cleanly the value parsed, whether it was read or inferred, what the checks said, what
kind of field it is and how clean the document reads as a whole. A logistic regression
over them, fitted on extractions of documents the tagger never saw, maps them to a
calibrated probability; it is stored as JSON (`calibration.json`). Without one, the
confidence falls back to span probability times parse quality.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .draft import Provenance

CALIBRATION = "calibration.json"
KINDS = ("long_text", "name", "address", "title", "number", "date", "code", "mark", "ref", "other")


def field_kind(path: str) -> str:
    key = path.rsplit(".", 1)[-1]
    if path.startswith("footnotes") or key == "remarks" or path.endswith("signatures") or \
            (path.startswith("signatures") and key == "name"):
        return "long_text"
    if key in ("name", "officer_title", "other_text") or path.startswith("issuer"):
        return "name"
    if key in ("street1", "street2", "city", "state", "zip"):
        return "address"
    if key in ("security_title", "underlying_security_title", "nature_of_ownership"):
        return "title"
    if key in ("shares", "price_per_share", "shares_owned_following", "underlying_shares",
               "conversion_or_exercise_price"):
        return "number"
    if "date" in key or key == "period_of_report":
        return "date"
    if key in ("transaction_code", "acquired_disposed", "direct_or_indirect"):
        return "code"
    if key.startswith("is_"):
        return "mark"
    if key == "footnotes":
        return "ref"
    return "other"


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def field_features(path: str, prov: Provenance, doc_clean: float) -> dict[str, float]:
    probs = [s.prob for s in prov.spans] or [0.5]
    mins = [s.min_prob for s in prov.spans] or [0.5]
    notes = prov.notes
    feats = {
        "logit_prob": _logit(min(probs)), "logit_min": _logit(min(mins)),
        "quality": prov.quality, "inferred": float(prov.inferred), "no_span": float(not prov.spans),
        "pieces": min(len(prov.spans), 4) / 4,
        "ok": float(sum(n.startswith("ok:") for n in notes)),
        "fail": float(sum(n.startswith("fail:") for n in notes)),
        "repaired": float(sum(n.startswith("repaired:") for n in notes)),
        "doc_clean": _logit(doc_clean),
    }
    kind = field_kind(path)
    for k in KINDS:
        feats[f"kind={k}"] = float(kind == k)
        feats[f"kind={k}*logit_prob"] = feats["logit_prob"] if kind == k else 0.0
    return feats


FEATURE_NAMES = tuple(field_features("x", Provenance(), 0.5))


@dataclass
class Calibrator:
    coef: np.ndarray
    intercept: float

    def predict(self, rows: list[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        X = np.array([[r[n] for n in FEATURE_NAMES] for r in rows])
        return 1 / (1 + np.exp(-(X @ self.coef + self.intercept)))

    @classmethod
    def fit(cls, rows: list[dict[str, float]], correct: list[bool], C: float = 1.0) -> "Calibrator":
        from sklearn.linear_model import LogisticRegression

        X = np.array([[r[n] for n in FEATURE_NAMES] for r in rows])
        y = np.array(correct, dtype=int)
        if len(set(y)) < 2:
            return cls(np.zeros(len(FEATURE_NAMES)), 5.0 if y.all() else -5.0)
        model = LogisticRegression(C=C, max_iter=2000).fit(X, y)
        return cls(model.coef_[0], float(model.intercept_[0]))

    def save(self, folder: Path, extra: dict | None = None) -> None:
        data = {"features": list(FEATURE_NAMES), "coef": [round(float(c), 6) for c in self.coef],
                "intercept": round(self.intercept, 6), **(extra or {})}
        (Path(folder) / CALIBRATION).write_text(json.dumps(data, indent=1) + "\n")

    @classmethod
    def load(cls, folder: Path) -> "Calibrator | None":
        path = Path(folder) / CALIBRATION
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            return None  # made for other features: fall back rather than mis-score
        return cls(np.array(data["coef"], dtype=float), float(data["intercept"]))


def fallback(rows: list[dict[str, float]]) -> np.ndarray:
    """Span probability times parse quality, lowered by failed checks."""
    out = []
    for r in rows:
        p = 1 / (1 + math.exp(-r["logit_prob"])) * r["quality"] * (0.5 ** r["fail"])
        out.append(p * (0.8 if r["inferred"] else 1.0))
    return np.array(out)
