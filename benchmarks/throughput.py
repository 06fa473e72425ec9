"""Speed and memory of extraction.

    python benchmarks/throughput.py --documents 2000 --out benchmarks/results/throughput.json

Generated documents (all renderers, seed 1) are written to a folder; then:
- `extractor extract DIR -o OUT` with 1 and 2 workers: documents per second;
- the same on a Dask LocalCluster with 2 worker processes;
- peak memory (max RSS) of a worker: one process extracting documents;
- cold start: `extractor extract` on one file, wall time from the shell (median of 5);
- the real dev set (34 documents) with 1 and 2 workers.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, "-m", "extractor"]


def write_documents(folder: Path, n: int) -> None:
    from extractor.training.synth import generate
    folder.mkdir(parents=True, exist_ok=True)
    for line in generate(n, seed=1):
        (folder / f"{line['meta']['id']}.txt").write_text(line["text"])


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True)
    return time.perf_counter() - started


def worker_peak_mb(folder: Path) -> float:
    code = ("import resource, sys; from pathlib import Path; from extractor.pipeline import Extractor; "
            "e = Extractor.load(); [e.extract(p.read_text()) for p in sorted(Path(sys.argv[1]).glob('*.txt'))]; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def dask_seconds(folder: Path) -> float:
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from extractor.distributed import extract_bag

    paths = [str(p) for p in sorted(folder.glob("*.txt"))]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        started = time.perf_counter()
        results = extract_bag(db.from_sequence(paths, npartitions=8)).compute()
        seconds = time.perf_counter() - started
    assert len(results) == len(paths)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "throughput.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="throughput-"))
    docs = work / "docs"
    write_documents(docs, args.documents)
    dev = ROOT.parent / "shared" / "real" / "dev" / "docs"
    result: dict = {"documents": args.documents}
    for workers in (1, 2):
        seconds = timed(CLI + ["extract", str(docs), "-o", str(work / f"out{workers}"), "-q", "-w", str(workers)])
        result[f"docs_per_second_{workers}_worker{'s' if workers > 1 else ''}"] = round(args.documents / seconds, 1)
        if dev.exists():
            seconds = timed(CLI + ["extract", str(dev), "-o", str(work / f"dev{workers}"), "-q", "-w", str(workers)])
            result[f"dev_docs_per_second_{workers}_worker{'s' if workers > 1 else ''}"] = round(34 / seconds, 1)
    result["docs_per_second_dask_2_workers"] = round(args.documents / dask_seconds(docs), 1)
    sample = work / "sample"
    sample.mkdir()
    for p in sorted(docs.glob("*.txt"))[:200]:
        shutil.copy(p, sample)
    result["worker_peak_memory_mb"] = round(worker_peak_mb(sample))
    one = sorted(docs.glob("*.txt"))[0]
    result["cold_start_seconds"] = round(statistics.median(timed(CLI + ["extract", str(one), "-q"]) for _ in range(5)), 2)
    result["benchmark_peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    shutil.rmtree(work, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
