"""The CLI contract users script against: output shapes per format, stdin, --output,
the summary on stderr, exit codes; `evaluate` agrees with the shared ruler; the library API
gives what the CLI gives. All with the shipped model."""
import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.evaluate import evaluate_folder
from extractor.pipeline import Extractor
from extractor.record import Record

from .conftest import DATA, SHARED

SEEDS = DATA / "seeds"
DOCS = sorted((SEEDS / "docs").glob("*.txt"))
TABLES = ("non_derivative_transactions", "non_derivative_holdings",
          "derivative_transactions", "derivative_holdings")


def cli(*args, stdin=None):
    result = CliRunner().invoke(app, list(map(str, args)), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def extractor():
    return Extractor.load()


def test_single_document_prints_one_record(extractor):
    code, out, err = cli("extract", DOCS[0])
    assert code == 0
    record = json.loads(out)
    assert Record.from_dict(record).to_dict() == record  # exactly the schema's shape
    assert record == extractor.extract(DOCS[0].read_text()).to_dict()  # CLI == library
    assert "1 documents" in err and "0 failed" in err  # the summary goes to stderr, not into the JSON


def test_several_documents_give_jsonl_named_by_document():
    code, out, _ = cli("extract", *DOCS[:3], "--quiet")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert sorted(line["document"] for line in lines) == sorted(d.stem for d in DOCS[:3])
    assert all(line["issuer"]["name"] for line in lines)


def test_folder_to_output_dir_writes_one_file_per_document(tmp_path):
    code, out, _ = cli("extract", SEEDS / "docs", "--output", tmp_path / "out", "--quiet")
    assert code == 0 and out == ""
    written = sorted(p.stem for p in (tmp_path / "out").glob("*.json"))
    assert written == [d.stem for d in DOCS]
    for path in (tmp_path / "out").glob("*.json"):
        Record.from_dict(json.loads(path.read_text()))


def test_csv_writes_whole_counts_without_a_decimal_point_and_table_two_columns(extractor):
    """A holdings row has no transaction count: the column is empty there, and the other
    rows' counts stay '200000', not '200000.0'. Table II's rows carry their own columns
    (underlying security, exercise price, dates)."""
    doc = DATA.parent.parent / "examples" / "form4-pdftotext-layout.txt"
    code, out, _ = cli("extract", doc, "--format", "csv", "--quiet")
    assert code == 0
    lines = list(csv.DictReader(io.StringIO(out)))
    shares = [line["shares"] for line in lines]
    record = extractor.extract(doc.read_text())
    assert record.non_derivative_holdings and "" in shares           # holdings rows: empty
    expected = [f"{row.shares:.0f}" for row in record.non_derivative_transactions]
    assert [s for s in shares if s][:len(expected)] == expected
    table_two = [line for line in lines if line["table"] == "derivative_transactions"]
    assert len(table_two) == len(record.derivative_transactions) > 0
    for line, row in zip(table_two, record.derivative_transactions):
        assert line["underlying_security_title"] == row.underlying_security_title
        assert line["underlying_shares"] == f"{row.underlying_shares:.0f}"
        assert line["expiration_date"] == (row.expiration_date.isoformat() if row.expiration_date else "")


def test_csv_has_a_line_per_row_with_document_and_owner(extractor):
    code, out, _ = cli("extract", *DOCS, "--format", "csv", "--quiet")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    expected = 0
    for doc in DOCS:
        record = extractor.extract(doc.read_text())
        rows = frame[frame.document == doc.stem]
        assert len(rows) == sum(len(getattr(record, t)) for t in TABLES)
        if len(rows):
            assert set(rows.table) <= set(TABLES)
            assert rows.owner.iloc[0] == "; ".join(o.name for o in record.reporting_owners if o.name)
            assert rows.min_confidence.between(0, 1).all()
        expected += len(rows)
    assert len(frame) == expected > 0


def test_stdin(extractor):
    text = DOCS[1].read_text()
    code, out, _ = cli("extract", "-", "--quiet", stdin=text)
    assert code == 0
    assert json.loads(out) == extractor.extract(text).to_dict()


def test_usage_errors_exit_2(tmp_path):
    assert cli("extract", DOCS[0], "--format", "xml")[0] == 2
    assert cli("extract", tmp_path, "--quiet")[0] == 2  # a folder with no *.txt
    (tmp_path / "form.md").write_text(DOCS[0].read_text())
    code, _, err = cli("extract", tmp_path, "--quiet")
    assert code == 2 and f"{tmp_path} holds files 1 *.md" in err   # what it holds instead
    code, _, err = cli("extract", DOCS[0], "--model", tmp_path / "nothing", "--quiet")
    assert code == 2 and "model" in err


def test_missing_file_fails_the_batch_but_not_the_others(tmp_path):
    code, out, err = cli("extract", DOCS[0], tmp_path / "absent.txt", "--output", tmp_path / "out", "--quiet")
    assert code == 1 and "absent.txt: no such file or folder" in err
    assert (tmp_path / "out" / f"{DOCS[0].stem}.json").exists()


def test_evaluate_scores_predictions_and_documents_alike(tmp_path, extractor):
    preds = tmp_path / "pred"
    assert cli("extract", SEEDS / "docs", "-o", preds, "--quiet")[0] == 0
    code, out, _ = cli("evaluate", "--gold", SEEDS / "gold", "--pred", preds, "--report", tmp_path / "r.json")
    assert code == 0 and "documents 5" in out
    from_pred = json.loads((tmp_path / "r.json").read_text())
    from_docs, _ = evaluate_folder(lambda t: extractor.extract(t).to_dict(), SEEDS / "docs", SEEDS / "gold")
    for key in ("field_precision", "field_recall", "field_f1", "rows_exact", "document_exact_rate"):
        assert from_pred[key] == from_docs[key]
    # the shipped model on the seeds: a regression guard, not a target
    assert from_pred["field_f1"] >= 0.95 and from_pred["calibration"]["ece"] < 0.1


@pytest.mark.skipif(not (SHARED / "eval/score.py").exists(), reason="the shared ruler is not beside the repo")
def test_evaluate_agrees_with_the_shared_ruler(tmp_path):
    preds = tmp_path / "pred"
    cli("extract", SEEDS / "docs", "-o", preds, "--quiet")
    cli("evaluate", "--gold", SEEDS / "gold", "--pred", preds, "--report", tmp_path / "ours.json")
    subprocess.run([sys.executable, str(SHARED / "eval/score.py"), "--gold", str(SEEDS / "gold"),
                    "--pred", str(preds), "--json", str(tmp_path / "ruler.json"), "--quiet"], check=True)
    ours = json.loads((tmp_path / "ours.json").read_text())
    ruler = json.loads((tmp_path / "ruler.json").read_text())
    for key in ("field_precision", "field_recall", "field_f1", "tp", "fp", "fn", "rows_exact", "rows_total"):
        assert ours[key] == ruler[key], key
    assert ours["calibration"]["ece"] == pytest.approx(ruler["calibration"]["ece"], abs=1e-3)


SAVED_OTHERWISE = {"crlf": lambda t: t.replace("\n", "\r\n"),                  # Windows
                   "nbsp": lambda t: t.replace(" ", "\u00a0"),                 # copied from a browser
                   "cr": lambda t: t.replace("\n", "\r")}                      # old Mac


@pytest.mark.parametrize("saved", SAVED_OTHERWISE)
@pytest.mark.parametrize("path", [DOCS[0], *sorted((DATA / "real" / "docs").glob("h026*.txt"))],
                         ids=lambda p: p.stem)
def test_line_ends_and_spaces_of_any_kind_read_as_the_same_document(tmp_path, extractor, path, saved):
    text = path.read_text()
    other = SAVED_OTHERWISE[saved](text)
    assert other != text and len(other) >= len(text)
    plain, odd = extractor.extract(text), extractor.extract(other)
    strip = lambda r: {k: v for k, v in r.to_dict().items() if k != "fields"}  # noqa: E731
    assert strip(odd) == strip(plain) and len(odd.fields) == len(plain.fields) > 0
    back = lambda t: t.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")  # noqa: E731
    for a, b in zip(odd.fields, plain.fields):
        assert (a.path, a.value, a.confidence) == (b.path, b.value, b.confidence)
        if a.start is not None:   # the span indexes the text as given, line ends and all
            assert other[a.start:a.end] == a.text and back(a.text) == b.text
            assert a.text == a.text.strip()     # and holds no whitespace at its edges
    (tmp_path / "doc.txt").write_bytes(other.encode())
    code, out, _ = cli("extract", tmp_path / "doc.txt", "--quiet")
    assert code == 0 and json.loads(out) == odd.to_dict()


def queued(db):
    """Every item of a review queue, as a reviewer is served them (accepting each)."""
    from extractor.review import ReviewQueue

    with ReviewQueue(db) as queue:
        items, item = [], queue.next_item("me")
        while item is not None and item.id not in {i.id for i in items}:
            items.append(item)
            queue.decide(item.id, "accept", reviewer="me")
            item = queue.next_item("me")
    return items


def test_values_queued_from_stdin_point_into_the_text_read(tmp_path, extractor):
    crlf = DOCS[0].read_text().replace("\n", "\r\n")
    code, _, err = cli("extract", "-", "--queue", tmp_path / "q.db", "--review-threshold", "1.01",
                       "--quiet", stdin=crlf)
    assert code == 0, err
    items = queued(tmp_path / "q.db")
    fields = {f.path: f for f in extractor.extract(crlf).fields}
    read = [i for i in items if i.path in fields and i.start is not None]
    assert read and all(i.text == crlf for i in items)
    for i in read:   # each value's span, into the text as it was read
        assert i.text[i.start:i.end] == fields[i.path].text


def test_each_form_of_a_joined_file_is_queued_with_its_own_text(tmp_path, extractor):
    joined = DOCS[0].read_text() + "\f" + DOCS[3].read_text()
    (tmp_path / "joined.txt").write_text(joined)
    code, _, err = cli("extract", tmp_path / "joined.txt", "--queue", tmp_path / "q.db",
                       "--review-threshold", "1.01", "--quiet")
    assert code == 0, err
    items = queued(tmp_path / "q.db")
    texts = {i.text for i in items}
    assert len(texts) == 2 and "".join(sorted(texts, key=joined.index)) == joined
    for text in texts:   # a form's values, each where its span says in that form's text
        fields = {f.path: f for f in extractor.extract(text).fields}
        read = [i for i in items if i.text == text and i.path in fields and i.start is not None]
        assert read and all(text[i.start:i.end] == fields[i.path].text for i in read)
