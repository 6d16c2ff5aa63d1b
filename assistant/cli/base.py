"""What every `goldenthread` command shares: the app and its groups, the common options, the store and errors."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

import nlp.offline  # noqa: F401
from assistant import service
from assistant.data_folder import owner_only


class _Command(typer.Typer):
    """The console script: an error no command handled is one plain line on stderr and exit
    status 1, never a traceback (which could show paths or ids of records)."""

    def __call__(self, *args, **kwargs):
        try:
            return super().__call__(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            from assistant.health import plain_message
            print(f"error: {plain_message(error)}", file=sys.stderr)
            sys.exit(1)


app = _Command(add_completion=False, no_args_is_help=True,
                  help="Read children's social-care audit findings: redact, index, search.")
eval_app = typer.Typer(no_args_is_help=True, help="Evaluate against labelled data.")
bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks (ratios hold on any machine; seconds are this one's).")

DataOpt = typer.Option(None, "--data", help="Store folder (default ./data or $GOLDENTHREAD_DATA).")
ChromaOpt = typer.Option(None, "--chroma-url", help="Chroma server URL (client/server mode), e.g. http://127.0.0.1:8001.")
# The slice filters, the same on every command that takes them
FromOpt = typer.Option(None, "--from", help="First audit month, YYYY-MM.")
ToOpt = typer.Option(None, "--to", help="Last audit month, YYYY-MM.")
TeamOpt = typer.Option(None, "--team")
ServiceOpt = typer.Option(None, "--service")
LegalStatusOpt = typer.Option(None, "--legal-status")
RatingOpt = typer.Option(None, "--rating")


def _workspace(data: Optional[Path], chroma_url: Optional[str], create: bool = False) -> service.Workspace:
    """Only ingest, load-demo and serve (`create`) may start a store in a folder without one."""
    owner_only(data or service.default_data_dir())
    ws = service.Workspace(data or service.default_data_dir(), chroma_url or service.default_chroma_url())
    if not create and not ws.chroma_url and not service.has_store(ws.data_dir):
        _fail(f"no goldenthread store in {ws.data_dir}: check --data (or $GOLDENTHREAD_DATA); "
              "'goldenthread ingest' or 'goldenthread load-demo' makes one")
    return ws


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _today(value: Optional[str]):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        _fail("--today: use YYYY-MM-DD")
