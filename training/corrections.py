"""Review decisions -> training annotations, and Label Studio tasks in and out.

A reviewed document becomes one annotation line in the aligner's format: the record with
the decisions applied, and a span for every value - as the reviewer accepted or
corrected it, else as the model read it - and for each footnote's marker. A corrected
value is looked for in the text, nearest the span the model had read; when it is not
there, the decision says so and the value has no span.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

from extractor.record import Record
from extractor.review import ReviewQueue
from extractor.tokenizer import make_doc
from extractor.vocabulary import label_for_path

from .search import DocIndex

_ROW_RE = re.compile(r"^(\w+\[\d+\])\.")


@lru_cache(maxsize=4)
def _index(text: str) -> DocIndex:
    """The search index of a document, built once for all of its corrections."""
    return DocIndex.build(make_doc(text))


def find_value(text: str, path: str, value, near: int | None) -> tuple[int, int] | None:
    """Where `value` (for record leaf `path`) is written in `text`, nearest `near`."""
    if value is None or value == "":
        return None
    index = _index(text)
    key = path.rsplit(".", 1)[-1]
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        hits = index.numbers(float(value))
    elif "date" in key or key == "period_of_report":
        try:
            hits = index.dates(dt.date.fromisoformat(str(value)))
        except ValueError:
            hits = []
    else:
        hits = index.texts(str(value))
    if not hits:
        return None
    spans = [index.char_span(h.first, h.last) for h in hits]
    return min(spans, key=lambda s: abs(s[0] - near) if near is not None else s[0])


def apply_decisions(record: dict, decisions: list[dict]) -> dict:
    """The record dict with corrected values set and absent values removed."""
    out = Record.from_dict(record).to_dict(with_fields=False)
    for d in decisions:
        if d["action"] not in ("correct", "absent"):
            continue
        _set_path(out, d["path"], d["value"] if d["action"] == "correct" else None)
    return out


def _set_path(obj: dict, path: str, value) -> None:
    """Set a leaf; a path into a row the record does not have is left alone."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    try:
        for part in parts[:-1]:
            obj = obj[int(part[1:-1])] if part.startswith("[") else obj.setdefault(part, {})
    except (IndexError, TypeError, AttributeError):
        return
    if isinstance(obj, dict):
        obj[parts[-1]] = value


def export_annotations(queue: ReviewQueue, out: Path) -> dict:
    """Write one annotation line per reviewed document; returns counts."""
    by_doc: dict[int, list[dict]] = {}
    decisions = queue.decisions()
    docs = queue.reviewed_documents()
    doc_of_item = dict(queue.conn.execute("SELECT id, doc_id FROM items").fetchall())
    for d in decisions:
        by_doc.setdefault(doc_of_item[d["item"]], []).append(d)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts = {"documents": 0, "spans": 0, "corrections_without_span": 0, "overlaps_split": 0}
    with out.open("w", encoding="utf-8") as handle:
        for doc_id, path, text, record, model in docs:
            line, c = annotation_line(text, record, by_doc.get(doc_id, []), path, model)
            for k in ("spans", "corrections_without_span", "overlaps_split"):
                counts[k] += c[k]
            counts["documents"] += 1
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return counts


def annotation_line(text: str, record: dict, decisions: list[dict], source: str,
                    model: str | None) -> tuple[dict, dict]:
    decided = {d["path"]: d for d in decisions}
    corrected = apply_decisions(record, decisions)
    fields = {f["path"]: f for f in record.get("fields") or []}
    counts = {"spans": 0, "corrections_without_span": 0, "overlaps_split": 0}
    where: dict[str, tuple] = {}          # path -> (start, end) of every value to label
    for path in fields.keys() | decided.keys():   # a typed-in value the model had not found too
        decision = decided.get(path)
        if decision is None or decision["action"] in ("accept", "skip"):
            if path in fields:
                where[path] = (fields[path].get("start"), fields[path].get("end"))
        elif decision["action"] == "correct":
            where[path] = (decision.get("start"), decision.get("end"))
            counts["corrections_without_span"] += decision.get("start") is None
    spans = []
    for path, (start, end) in sorted(where.items()):
        m = _ROW_RE.match(path)
        label = label_for_path(path, _leaf(corrected, f"{m.group(1)}.acquired_disposed") if m else None)
        if start is not None and end is not None and label is not None:
            spans.append({"start": start, "end": end, "label": label, "row": m.group(1) if m else None,
                          "path": path})
    spans += _marker_spans(text, spans)
    kept, counts["overlaps_split"] = _carve(text, spans)
    counts["spans"] = len(kept)
    meta = {"id": Path(source).stem, "source": source, "renderer": "reviewed",
            "source_kind": "review", "model": model, "decisions": len(decisions)}
    return {"text": text, "spans": kept, "record": corrected, "meta": meta}, counts


