"""`goldenthread eval analysis`, `voice`, `jargon`, `retrieval` and `chat`: scores against labelled data."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from assistant.cli.base import _fail, _today, eval_app
from assistant.ingest import IngestError


@eval_app.command("analysis")
def eval_analysis(data_files: list[Path] = typer.Argument(..., help="One or more labelled JSONL files."),
                  folds: int = typer.Option(5, "--folds", min=2),
                  group_by: str = typer.Option("auto", "--group-by",
                                               help="Grouped CV: no value of this field (e.g. source) on both sides "
                                                    "of a fold. 'auto': source when rows have one; 'none': k-fold."),
                  as_json: bool = typer.Option(False, "--json")):
    """Pipeline vs keyword, TF-IDF and zero-shot baselines on labelled findings (grouped and k-fold CV)."""
    from eval.analysis import evaluate, format_table

    try:
        result = evaluate(data_files, folds=folds, group_by=None if group_by.lower() == "none" else group_by)
    except ValueError as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))


@eval_app.command("voice")
def eval_voice(data_file: Path, group_by: str = typer.Option("source", "--group-by"),
               folds: int = typer.Option(5, "--folds", min=2),
               variants: bool = typer.Option(False, "--variants", help="Every variant tried, and the nested choice."),
               as_json: bool = typer.Option(False, "--json")):
    """Child's voice on narrative passages: the rules, and the rules with the learned judgement (grouped CV)."""
    from eval.voice_eval import DEFAULT, VARIANTS, evaluate, format_table

    try:
        result = evaluate(data_file, group_by=group_by, folds=folds, variants=VARIANTS if variants else (DEFAULT,),
                          nested=variants)
    except (ValueError, OSError) as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))


@eval_app.command("jargon")
def eval_jargon(data_files: list[Path], as_json: bool = typer.Option(False, "--json")):
    """Jargon span P/R/F1 (exact, overlap): every flag but uncommon words, and the hard-to-understand kind alone."""
    from eval.spans import hard_kind_scores, jargon_scores, load_findings, _real_pipeline

    try:
        rows = [row for path in data_files for row in load_findings(path)]
        for n, row in enumerate(rows, 1):
            if not isinstance(row.get("text"), str) or not isinstance(row.get("jargon"), list):
                raise ValueError(f"row {n} of {', '.join(map(str, data_files))}: needs \"text\" and a \"jargon\" list")
    except (ValueError, OSError) as error:
        _fail(str(error))
    pipeline = _real_pipeline()
    result = {"files": [str(p) for p in data_files], "findings": len(rows),
              "every_flag_but_uncommon_words": jargon_scores(pipeline, rows)["without"],
              "hard_to_understand_kind": hard_kind_scores(pipeline, rows)}
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"{len(rows)} findings from {len(data_files)} file(s); overlap and exact span scores")
    for name in ("every_flag_but_uncommon_words", "hard_to_understand_kind"):
        s = result[name]
        typer.echo(f"{name:<32} overlap F1 {s['overlap']['f1']:.3f} (P {s['overlap']['precision']:.3f}, "
                   f"R {s['overlap']['recall']:.3f})  exact F1 {s['exact']['f1']:.3f}  flags {s['pred']}, gold {s['gold']}")


@eval_app.command("retrieval")
def eval_retrieval(files: Optional[List[Path]] = typer.Argument(None, help="PASSAGES QUERIES [PASSAGES QUERIES ...]"),
                   k: int = typer.Option(10, "--k", min=1), as_json: bool = typer.Option(False, "--json"),
                   store_dir: Optional[Path] = typer.Option(None, "--store-dir", help="Keep each pair's store here and reuse it on the next run (default: temporary)."),
                   encoder: Optional[Path] = typer.Option(None, "--encoder", help="Tuned top layers (python -m eval.retrieval_tune) to embed findings, records and queries instead of the packaged model; its stores are kept apart.")):
    """recall@k, MRR@k and nDCG@k for dense, bm25, hybrid and a plain peer, per pair and their query-weighted mean."""
    from eval.retrieval import evaluate_pairs, format_table, parse_pairs

    try:
        if encoder is not None and not encoder.is_file():
            raise ValueError(f"{encoder}: no tuned retrieval encoder there (python -m eval.retrieval_tune writes one)")
        result = evaluate_pairs(parse_pairs(files), k, store_dir, encoder)
    except (ValueError, IngestError) as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result, k))


@eval_app.command("chat")
def eval_chat(questions: Path, today: Optional[str] = typer.Option(None, "--today", help="YYYY-MM-DD for rows without one (default: today)."),
              as_json: bool = typer.Option(False, "--json"),
              rules: bool = typer.Option(False, "--rules", help="Read intents by the rules alone (no learned reader).")):
    """Question parser: intent accuracy, filter exact-match and per-key accuracy (no store needed)."""
    from eval.chat import evaluate, format_table, read_questions

    try:
        result = evaluate(read_questions(questions), _today(today), learned=not rules)
    except (ValueError, OSError) as error:
        _fail(str(error))
    typer.echo(json.dumps(result) if as_json else format_table(result))
