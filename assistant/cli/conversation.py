"""`goldenthread chat` and `parse`: asking questions, and how one question is read."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.cli.base import ChromaOpt, DataOpt, _fail, _today, _workspace, app


def print_turn(turn: dict) -> None:
    typer.echo(turn["answer"])
    numbered = {c["finding_id"]: n for n, c in enumerate(turn["citations"], 1)}
    for c in turn["citations"]:
        where = ", ".join(x for x in (c.get("month"), c.get("team")) if x)
        typer.echo(f"  [{numbered[c['finding_id']]}] {c['finding_id']} ({where})")
    shown = {k: v for k, v in turn["filters"].items() if v}
    typer.echo(f"  read as: {turn['intent']}" + (f" · {json.dumps(shown)}" if shown else " · no filters"))


@app.command()
def chat(ask: Optional[list[str]] = typer.Option(None, "--ask", help="Ask these in turn and stop (no prompt)."),
         today: Optional[str] = typer.Option(None, "--today", help="Resolve relative periods against YYYY-MM-DD."),
         as_json: bool = typer.Option(False, "--json", help="One JSON object per answer."),
         data: Optional[Path] = DataOpt, chroma_url: Optional[str] = ChromaOpt):
    """Ask questions about the audit findings; follow-ups keep the context. Empty line or 'exit' ends."""
    import datetime as dt

    from assistant.chat import Conversations, respond
    from assistant.generator import Generator

    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        _fail("--today must be a date, YYYY-MM-DD")
    ws = _workspace(data, chroma_url)
    conversation = Conversations().get(None)
    generator = Generator.from_env()
    questions = iter(ask) if ask else None
    if questions is None:
        try:
            import readline  # noqa: F401  (history and line editing at the prompt)
        except ImportError:
            pass
        typer.echo("Ask about the audit findings (empty line or 'exit' to stop). Answers quote recorded practice; "
                   "they never score risk to a child.")
    while True:
        if questions is not None:
            question = next(questions, None)
        else:
            try:
                question = input("> ")
            except EOFError:
                question = None
        if question is None or question.strip().lower() in ("", "exit", "quit"):
            return
        turn = respond(ws, question, conversation, day, generator)
        if as_json:
            typer.echo(json.dumps(turn))
        else:
            print_turn(turn)

def _known_teams(data: Optional[Path], chroma_url: Optional[str]) -> list[str]:
    """Teams of the store when one exists (cheap: one metadata query), else the demo corpus's."""
    from assistant.parse import demo_teams

    ws = _workspace(data, chroma_url, create=True)
    if ws.chroma_url or service.has_store(ws.data_dir):
        try:
            teams = sorted(service.distinct_values(ws.store)["team"])
            if teams:
                return teams
        except Exception:  # a store that cannot be opened still leaves the question readable
            pass
    return list(demo_teams())


@app.command("parse")
def parse_cmd(question: str, today: Optional[str] = typer.Option(None, "--today", help="YYYY-MM-DD (default: today)."),
              as_json: bool = typer.Option(False, "--json"), data: Optional[Path] = DataOpt,
              chroma_url: Optional[str] = ChromaOpt):
    """How the chat assistant reads one question: intent, filters, stance, follow-up."""
    from assistant.parse import parse_question

    parsed = parse_question(question, today=_today(today), known_teams=_known_teams(data, chroma_url))
    if as_json:
        typer.echo(json.dumps(parsed))
        return
    typer.echo(f"intent: {parsed['intent']}")
    for key, value in parsed["filters"].items():
        typer.echo(f"  {key}: {value if value is not None else '-'}")
    for key in ("stance", "query", "text", "compare"):
        if parsed.get(key):
            typer.echo(f"{key}: {json.dumps(parsed[key]) if key == 'compare' else parsed[key]}")
