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
