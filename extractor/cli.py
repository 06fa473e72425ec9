"""The `extractor` command line: thin Typer commands over the library."""
from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn noisy text of SEC Form 4 filings into structured records.")


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
    from training.annotate import write_annotations

    coverage = write_annotations(docs, gold, out, manifest)
    typer.echo(f"wrote {out}")
    typer.echo(f"{'renderer':32} {'aligned':>8} {'expected':>8} {'coverage':>8}")
    for group, aligned, expected, share in coverage.rows():
        typer.echo(f"{group:32} {aligned:8d} {expected:8d} {share:8.4f}")

