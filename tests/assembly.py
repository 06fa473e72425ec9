"""Assembly on hand-built spans, no model involved: spans for marked substrings of a text."""
from extractor.assemble import assemble
from extractor.checks import run_checks
from extractor.decode import TaggedSpan
from extractor.features import content_tokens
from extractor.tokenizer import make_doc


def spans_for(text: str, marks: list[tuple[str, str, int]]):
    """TaggedSpans for (label, substring, occurrence) with content-token positions."""
    doc = make_doc(text)
    idx = content_tokens(doc)
    starts = {doc[i].idx: p for p, i in enumerate(idx)}
    ends = {doc[i].idx + len(doc[i]): p for p, i in enumerate(idx)}
    spans = []
    for label, needle, nth in marks:
        found = [k for k in range(len(text)) if text.startswith(needle, k)
                 and k in starts and k + len(needle) in ends]
        pos = found[nth]
        spans.append(TaggedSpan(pos, pos + len(needle), label, 0.95, 0.9, starts[pos], ends[pos + len(needle)]))
    return doc, idx, spans


def extract(text, marks):
    doc, idx, spans = spans_for(text, marks)
    record, draft = assemble(doc, idx, spans)
    return run_checks(record, draft), draft
