"""What the generated corpus is worth, and what it costs to make.

    python benchmarks/generator_value.py --synthetic 300 --out benchmarks/results/generator.json

The same tagger trained on real/train only, on generated documents only, and on both;
each scored on ../shared/seeds and on ../shared/real/dev per renderer (field F1 with the
shared ruler's rules, token F1 against aligned gold). Also: seconds to generate 10,000
documents with 2 workers, and whether the same seed gives the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--generate", type=int, default=10000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "generator.json")
    args = parser.parse_args()
    from compare_models import load_data  # noqa: E402  (same folder)

    from extractor.evaluate import score_records
    from extractor.pipeline import Extractor
    from extractor.training.annotate import renderer_family
    from extractor.training.synth import write_corpus
    from extractor.training.train import TrainConfig, fit_tagger, token_scores

    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        a = write_corpus(Path(tmp) / "a", args.generate, seed=0, workers=2)
        result["generate_seconds"] = round(time.perf_counter() - started, 1)
        result["generate_documents"] = args.generate
        k = min(500, args.generate)
        b = write_corpus(Path(tmp) / "b", k, seed=0, workers=1)
        head = b"".join(a.read_bytes().splitlines(keepends=True)[:k])
        result["same_seed_same_bytes"] = hashlib.sha256(head).hexdigest() == hashlib.sha256(b.read_bytes()).hexdigest()
    train, evals = load_data(args.synthetic)
    real = [e for e in train if e.meta.get("source_kind") != "synthetic"]
    generated = [e for e in train if e.meta.get("source_kind") == "synthetic"]
    for name, data in (("real only", real), ("generated only", generated), ("both", train)):
        started = time.perf_counter()
        tagger = fit_tagger(data, TrainConfig())
        extractor = Extractor(tagger)
        row = {"train_documents": len(data), "train_seconds": round(time.perf_counter() - started, 1)}
        for split, examples in evals.items():
            groups: dict[str, list] = {}
            for e in examples:
                family = "all" if split == "seeds" else renderer_family(e.meta["renderer"])
                groups.setdefault(family, []).append(e)
            if split == "dev":
                groups["all"] = [x for v in groups.values() for x in v]
            row[split] = {g: {"field_f1": score_records([(e.id, e.meta["record"],
                                                         extractor.extract(e.doc.text).to_dict())
                                                        for e in es])["field_f1"],
                              "token_f1": token_scores(tagger, es)["micro"]["f1"]}
                          for g, es in sorted(groups.items())}
        result[name] = row
        print(f"{name}: dev field F1 {row['dev']['all']['field_f1']:.4f}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
