"""A record under construction: each value with its provenance (the spans it was read
from and how cleanly it parsed), so that checks can repair it and the confidence model
can score it."""
from __future__ import annotations

from dataclasses import dataclass, field

from .decode import TaggedSpan
from .parse import Reading


@dataclass
class Provenance:
    """Where a value came from: spans read, parse quality, inferred or read, check notes."""
    spans: list[TaggedSpan] = field(default_factory=list)
    quality: float = 1.0
    inferred: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """A record under construction: values and provenance by path."""
    text: str
    values: dict[str, object] = field(default_factory=dict)
    prov: dict[str, Provenance] = field(default_factory=dict)

    def set(self, path: str, reading: Reading | None, spans: list[TaggedSpan],
            inferred: bool = False, note: str | None = None) -> None:
        if reading is None or reading.value in (None, ""):
            return
        self.values[path] = reading.value
        self.prov[path] = Provenance(list(spans), reading.quality, inferred, [note] if note else [])

    def move(self, old: str, new: str) -> None:
        """A value read under one path that belongs under another, with its provenance."""
        self.values[new] = self.values.pop(old)
        self.prov[new] = self.prov.pop(old)

    def drop(self, path: str) -> None:
        """A value read that is none after all, with its provenance."""
        self.values.pop(path, None)
        self.prov.pop(path, None)

    def raw(self, spans: list[TaggedSpan]) -> list[str]:
        return [self.text[s.start:s.end] for s in spans]

    # --- what the checks say of a value (`checks`) ---------------------------------------
    def note(self, path: str, text: str) -> None:
        self.prov.setdefault(path, Provenance()).notes.append(text)

    def repair(self, path: str, value, check: str, inferred: bool = False) -> None:
        """A different reading, or an inferred value, that makes `check` pass."""
        prov = self.prov.setdefault(path, Provenance())
        self.values[path] = value
        prov.notes.append(f"repaired:{check}")
        prov.inferred = prov.inferred or inferred

    def swap(self, a: str, b: str, check: str) -> None:
        """Two values read each in the other's place: each takes the other's value and spans."""
        self.values[a], self.values[b] = self.values[b], self.values[a]
        self.prov[a], self.prov[b] = self.prov[b], self.prov[a]
        for path in (a, b):
            self.prov[path].notes.append(f"repaired:{check}")
