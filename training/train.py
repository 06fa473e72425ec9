"""Train the tagger: annotations (+ generated documents) -> a model folder with meta.json.

The stacked tagger's second layer learns from first-layer predictions that the first
layer made without seeing the document (k-fold, by document), as at prediction time.
"""
from __future__ import annotations

import json
import platform
import random
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from extractor.tagger import Tagger

from .data import Example, data_hash, example_from_line, load_examples

FOLDS = 3


@dataclass
class TrainConfig:
    annotations: list[Path] = field(default_factory=list)   # JSONL files or folders of them
    synthetic: int = 300          # generated documents added to the annotations
    synthetic_seed: int = 0
    dev: Path | None = None       # folder with docs/ and gold/, never trained on
    C: float = 0.5
    min_count: int = 2
    max_iter: int = 200
    model: str = "crf"            # "crf" or "linear"
    stacked: bool = False         # linear only: a second pass over the first pass's guesses
    crf_iterations: int = 60
    seed: int = 0
    real_weight: float = 1.0      # a real annotated document counts this many times (3: worse on dev)
    review_weight: float = 3.0    # and a reviewed one (the kind of document users bring)
    calibrate: bool = True


def example_weight(example: Example, config: TrainConfig) -> float:
    kind = example.meta.get("source_kind")
    if kind == "synthetic":
        return 1.0
    return config.review_weight if kind == "review" else config.real_weight


def fit_tagger(examples: list[Example], config: TrainConfig, log=lambda msg: None):
    """The configured tagger fitted on the examples. A stacked linear tagger fits its first
    layer k-fold for out-of-fold predictions, then both layers on everything."""
    docs = [e.doc for e in examples]
    tags = [e.tags for e in examples]
    if config.model == "crf":
        from extractor.crf import CrfTagger
        return CrfTagger(max_iterations=config.crf_iterations).fit(
            docs, tags, [example_weight(e, config) for e in examples])
    if config.model != "linear":
        raise ValueError(f"unknown model {config.model!r}: crf or linear")
    weights = [[example_weight(e, config)] * len(e.tags) for e in examples]
    params = dict(C=config.C, min_count=config.min_count, max_iter=config.max_iter)
    if not config.stacked:
        return Tagger(stacked=False, **params).fit(docs, tags, weights)
    order = list(range(len(examples)))
    random.Random(config.seed).shuffle(order)
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    first_pass: list[np.ndarray | None] = [None] * len(examples)
    for k, held in enumerate(folds):
        held_set = set(held)
        train_ids = [i for i in order if i not in held_set]
        started = time.perf_counter()
        layer = Tagger(stacked=False, **params).fit([docs[i] for i in train_ids],
                                                     [tags[i] for i in train_ids],
                                                     [weights[i] for i in train_ids])
        for i in held:
            first_pass[i] = layer.predict_proba(docs[i])[1]
        log(f"fold {k + 1}/{FOLDS}: {time.perf_counter() - started:.1f}s")
    return Tagger(stacked=True, **params).fit(docs, tags, weights, first_pass=first_pass)


def library_versions() -> dict[str, str]:
    import scipy
    import sklearn
    import spacy

    return {"python": platform.python_version(), "numpy": np.__version__,
            "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
            "spacy": spacy.__version__}


def token_scores(tagger, examples: list[Example]) -> dict:
    """Token-level precision/recall/F1 over field labels (B/I merged), micro and per label."""
    from extractor.vocabulary import BIO_TAGS

    counts: dict[str, list[int]] = {}
    for e in examples:
        _, proba = tagger.predict_proba(e.doc)
        pred = [BIO_TAGS[j].split("-", 1)[-1] for j in proba.argmax(axis=1)] if len(proba) else []
        for gold, guess in zip((t.split("-", 1)[-1] for t in e.tags), pred):
            for label, kind in ((gold, "gold"), (guess, "pred")):
                if label != "O":
                    counts.setdefault(label, [0, 0, 0])[0 if kind == "gold" else 1] += 1
            if gold == guess and gold != "O":
                counts[gold][2] += 1
    return summarize(counts)


def summarize(counts: dict[str, list[int]]) -> dict:
    def prf(g, p, tp):
        precision = tp / p if p else 1.0
        recall = tp / g if g else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "gold": g, "predicted": p, "correct": tp}

    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {"micro": prf(*total), "per_label": {k: prf(*v) for k, v in sorted(counts.items())}}


def training_examples(config: TrainConfig, log=lambda msg: None) -> list[Example]:
    examples = list(load_examples(config.annotations))
    log(f"{len(examples)} annotated documents from {', '.join(map(str, config.annotations)) or 'nowhere'}")
    if config.synthetic:
        from .synth import generate
        for line in generate(config.synthetic, config.synthetic_seed):
            examples.append(example_from_line(line))
        log(f"{config.synthetic} generated documents (seed {config.synthetic_seed})")
    return examples


