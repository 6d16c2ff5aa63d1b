"""`goldenthread bench analyse`, `fuzz` and `summary` (bench ingest and serve: assistant/cli_bench.py)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from assistant import service
from assistant.cli.base import DataOpt, _fail, bench_app


@bench_app.command("analyse")
def bench_analyse(n: int = typer.Option(1000, "--n", min=10), data_file: Optional[Path] = typer.Option(None, "--data-file"),
                  rounds: int = typer.Option(3, "--rounds", min=1, help="Rounds; the ratio is their median."),
                  chunk: int = typer.Option(250, "--chunk", min=10,
                                            help="Texts encoded and analysed back to back within a round."),
                  as_json: bool = typer.Option(False, "--json")):
    """Time the analysis of N findings against the bare embedding encode of the same texts."""
    from eval.bench import bench_analyse as run_bench

    result = run_bench(n, data_file, rounds=rounds, chunk=chunk)
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"{n} findings: encode {result['encode_per_second']}/s, analyse {result['analyse_per_second']}/s, "
               f"ratio {result['ratio']} (analysis / encode, median of {rounds} rounds; CPU time "
               f"{result['cpu_ratio']}), peak RSS {result['peak_rss_mb']} MB")
    typer.echo("rounds (wall ratio): " + ", ".join(str(r["ratio"]) for r in result["rounds"]))


@bench_app.command("fuzz")
def bench_fuzz(max_examples: int = typer.Option(20, "--max-examples", min=1, help="Generated cases per operation."),
               max_time: int = typer.Option(600, "--max-time", min=10, help="Seconds for the fuzzing itself."),
               store: Optional[Path] = typer.Option(None, "--store", help="Copy this data folder (default: load the demo)."),
               seed: int = typer.Option(0, "--seed"),
               keep: Optional[Path] = typer.Option(None, "--keep", help="Keep the HAR file and logs here.")):
    """Fuzz the JSON API of a real server on 127.0.0.1 with schemathesis (installed into a
    throw-away venv under /tmp); exits 1 on any 5xx."""
    from eval.fuzz_api import run as run_fuzz

    figures = run_fuzz(max_examples, max_time, store, seed, keep)
    typer.echo(json.dumps(figures, indent=1))
    if not figures["ok"]:
        raise typer.Exit(1)


@bench_app.command("summary")
def bench_summary_command(n: int = typer.Option(100_000, "--n", min=1000, help="Findings in the replicated corpus."),
                          theme: str = typer.Option("planning", "--theme"),
                          as_json: bool = typer.Option(False, "--json"),
                          data: Optional[Path] = DataOpt):
    """Time theme summaries over N findings (the store's findings replicated) and slices of it."""
    from eval.bench_summary import bench_summary, format_table

    try:
        result = bench_summary(data or service.default_data_dir(), n, theme)
    except ValueError as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))
