"""Score extracted records against gold records, by the rules of the shared ruler.

Leaves compare as strings after case folding and collapsing whitespace, numbers within
1e-6 relative, lists as sets; rows of a table pair one-to-one by content (Hungarian
assignment on the number of equal leaves); a gold record's `unscored` paths are skipped.
`street` is street1 and street2 joined. Also calibration: expected calibration error
over ten bins, Brier score, and what a review threshold catches.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

SCALARS = ["document_type", "period_of_report", "date_of_original_submission", "remarks"]
ISSUER = ["name", "ticker"]
OWNER = ["name", "street", "city", "state", "zip", "is_director", "is_officer",
         "is_ten_percent_owner", "is_other", "officer_title", "other_text"]
ROW_KEYS = {
    "non_derivative_transactions": [
        "security_title", "transaction_date", "deemed_execution_date", "transaction_code",
        "shares", "price_per_share", "acquired_disposed", "shares_owned_following",
        "direct_or_indirect", "nature_of_ownership", "footnotes"],
    "non_derivative_holdings": [
        "security_title", "shares_owned_following", "direct_or_indirect",
        "nature_of_ownership", "footnotes"],
    "derivative_transactions": [
        "security_title", "conversion_or_exercise_price", "transaction_date",
        "deemed_execution_date", "transaction_code", "shares", "acquired_disposed",
        "exercise_date", "expiration_date", "underlying_security_title", "underlying_shares",
        "price_per_share", "shares_owned_following", "direct_or_indirect",
        "nature_of_ownership", "footnotes"],
    "derivative_holdings": [
        "security_title", "conversion_or_exercise_price", "exercise_date", "expiration_date",
        "underlying_security_title", "underlying_shares", "shares_owned_following",
        "direct_or_indirect", "nature_of_ownership", "footnotes"],
}
SIGNATURE = ["name", "date"]
_NUMBER = re.compile(r"\$?-?[\d,]*\.?\d+")


def norm(value):
    """Comparable form of a leaf value; None means 'no value'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        items = sorted(str(norm(v)) for v in value if norm(v) is not None)
        return tuple(items) if items else None
    text = re.sub(r"\s+", " ", str(value)).strip().casefold()
    if text in ("", "none", "null", "n/a"):
        return None
    if _NUMBER.fullmatch(text):
        try:
            return float(text.replace("$", "").replace(",", ""))
        except ValueError:
            pass
    return text


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
    return a == b


def _owner_leaves(owner: dict) -> dict:
    out = dict(owner)
    out["street"] = " ".join(p for p in (owner.get("street1"), owner.get("street2")) if p) or None
    return out


def _similarity(gold_row: dict, pred_row: dict, keys: list[str]) -> int:
    score = 0
    for key in keys:
        g, p = norm(gold_row.get(key)), norm(pred_row.get(key))
        if g is not None and p is not None and same(g, p):
            score += 1
    return score


