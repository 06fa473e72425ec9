import json
import multiprocessing as mp
import os
import subprocess
import sys

import pexpect
import pytest

from extractor.record import Field, Issuer, NonDerivativeTransaction, Record
from extractor import review as review_module
from extractor.review import ReviewError, ReviewQueue
from extractor.training.corrections import export_annotations

from .conftest import DATA

TEXT = (DATA / "seeds/docs/000_bf81ea8f41d8316e.txt").read_text()


def span_of(needle, after=0):
    start = TEXT.index(needle, after)
    return start, start + len(needle)


def record(ticker_conf=0.4):
    s = span_of("3,052")
    t = span_of("QLYS")
    c = span_of("FOSTER CITY")
    p = span_of("116,464")
    fields = (
        Field("non_derivative_transactions[0].shares", 3052.0, 0.5, *s, "3,052"),
        Field("issuer.ticker", "QLYX", ticker_conf, *t, "QLYS"),
        Field("reporting_owners[0].city", "FOSTER", 0.3, c[0], c[0] + 6, "FOSTER"),
        Field("non_derivative_transactions[0].shares_owned_following", 116464.0, 0.7, *p, "116,464"),
        Field("issuer.name", "QUALYS, INC.", 0.99, *span_of("QUALYS, INC."), "QUALYS, INC."),
    )
    return Record(issuer=Issuer("QUALYS, INC.", "QLYX"),
                  non_derivative_transactions=(NonDerivativeTransaction(shares=3052.0,
                                                                        shares_owned_following=116464.0),),
                  fields=fields)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "review.db"
    with ReviewQueue(path) as q:
        assert q.enqueue("doc-a.txt", record(), 0.9, text=TEXT, model="m1", missing=False) == 4
    return path


def test_reenqueue_does_not_duplicate(db):
    with ReviewQueue(db) as q:
        assert q.enqueue("doc-a.txt", record(), 0.9, text=TEXT, missing=False) == 0
        assert q.stats()["items"] == 4
        assert q.enqueue("doc-b.txt", record(), 0.9, text=TEXT + " ", missing=False) == 4


def test_least_confident_first_one_document_at_a_time(db):
    with ReviewQueue(db) as q:
        q.enqueue("doc-b.txt", record(ticker_conf=0.05), 0.9, text=TEXT + "\n", missing=False)
        first = q.next_item("ann")
        assert first.document == "doc-b.txt" and first.confidence == 0.05
        confidences = []
        while (item := q.next_item("ann")) and item.document == "doc-b.txt":
            confidences.append(item.confidence)
            q.decide(item.id, "accept", "ann", item.value)
        assert confidences == sorted(confidences)


def _reviewer(db, name, out):
    got = []
    with ReviewQueue(db) as q:
        while (item := q.next_item(name)) is not None:
            got.append(item.id)
            q.decide(item.id, "accept", name, item.value)
    out.put(got)


