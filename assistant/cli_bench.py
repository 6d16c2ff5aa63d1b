"""`goldenthread bench ingest` and `goldenthread bench serve`: the store at scale (issue 16).
Ratios hold on any machine; seconds are this machine's (say how loaded it was)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

ReportsOpt = typer.Option(None, "--reports", help="Folder of Ofsted report texts (default ../shared/data/ofsted).")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def register(bench_app: typer.Typer) -> None:
    @bench_app.command("ingest")
    def bench_ingest(n: int = typer.Option(10_000, "--n", min=100, help="Findings' worth of narratives."),
                     data: Optional[Path] = typer.Option(None, "--data", help="Keep the store here (default: a temporary folder, removed)."),
                     reports: Optional[Path] = ReportsOpt, as_json: bool = typer.Option(False, "--json")):
        """Ingest narratives cut from the Ofsted reports; findings/s against the bare encode of the same texts."""
        from eval.bench_ingest import bench_ingest as run, format_table

        if data is not None and data.exists() and any(data.iterdir()):
            _fail(f"{data} is not empty: give a new folder")
        try:
            result = run(n, data, reports)
        except (FileNotFoundError, ValueError) as error:
            _fail(str(error))
        typer.echo(json.dumps(result) if as_json else format_table(result))

    @bench_app.command("serve")
    def bench_serve(findings: int = typer.Option(100_000, "--findings", min=100),
                    data: Path = typer.Option(..., "--data", help="The store to measure (built here when empty)."),
                    source: Optional[Path] = typer.Option(None, "--source", help="A really-ingested store to replicate (bench ingest --data)."),
                    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="A Chroma server on 127.0.0.1."),
                    repeats: int = typer.Option(1, "--repeats", min=1, help="Rounds of the 20 queries."),
                    as_json: bool = typer.Option(False, "--json")):
        """Cold start, search p50/p95 beside a bare Chroma query, summaries, stats, export, peak RSS."""
        from eval.bench_serve import bench_serve as run, format_table

        try:
            result = run(data, findings, source, chroma_url, repeats)
        except (ValueError, RuntimeError) as error:
            _fail(str(error))
        typer.echo(json.dumps(result) if as_json else format_table(result))
