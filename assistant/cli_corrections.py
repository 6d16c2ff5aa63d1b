"""`goldenthread corrections ...`: the QA team's corrections (kept in <data>/reviews.db)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.data_folder import owner_only

corrections_app = typer.Typer(no_args_is_help=True, help="Corrections of findings' labels by the QA team.")
DataOpt = typer.Option(None, "--data", help="Data folder (default ./data or $GOLDENTHREAD_DATA); reviews.db lives there.")


@corrections_app.command("export")
def export(data: Optional[Path] = DataOpt,
           out: Optional[Path] = typer.Option(None, "--out", help="Write here (default: standard output).")):
    """The corrections as training rows (JSONL, taxonomy format: text as stored, redacted;
    fundamentals, stance, child_voice where known; source = the narrative). Latest per finding."""
    from assistant.corrections import export_training_rows

    folder = data or service.default_data_dir()
    if not Path(folder).is_dir():
        typer.echo(f"error: no data folder at {folder}: check --data (or $GOLDENTHREAD_DATA)", err=True)
        raise typer.Exit(1)
    owner_only(folder)
    rows = export_training_rows(Path(folder))
    lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    if out is None:
        sys.stdout.write(lines)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(lines, encoding="utf-8")
    tmp.replace(out)
    typer.echo(f"{len(rows)} training rows written to {out}", err=True)


@corrections_app.command("list")
def list_corrections(data: Optional[Path] = DataOpt, limit: int = typer.Option(50, "--limit", min=1),
                     as_json: bool = typer.Option(False, "--json")):
    """The latest corrections, newest first (who, when, old and new labels; no text)."""
    from assistant.corrections import all_corrections

    folder = data or service.default_data_dir()
    if not Path(folder).is_dir():
        typer.echo(f"error: no data folder at {folder}: check --data (or $GOLDENTHREAD_DATA)", err=True)
        raise typer.Exit(1)
    rows = all_corrections(service.Workspace(Path(folder)), limit)
    keys = ("id", "created_at", "user", "role", "narrative_id", "position", "model_version", "old_fundamentals",
            "new_fundamentals", "old_stance", "new_stance", "voice_verdict")
    for r in rows:
        item = {k: r[k] for k in keys}
        typer.echo(json.dumps(item) if as_json else
                   f"{r['id']}\t{r['created_at']}\t{r['user']}\t{r['narrative_id']}#{r['position']}\t"
                   f"{','.join(r['old_fundamentals']) or '-'} -> {','.join(r['new_fundamentals']) or '-'}\t"
                   f"{r['old_stance']} -> {r['new_stance']}")
