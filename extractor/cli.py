"""The `extractor` command line: thin Typer commands over the library."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn noisy text of SEC Form 4 filings into structured records.")
corpus_app = typer.Typer(add_completion=False, no_args_is_help=True,
                         help="Generated training documents with labels by construction.")
app.add_typer(corpus_app, name="corpus")
# Training's and review's files default to the repository's folders in a checkout, and to
# the current folder where the package was installed from a wheel.
_CHECKOUT = Path(__file__).resolve().parent.parent
REPO = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd()
SHARED_DEV = REPO.parent / "shared" / "real" / "dev"


def _echo_err(message: str) -> None:
    typer.echo(message, err=True)


@app.callback()
def _main() -> None:
    """Turn noisy text of SEC Form 4 filings into structured records."""


@app.command()
def annotate(
    docs: Path = typer.Option(..., exists=True, file_okay=False, help="Folder of <id>.txt documents."),
    gold: Path = typer.Option(..., exists=True, file_okay=False, help="Folder of <id>.json gold records."),
    out: Path = typer.Option(..., help="Annotation JSONL to write."),
    manifest: Path = typer.Option(None, help="CSV with id,renderer (default: manifest.csv beside DOCS)."),
) -> None:
    """Align gold records to their texts and write training annotations (JSONL)."""
    from extractor.training.annotate import write_annotations

    coverage = write_annotations(docs, gold, out, manifest)
    typer.echo(f"wrote {out}")
    typer.echo(f"{'renderer':32} {'aligned':>8} {'expected':>8} {'coverage':>8}")
    for group, aligned, expected, share in coverage.rows():
        typer.echo(f"{group:32} {aligned:8d} {expected:8d} {share:8.4f}")



@app.command()
def train(
    annotations: list[Path] = typer.Option(None, "--annotations", help="Annotation JSONL files or folders "
                                           "(repeatable; default: the repo's annotations/)."),
    synthetic: int = typer.Option(300, help="Generated documents to add to the annotations."),
    synthetic_seed: int = typer.Option(0, help="Seed of the generated documents."),
    dev: Path = typer.Option(None, help="Dev folder with docs/ and gold/, never trained on "
                             "(default: ../shared/real/dev when present)."),
    out: Path = typer.Option(REPO / "models" / "candidate", help="Where to write the new model."),
    promote: bool = typer.Option(False, "--promote", help="Make the new model the default if it is "
                                 "not worse on dev than the current default."),
    force: bool = typer.Option(False, "--force", help="With --promote: promote even if worse."),
    stacked: bool = typer.Option(False, "--stacked/--single", help="Second tagging pass over the "
                                 "first pass's predictions."),
    calibrate: bool = typer.Option(True, "--calibrate/--keep-calibration",
                                   help="Refit the confidence model (--keep-calibration reuses the "
                                   "default model's)."),
    model_kind: str = typer.Option("crf", "--model", help="crf (the shipped kind) or linear."),
    quick: bool = typer.Option(False, "--quick", help="A retrain in about a minute: fewer generated "
                               "documents and iterations, the default model's confidence model kept."),
    seed: int = typer.Option(0, help="Seed of every random choice in training."),
) -> None:
    """Train the tagger (and confidence model), measure it on dev, optionally promote it."""
    import shutil

    from extractor.training.train import TrainConfig, promote as promote_model, train as train_model
    from .pipeline import DEFAULT_MODEL

    annotations = list(annotations or [REPO / "annotations"])
    if dev is None and SHARED_DEV.exists():
        dev = SHARED_DEV
    if model_kind not in ("crf", "linear"):
        _echo_err(f"unknown --model {model_kind!r}: crf or linear")
        raise typer.Exit(2)
    iterations = 60
    if quick:
        synthetic, iterations, calibrate = min(synthetic, 100), 40, False
    config = TrainConfig(annotations=annotations, synthetic=synthetic, synthetic_seed=synthetic_seed,
                         dev=dev, model=model_kind, stacked=stacked, seed=seed, calibrate=calibrate,
                         crf_iterations=iterations)
    meta = train_model(config, out, log=_echo_err)
    if not calibrate and (DEFAULT_MODEL / "calibration.json").exists():
        shutil.copy(DEFAULT_MODEL / "calibration.json", out / "calibration.json")
    typer.echo(f"model written to {out} in {meta['train_seconds']}s")
    if "dev" in meta:
        typer.echo(f"dev ({meta['dev']['documents']} documents): field F1 {meta['dev']['field_f1']:.4f}, "
                   f"token F1 {meta['dev']['token_f1']:.4f}")
    if promote:
        done, message = promote_model(out, DEFAULT_MODEL, dev, force)
        typer.echo(message)
        if not done:
            raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Path = typer.Option(..., exists=True, file_okay=False, help="Folder of <id>.json gold records."),
    pred: Path = typer.Option(None, exists=True, file_okay=False, help="Folder of <id>.json predictions; "
                              "without it, DOCS are extracted with --model."),
    docs: Path = typer.Option(None, exists=True, file_okay=False, help="Folder of <id>.txt documents "
                              "(for extraction and token-level scores)."),
    model: Path = typer.Option(None, help="Model folder (default: the shipped model)."),
    report: Path = typer.Option(None, help="Write the report here (JSON; a .txt table beside it)."),
    threshold: float = typer.Option(0.9, help="Review threshold for the calibration summary."),
) -> None:
    """Score records against gold records, by the shared ruler's rules."""
    import json

    from .evaluate import evaluate_folder, format_summary, read_gold, score_records
    from .pipeline import Extractor

    if pred is None and docs is None:
        _echo_err("give --pred (predicted records) or --docs (documents to extract)")
        raise typer.Exit(2)
    extractor = Extractor.load(model) if docs is not None else None
    if pred is not None:
        golds = read_gold(gold)
        pairs = []
        for name, g in golds.items():
            path = pred / f"{name}.json"
            try:
                p = json.loads(path.read_text()) if path.exists() else {}
            except json.JSONDecodeError:
                p = {}
            pairs.append((name, g, p))
        summary = score_records(pairs, threshold)
    else:
        summary, _ = evaluate_folder(lambda t: extractor.extract(t).to_dict(), docs, gold, threshold)
    summary.pop("points", None)
    if docs is not None and extractor is not None:
        from extractor.training.annotate import annotate_folder
        from extractor.training.data import example_from_line
        from extractor.training.train import token_scores
        examples = [example_from_line(line) for line in annotate_folder(docs, gold)]
        summary["tokens"] = token_scores(extractor.tagger, examples)
    table = format_summary(summary)
    if "tokens" in summary:
        micro = summary["tokens"]["micro"]
        table += (f"\ntokens: P {micro['precision']:.4f} R {micro['recall']:.4f} F1 {micro['f1']:.4f}")
    typer.echo(table)
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(summary, indent=2) + "\n")
        report.with_suffix(".txt").write_text(table + "\n")


