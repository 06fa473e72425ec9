"""The review loop, measured: how fast corrections teach the model a new kind of document.

    python benchmarks/learning_curve.py --out benchmarks/results

The new kind is OCR of scans: a base model is trained with no OCR at all (the generator's
two OCR layouts left out, and the real/train documents rendered by Tesseract too).
Generated OCR documents (seed 11) are extracted and their values under the review
threshold enqueued; a scripted reviewer decides N of them (N = 10, 30, 100, 300) in the
order `extractor review` serves them - the document with the least confident value
first, all its queued values, then the next - accepting, correcting or marking absent
from the gold record, as a person would; the decisions are exported (`review export`)
and the model retrained with them. F1 is measured on 20 other generated OCR documents,
on the real Tesseract renderings of ../shared/real/dev (never trained on), and on the
five seeds (to see that nothing else was lost).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = ROOT / "tests" / "data" / "seeds"
DEV = ROOT.parent / "shared" / "real" / "dev"


def scripted_review(queue, gold_by_path: dict[str, dict], n: int) -> dict:
    """Decide n items from gold in the order `extractor review` serves them (the document
    holding the least confident value first, all of its queued values, then the next);
    returns counts by action and the documents looked at."""
    from extractor.evaluate import Tally, score_document
    from extractor.training.corrections import find_value

    counts = {"accept": 0, "correct": 0, "absent": 0}
    verdicts = {}
    for _, path, text, record, _ in queue.all_documents():
        _, _, _, verdicts[path] = score_document(gold_by_path[path], record, Tally())
    seen = set()
    while sum(counts.values()) < n:
        item = queue.next_item("script")
        if item is None:
            break
        seen.add(item.document)
        if verdicts[item.document].get(item.path):
            queue.decide(item.id, "accept", "script", item.value)
            counts["accept"] += 1
            continue
        gold_value = _gold_leaf(gold_by_path[item.document], item.path)
        if gold_value is None:
            queue.decide(item.id, "absent", "script")
            counts["absent"] += 1
        else:
            span = find_value(item.text, item.path, gold_value, item.start)
            queue.decide(item.id, "correct", "script", gold_value, span)
            counts["correct"] += 1
    return {**counts, "documents": len(seen)}


def _gold_leaf(record: dict, path: str):
    from extractor.training.corrections import _leaf
    return _leaf(record, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new-kind", default="ocr_lines,ocr_sparse", help="generator layouts left out")
    parser.add_argument("--real-kind", default="tesseract", help="real renderings left out (renderer contains)")
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--reviewed", default="10,30,100,300")
    parser.add_argument("--threshold", type=float, default=0.9, help="values under it are queued")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from extractor.evaluate import score_records
    from extractor.pipeline import Extractor
    from extractor.review import ReviewQueue
    from extractor.training.annotate import read_annotations
    from extractor.training.corrections import export_annotations
    from extractor.training.data import example_from_line, load_examples
    from extractor.training.synth import RENDERER_WEIGHTS, generate
    from extractor.training.train import TrainConfig, fit_tagger

    new_kind = tuple(args.new_kind.split(","))
    old_kinds = tuple(r for r in RENDERER_WEIGHTS if r not in new_kind)
    real = [e for e in load_examples([ROOT / "annotations" / "real-train.jsonl"])
            if args.real_kind not in e.meta.get("renderer", "")]
    base_data = real + [example_from_line(line) for line in generate(args.synthetic, 0, old_kinds)]
    work = Path(tempfile.mkdtemp(prefix="learning-"))
    inbox = work / "inbox"
    inbox.mkdir()
    gold: dict[str, dict] = {}
    tests: dict[str, list] = {"generated": [], "real dev": [], "seeds": []}
    for k, line in enumerate(generate(60, 11, new_kind)):
        if k < 40:
            path = inbox / f"{line['meta']['id']}.txt"
            path.write_text(line["text"])
            gold[str(path)] = line["record"]
        else:
            tests["generated"].append((line["meta"]["id"], line["text"], line["record"]))
    if DEV.exists():
        for row in csv.DictReader((DEV / "manifest.csv").open()):
            if args.real_kind in row["renderer"]:
                tests["real dev"].append((row["id"], (DEV / "docs" / f"{row['id']}.txt").read_text(),
                                          json.loads((DEV / "gold" / f"{row['id']}.json").read_text())))
    tests["seeds"] = [(p.stem, p.read_text(), json.loads((SEEDS / "gold" / f"{p.stem}.json").read_text()))
                      for p in sorted((SEEDS / "docs").glob("*.txt"))]
    tests = {k: v for k, v in tests.items() if v}

    def scores(extractor) -> dict[str, float]:
        return {name: score_records([(i, g, extractor.extract(t).to_dict()) for i, t, g in docs])["field_f1"]
                for name, docs in tests.items()}

    started = time.perf_counter()
    base_extractor = Extractor(fit_tagger(base_data, TrainConfig()))
    curve = [{"reviewed": 0, "field_f1": scores(base_extractor), "decisions": {}, "retrain_seconds": 0.0}]
    print(f"base: {curve[0]['field_f1']} ({time.perf_counter() - started:.0f}s)", file=sys.stderr)
    for n in (int(x) for x in args.reviewed.split(",")):
        with ReviewQueue(work / f"queue-{n}.db") as queue:
            for path in gold:
                queue.enqueue(path, base_extractor.extract(Path(path).read_text()), threshold=args.threshold,
                              text=Path(path).read_text(), model="base")
            counts = scripted_review(queue, gold, n)
            queued = queue.stats()
            export_annotations(queue, work / f"reviewed-{n}.jsonl")
        reviewed = [example_from_line(line) for line in read_annotations(work / f"reviewed-{n}.jsonl")]
        started = time.perf_counter()
        model = fit_tagger(base_data + reviewed, TrainConfig())
        seconds = time.perf_counter() - started
        curve.append({"reviewed": n, "field_f1": scores(Extractor(model)), "decisions": counts,
                      "queue": queued, "retrain_seconds": round(seconds, 1)})
        print(f"{n} reviewed: {curve[-1]['field_f1']}", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "learning_curve.json").write_text(json.dumps({"new_kind": new_kind, "curve": curve}, indent=2) + "\n")
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for name, style in zip(tests, ("o-", "s-", "^--")):
        ax.plot([c["reviewed"] for c in curve], [c["field_f1"][name] for c in curve], style, label=name)
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel("values reviewed (in review order)")
    ax.set_ylabel("field F1")
    ax.set_title(f"Learning a new kind from review ({'+'.join(new_kind)})")
    ax.legend(fontsize=8)
    fig.savefig(args.out / "learning_curve.png", dpi=100, bbox_inches="tight")
    print(json.dumps(curve, indent=2))


if __name__ == "__main__":
    main()
