"""Held-out scores on the annotated real documents: k-fold cross-validation by filing.

    python benchmarks/cross_validation.py --out benchmarks/results/cross_validation.json

../shared/real/dev has 34 renderings of 15 filings; a few documents decide each renderer's
figure. The repo's annotations (../shared/real/train) hold 63 more. Each fold trains the
shipped recipe (300 generated documents, the shipped CRF settings; about 2.5 minutes on
2 cores) on the annotations of the other folds' filings, then extracts the fold's
documents, which that tagger never saw, in any rendering. The rules were written while
looking at these documents' errors, so these figures are honest about the tagger and
somewhat kind to the rules.

It also measures confidence on filings the tagger never saw: each held-out value scored
by the shipped confidence model (`models/default/calibration.json`, fitted on these
documents' values as read by half-models, so kind to it), and by a confidence model fitted
on the other folds' held-out values only (cross-fitted: nothing it was fitted on came from
the filing it scores).
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TRAIN = ROOT.parent / "shared" / "real" / "train"


def filing_of(doc_id: str, filings: dict[str, str]) -> str:
    """The filing a document renders (the manifest's, else its id less the rendering
    letter: 'h005a' -> 'h005')."""
    return filings.get(doc_id) or doc_id.rstrip("abcdefghijklmnopqrstuvwxyz")


def folds_by_filing(names: set[str], k: int) -> list[set[str]]:
    """k sets of filings, all renderings of a filing in one (sorted, then dealt out)."""
    ordered = sorted(names)
    return [set(ordered[i::k]) for i in range(k)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--annotations", type=Path, default=ROOT / "annotations" / "real-train.jsonl")
    parser.add_argument("--docs", type=Path, default=TRAIN / "docs")
    parser.add_argument("--gold", type=Path, default=TRAIN / "gold")
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--synthetic-seed", type=int, default=0,
                        help="The generator's seed (the shipped recipe: 0).")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--predictions", type=Path, default=None,
                        help="Also write each held-out document's record here (<id>.json).")
    parser.add_argument("--models", type=Path, default=None,
                        help="Keep each fold's tagger here (fold<k>/), to look at its errors again "
                             "without retraining.")
    args = parser.parse_args()

    from extractor.evaluate import read_gold, score_records
    from extractor.pipeline import Extractor
    from extractor.training.annotate import renderer_family
    from extractor.training.calibrate import value_rows
    from extractor.training.train import TrainConfig, train

    manifest = list(csv.DictReader(open(args.docs.parent / "manifest.csv")))
    filings = {row["id"]: row["filing"] for row in manifest}
    renderers = {row["id"]: renderer_family(row["renderer"]) for row in manifest}
    lines = [line for line in args.annotations.read_text().splitlines() if line.strip()]
    line_filings = [filing_of(json.loads(line)["meta"]["id"], filings) for line in lines]
    gold = read_gold(args.gold)
    pairs = []
    values = []                 # (fold, confidence features, right?) of every held-out value
    for k, held in enumerate(folds_by_filing(set(line_filings), args.folds)):
        with tempfile.TemporaryDirectory() as tmp:
            kept = [line for line, filing in zip(lines, line_filings) if filing not in held]
            (Path(tmp) / "train.jsonl").write_text("\n".join(kept) + "\n")
            config = TrainConfig(annotations=[Path(tmp) / "train.jsonl"], synthetic=args.synthetic,
                                 synthetic_seed=args.synthetic_seed, calibrate=False)
            train(config, Path(tmp) / "model", log=lambda msg: print(f"  fold {k}: {msg}", file=sys.stderr))
            extractor = Extractor.load(Path(tmp) / "model")
            if args.models:
                shutil.copytree(Path(tmp) / "model", args.models / f"fold{k}", dirs_exist_ok=True)
                (args.models / f"fold{k}" / "held_out.json").write_text(json.dumps(sorted(held)) + "\n")
            for name in sorted(n for n in gold if filing_of(n, filings) in held):
                text = (args.docs / f"{name}.txt").read_text(encoding="utf-8", errors="replace")
                pairs.append((name, gold[name], extractor.extract(text).to_dict()))
                values += [(k, f, ok) for f, ok in value_rows(extractor, text, gold[name])]
                if args.predictions:
                    args.predictions.mkdir(parents=True, exist_ok=True)
                    (args.predictions / f"{name}.json").write_text(json.dumps(pairs[-1][2], indent=2))
        print(f"fold {k}: {len(held)} filings, {len(kept)} documents trained on", file=sys.stderr)

    groups = defaultdict(list)
    for pair in pairs:
        groups[renderers.get(pair[0], "unknown")].append(pair)
    rows = []
    for name, group in sorted(groups.items()) + [("all", pairs)]:
        s = score_records(group)
        rows.append({"renderer": name, "documents": s["documents"], "field_f1": s["field_f1"],
                     "field_precision": s["field_precision"], "field_recall": s["field_recall"],
                     "documents_exact": s["document_exact_rate"]})
    print(f"{'renderer':28} {'docs':>4} {'F1':>7} {'P':>7} {'R':>7} {'exact':>6}")
    for r in rows:
        print(f"{r['renderer']:28} {r['documents']:4} {r['field_f1']:7.4f} {r['field_precision']:7.4f} "
              f"{r['field_recall']:7.4f} {r['documents_exact']:6.2f}")
    confidence = held_out_confidence(values, args.folds, ROOT / "models" / "default")
    for name, c in confidence.items():
        print(f"confidence ({name}): {c['fields_with_confidence']} values, ECE {c['ece']:.4f}, "
              f"{c['accuracy_at_or_above_threshold']:.2%} right at >= 0.9, "
              f"{c['share_flagged_for_review']:.1%} flagged")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"folds": args.folds, "synthetic": args.synthetic,
                                        "synthetic_seed": args.synthetic_seed,
                                        "per_renderer": rows, "confidence": confidence}, indent=2) + "\n")


def held_out_confidence(values: list[tuple[int, dict, bool]], folds: int, model_dir: Path) -> dict:
    """Calibration of held-out values' confidence: by the confidence model in `model_dir`,
    and by one fitted on the other folds' values (threshold 0.9, as `extractor extract`'s)."""
    from extractor.confidence import Calibrator
    from extractor.evaluate import calibration

    right = [ok for _, _, ok in values]
    shipped_conf = [float(c) for c in Calibrator.load(model_dir).predict([f for _, f, _ in values])]
    out = {"shipped": calibration(list(zip(shipped_conf, right)), 0.9)}
    cross = []
    for k in range(folds):
        fitted = Calibrator.fit([f for j, f, _ in values if j != k], [ok for j, _, ok in values if j != k])
        held = [(f, ok) for j, f, ok in values if j == k]
        cross += zip(fitted.predict([f for f, _ in held]), [ok for _, ok in held])
    out["cross_fitted"] = calibration([(float(c), ok) for c, ok in cross], 0.9)
    return out


if __name__ == "__main__":
    main()
