"""`goldenthread check-redaction`: a thin layer over assistant.recheck."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.ingest import stderr_progress


def check_redaction(fix: bool = typer.Option(False, "--fix", help="Re-redact what is found, in place (stage, then commit)."),
                    as_json: bool = typer.Option(False, "--json"),
                    data: Optional[Path] = typer.Option(None, "--data", help="Store folder (default ./data or $GOLDENTHREAD_DATA)."),
                    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help="Chroma server URL.")):
    """Re-scan every stored narrative and finding with today's redactor; counts only, never the text.
    Exit 1 when something would still be redacted and --fix was not given."""
    from assistant.recheck import check_store
    from nlp.pipeline import load_redaction

    ws = service.Workspace(data or service.default_data_dir(), chroma_url or service.default_chroma_url())
    result = check_store(ws.store, load_redaction(), ws.embedder if fix else None, fix=fix,
                         progress=None if as_json else stderr_progress)
    if as_json:
        typer.echo(json.dumps(result))
    else:
        scanned = result["scanned"]
        typer.echo(f"scanned: {scanned['narratives']} narratives, {scanned['findings']} findings")
        if not result["to_redact"]:
            typer.echo("nothing left to redact")
        for label, counts in result["to_redact"].items():
            typer.echo(f"  {label}: {counts['mentions']} mention(s) in {counts['narratives']} narrative(s)")
        if fix and result["fixed"]:
            typer.echo(f"re-redacted {result['fixed']} narrative(s); store revision {result['revision']}")
    if result["to_redact"] and not fix:
        raise typer.Exit(1)


def eval_redaction(data_file: Path = typer.Argument(..., help="JSONL rows {id, text, secrets, keep}."),
                   redactor_only: bool = typer.Option(False, "--redactor-only", help="Score the redactor's output alone (no store)."),
                   limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the file's first N rows (full ingest is slow)."),
                   as_json: bool = typer.Option(False, "--json")):
    """Secrets that survive ingest (stored text, export, search, narrative page) and keep-terms lost."""
    from eval.redaction import evaluate, format_table, read_rows, redact_rows, score_texts

    try:
        if redactor_only:
            from nlp.pipeline import load_redaction

            rows = read_rows(data_file)[:limit] if limit else read_rows(data_file)
            result = {"file": str(data_file), "rows": len(rows), "redactor": score_texts(rows, redact_rows(rows, load_redaction()))}
        else:
            result = evaluate(data_file, progress=None if as_json else stderr_progress, limit=limit)
    except ValueError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2)
    if as_json:
        typer.echo(json.dumps(result))
    elif redactor_only:
        r = result["redactor"]
        typer.echo(f"{data_file}: {result['rows']} rows (redactor alone)")
        for t, row in r["by_type"].items():
            typer.echo(f"  {t:<12} {row['survived']:>5} of {row['secrets']:>5} survive  recall {row['recall']:.4f}")
        typer.echo(f"  all          {r['survived']:>5} of {r['secrets']:>5} survive  recall {r['recall']:.4f}")
        typer.echo(f"  keep-terms lost: {r['keep_lost']} of {r['keep_terms']}")
    else:
        typer.echo(format_table(result))
