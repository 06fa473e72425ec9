"""Extraction on a Dask cluster: a bag of paths (or texts), the model loaded once per
partition, records back as dicts in the schema's shape.

    import dask.bag as db
    from extractor.distributed import extract_bag

    records = extract_bag(db.from_sequence(paths, npartitions=64)).compute()

Each element comes back as {"document": name, "record": {...} or None, "error": str or None,
"warnings": [...]}, one per Form 4 (a text joining several gives several): a bad input
costs its own element only, as with the CLI.
"""
from __future__ import annotations

from pathlib import Path

from .batch import extract_source
from .io import Source


def _partition(paths: list[str], model_dir: str | None, texts: bool) -> list[dict]:
    from .pipeline import Extractor

    extractor = Extractor.load(model_dir)   # once per partition, not per document
    out = []
    for item in paths:
        if texts:
            name, text = item
            outcomes = extract_source(extractor, Source("-", name), text)
        else:
            outcomes = extract_source(extractor, Source(str(item), Path(item).stem))
        out += [{"document": outcome.source.name,
                 "record": outcome.record.to_dict() if outcome.record else None,
                 "error": outcome.error, "warnings": list(outcome.warnings)} for outcome in outcomes]
    return out


def extract_bag(bag, model_dir: str | Path | None = None, texts: bool = False):
    """A bag of paths -> a bag of results. With texts=True, elements are (name, text)."""
    return bag.map_partitions(_partition, str(model_dir) if model_dir else None, texts)
