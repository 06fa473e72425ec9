"""Write annotation JSONL from a folder of documents and their gold records.

    extractor annotate --docs ../shared/real/train/docs --gold ../shared/real/train/gold \
        --out annotations/real-train.jsonl

One line per document (see `extractor.training.align`). A `manifest.csv` beside the folders
(columns id, renderer) adds each document's renderer to its meta.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from extractor.record import Record

from .align import align


@dataclass
class Coverage:
    """Aligned / expected gold values, overall and per renderer."""
    by_group: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, group: str, aligned: int, expected: int) -> None:
        for key in (group, "all"):
            self.by_group[key][0] += aligned
            self.by_group[key][1] += expected

    def rows(self) -> list[tuple[str, int, int, float]]:
        return [(g, a, e, a / e if e else 1.0) for g, (a, e) in sorted(self.by_group.items())]


def read_manifest(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(newline="") as handle:
        return {row["id"]: row.get("renderer", "") for row in csv.DictReader(handle)}


def renderer_family(renderer: str) -> str:
    """'chromium-pdf + pdftoppm 150dpi + ... + tesseract --psm 4' -> 'tesseract --psm 4'."""
    if "tesseract" in renderer:
        return "tesseract" + renderer.split("tesseract", 1)[1]
    return renderer.replace("chromium-pdf + ", "") or "unknown"


def annotate_folder(docs: Path, gold: Path, manifest: Path | None = None) -> Iterator[dict]:
    """Align every `docs/<id>.txt` that has a `gold/<id>.json`; yield annotation lines."""
    renderers = read_manifest(manifest or docs.parent / "manifest.csv")
    for doc_path in sorted(docs.glob("*.txt")):
        gold_path = gold / f"{doc_path.stem}.json"
        if not gold_path.exists():
            continue
        record = Record.from_dict(json.loads(gold_path.read_text()))
        text = doc_path.read_text(encoding="utf-8")
        alignment = align(text, record)
        meta = {"id": doc_path.stem, "source": str(doc_path),
                "renderer": renderers.get(doc_path.stem, "seed" if not renderers else "unknown")}
        yield alignment.to_json(record, meta)


def write_annotations(docs: Path, gold: Path, out: Path, manifest: Path | None = None) -> Coverage:
    """Write one JSONL file; return the alignment coverage per renderer family."""
    coverage = Coverage()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for line in annotate_folder(docs, gold, manifest):
            meta = line["meta"]
            coverage.add(renderer_family(meta["renderer"]), meta["aligned"], meta["expected"])
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    tmp.replace(out)
    return coverage


def read_annotations(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
