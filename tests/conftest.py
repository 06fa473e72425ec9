"""Shared fixtures: small real documents in tests/data, the shared data set when present."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.record import Record

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_pairs(folder: Path) -> list[tuple[str, str, Record]]:
    """(id, text, gold record) for every document of a docs/ + gold/ folder."""
    out = []
    for doc in sorted((folder / "docs").glob("*.txt")):
        gold = json.loads((folder / "gold" / f"{doc.stem}.json").read_text())
        out.append((doc.stem, doc.read_text(encoding="utf-8"), Record.from_dict(gold)))
    return out


@pytest.fixture(scope="session")
def seeds() -> list[tuple[str, str, Record]]:
    return load_pairs(DATA / "seeds")


@pytest.fixture(scope="session")
def real_samples() -> list[tuple[str, str, Record]]:
    return load_pairs(DATA / "real")


def shared_gold_files() -> list[Path]:
    """Every gold file of the shared data set (empty when it is not beside the repo)."""
    return sorted(SHARED.glob("seeds/gold/*.json")) + sorted(SHARED.glob("real/*/gold/*.json"))