def _carve(text: str, spans: list[dict]) -> tuple[list[dict], int]:
    """Spans without overlaps. A value's span runs from its first piece to its last; where
    it holds another value (shredded OCR splits a date around the code: '02/06/20 A 023'),
    the inner value keeps its span and the outer one keeps the pieces outside it.
    Returns (spans in text order, how many were split)."""
    kept: list[dict] = []
    split = 0
    for s in sorted(spans, key=lambda s: (s["end"] - s["start"], s["start"])):
        parts = [(s["start"], s["end"])]
        for k in kept:
            parts = [p for a, b in parts for p in ((a, min(b, k["start"])), (max(a, k["end"]), b)) if p[1] > p[0]]
        parts = [_trim(text, a, b) for a, b in parts]
        parts = [(a, b) for a, b in parts if b > a]
        split += parts != [(s["start"], s["end"])]
        kept += [dict(s, start=a, end=b) for a, b in parts]
    return sorted(kept, key=lambda s: s["start"]), split


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in "|"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in "|"):
        b -= 1
    return a, b


def _marker_spans(text: str, spans: list[dict]) -> list[dict]:
    """The marker before each footnote's text ('(2)', '2.', '[2]') as an fn_id span: the
    record gives footnote texts, not their markers, and an unlabelled marker would teach
    the tagger that markers are nothing."""
    out = []
    for s in spans:
        m = re.fullmatch(r"footnotes\.F(\d+)", s.get("path") or "")
        if not m:
            continue
        before = text[max(0, s["start"] - 40):s["start"]]
        marker = re.search(rf"(?:\(\s*{m.group(1)}\s*\)|\[\s*{m.group(1)}\s*\]|(?<![\w.,]){m.group(1)}\.)[\s|*:]*$",
                           before)
        if marker:
            start = s["start"] - len(before) + marker.start()
            end = start + len(re.match(r"\S*", text[start:]).group(0).rstrip("|*:"))
            out.append({"start": start, "end": end, "label": "fn_id", "row": None, "path": None})
    return out


def _leaf(record: dict, path: str):
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    obj = record
    try:
        for part in parts:
            obj = obj[int(part[1:-1])] if part.startswith("[") else obj[part]
    except (KeyError, IndexError, TypeError):
        return None
    return obj


# --- Label Studio ----------------------------------------------------------------------------

def to_label_studio(queue: ReviewQueue) -> list[dict]:
    """Label Studio tasks (NER over text) with the model's values as scored predictions."""
    tasks = []
    for doc_id, path, text, record, model in queue.all_documents():
        results = []
        for f in record.get("fields") or []:
            label = label_for_path(f["path"])
            if label is None or f.get("start") is None:
                continue
            results.append({"id": f"{doc_id}-{len(results)}", "from_name": "label", "to_name": "text",
                            "type": "labels", "score": f["confidence"],
                            "value": {"start": f["start"], "end": f["end"], "text": text[f["start"]:f["end"]],
                                      "labels": [label]}, "meta": {"path": f["path"]}})
        score = min((r["score"] for r in results), default=1.0)
        tasks.append({"data": {"text": text, "document": path},
                      "predictions": [{"model_version": model or "default", "score": score,
                                       "result": results}]})
    return tasks


def from_label_studio(tasks: list[dict]) -> list[dict]:
    """Completed Label Studio annotations -> annotation lines (spans only, no record)."""
    lines = []
    for task in tasks:
        text = task.get("data", {}).get("text")
        annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not text or not annotations:
            continue
        spans = []
        for r in annotations[-1].get("result") or []:
            value = r.get("value") or {}
            labels = value.get("labels") or []
            if r.get("type") == "labels" and labels and "start" in value:
                spans.append({"start": int(value["start"]), "end": int(value["end"]), "label": labels[0],
                              "row": None, "path": (r.get("meta") or {}).get("path")})
        lines.append({"text": text, "spans": sorted(spans, key=lambda s: s["start"]), "record": None,
                      "meta": {"id": Path(task["data"].get("document", "task")).stem,
                               "renderer": "label-studio", "source_kind": "review"}})
    return lines
