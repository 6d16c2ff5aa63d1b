"""`goldenthread analyse`, `train` and `train-intent`: running the analysis on given texts, retraining its models."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from assistant.cli.base import DataOpt, _fail, app
from assistant.cli_retrain import train_with_corrections


def read_analysis_input(source: str) -> list[dict]:
    """A JSONL file of {"id", "text"} rows, or the text itself."""
    path = Path(source)
    if not path.exists():
        if source.strip().endswith(".jsonl"):
            raise ValueError(f"{source}: no such file")
        return [{"id": None, "text": source}]
    if path.suffix.lower() != ".jsonl":
        raise ValueError(f"{source}: analyse reads a .jsonl file of {{\"id\", \"text\"}} rows, or a text")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            raise ValueError(f"{source}: line {n}: not valid JSON") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            raise ValueError(f"{source}: line {n}: expected an object with a non-empty \"text\" (and an \"id\")")
        rows.append({"id": row.get("id"), "text": row["text"]})
    return rows


@app.command()
def analyse(source: str = typer.Argument(..., help="A .jsonl file of {id, text} rows, or a text in quotes."),
            as_json: bool = typer.Option(False, "--json", help="One JSON object a line.")):
    """Practice fundamentals, stance, child's voice, jargon and readability of each text (as given)."""
    from nlp.analysis import analyse as run_analysis
    from nlp.pipeline import load_analysis

    try:
        rows = read_analysis_input(source)
    except ValueError as error:
        _fail(str(error))
    for result in run_analysis(load_analysis(), rows):
        if as_json:
            typer.echo(json.dumps(result))
            continue
        labels = ", ".join(f"{f['label']} {f['score']:.2f}" for f in result["fundamentals"]) or "no fundamental"
        stance = result["stance"]["label"] if result["stance"] else "-"
        typer.echo(f"{result['id'] or '(text)'}: {labels}; stance {stance}; child's voice {result['child_voice']['label']}")
        for flag in result["jargon"]:
            plain = f" -> {flag['plain']}" if flag.get("plain") else ""
            typer.echo(f"  jargon [{flag['severity']}] {flag['span']}{plain}")


@app.command()
def train(data_files: Optional[list[Path]] = typer.Argument(None, help="Labelled JSONL in the taxonomy's format."),
          out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (.npz; a .json, card and tuned "
                                                                 "encoder .safetensors beside it)."),
          encoder: Optional[str] = typer.Option(None, "--encoder", help="'tuned' (top layer tuned to these labels) "
                                                                        "or 'base' (the packaged encoder, frozen); "
                                                                        "default: the shipped model's choice."),
          folds: int = typer.Option(5, "--folds", min=0, help="Cross-validation folds for the card (0: none)."),
          seed: int = typer.Option(0, "--seed"),
          with_corrections: bool = typer.Option(False, "--with-corrections",
                                                help="Retrain the shipped model on the council's QA corrections, "
                                                     "kept in the data folder; used only if not worse (grouped CV)."),
          corrections: Optional[Path] = typer.Option(None, "--corrections", help="With --with-corrections: the "
                                                     "corrections as labelled JSONL (default: the reviews database)."),
          tolerance: float = typer.Option(0.0, "--tolerance", min=0.0, max=0.1, help="With --with-corrections: how "
                                          "far below the current model's macro-F1 the new one may be and still switch."),
          data: Optional[Path] = DataOpt):
    """Retrain the fundamentals and stance classifier (and its tuned encoder), e.g. on a council's own labelled
    audits; or, with --with-corrections, on the shipped rows plus the council's corrections (DATA_FILES then
    stand in for the shipped rows)."""
    from dataclasses import replace

    from nlp.classify import Config, train_from_files

    if with_corrections:
        return train_with_corrections(data, corrections, folds, seed, tolerance, data_files)
    if not data_files or out is None:
        _fail("give the labelled files and --out PATH (or --with-corrections)")
    if encoder not in (None, "tuned", "base"):
        _fail("--encoder must be 'tuned' or 'base'")
    try:
        summary = train_from_files(data_files, out, replace(Config(), encoder=encoder or Config().encoder, seed=seed),
                                   cv_folds=folds)
    except ValueError as error:
        _fail(str(error))
    typer.echo(json.dumps(summary, indent=2) if not isinstance(summary, str) else summary)


@app.command("train-intent")
def train_intent(files: Optional[list[Path]] = typer.Argument(None, help="Labelled question JSONL (default: "
                                                                        "eval/data/chat_questions*.jsonl but the blind set)."),
                 out: Optional[Path] = typer.Option(None, "--out", help="Where to write the model (.npz and .json).")):
    """Rebuild the chat's learned intent reader; settings chosen by grouped cross-validation."""
    from assistant.parse.intent import MODEL_PATH
    from assistant.parse.train_intent import build

    try:
        summary = build(files or None, out or MODEL_PATH)
    except (ValueError, OSError) as error:
        _fail(str(error))
    typer.echo(json.dumps(summary, indent=2))
