"""The generator's promises: spans point at their values, contents hang together, every
layout and noise switch works, and a seed always gives the same bytes."""
import datetime as dt
import hashlib
import re
import json

import pytest

from extractor.parse import read_code, read_date, read_number, read_refs, read_text
from extractor.record import Record
from extractor.training.synth import generate, generate_one, write_corpus
from extractor.training.synth.noise import NOISES, Noise
from extractor.training.synth.render import RENDERERS
from extractor.vocabulary import LABEL_INFO, LABEL_NAMES, TRANSACTION_CODES

CLEAN = Noise({})


def leaf(record: dict, path: str):
    import re
    obj = record
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        obj = obj[int(part[1:-1])] if part.startswith("[") else obj[part]
    return obj


def check_span(line: dict, span: dict) -> None:
    """A span's text reads as the value its path holds (no noise: exactly)."""
    text, record = line["text"], line["record"]
    raw = text[span["start"]:span["end"]]
    info = LABEL_INFO[span["label"]]
    if span["label"] == "fn_ref":
        (ref,) = read_refs([raw])
        assert ref in leaf(record, span["path"]), (raw, span)
        return
    if span["label"] == "fn_id":
        return
    value = leaf(record, span["path"])
    if info.kind == "mark":
        assert value is True
    elif info.kind == "number":
        assert read_number([raw]).value == pytest.approx(value), (raw, span)
    elif info.kind == "date":
        assert read_date([raw]).value == dt.date.fromisoformat(value), (raw, span)
    elif info.kind == "code":
        alphabet = "AD" if span["label"].endswith("_ad") else "DI" if span["label"].endswith("_di") else "PSVADFIMCEHOXGLWZJKU"
        assert read_code([raw], alphabet).value == value, (raw, span)
    else:
        got = read_text([raw]).value
        assert got in value.replace("\\$", "$") or value in got, (got, value, span)


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_spans_point_at_their_values(renderer):
    for line in generate(12, seed=3, renderers=(renderer,), noise=CLEAN):
        text = line["text"]
        last_end = 0
        for span in line["spans"]:
            assert span["label"] in LABEL_NAMES
            assert 0 <= span["start"] < span["end"] <= len(text)
            assert span["start"] >= last_end, "spans overlap"
            assert text[span["start"]:span["end"]] == text[span["start"]:span["end"]].strip()
            last_end = span["end"]
            check_span(line, span)