def dev_metrics(model_dir: Path, dev: Path) -> dict:
    """Field scores (the shared ruler's rules) and token scores of a model on a dev folder."""
    from extractor.evaluate import evaluate_folder
    from extractor.pipeline import Extractor

    from .annotate import annotate_folder

    extractor = Extractor.load(model_dir)
    summary, _ = evaluate_folder(lambda text: extractor.extract(text).to_dict(), dev / "docs", dev / "gold")
    examples = [example_from_line(line) for line in annotate_folder(dev / "docs", dev / "gold")]
    tokens = token_scores(extractor.tagger, examples)
    return {"folder": str(dev), "documents": summary["documents"], "field_f1": summary["field_f1"],
            "field_precision": summary["field_precision"], "field_recall": summary["field_recall"],
            "document_exact_rate": summary["document_exact_rate"],
            "calibration": summary["calibration"], "token_f1": tokens["micro"]["f1"],
            "token_per_label": {k: v["f1"] for k, v in tokens["per_label"].items()}}


def train(config: TrainConfig, out: Path, log=lambda msg: None) -> dict:
    """Train, calibrate, measure on dev, and write the model folder `out` atomically
    (a crash leaves whatever was there before untouched). Returns its meta."""
    started = time.perf_counter()
    examples = training_examples(config, log)
    if not examples:
        raise ValueError("nothing to train on: no annotations found and --synthetic 0")
    calibration = _start_calibration(examples, config) if config.calibrate else None
    tagger = fit_tagger(examples, config, log)
    log(f"tagger fitted in {time.perf_counter() - started:.0f}s")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        meta = {"created": time.strftime("%Y-%m-%dT%H:%M:%S"), "config": _jsonable(asdict(config)),
                "libraries": library_versions(),
                "training_data": {"annotations_sha256": data_hash(config.annotations),
                                  "annotated_documents": sum(1 for e in examples
                                                             if e.meta.get("source_kind") != "synthetic"),
                                  "generated_documents": config.synthetic,
                                  "generated_seed": config.synthetic_seed}}
        tagger.save(tmp, meta)
        if calibration is not None:
            from .calibrate import save_calibration
            rows, correct = calibration.result()
            save_calibration(rows, correct, tmp)
            log(f"confidence model fitted on {len(rows)} values ({time.perf_counter() - started:.0f}s)")
        if config.dev is not None:
            meta["dev"] = dev_metrics(tmp, Path(config.dev))
            log(f"dev: field F1 {meta['dev']['field_f1']:.4f}, token F1 {meta['dev']['token_f1']:.4f}")
        meta["train_seconds"] = round(time.perf_counter() - started, 1)
        tagger.save(tmp, meta)
        replace_dir(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return meta


def _start_calibration(examples: list[Example], config: TrainConfig):
    """Calibration data computed in a forked process beside the main fit (the CRF uses
    one core; this takes the other). Returns a future of (rows, correct)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _CALIBRATION_INPUT
    _CALIBRATION_INPUT = (examples, config)
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(_calibration_job)
    pool.shutdown(wait=False)
    return future


_CALIBRATION_INPUT = None


def _calibration_job():
    from .calibrate import calibration_rows
    examples, config = _CALIBRATION_INPUT
    return calibration_rows(examples, config)


def replace_dir(new: Path, target: Path) -> None:
    """Swap `new` in as `target`; readers see the old or the new folder, never a mix."""
    new.chmod(0o755)  # mkdtemp makes folders private; a model is for every user
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def promote(candidate: Path, default: Path, dev: Path | None, force: bool = False) -> tuple[bool, str]:
    """Make `candidate` the default model unless it scores worse on `dev` than the
    current default (measured now, on the same documents) and not `force`."""
    from extractor.tagger import ModelError

    if not force and dev is not None and default.exists():
        new = json.loads((candidate / "meta.json").read_text()).get("dev") or dev_metrics(candidate, dev)
        try:
            old = dev_metrics(default, dev)
        except ModelError as exc:
            old = None
            reason = f"the current default cannot be loaded ({exc})"
        if old is not None and new["field_f1"] < old["field_f1"]:
            return False, (f"not promoted: dev field F1 {new['field_f1']:.4f} is worse than the current "
                           f"default's {old['field_f1']:.4f} (use --force to promote anyway)")
        reason = (f"dev field F1 {new['field_f1']:.4f} vs current {old['field_f1']:.4f}"
                  if old is not None else reason)
    else:
        reason = "forced" if force else "no dev set or no current default to compare with"
    staging = Path(tempfile.mkdtemp(prefix=f".{default.name}-", dir=default.parent))
    shutil.rmtree(staging)
    shutil.copytree(candidate, staging)
    replace_dir(staging, default)
    return True, f"promoted: {reason}"


def _jsonable(value):
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
