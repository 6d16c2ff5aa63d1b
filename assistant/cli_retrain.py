"""The commands of learning from corrections: `train --with-corrections` (called by `train`),
`model list`, `model restore VERSION`, `relabel` and `eval corrections-sim`."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

model_app = typer.Typer(no_args_is_help=True, help="The council's retrained classifiers: list them, restore one.")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _data_dir(data: Optional[Path]) -> Path:
    from assistant import service
    from assistant.data_folder import owner_only

    folder = Path(data or service.default_data_dir())
    owner_only(folder)
    return folder


def train_with_corrections(data: Optional[Path], corrections: Optional[Path], folds: int, seed: int,
                           tolerance: float, base_files: list[Path] | None = None) -> None:
    """Retrain on the shipped rows + the council's corrections; switch only if not worse."""
    from assistant.retrain import read_corrections, retrain
    from assistant.retrain.compare import RULE

    folder = _data_dir(data)
    try:
        rows = read_corrections(corrections) if corrections else None
        entry = retrain(folder, rows, base_files or None, folds=max(folds, 2), seed=seed, tolerance=tolerance,
                        progress=lambda done, total: typer.echo(f"step {done}/{total}", err=True))
    except (ValueError, FileNotFoundError) as error:
        _fail(str(error))
    b, a = entry["checks"]["before"], entry["checks"]["after"]
    typer.echo(f"{entry['corrections']} corrections; {entry['folds']}-fold grouped CV, same folds for both models")
    typer.echo(f"{'rows':<12} {'n':>5}  {'fundamentals':>19}  {'stance':>19}")
    for part in ("all", "reference", "corrections"):
        if b.get(part):
            typer.echo(f"{part:<12} {b[part]['rows']:>5}  {b[part]['fundamentals']:.3f} -> {a[part]['fundamentals']:.3f}"
                       f"       {b[part]['stance']:.3f} -> {a[part]['stance']:.3f}")
    typer.echo(entry["reason"])
    typer.echo(f"rule: {RULE}")
    typer.echo(f"model in use: {entry['version'] if entry['switched'] else entry['previous']}")


@model_app.command("list")
def model_list(data: Optional[Path] = typer.Option(None, "--data", help="Store folder (default ./data or $GOLDENTHREAD_DATA)."),
               as_json: bool = typer.Option(False, "--json")):
    """The packaged classifier and every retrained one kept in the data folder; * marks the one in use."""
    from assistant.retrain import list_versions

    found = list_versions(_data_dir(data))
    if as_json:
        typer.echo(json.dumps(found))
        return
    for v in found:
        after = v.get("after") or {}
        figures = (f"  fundamentals {after['fundamentals']:.3f}, stance {after['stance']:.3f}" if after else "")
        typer.echo(f"{'*' if v['current'] else ' '} {v['version']}  {v['created_at'] or '(shipped)'}  "
                   f"{v['corrections']} corrections{figures}")


@model_app.command("restore")
def model_restore(version: str = typer.Argument(..., help="A version from `goldenthread model list`, or 'packaged'."),
                  data: Optional[Path] = typer.Option(None, "--data", help="Store folder (default ./data or $GOLDENTHREAD_DATA).")):
    """Use a kept classifier again (the analysis reads it from the next batch; no restart)."""
    from assistant.retrain import restore

    try:
        restore(_data_dir(data), version)
    except ValueError as error:
        _fail(str(error))
    typer.echo(f"model in use: {version}; `goldenthread relabel` re-labels the stored findings with it")


def relabel_command(data: Optional[Path] = typer.Option(None, "--data", help="Store folder (default ./data or $GOLDENTHREAD_DATA)."),
                    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many narratives this run."),
                    chunk: int = typer.Option(100, "--chunk", min=1, help="Narratives per commit.")):
    """Re-label the stored findings with the classifier in use; resumable (a second run continues),
    human-corrected labels kept as they are."""
    from assistant import service
    from assistant.retrain.relabel import relabel

    folder = _data_dir(data)
    if not service.has_store(folder):
        _fail(f"no goldenthread store in {folder}: check --data (or $GOLDENTHREAD_DATA)")
    try:
        report = relabel(service.Workspace(folder), chunk=chunk, limit=limit,
                         progress=lambda done, total: typer.echo(f"{done}/{total} narratives", err=True))
    except (ValueError, FileNotFoundError) as error:
        _fail(str(error))
    typer.echo(json.dumps(report))


def corrections_sim(seeds: str = typer.Option("0,1,2", "--seeds"), groups: int = typer.Option(2, "--groups", min=2),
                    batch: int = typer.Option(50, "--batch", min=1)):
    """Simulate QA corrections from held-out councils (gold labels) in batches, retraining after each;
    writes eval/corrections_sim.json and eval/corrections_curve.png."""
    from eval.corrections_sim import main

    raise typer.Exit(main(["--seeds", seeds, "--groups", str(groups), "--batch", str(batch)]))


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")
    app.command("relabel")(relabel_command)
    eval_app.command("corrections-sim")(corrections_sim)