def test_two_reviewers_never_get_the_same_item(tmp_path):
    path = tmp_path / "q.db"
    with ReviewQueue(path) as q:
        for k in range(30):
            q.enqueue(f"doc-{k}.txt", record(), 0.9, text=TEXT + " " * k, missing=False)
    out = mp.get_context("spawn").Queue()
    workers = [mp.get_context("spawn").Process(target=_reviewer, args=(path, n, out)) for n in ("ann", "bob")]
    for w in workers:
        w.start()
    results = [out.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    assert not set(results[0]) & set(results[1])
    assert len(results[0]) + len(results[1]) == 120
    with ReviewQueue(path) as q:
        assert {d["reviewer"] for d in q.decisions()} <= {"ann", "bob"}
        assert len(q.decisions()) == 120


def _crash_after_two(db):
    q = ReviewQueue(db)
    for _ in range(2):
        item = q.next_item("cat")
        q.decide(item.id, "accept", "cat", item.value)
    q.next_item("cat")
    os._exit(1)  # no close, no commit of anything pending: as if killed


def test_a_crash_loses_no_decision_and_frees_its_claim(db, monkeypatch):
    p = mp.get_context("spawn").Process(target=_crash_after_two, args=(db,))
    p.start()
    p.join(timeout=60)
    assert p.exitcode == 1
    with ReviewQueue(db) as q:
        assert len(q.decisions()) == 2
        assert all(d["reviewer"] == "cat" and d["model"] == "m1" and d["decided_at"] for d in q.decisions())
        assert q.next_item("dan") is None          # still claimed by the crashed session
        monkeypatch.setattr(review_module, "LEASE_MINUTES", -1)
        assert q.next_item("dan") is not None      # the lease ran out


def test_undo(db):
    with ReviewQueue(db) as q:
        item = q.next_item("ann")
        q.decide(item.id, "absent", "ann")
        assert q.undo("ann") == item.id
        assert q.next_item("ann").id == item.id
        assert q.decisions() == []
        with pytest.raises(ReviewError):
            q.undo("ann")


def test_terminal_session_lands_in_db_and_export(db, tmp_path):
    env = dict(os.environ, COLUMNS="200")
    child = pexpect.spawn(sys.executable, ["-m", "extractor", "review", "--db", str(db), "--reviewer", "ann"],
                          env=env, encoding="utf-8", timeout=60, dimensions=(50, 200))
    child.expect(r"reporting_owners\[0\]\.city = 'FOSTER'.*> ")           # 0.30 first
    child.sendline("c")
    child.expect("corrected value > ")
    child.sendline("FOSTER CITY")
    child.expect("Found in the text")
    child.expect(r"issuer\.ticker = 'QLYX'.*> ")                         # 0.40
    child.sendline("x")
    child.expect(r"shares = 3052 .*> ")                                 # 0.50
    child.sendline("u")
    child.expect("Undone")
    child.expect(r"issuer\.ticker = 'QLYX'.*> ")
    child.sendline("c")
    child.expect("corrected value > ")
    child.sendline("QLYS")
    child.expect(r"shares = 3052 .*> ")
    child.sendline("a")
    child.expect(r"shares_owned_following = 116464 .*> ")
    child.sendline("q")
    child.expect("Stopped; 1 values left")
    child.expect(pexpect.EOF)
    with ReviewQueue(db) as q:
        decisions = {d["path"]: d for d in q.decisions()}
    assert decisions["reporting_owners[0].city"]["value"] == "FOSTER CITY"
    assert (decisions["reporting_owners[0].city"]["start"], decisions["reporting_owners[0].city"]["end"]) == \
        span_of("FOSTER CITY")
    assert decisions["issuer.ticker"]["action"] == "correct"
    assert decisions["non_derivative_transactions[0].shares"]["action"] == "accept"
    assert len(decisions) == 3
    out = tmp_path / "reviewed.jsonl"
    subprocess.run([sys.executable, "-m", "extractor", "review", "export", "--db", str(db), "--out", str(out)],
                   check=True, capture_output=True)
    line = json.loads(out.read_text())
    spans = {s["path"]: (s["start"], s["end"], s["label"]) for s in line["spans"]}
    assert spans["reporting_owners[0].city"] == (*span_of("FOSTER CITY"), "owner_city")
    assert spans["issuer.ticker"] == (*span_of("QLYS"), "ticker")
    assert line["record"]["issuer"]["ticker"] == "QLYS"


def test_export_drops_absent_values(db, tmp_path):
    with ReviewQueue(db) as q:
        item = q.next_item("ann")
        q.decide(item.id, "absent", "ann")
        counts = export_annotations(q, tmp_path / "x.jsonl")
    line = json.loads((tmp_path / "x.jsonl").read_text())
    assert item.path not in {s["path"] for s in line["spans"]}
    assert counts["documents"] == 1


def test_export_splits_a_value_around_another_and_labels_footnote_markers():
    from extractor.training.corrections import annotation_line
    text = "Common Stock 02/06/20\tA\t023 3,638 D\n(1) Shares withheld for taxes.\n"
    date, code = text.index("02/06/20"), text.index("\tA\t") + 1
    note = text.index("Shares withheld")
    fields = [{"path": "non_derivative_transactions[0].transaction_date", "value": "2023-02-06",
               "confidence": 0.8, "start": date, "end": text.index("023 ") + 3},
              {"path": "non_derivative_transactions[0].transaction_code", "value": "A",
               "confidence": 0.9, "start": code, "end": code + 1},
              {"path": "footnotes.F1", "value": "Shares withheld for taxes.", "confidence": 0.9,
               "start": note, "end": note + len("Shares withheld for taxes.")}]
    line, counts = annotation_line(text, {"fields": fields}, [], "doc.txt", "m")
    got = [(text[s["start"]:s["end"]], s["label"]) for s in line["spans"]]
    assert got == [("02/06/20", "nd_date"), ("A", "nd_code"), ("023", "nd_date"), ("(1)", "fn_id"),
                   ("Shares withheld for taxes.", "fn_text")]
    assert counts["overlaps_split"] == 1


def test_values_the_model_missed_are_asked_for_and_typed_ones_exported(tmp_path):
    from extractor.training.corrections import find_value
    with ReviewQueue(tmp_path / "q.db") as q:
        assert q.enqueue("doc-a.txt", record(), 0.9, text=TEXT) == 4 + 6   # + the row's 6 missing values
        missing = [i for i in q.list_items("pending", limit=100) if i["value"] is None]
        assert {m["path"].split(".")[-1] for m in missing} == {
            "security_title", "transaction_date", "transaction_code", "acquired_disposed",
            "price_per_share", "direct_or_indirect"}
        assert all(m["confidence"] == 0.0 for m in missing)
        item = next(i for i in q.list_items("pending", limit=100) if i["path"].endswith("security_title"))
        span = find_value(TEXT, item["path"], "Common Stock", None)
        q.decide(item["id"], "correct", "ann", "Common Stock", span)
        export_annotations(q, tmp_path / "x.jsonl")
    line = json.loads((tmp_path / "x.jsonl").read_text())
    typed = [s for s in line["spans"] if s["path"] == item["path"]]
    assert [(TEXT[s["start"]:s["end"]], s["label"]) for s in typed] == [("Common Stock", "nd_title")]
    assert line["record"]["non_derivative_transactions"][0]["security_title"] == "Common Stock"
