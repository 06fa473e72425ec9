"""The library entry point: `Extractor.load(model_dir).extract(text) -> Record`."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .assemble import assemble
from .decode import decode
from .record import Field, Record
from .tagger import Tagger
from .tokenizer import make_doc

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "default"


class Extractor:
    """Tokenise, tag, decode, assemble, check and score one document at a time."""

    def __init__(self, tagger: Tagger, calibrator=None):
        self.tagger = tagger
        self.calibrator = calibrator

    @classmethod
    def load(cls, model_dir: Path | str | None = None) -> "Extractor":
        folder = Path(model_dir) if model_dir else DEFAULT_MODEL
        return cls(Tagger.load(folder))

    def extract(self, text: str) -> Record:
        doc = make_doc(text)
        idx, proba = self.tagger.predict_proba(doc)
        spans = decode(doc, idx, proba)
        record, draft = assemble(doc, idx, spans)
        fields = []
        for path, value in draft.values.items():
            prov = draft.prov[path]
            start = min((s.start for s in prov.spans), default=None)
            end = max((s.end for s in prov.spans), default=None)
            prob = min((s.prob for s in prov.spans), default=0.5)
            fields.append(Field(path, value, round(prob * prov.quality, 4), start, end,
                                text[start:end] if start is not None else None))
        return replace(record, fields=tuple(fields))
