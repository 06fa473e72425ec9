"""Fit the confidence model on extractions of documents the tagger did not train on.

Annotated documents are split in two; a tagger trained on one half (and all generated
documents) extracts the other half, and fresh generated documents besides. Each
extracted value is marked right or wrong by the shared ruler's rules.
"""
from __future__ import annotations

import random
from pathlib import Path

from extractor.confidence import Calibrator
from extractor.evaluate import Tally, score_document
from extractor.pipeline import Extractor
from extractor.tokenizer import doc_text

from .data import Example, example_from_line

HELD_OUT_GENERATED = 60


def value_rows(extractor: Extractor, text: str, gold: dict) -> list[tuple[dict, bool]]:
    """Confidence features of each value the extractor reads from `text`, and whether the
    shared ruler finds it right against `gold`."""
    analysis = extractor.analyse(text)
    _, _, _, verdicts = score_document(gold, analysis.record.to_dict(), Tally())
    return [(f, bool(verdicts[path])) for path, f in extractor.field_rows(analysis)
            if verdicts.get(path) is not None]


def labelled_rows(extractor: Extractor, examples: list[Example]) -> tuple[list[dict], list[bool]]:
    rows, correct = [], []
    for e in examples:
        if e.meta.get("record") is None:
            continue
        for f, ok in value_rows(extractor, doc_text(e.doc), e.meta["record"]):
            rows.append(f)
            correct.append(ok)
    return rows, correct


def calibration_rows(examples: list[Example], config, log=lambda msg: None) -> tuple[list[dict], list[bool]]:
    """Confidence features and right/wrong of values from documents unseen by the tagger
    that read them: annotated documents in two halves, and fresh generated ones. The
    half-models train a little lighter than the final one (fewer iterations and generated
    documents), so confidences err on the side of caution."""
    from dataclasses import replace

    from .synth import generate
    from .train import fit_tagger

    real = [e for e in examples if e.meta.get("source_kind") != "synthetic"]
    generated = [e for e in examples if e.meta.get("source_kind") == "synthetic"]
    order = list(range(len(real)))
    random.Random(config.seed).shuffle(order)
    halves = [[real[i] for i in order[0::2]], [real[i] for i in order[1::2]]]
    fresh = [example_from_line(line) for line in
             generate(HELD_OUT_GENERATED, config.synthetic_seed + 7919)]
    light = replace(config, crf_iterations=max(20, config.crf_iterations * 2 // 3))
    rows, correct = [], []
    for k, held in enumerate(halves):
        tagger = fit_tagger(halves[1 - k] + generated[: max(1, len(generated) * 2 // 3)], light)
        r, c = labelled_rows(Extractor(tagger), fresh[k::2] + held)
        rows += r
        correct += c
        log(f"calibration half {k + 1}/2: {len(r)} values")
    return rows, correct


def save_calibration(rows: list[dict], correct: list[bool], folder: Path) -> Calibrator:
    calibrator = Calibrator.fit(rows, correct)
    calibrator.save(folder, {"values": len(rows), "accuracy": round(sum(correct) / max(1, len(correct)), 4)})
    return calibrator


def fit_calibration(examples: list[Example], config, folder: Path, log=lambda msg: None) -> Calibrator:
    rows, correct = calibration_rows(examples, config, log)
    return save_calibration(rows, correct, folder)