@corpus_app.command("generate")
def corpus_generate(
    n: int = typer.Option(1000, help="Number of documents."),
    seed: int = typer.Option(0, help="Same seed, same bytes."),
    out: Path = typer.Option(..., help="Folder to write synthetic-<seed>.jsonl into."),
    renderers: str = typer.Option("", help="Comma-separated renderers (default: all, weighted)."),
    noise: str = typer.Option("", help="Noise for every document, e.g. 'ocr=0.3,split=0.5' or 'none' "
                              "(default: each renderer's own)."),
    workers: int = typer.Option(1, help="Processes to generate with."),
) -> None:
    """Generate labelled documents in the annotation JSONL format."""
    from extractor.training.synth import write_corpus
    from extractor.training.synth.noise import Noise
    from extractor.training.synth.render import RENDERERS

    names = tuple(r.strip() for r in renderers.split(",") if r.strip()) or None
    unknown = [r for r in names or () if r not in RENDERERS]
    if unknown:
        _echo_err(f"unknown renderer {unknown[0]!r}; known: {', '.join(RENDERERS)}")
        raise typer.Exit(2)
    try:
        level = Noise.parse(noise) if noise else None
    except ValueError as exc:
        _echo_err(str(exc))
        raise typer.Exit(2)
    path = write_corpus(out, n, seed, names, level, workers)
    typer.echo(f"wrote {n} documents to {path}")