@pytest.mark.parametrize("noise", NOISES)
@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_every_layout_takes_every_noise(renderer, noise):
    noisy = generate_one(5, seed=4, renderers=(renderer,), noise=Noise({noise: 1.0}))
    clean = generate_one(5, seed=4, renderers=(renderer,), noise=CLEAN)
    text = noisy["text"]
    for span in noisy["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
    assert noisy["record"] == clean["record"]        # noise changes the text, never the truth
    if noise != "markers" or any(s["label"] == "fn_ref" for s in clean["spans"]):
        assert noisy["text"] != clean["text"] or noise in ("dollar", "lines", "truncate")


def test_contents_hang_together():
    for line in generate(200, seed=5):
        record = Record.from_dict(line["record"])
        chains: dict[tuple, float] = {}
        for row in record.non_derivative_transactions:
            usual = TRANSACTION_CODES[row.transaction_code][1]
            if usual is not None and row.transaction_code != "J":
                assert row.acquired_disposed == usual, row
            key = (row.security_title, row.direct_or_indirect, row.nature_of_ownership)
            if key in chains:
                sign = 1 if row.acquired_disposed == "A" else -1
                assert row.shares_owned_following == chains[key] + sign * row.shares, row
            chains[key] = row.shares_owned_following
        for fid in {f for t in ("non_derivative_transactions", "non_derivative_holdings",
                                "derivative_transactions", "derivative_holdings")
                    for row in getattr(record, t) for f in row.footnotes}:
            assert fid in record.footnotes      # every marker points at a footnote
        for sig in record.signatures:
            assert sig.date >= record.period_of_report


def test_same_seed_same_bytes(tmp_path):
    one = write_corpus(tmp_path / "one", 30, seed=9, workers=1)
    two = write_corpus(tmp_path / "two", 30, seed=9, workers=2)
    assert hashlib.sha256(one.read_bytes()).digest() == hashlib.sha256(two.read_bytes()).digest()
    other = write_corpus(tmp_path / "other", 30, seed=10, workers=1)
    assert other.read_bytes() != one.read_bytes()


def test_lines_are_annotation_jsonl():
    line = generate_one(0, seed=0)
    assert set(line) == {"text", "spans", "record", "meta"}
    assert set(line["spans"][0]) == {"start", "end", "label", "row", "path"}
    assert line["meta"]["source_kind"] == "synthetic"
    json.dumps(line)
    Record.from_dict(line["record"])


def test_the_aligner_finds_what_the_generator_wrote():
    """Generator and aligner agree: on clean generated text, alignment puts (nearly) every
    value where the generator did."""
    from extractor.training.align import align
    placed = agreed = 0
    for line in generate(15, seed=6, renderers=("markdown", "tabbed", "html2text"), noise=CLEAN):
        alignment = align(line["text"], Record.from_dict(line["record"]))
        aligned = {(s.path, s.start, s.end) for s in alignment.spans}
        for span in line["spans"]:
            if span["label"] in ("fn_id", "fn_ref"):
                continue
            placed += 1
            agreed += (span["path"], span["start"], span["end"]) in aligned
    assert agreed / placed > 0.9


def test_remarks_are_said_in_many_ways():
    """Remarks are sentences of many kinds, not a handful of fixed strings the tagger
    could learn by heart, and each is a labelled span of the text."""
    lines = list(generate(120, seed=8, noise=CLEAN))
    remarks = [line["record"]["remarks"] for line in lines if line["record"]["remarks"]]
    assert 15 <= len(remarks) <= 60
    assert len(set(remarks)) >= 0.8 * len(remarks)
    for line in lines:
        spans = [s for s in line["spans"] if s["label"] == "remarks"]
        assert bool(spans) == bool(line["record"]["remarks"])


@pytest.mark.parametrize("renderer, row", [("markitdown", "| **"), ("html2text", "**")])
def test_html_converters_write_the_notes_as_a_table(renderer, row):
    """markitdown and html2text write EDGAR's explanation of responses as a two-column
    table: each footnote's marker opens its row in bold, and the remarks close it."""
    seen = 0
    for line in generate(40, seed=11, renderers=(renderer,), noise=CLEAN):
        text = line["text"]
        for span in line["spans"]:
            start = text.rfind("\n", 0, span["start"]) + 1
            if span["label"] == "fn_id":
                assert text[start:span["start"]] == row, text[start:span["end"]]
                assert text[span["end"]:span["end"] + 5] == "** | "
            elif span["label"] == "remarks":
                seen += 1
                before = text[start:span["start"]] if renderer == "markitdown" else \
                    text[text.rfind("\n", 0, start - 1) + 1:start]
                assert before.startswith(row + "Remarks:**"), before
    assert seen


def test_a_trust_dated_in_its_nature_is_labelled_nature_not_a_date():
    # 'Eschenbach Family Trust dtd 4/15/2014': the date is part of the nature of ownership,
    # and the annotation's nature spans (a wrapped cell's pieces) hold it
    found = 0
    for line in generate(150, seed=5, noise=CLEAN):
        pieces: dict[str, list[str]] = {}
        for span in line["spans"]:
            if span["label"].endswith("_nature"):
                pieces.setdefault(span["path"], []).append(line["text"][span["start"]:span["end"]])
        for path, texts in pieces.items():
            value = leaf(line["record"], path)
            if re.search(r"\d+/\d+/\d{4}$", value):
                found += 1
                assert read_text(texts).value == value, (path, texts)
    assert found


def test_pdftotext_layout_puts_each_relationship_mark_under_its_own_heading():
    """The owner table's relationship headings stand over their columns, right of the
    name's, as on the page (they were written from the left edge, so an 'X' under
    '10% Owner' was the director's)."""
    headings = {"rel_director": "Director", "rel_ten_pct": "10% Owner", "rel_officer": "Officer",
                "rel_other": "Other"}
    seen = 0
    for line in generate(60, seed=4, renderers=("pdftotext_layout",), noise=CLEAN):
        text = line["text"]
        table = text.find("Reporting Owner Name / Address")
        for span in line["spans"]:
            if table < 0 or span["label"] not in headings or span["start"] < table:
                continue
            start = text.rfind("\n", 0, span["start"]) + 1
            column = span["start"] - start
            above = next(row for row in reversed(text[table:start].splitlines())
                         if "Director" in row and "10% Owner" in row)
            at = above.find(headings[span["label"]])
            assert at <= column < at + len(headings[span["label"]]), (above, text[start:span["end"]])
            seen += 1
    assert seen > 20
