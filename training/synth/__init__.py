"""Generated Form 4 documents with labels by construction.

    extractor corpus generate --n 5000 --seed 0 --out corpus/

Each document: random contents (`content`), laid out as a form (`form`) in a random
markup flavor, noised (`noise`) and rendered (`render`) to text whose labelled spans are
recorded as they are written. Output lines use the aligner's annotation JSONL format.
The same seed gives the same bytes, whatever the number of workers.
"""
from __future__ import annotations

import json
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .content import generate as generate_contents
from .form import build_form, random_flavor
from .noise import Noise, apply
from .render import DEFAULT_NOISE, FLAVOR, RENDERERS

RENDERER_WEIGHTS = {"markdown": 2, "tabbed": 2, "shredded": 2, "html2text": 2, "markitdown": 2,
                    "pdftotext_layout": 3, "pdftotext": 2, "ocr_lines": 3, "ocr_sparse": 2}


@lru_cache(maxsize=1)
def _faker():
    from faker import Faker
    return Faker("en_US")


def generate_one(index: int, seed: int = 0, renderers: tuple[str, ...] | None = None,
                 noise: Noise | None = None) -> dict:
    """Document `index` of the corpus for `seed`: an annotation line (text, spans, record, meta)."""
    doc_seed = seed * 1_000_003 + index
    rng = random.Random(doc_seed)
    names = renderers or tuple(RENDERER_WEIGHTS)
    name = rng.choices(names, weights=[RENDERER_WEIGHTS.get(n, 1) for n in names])[0]
    contents = generate_contents(doc_seed, _faker())
    flavor = random_flavor(rng, **FLAVOR[name])
    if not flavor.edgar:  # the paper form names one reporting person
        record = contents.record
        contents = replace(contents, joint=False, record=replace(
            record, reporting_owners=record.reporting_owners[:1], signatures=record.signatures[:1]))
    form = build_form(contents, flavor, rng)
    level = noise if noise is not None else _jitter(Noise.parse(DEFAULT_NOISE[name]), rng)
    form = apply(form, level, rng)
    builder = RENDERERS[name](form, rng)
    return {"text": builder.text(), "spans": builder.spans,
            "record": contents.record.to_dict(with_fields=False),
            "meta": {"id": f"syn-{seed}-{index:06d}", "renderer": name, "noise": level.levels,
                     "source_kind": "synthetic", "edgar": flavor.edgar}}


def _jitter(noise: Noise, rng: random.Random) -> Noise:
    return Noise({k: min(1.0, v * rng.uniform(0.5, 1.5)) for k, v in noise.levels.items()})


def generate(n: int, seed: int = 0, renderers: tuple[str, ...] | None = None,
             noise: Noise | None = None, start: int = 0) -> Iterator[dict]:
    for index in range(start, start + n):
        yield generate_one(index, seed, renderers, noise)


def _chunk(args) -> list[str]:
    start, n, seed, renderers, noise = args
    return [json.dumps(line, ensure_ascii=False) for line in generate(n, seed, renderers, noise, start)]


def write_corpus(out: Path, n: int, seed: int = 0, renderers: tuple[str, ...] | None = None,
                 noise: Noise | None = None, workers: int = 1, progress=None) -> Path:
    """Write `out/synthetic-<seed>.jsonl` (n documents); identical bytes for any workers."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"synthetic-{seed}.jsonl"
    size = 200
    jobs = [(start, min(size, n - start), seed, renderers, noise) for start in range(0, n, size)]
    tmp = path.with_suffix(".jsonl.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                for lines in pool.map(_chunk, jobs):
                    handle.write("\n".join(lines) + "\n")
                    if progress:
                        progress(len(lines))
        else:
            for job in jobs:
                lines = _chunk(job)
                handle.write("\n".join(lines) + "\n")
                if progress:
                    progress(len(lines))
    tmp.replace(path)
    return path
