"""Calibration of the confidences on ../shared/real/dev: reliability diagram and ECE.

    python benchmarks/calibration.py --out benchmarks/results

Extracts dev with the shipped model, marks each value right or wrong by the shared
ruler's rules, and draws confidence against accuracy in ten bins (reliability.png).
Also: ECE, Brier, accuracy of values at or above the review threshold, share flagged.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "real" / "dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from extractor.evaluate import evaluate_folder
    from extractor.pipeline import Extractor

    extractor = Extractor.load(args.model)
    summary, _ = evaluate_folder(lambda t: extractor.extract(t).to_dict(), DEV / "docs", DEV / "gold",
                                 args.threshold)
    points = summary.pop("points")
    bins = [[] for _ in range(10)]
    for conf, ok in points:
        bins[min(int(conf * 10), 9)].append((conf, ok))
    rows = [{"bin": f"{k / 10:.1f}-{(k + 1) / 10:.1f}", "values": len(b),
             "mean_confidence": round(sum(c for c, _ in b) / len(b), 4) if b else None,
             "accuracy": round(sum(o for _, o in b) / len(b), 4) if b else None} for k, b in enumerate(bins)]
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    xs = [r["mean_confidence"] for r in rows if r["values"]]
    ys = [r["accuracy"] for r in rows if r["values"]]
    sizes = [20 + 200 * r["values"] / len(points) for r in rows if r["values"]]
    ax.plot(xs, ys, "-", color="tab:blue")
    ax.scatter(xs, ys, s=sizes, color="tab:blue", label="dev values (size: share)")
    c = summary["calibration"]
    ax.set_title(f"Reliability on real/dev: ECE {c['ece']:.3f}, {len(points)} values")
    ax.set_xlabel("confidence")
    ax.set_ylabel("share right")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    args.out.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out / "reliability.png", dpi=100, bbox_inches="tight")
    result = {"calibration": c, "bins": rows, "field_f1": summary["field_f1"]}
    (args.out / "calibration.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
