"""Token-level F1 of the tagger on ../shared/real/dev, overall and per renderer.

    python benchmarks/token_f1.py --out benchmarks/results/token_f1.json

Gold token labels come from aligning each gold record to its text (`extractor.training.align`), the
same labels `extractor train` and `extractor evaluate --docs` score against; micro F1 over
the field labels (B/I merged), as `extractor.training.train.token_scores` counts it.
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
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    from extractor.pipeline import Extractor
    from extractor.training.annotate import annotate_folder, renderer_family
    from extractor.training.data import example_from_line
    from extractor.training.train import token_scores

    tagger = Extractor.load(args.model).tagger
    groups: dict[str, list] = {}
    for line in annotate_folder(args.dev / "docs", args.dev / "gold"):
        example = example_from_line(line)
        groups.setdefault(renderer_family(example.meta.get("renderer", "")), []).append(example)
    everything = [e for group in groups.values() for e in group]
    result = {"all": {"documents": len(everything), **token_scores(tagger, everything)["micro"]}}
    for name, examples in sorted(groups.items()):
        result[name] = {"documents": len(examples), **token_scores(tagger, examples)["micro"]}
    print(f"{'renderer':32} {'documents':>9} {'P':>7} {'R':>7} {'F1':>7}")
    for name, row in result.items():
        print(f"{name:32} {row['documents']:9d} {row['precision']:7.4f} {row['recall']:7.4f} "
              f"{row['f1']:7.4f}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
