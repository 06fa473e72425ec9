"""The library entry point: `Extractor.load(model_dir).extract(text) -> Record`.

    tokenise -> tag -> decode -> assemble -> check -> score confidence

The library never prints; failures are typed exceptions (`ModelError`, `TokenizerError`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .assemble import assemble
from .checks import run_checks
from .confidence import Calibrator, fallback, field_features
from .decode import TaggedSpan, trimmed
from .draft import Draft
from .record import Field, Record
from .tagger import load_tagger
from .tokenizer import make_doc


def _default_model() -> Path:
    """The shipped model: extractor/models/default where the package was installed from
    a wheel, the repository's models/default in a checkout (an editable install)."""
    here = Path(__file__).resolve().parent
    installed = here / "models" / "default"
    return installed if installed.is_dir() else here.parent / "models" / "default"


DEFAULT_MODEL = _default_model()


@dataclass
class Analysis:
    """Everything one extraction computed, for callers that want more than the record."""
    doc: object
    spans: list[TaggedSpan]
    record: Record
    draft: Draft
    doc_clean: float          # mean top tag probability over the document's content tokens


class Extractor:
    """Load once, then extract many documents."""

    def __init__(self, tagger, calibrator: Calibrator | None = None):
        self.tagger = tagger
        self.calibrator = calibrator

    @classmethod
    def load(cls, model_dir: Path | str | None = None) -> "Extractor":
        folder = Path(model_dir) if model_dir else DEFAULT_MODEL
        return cls(load_tagger(folder), Calibrator.load(folder))

    def analyse(self, text: str) -> Analysis:
        doc = make_doc(text)
        idx, spans, clean = self.tagger.spans(doc)
        record, draft = assemble(doc, idx, spans)
        record = run_checks(record, draft)
        return Analysis(doc, spans, record, draft, clean)

    def field_rows(self, analysis: Analysis) -> list[tuple[str, dict[str, float]]]:
        """(path, confidence features) of every value in the record."""
        leaves = analysis.record.leaves()
        return [(path, field_features(path, prov, analysis.doc_clean))
                for path, prov in analysis.draft.prov.items()
                if path in leaves and leaves[path] not in (None, ())]

    def extract(self, text: str) -> Record:
        """The record of one document, every value with its confidence and span."""
        analysis = self.analyse(text)
        rows = self.field_rows(analysis)
        features = [f for _, f in rows]
        conf = self.calibrator.predict(features) if self.calibrator else fallback(features)
        leaves = analysis.record.leaves()
        fields = []
        for (path, _), c in zip(rows, np.atleast_1d(conf)):
            prov = analysis.draft.prov[path]
            spans = prov.spans
            if isinstance(leaves[path], bool) and spans:
                # a box read in the header and again in the owner table: each mark is
                # the whole evidence, so the likeliest one is its span, not the text between
                spans = [max(spans, key=lambda s: s.prob)]
            start = min((s.start for s in spans), default=None)
            end = max((s.end for s in spans), default=None)
            if start is not None:
                start, end = trimmed(text, start, end)   # no space at a span's edges
            fields.append(Field(path, leaves[path], round(float(c), 4), start, end,
                                text[start:end] if start is not None else None))
        return replace(analysis.record, fields=tuple(fields))