@app.command()
def extract(
    inputs: list[str] = typer.Argument(..., help="Files, folders (searched for *.txt) or '-' for stdin."),
    output: Path = typer.Option(None, "--output", "-o", help="Write <input stem>.json per document here."),
    fmt: str = typer.Option("json", "--format", "-f", help="json, jsonl or csv (on stdout without --output)."),
    review_threshold: float = typer.Option(0.9, help="Values under this confidence count as 'to review'."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Processes (the model loads once in each)."),
    model: Path = typer.Option(None, help="Model folder (default: the shipped model)."),
    queue: Path = typer.Option(None, help="Also enqueue values under the threshold in this review DB."),
    max_bytes: int = typer.Option(5_000_000, help="Refuse inputs larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Extract records from Form 4 texts."""
    import json
    import sys

    from . import batch
    from .io import csv_rows, discover, record_json, write_csv, write_record
    from .tagger import ModelError

    if fmt not in ("json", "jsonl", "csv"):
        _echo_err(f"unknown --format {fmt!r}: use json, jsonl or csv")
        raise typer.Exit(2)
    sources = discover(inputs)
    missing = [s for s in sources if s.path != "-" and not Path(s.path).exists()]
    for source in missing:   # named but not there: not a file that went missing mid-batch
        _echo_err(f"{source.path}: no such file or folder")
    sources = [s for s in sources if s not in missing]
    if not sources and not missing:
        _echo_err("no inputs: give files, folders with *.txt, or '-' for stdin" + _other_files(inputs))
        raise typer.Exit(2)
    if output is not None:
        try:
            output.mkdir(parents=True, exist_ok=True)
            probe = output / ".extractor-write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            _echo_err(f"cannot write to {output}: {exc.strerror or exc}")
            raise typer.Exit(2)
    stdin_text = None
    if any(s.path == "-" for s in sources):
        from .io import DocumentError, decode
        try:
            stdin_text, _ = decode(sys.stdin.buffer.read(), max_bytes)
        except DocumentError as exc:
            stdin_text = None
            _echo_err(f"-: {exc}")
    try:
        extractor = None
        if workers <= 1 or len(sources) <= 1:
            from .pipeline import Extractor
            extractor = Extractor.load(model)
        elif model is not None:
            from .tagger import load_tagger
            load_tagger(model)  # fail fast and clearly before starting workers
    except ModelError as exc:
        _echo_err(f"model: {exc}")
        raise typer.Exit(2)
    stats = {"documents": 0, "failed": len(missing), "rows": 0, "fields": 0, "low": 0}
    csv_lines: list[dict] = []
    single = len(sources) == 1 and fmt == "json" and output is None
    show = not quiet and len(sources) > 1
    bar = typer.progressbar(length=len(sources), label="extracting", file=sys.stderr) if show else None
    ctx = bar if bar is not None else _Null()

    def handle(outcome: batch.Outcome) -> None:
        name = outcome.source.name
        label = outcome.source.path if outcome.source.path != "-" else "-"
        if outcome.record is None:
            stats["failed"] += 1
            _echo_err(f"{label}: {outcome.error}")
        else:
            record = outcome.record
            stats["documents"] += 1
            stats["rows"] += sum(len(getattr(record, t)) for t in (
                "non_derivative_transactions", "non_derivative_holdings",
                "derivative_transactions", "derivative_holdings"))
            stats["fields"] += len(record.fields)
            stats["low"] += sum(1 for f in record.fields if f.confidence < review_threshold)
            for warning in outcome.warnings:
                _echo_err(f"{label}: warning: {warning}")
            if queue is not None:
                from .review import ReviewQueue
                text, form = outcome.form_text()
                with ReviewQueue(queue) as q:
                    q.enqueue(label, form, review_threshold, text=text, model=str(model or "default"))
            if output is not None:
                try:
                    write_record(output, name, record)
                except OSError as exc:
                    stats["failed"] += 1
                    _echo_err(f"{label}: cannot write {output / (name + '.json')}: {exc.strerror or exc}")
            elif fmt == "csv":
                csv_lines.extend(csv_rows(name, record))
            elif single:
                sys.stdout.write(record_json(record))
            else:
                line = record.to_dict()
                line["document"] = name
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
                sys.stdout.flush()
        if bar is not None:
            bar.update(1)

    with ctx:
        batch.run(sources, model, workers, handle, max_bytes, stdin_text, extractor, keep=False)
    if fmt == "csv" and output is None:
        write_csv(csv_lines, sys.stdout)
    if not quiet:
        share = stats["low"] / stats["fields"] if stats["fields"] else 0.0
        _echo_err(f"{stats['documents']} documents, {stats['rows']} rows, {stats['fields']} fields, "
                  f"{share:.1%} under {review_threshold}, {stats['failed']} failed")
    if stats["failed"]:
        raise typer.Exit(1)


def _other_files(inputs: list[str]) -> str:
    """What the folders given hold instead of *.txt, as a hint ('; /in holds files 3 *.md ...')."""
    hints = []
    for item in inputs:
        folder = Path(item)
        if item != "-" and folder.is_dir():
            kinds = Counter(p.suffix for p in folder.rglob("*") if p.is_file())
            if kinds:
                held = ", ".join(f"{n} *{suffix}" if suffix else f"{n} without an extension"
                                 for suffix, n in kinds.most_common(3))
                hints.append(f"; {folder} holds files {held} (give them by name to read them as text)")
    return "".join(hints)


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


review_app = typer.Typer(add_completion=False, help="Review low-confidence values; corrections "
                         "become training annotations.", invoke_without_command=True)
app.add_typer(review_app, name="review")
DB_OPTION = typer.Option(Path("review.db"), "--db", help="The review queue (SQLite file).")


@review_app.callback()
def review(ctx: typer.Context, db: Path = DB_OPTION,
           reviewer: str = typer.Option(None, help="Your name in the decisions (default: $USER)."),
           lines: int = typer.Option(2, help="Lines of context around each value.")) -> None:
    """Review values one at a time: accept, correct, mark absent, skip, undo, quit."""
    if ctx.invoked_subcommand is not None:
        return
    import getpass
    import sys

    from extractor.training.corrections import find_value
    from .review import ReviewQueue
    from .review_session import run_session

    name = reviewer or getpass.getuser()
    with ReviewQueue(db) as queue:
        try:
            made = run_session(queue, name, ansi=sys.stdout.isatty(), lines=lines, find_span=find_value)
        except KeyboardInterrupt:
            typer.echo("\nInterrupted; every decision made so far is saved.")
            raise typer.Exit(130)
    typer.echo(f"{made} decisions saved in {db}.")


@review_app.command("add")
def review_add(inputs: list[str] = typer.Argument(..., help="Files or folders to extract and enqueue."),
               db: Path = DB_OPTION, threshold: float = typer.Option(0.9, help="Enqueue values under this."),
               model: Path = typer.Option(None, help="Model folder (default: the shipped model).")) -> None:
    """Extract documents and enqueue their values under the threshold."""
    from .batch import run
    from .io import discover
    from .review import ReviewQueue

    added = failed = 0
    with ReviewQueue(db) as queue:
        def handle(outcome):
            nonlocal added, failed
            if outcome.record is None:
                failed += 1
                _echo_err(f"{outcome.source.path}: {outcome.error}")
                return
            text, form = outcome.form_text()
            added += queue.enqueue(outcome.source.path, form, threshold, text=text, model=str(model or "default"))
        run(discover(inputs), model, 1, handle, keep=False)
    typer.echo(f"{added} values enqueued in {db}" + (f"; {failed} documents failed" if failed else ""))
    if failed:
        raise typer.Exit(1)


@review_app.command("list")
def review_list(db: Path = DB_OPTION, status: str = typer.Option(None, help="pending, claimed, done, skipped"),
                limit: int = typer.Option(50)) -> None:
    """The queue's values, least confident first."""
    from .review import ReviewQueue
    with ReviewQueue(db) as queue:
        for item in queue.list_items(status, limit):
            typer.echo(f"{item['id']:6d} {item['status']:8} {item['confidence']:.2f}  {item['document']}  "
                       f"{item['path']} = {item['value']!r}")


@review_app.command("stats")
def review_stats(db: Path = DB_OPTION) -> None:
    """How many documents and values, by status and decision."""
    import json
    from .review import ReviewQueue
    with ReviewQueue(db) as queue:
        typer.echo(json.dumps(queue.stats(), indent=2))


@review_app.command("export")
def review_export(db: Path = DB_OPTION,
                  out: Path = typer.Option(REPO / "annotations" / "reviewed.jsonl",
                                           help="Annotation JSONL to write (read by extractor train).")) -> None:
    """Reviewed documents as annotation JSONL, the format `extractor train` reads."""
    from extractor.training.corrections import export_annotations
    from .review import ReviewQueue
    with ReviewQueue(db) as queue:
        counts = export_annotations(queue, out)
    typer.echo(f"wrote {counts['documents']} documents ({counts['spans']} spans) to {out}")
    if counts["corrections_without_span"]:
        typer.echo(f"{counts['corrections_without_span']} corrected values were not found in their text "
                   "and carry no span")


@review_app.command("export-labelstudio")
def review_export_ls(out: Path = typer.Argument(..., help="Label Studio tasks JSON to write."),
                     db: Path = DB_OPTION) -> None:
    """Queued documents as Label Studio tasks, the model's values as scored predictions."""
    import json
    from extractor.training.corrections import to_label_studio
    from .review import ReviewQueue
    with ReviewQueue(db) as queue:
        tasks = to_label_studio(queue)
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1))
    typer.echo(f"wrote {len(tasks)} tasks to {out}")


@review_app.command("import-labelstudio")
def review_import_ls(tasks: Path = typer.Argument(..., exists=True, help="Label Studio export (JSON)."),
                     out: Path = typer.Option(REPO / "annotations" / "label-studio.jsonl")) -> None:
    """Completed Label Studio annotations as annotation JSONL for `extractor train`."""
    import json
    from extractor.training.corrections import from_label_studio
    lines = from_label_studio(json.loads(tasks.read_text()))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    typer.echo(f"wrote {len(lines)} documents to {out}")
