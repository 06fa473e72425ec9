"""Extract many documents: one process or a pool of workers, results as they finish.

A failing document (bad input, or a worker that dies on it) costs only that document:
it comes back as an `Outcome` with a one-line error. With workers, the model is loaded
once per worker; if a worker dies, the documents it may have been working on are retried
one at a time in a fresh pool, so the culprit is found and the rest still extracted.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable

from .io import MAX_BYTES, DocumentError, Source, read_source
from .record import Record

_EXTRACTOR = None
_ZONES = None


@dataclass
class Outcome:
    source: Source
    record: Record | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    text: str | None = None      # the text extracted from, as read: the record's spans index it
    form: tuple[int, int] | None = None   # where the record's form lies in `text`, when it holds several

    def form_text(self) -> tuple[str | None, Record | None]:
        """The form's own text and its record with spans into that text: what a review
        queue stores, and its corrections teach the tagger."""
        if self.form is None or self.record is None:
            return self.text, self.record
        start, end = self.form
        return self.text[start:end], _shifted(self.record, -start)


def _shifted(record: Record, by: int) -> Record:
    """The record with its fields' spans moved `by` characters."""
    return replace(record, fields=tuple(replace(f, start=f.start + by, end=f.end + by) if f.start is not None
                                        else f for f in record.fields))


def extract_source(extractor, source: Source, text: str | None = None,
                   max_bytes: int = MAX_BYTES) -> list[Outcome]:
    """Read and extract one input: an outcome per Form 4 it holds (one, but for a text
    that joins several: `screen.form_starts`); never raises for a bad document. The
    second form of 'x' is named 'x-form2' (`Source.form_name`), and so on; spans point
    into the whole text."""
    from .screen import form_starts, prepare

    try:
        warnings: list[str] = []
        if text is None:
            text, warnings = read_source(source, max_bytes)
        read = text
        text, more, _ = prepare(text)
        warnings += more
        starts = form_starts(text)
    except Exception as exc:  # a bad input, or a bug, costs this input only
        return [_failed(source, exc)]
    n = len(starts)
    return [_extract_form(extractor, Source(source.path, source.form_name(k)), read, text, a, b,
                          warnings + [f"form {k} of {n} in this file (characters {a}-{b})"] * (n > 1))
            for k, (a, b) in enumerate(zip(starts, starts[1:] + [len(text)]), 1)]


def _extract_form(extractor, source: Source, read: str, text: str, start: int, end: int,
                  warnings: list[str]) -> Outcome:
    """The outcome of the form at text[start:end]; its spans shifted into `text`."""
    from .screen import MIN_HALLMARKS, after_warnings, evidence, looks_empty

    try:
        part = text[start:end]
        record = extractor.extract(part)
        found = evidence(part)
        if found < MIN_HALLMARKS and looks_empty(record):
            raise DocumentError(f"not a Form 4: {found} of the form's headings found and nothing "
                                "form-like extracted")
        warnings = warnings + after_warnings(part, record)
        if start:
            record = _shifted(record, start)
        if warnings:
            record = replace(record, warnings=tuple(record.warnings) + tuple(warnings))
        return Outcome(source, record, None, warnings, read, (start, end) if start or end < len(text) else None)
    except Exception as exc:  # a bug must cost one document, never the batch
        return _failed(source, exc)


def _failed(source: Source, exc: Exception) -> Outcome:
    if isinstance(exc, DocumentError):
        return Outcome(source, error=str(exc))
    if isinstance(exc, RecursionError):
        return Outcome(source, error="internal error: the document nests too deeply to read")
    if isinstance(exc, MemoryError):
        return Outcome(source, error="internal error: out of memory on this document")
    return Outcome(source, error=f"internal error: {type(exc).__name__}: {exc}")


# A document makes about 100,000 small lists and strings and drops them all when it is
# done; almost none is in a reference cycle. Python's cyclic collector runs every 700 new
# containers and now and then walks every object the process holds (spaCy's vocabulary,
# the model): 5-6% of a batch's time, for nothing to collect. Over a batch, what is loaded
# before it is left out of those walks (`gc.freeze`) and the collector runs less often.
GC_THRESHOLD = 50_000
# Python 3.12 starts with a few hundred objects of its own frozen; 3.11 and 3.13 with none
_FROZEN_AT_START = gc.get_freeze_count()


@contextmanager
def few_collections():
    """Run a batch with the cyclic collector's walks kept to the objects it makes. After
    it, the thresholds are the caller's again and what was frozen is thawed (unless the
    caller had frozen objects itself: `gc` cannot thaw only ours)."""
    old, frozen_before = gc.get_threshold(), gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
        if frozen_before <= _FROZEN_AT_START:
            gc.unfreeze()


def _init_worker(model_dir: str | None) -> None:
    global _EXTRACTOR, _ZONES
    from .pipeline import Extractor
    from .tokenizer import VocabZones
    _EXTRACTOR = Extractor.load(model_dir)
    _ZONES = VocabZones()   # a worker lives for its batch, and its vocabulary stays bounded
    gc.freeze()             # see `few_collections`
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _work(args: tuple[Source, str | None, int]) -> list[Outcome]:
    source, text, max_bytes = args
    _ZONES.tick()
    return extract_source(_EXTRACTOR, source, text, max_bytes)


def run(sources: Iterable[Source], model_dir: Path | None = None, workers: int = 1,
        on_outcome: Callable[[Outcome], None] = lambda o: None, max_bytes: int = MAX_BYTES,
        stdin_text: str | None = None, extractor=None, keep: bool = True) -> list[Outcome]:
    """Extract every source; `on_outcome` is called as each finishes (in any order). The
    outcomes are returned too, unless `keep` is False: a caller that handles each one as it
    comes (the CLI) need not hold every text and record of a long batch at once."""
    jobs = [(s, stdin_text if s.path == "-" else None, max_bytes) for s in sources]
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        if keep:
            outcomes.append(outcome)
        on_outcome(outcome)

    if workers <= 1 or len(jobs) <= 1:
        from .tokenizer import VocabZones
        if extractor is None:
            from .pipeline import Extractor
            extractor = Extractor.load(model_dir)
        zones = VocabZones()
        with few_collections():
            try:
                for source, text, limit in jobs:
                    zones.tick()
                    for outcome in extract_source(extractor, source, text, limit):
                        done(outcome)
            finally:
                zones.close()
        return outcomes
    remaining = jobs
    while remaining:
        suspects, remaining = _pool(remaining, model_dir, workers, done)
        for job in suspects:  # alone, so a crash can only be this document's
            crashed, _ = _pool([job], model_dir, 1, done)
            if crashed:
                done(Outcome(job[0], error="worker crashed while extracting this document"))
    return outcomes


def _pool(jobs, model_dir, workers, done) -> tuple[list, list]:
    """Run jobs in a pool. If a worker dies: (jobs in flight then, jobs not yet started)."""
    pending = list(jobs)
    with ProcessPoolExecutor(workers, initializer=_init_worker,
                             initargs=(str(model_dir) if model_dir else None,)) as pool:
        futures = {}
        while pending or futures:
            while pending and len(futures) < 2 * workers:
                job = pending.pop(0)
                futures[pool.submit(_work, job)] = job
            finished, _ = wait(futures, return_when=FIRST_COMPLETED)
            broken = []
            for future in finished:
                job = futures.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    broken.append(job)
                    continue
                for outcome in outcomes:
                    done(outcome)
            if broken:
                return broken + list(futures.values()), pending
    return [], []
