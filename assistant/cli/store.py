"""`goldenthread ingest`, `load-demo`, `search` and `stats`: filling the store and reading it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.cli.base import (ChromaOpt, DataOpt, FromOpt, LegalStatusOpt, RatingOpt, ServiceOpt, TeamOpt, ToOpt,
                                _fail, _workspace, app)
from assistant.ingest import DEMO_CORPUS, IngestError, ingest_paths


def print_ingest_report(report, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
        return
    typer.echo(f"files read: {report.files}; narratives: {report.narratives} "
               f"(added {report.added}, updated {report.updated}, unchanged {report.unchanged}); "
               f"findings: {report.findings}")
    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.redactions.items())) or "nothing found to redact"
    typer.echo(f"redaction report: {counts}")
    if report.control_characters:
        from assistant.textsafe import REMOVED_MESSAGE
        typer.echo(REMOVED_MESSAGE.format(n=report.control_characters))
    for path in report.skipped_files:
        typer.echo(f"skipped (unsupported format): {path}")
    if report.bad:
        typer.echo(f"skipped {len(report.bad)} bad input(s):")
        for line in report.bad:
            typer.echo(f"  {line}")


@app.command()
def ingest(paths: list[Path] = typer.Argument(..., help="Files or folders (JSONL, CSV, XLSX, TXT, MD, DOCX, PDF)."),
           split_headings: bool = typer.Option(False, "--split-headings", help="One narrative per heading (MD, DOCX, PDF)."),
           skip_bad: bool = typer.Option(False, "--skip-bad", help="Load the good rows and list the bad ones."),
           as_json: bool = typer.Option(False, "--json"),
           data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Redact, split into findings and index narratives. Re-running is safe."""
    from assistant.ingest import ingest as run_ingest, load_narratives
    from assistant.progress import IngestProgress

    ws = _workspace(data, chroma_url, create=True)
    try:
        narratives, read_report = load_narratives(paths, split_headings, skip_bad)
    except IngestError as error:
        for line in error.errors:
            typer.echo(f"error: {line}", err=True)
        typer.echo("nothing was loaded; the store is unchanged (use --skip-bad to load the good rows)", err=True)
        raise typer.Exit(2)
    pipeline, embedder = ws.nlp, ws.embedder  # loaded before the clock starts
    shown = IngestProgress(len(narratives))
    with shown.shown():
        report = run_ingest(ws.store, narratives, pipeline, embedder, shown.message, shown.advance)
    typer.echo(shown.summary(), err=True)
    report.files, report.bad, report.skipped_files = read_report.files, read_report.bad, read_report.skipped_files
    report.control_characters = read_report.control_characters
    print_ingest_report(report, as_json)


@app.command("load-demo")
def load_demo(data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Load the bundled fictional demo corpus."""
    ws = _workspace(data, chroma_url, create=True)
    report = ingest_paths(ws.store, [DEMO_CORPUS], ws.nlp, ws.embedder, progress=None)
    print_ingest_report(report, False)


@app.command()
def search(query: str,
           k: int = typer.Option(10, "--k", min=1, max=200),
           date_from: Optional[str] = FromOpt,
           date_to: Optional[str] = ToOpt,
           team: Optional[list[str]] = TeamOpt,
           service_: Optional[list[str]] = ServiceOpt,
           legal_status: Optional[list[str]] = LegalStatusOpt,
           rating: Optional[list[str]] = RatingOpt,
           fundamental: Optional[list[str]] = typer.Option(None, "--fundamental", help="Practice fundamental, e.g. planning."),
           stance: Optional[list[str]] = typer.Option(None, "--stance", help="strength, concern or neutral."),
           mode: str = typer.Option("hybrid", "--mode", help="dense, bm25 or hybrid."),
           as_json: bool = typer.Option(False, "--json", help="One JSON object a line."),
           data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Search findings (dense + BM25, fused by reciprocal rank)."""
    try:
        filters = service.make_filters(date_from, date_to, team, service_, legal_status, rating, fundamental, stance)
        hits = service.search(_workspace(data, chroma_url), query, k, mode, filters)
    except ValueError as error:
        _fail(str(error))
    if as_json:
        for hit in hits:
            typer.echo(json.dumps(hit))
        return
    if not hits:
        typer.echo("no findings match")
    for n, hit in enumerate(hits, 1):
        meta = " · ".join(str(hit[k]) for k in ("date", "team", "legal_status", "rating") if hit.get(k))
        typer.echo(f"{n:>2}. [{hit['score']:.3f}] {hit['narrative_id']} #{hit['position']}  {meta}\n    {hit['text']}")


@app.command()
def stats(as_json: bool = typer.Option(False, "--json"), data: Optional[Path] = DataOpt,
          chroma_url: Optional[str] = ChromaOpt):
    """Narratives and findings in the store, by month, team, legal status and rating."""
    result = service.stats(_workspace(data, chroma_url))
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"narratives: {result['narratives']}  findings: {result['findings']}  revision: {result['revision']}")
    for key, counts in result["narratives_by"].items():
        typer.echo(f"narratives by {key}:")
        for value, n in counts.items():
            typer.echo(f"  {value}: {n}")
