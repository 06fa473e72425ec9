"""How much one retrain moves the scores: the shipped recipe, trained with other seeds of
the generated documents, scored on ../shared/real/dev and ../shared/seeds.

    python benchmarks/seed_spread.py --seeds 0 1 2 3 --out benchmarks/results/seed_spread.json

Each seed is a full `extractor train` (the repo's annotations, 300 generated documents of
that seed, the shipped CRF settings; about 2.7 minutes on 2 cores). Seed 0 is the shipped
model's. The rules were written against the shipped tagger's errors, so the spread
also says how much of the shipped figures is that one tagger.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3])
    parser.add_argument("--synthetic", type=int, default=300,
                        help="generated documents a training adds (the shipped recipe: 300)")
    parser.add_argument("--real-weight", type=float, default=1.0,
                        help="how many times a real annotated document counts (the shipped recipe: 1)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    from extractor.evaluate import evaluate_folder
    from extractor.pipeline import Extractor
    from extractor.training.train import TrainConfig, train

    rows = []
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as tmp:
            config = TrainConfig(annotations=[ROOT / "annotations"], synthetic=args.synthetic,
                                 synthetic_seed=seed, real_weight=args.real_weight,
                                 dev=SHARED / "real" / "dev")
            meta = train(config, Path(tmp), log=lambda msg: print(f"  seed {seed}: {msg}", file=sys.stderr))
            extractor = Extractor.load(Path(tmp))
            seeds, _ = evaluate_folder(lambda text: extractor.extract(text).to_dict(),
                                       SHARED / "seeds" / "docs", SHARED / "seeds" / "gold")
        dev = meta["dev"]
        rows.append({"seed": seed, "dev_field_f1": dev["field_f1"], "dev_token_f1": dev["token_f1"],
                     "dev_documents_exact": dev["document_exact_rate"],
                     "seeds_field_f1": seeds["field_f1"], "seeds_documents_exact": seeds["document_exact_rate"]})
        print(json.dumps(rows[-1]))
    keys = [k for k in rows[0] if k != "seed"]
    summary = {k: {"mean": round(statistics.mean(r[k] for r in rows), 4),
                   "sd": round(statistics.stdev(r[k] for r in rows), 4) if len(rows) > 1 else 0.0,
                   "min": min(r[k] for r in rows), "max": max(r[k] for r in rows)} for k in keys}
    print(f"{'seed':>4} " + " ".join(f"{k:>22}" for k in keys))
    for r in rows:
        print(f"{r['seed']:>4} " + " ".join(f"{r[k]:22.4f}" for k in keys))
    print(f"{'mean':>4} " + " ".join(f"{summary[k]['mean']:22.4f}" for k in keys))
    print(f"{'sd':>4} " + " ".join(f"{summary[k]['sd']:22.4f}" for k in keys))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"runs": rows, "summary": summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
