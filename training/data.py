"""Annotation JSONL -> training examples: a Doc and a BIO tag per content token."""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from extractor.features import content_tokens
from extractor.tokenizer import make_doc

from .annotate import read_annotations


class AnnotationWarning(UserWarning):
    """A span that does not start and end on token boundaries."""


@dataclass
class Example:
    id: str
    doc: object
    tags: list[str]                    # one BIO tag per content token
    meta: dict = field(default_factory=dict)
    misaligned: int = 0                # spans whose edges fell inside a token


def tags_for(doc, spans: list[dict]) -> tuple[list[str], int]:
    """BIO tags of the content tokens from character spans; counts spans whose edges do
    not meet token edges (they are still used, snapped outward to whole tokens)."""
    idx = content_tokens(doc)
    starts = [doc[i].idx for i in idx]
    ends = [doc[i].idx + len(doc[i]) for i in idx]
    tags = ["O"] * len(idx)
    misaligned = 0
    for span in sorted(spans, key=lambda s: s["start"]):
        lo = bisect.bisect_right(ends, span["start"])        # first token ending after start
        hi = bisect.bisect_left(starts, span["end"])          # tokens starting before end
        if lo >= hi:
            misaligned += 1
            continue
        if starts[lo] != span["start"] or ends[hi - 1] != span["end"]:
            misaligned += 1
        for q in range(lo, hi):
            tags[q] = ("B-" if q == lo else "I-") + span["label"]
    return tags, misaligned


def example_from_line(line: dict) -> Example:
    doc = make_doc(line["text"])
    tags, misaligned = tags_for(doc, line["spans"])
    meta = dict(line.get("meta") or {})
    meta["record"] = line.get("record")
    return Example(meta.get("id", ""), doc, tags, meta, misaligned)


def load_examples(paths: Iterable[Path]) -> Iterator[Example]:
    """Examples from annotation files or folders of them (*.jsonl)."""
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            for line in read_annotations(file):
                yield example_from_line(line)


def data_hash(paths: Iterable[Path]) -> str:
    """sha256 over the annotation files' bytes, in name order: what a model was trained on."""
    digest = hashlib.sha256()
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()
