"""Workers and Dask give the same records as one process; a dying worker costs one document."""
import gc
import json
import os

import pytest
from typer.testing import CliRunner

from extractor import batch
from extractor.cli import app
from extractor.io import discover

from .conftest import DATA

FOLDERS = [DATA / "seeds/docs", DATA / "real/docs"]


def records(folder):
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory):
    out = tmp_path_factory.mktemp("one")
    result = CliRunner().invoke(app, ["extract", *map(str, FOLDERS), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    return records(out)


def test_two_workers_give_the_same_records(one_worker, tmp_path):
    result = CliRunner().invoke(app, ["extract", *map(str, FOLDERS), "-o", str(tmp_path), "-w", "2", "-q"])
    assert result.exit_code == 0, result.stderr
    assert records(tmp_path) == one_worker
    assert len(one_worker) == 14


def test_a_dying_worker_costs_only_its_document(monkeypatch):
    real = batch.extract_source

    def fragile(extractor, source, text=None, max_bytes=batch.MAX_BYTES):
        if source.name == "003_5dd5d0392e9f2242":
            os._exit(3)  # the process dies: no exception, no result
        return real(extractor, source, text, max_bytes)
    monkeypatch.setattr(batch, "extract_source", fragile)
    outcomes = batch.run(discover([str(DATA / "seeds/docs")]), workers=2)
    by_name = {o.source.name: o for o in outcomes}
    assert len(by_name) == 5
    assert by_name["003_5dd5d0392e9f2242"].error == "worker crashed while extracting this document"
    assert all(o.record is not None for n, o in by_name.items() if n != "003_5dd5d0392e9f2242")


def test_a_batch_keeps_the_collector_off_loaded_objects_and_restores_it():
    before = gc.get_threshold(), gc.get_freeze_count()
    during = []
    outcomes = batch.run(discover([str(DATA / "seeds/docs")]), workers=1,
                         on_outcome=lambda o: during.append((gc.get_threshold()[0], gc.get_freeze_count())))
    assert len(outcomes) == 5 and all(o.record is not None for o in outcomes)
    # while extracting: collections rarer, and the model and vocabulary left out of them
    assert all(threshold == batch.GC_THRESHOLD and frozen > before[1] for threshold, frozen in during)
    # after: the caller's thresholds, and nothing the batch froze left frozen (Python 3.12
    # starts with some objects of its own frozen, which go with ours)
    assert gc.get_threshold() == before[0] and gc.get_freeze_count() <= before[1]


@pytest.mark.slow
def test_dask_local_cluster_gives_the_cli_records(one_worker):
    dask_bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("dask.distributed")
    from extractor.distributed import extract_bag

    paths = [str(p) for folder in FOLDERS for p in sorted(folder.glob("*.txt"))]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        results = extract_bag(dask_bag.from_sequence(paths, npartitions=4)).compute()
    assert {r["document"]: r["record"] for r in results} == one_worker
    assert all(r["error"] is None for r in results)


def test_a_batch_that_hands_each_outcome_on_need_not_keep_them():
    seen = []
    outcomes = batch.run(discover([str(DATA / "seeds/docs")]), workers=1, on_outcome=seen.append, keep=False)
    assert outcomes == [] and len(seen) == 5 and all(o.record is not None for o in seen)