def assign(gold_rows: list[dict], pred_rows: list[dict], keys: list[str]) -> dict[int, int]:
    """Best one-to-one pairing of rows (Hungarian algorithm on similarity), gold -> pred."""
    n, m = len(gold_rows), len(pred_rows)
    if n == 0 or m == 0:
        return {}
    size = max(n, m)
    cost = [[0.0] * size for _ in range(size)]
    for i in range(n):
        for j in range(m):
            cost[i][j] = -_similarity(gold_rows[i], pred_rows[j], keys)
    u, v, p, way = [0.0] * (size + 1), [0.0] * (size + 1), [0] * (size + 1), [0] * (size + 1)
    for i in range(1, size + 1):
        p[0], j0 = i, 0
        minv, used = [math.inf] * (size + 1), [False] * (size + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], math.inf, 0
            for j in range(1, size + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(size + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    return {p[j] - 1: j - 1 for j in range(1, size + 1) if p[j] and p[j] <= n and j <= m}


@dataclass
class Tally:
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def compare(self, name: str, gold, pred) -> bool:
        g, p = norm(gold), norm(pred)
        if g is None and p is None:
            return True
        if g is not None and p is not None and same(g, p):
            self.tp[name] += 1
            return True
        if g is not None:
            self.fn[name] += 1
        if p is not None:
            self.fp[name] += 1
        return False

    def prf(self, names=None) -> tuple[float, float, float, int, int, int]:
        names = names or set(self.tp) | set(self.fp) | set(self.fn)
        tp, fp, fn = (sum(d[f] for f in names) for d in (self.tp, self.fp, self.fn))
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, tp, fp, fn


def score_document(gold: dict, pred: dict, tally: Tally) -> tuple[bool, int, int, dict[str, bool]]:
    """(document exact?, rows exact, rows total, verdict per predicted path)."""
    skip = set(gold.get("unscored", []))
    verdicts: dict[str, bool] = {}
    exact = True

    def check(name, path, g, p, pred_path):
        nonlocal exact
        if path in skip:
            return True
        ok = tally.compare(name, g, p)
        if pred_path is not None:
            verdicts[pred_path] = ok
        exact &= ok
        return ok

    for key in SCALARS:
        check(key, key, gold.get(key), pred.get(key), key)
    for key in ISSUER:
        check(f"issuer.{key}", f"issuer.{key}", (gold.get("issuer") or {}).get(key),
              (pred.get("issuer") or {}).get(key), f"issuer.{key}")
    rows_exact = rows_total = 0
    groups = [("reporting_owners", OWNER, _owner_leaves), ("signatures", SIGNATURE, dict)]
    groups += [(name, keys, dict) for name, keys in ROW_KEYS.items()]
    for name, keys, view in groups:
        gold_rows = [view(r) for r in gold.get(name) or []]
        pred_rows = [view(r) for r in pred.get(name) or []]
        pairs = assign(gold_rows, pred_rows, keys)
        matched = set(pairs.values())
        for i, g_row in enumerate(gold_rows):
            j = pairs.get(i)
            p_row = pred_rows[j] if j is not None else {}
            row_ok = True
            for key in keys:
                pred_path = f"{name}[{j}].{key}" if j is not None else None
                if key == "street" and pred_path:
                    for part in ("street1", "street2"):
                        verdicts.setdefault(f"{name}[{j}].{part}", None)
                row_ok &= check(f"{name}.{key}", f"{name}[{i}].{key}", g_row.get(key),
                                p_row.get(key), pred_path)
            if name in ROW_KEYS:
                rows_total += 1
                rows_exact += row_ok
        for j, p_row in enumerate(pred_rows):
            if j not in matched:
                exact = False
                for key in keys:
                    check(f"{name}.{key}", None, None, p_row.get(key), f"{name}[{j}].{key}")
    gold_notes, pred_notes = gold.get("footnotes") or {}, pred.get("footnotes") or {}
    for fid in sorted(set(gold_notes) | set(pred_notes)):
        check("footnotes", f"footnotes.{fid}", gold_notes.get(fid), pred_notes.get(fid), f"footnotes.{fid}")
    return exact, rows_exact, rows_total, verdicts


def calibration(points: list[tuple[float, bool]], threshold: float) -> dict | None:
    """points: (confidence, correct). ECE over ten equal-width bins, as the shared ruler."""
    if not points:
        return None
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for conf, ok in points:
        bins[min(int(conf * 10), 9)].append((conf, ok))
    ece = sum(abs(sum(c for c, _ in b) / len(b) - sum(o for _, o in b) / len(b)) * len(b)
              for b in bins.values()) / len(points)
    brier = sum((c - o) ** 2 for c, o in points) / len(points)
    high = [o for c, o in points if c >= threshold]
    wrong = [c for c, o in points if not o]
    return {
        "fields_with_confidence": len(points), "ece": round(ece, 4), "brier": round(brier, 4),
        "threshold": threshold,
        "accuracy_at_or_above_threshold": round(sum(high) / len(high), 4) if high else None,
        "share_flagged_for_review": round(sum(c < threshold for c, _ in points) / len(points), 4),
        "errors_caught_by_review": round(sum(c < threshold for c in wrong) / len(wrong), 4) if wrong else None,
    }


def score_records(pairs: list[tuple[str, dict, dict]], threshold: float = 0.9) -> dict:
    """Summary over (name, gold, pred) triples, in the shape of the shared ruler's --json."""
    tally = Tally()
    docs = docs_exact = rows_exact = rows_total = missing = 0
    points: list[tuple[float, bool]] = []
    worst = []
    for name, gold, pred in pairs:
        if not pred:
            missing += 1
        before = tally.prf()[3:]
        exact, r_ok, r_all, verdicts = score_document(gold, pred or {}, tally)
        after = tally.prf()[3:]
        docs += 1
        docs_exact += exact
        rows_exact += r_ok
        rows_total += r_all
        worst.append(((after[1] - before[1]) + (after[2] - before[2]), name))
        for entry in (pred or {}).get("fields") or []:
            ok = verdicts.get(entry.get("path"))
            conf = entry.get("confidence")
            if ok is not None and isinstance(conf, (int, float)):
                points.append((float(conf), bool(ok)))
    precision, recall, f1, tp, fp, fn = tally.prf()
    names = sorted(set(tally.tp) | set(tally.fp) | set(tally.fn))
    per_field = {f: dict(zip(("precision", "recall", "f1", "tp", "fp", "fn"), tally.prf({f})))
                 for f in names}
    return {
        "documents": docs, "documents_missing": missing,
        "field_precision": round(precision, 4), "field_recall": round(recall, 4),
        "field_f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn,
        "rows_exact": rows_exact, "rows_total": rows_total,
        "row_exact_rate": round(rows_exact / rows_total, 4) if rows_total else None,
        "document_exact_rate": round(docs_exact / docs, 4) if docs else None,
        "calibration": calibration(points, threshold), "per_field": per_field,
        "worst_documents": [n for e, n in sorted(worst, reverse=True)[:10] if e],
        "points": points,
    }


def read_gold(gold_dir) -> dict[str, dict]:
    import json
    from pathlib import Path
    return {p.stem: json.loads(p.read_text()) for p in sorted(Path(gold_dir).glob("*.json"))}


def evaluate_folder(extract, docs_dir, gold_dir, threshold: float = 0.9) -> tuple[dict, dict[str, dict]]:
    """Extract every `docs_dir/<id>.txt` that has a gold record and score it.
    `extract` is text -> record dict. Returns (summary, predictions by id)."""
    from pathlib import Path
    gold = read_gold(gold_dir)
    preds = {}
    for name in gold:
        path = Path(docs_dir) / f"{name}.txt"
        preds[name] = extract(path.read_text(encoding="utf-8", errors="replace")) if path.exists() else {}
    summary = score_records([(n, gold[n], preds[n]) for n in gold], threshold)
    return summary, preds


def format_summary(summary: dict) -> str:
    """The readable table: per field P/R/F1, calibration, the summary line."""
    lines = [f"{'field':52} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, s in summary["per_field"].items():
        lines.append(f"{name:52} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                     f"{s['tp']:5d} {s['fp']:5d} {s['fn']:5d}")
    if summary.get("calibration"):
        c = summary["calibration"]
        lines.append(f"calibration: ECE {c['ece']}  Brier {c['brier']}  accuracy at >= {c['threshold']}: "
                     f"{c['accuracy_at_or_above_threshold']}  flagged {c['share_flagged_for_review']}  "
                     f"errors caught {c['errors_caught_by_review']}")
    lines.append(f"documents {summary['documents']} (missing {summary['documents_missing']})  "
                 f"field P {summary['field_precision']:.4f} R {summary['field_recall']:.4f} "
                 f"F1 {summary['field_f1']:.4f}  rows exact {summary['rows_exact']}/{summary['rows_total']}  "
                 f"documents exact {round(summary['document_exact_rate'] * summary['documents'])}/{summary['documents']}")
    return "\n".join(lines)
