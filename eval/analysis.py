"""Finding-label evaluation: the pipeline's classifier and three baselines side by side.

`evaluate(data_paths, model_path=None, folds=5)` scores, on a labelled findings file (the
taxonomy's JSONL), four systems: `pipeline` (nlp.classify with the child's-voice and jargon
components), `keywords`, `tfidf` and `zeroshot` (eval.baselines), on four tasks:
`fundamentals` (per-label P/R/F1, macro-F1), `stance` (accuracy, macro-F1), `child_voice`
(present vs absent over the rows not `not_applicable`, nlp.voice.voice_scores) and `jargon`
(exact and overlap span P/R/F1, eval.spans.span_scores).

A model is never scored on rows it was trained on. When the data file is one of the model's
training files (its sha256 is in the model's metadata / card), the figures are k-fold
cross-validated: each fold is predicted by a classifier trained, with the model's own
configuration, on the other folds plus the model's other training files (for the shipped
model on findings_dev.jsonl: plus nlp/data/train_findings.jsonl). The trainable baselines
get the same folds and training rows. The child's-voice and jargon components are rules and
lexicons, not trained on these files, so they are run as they are.

With several data files, or rows that carry a `source`, the headline is **grouped**
cross-validation (`group_by="source"`, the default when every row has one): no source document
is on both sides of a fold, so a model is scored on documents (councils, reports) it has not
seen; plain k-fold figures are reported beside it, and figures per file (and per family of
files, e.g. findings_ofsted_*) from the same folds. The project's hand-written rows are never
scored: they are in every training fold. With a tuned encoder, the encoder is tuned inside each
training fold too (a full run over the three shared files is long on a 2-core machine: two
protocols x 5 folds, each tuning the encoder and fitting the heads).

    python -m eval.analysis evaluate DATA.jsonl... [--model PATH] [--folds 5] [--group-by source|none] [--json]
    python -m eval.analysis compare VARIANT... [--seed 0]   # grouped CV of eval.model_build.VARIANTS
    python -m eval.analysis build-model [--seed 0]          # the shipped model, encoder and MODEL_CARD.md
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from eval.analysis_folds import _groups_ok, _system_preds
from eval.analysis_scores import SYSTEMS, TASKS, _per_subset, _scores_by_system, _voice_and_jargon
from eval.analysis_table import format_table
from eval.baselines import make as make_baseline
from nlp.classify import DEFAULT_MODEL, REPO, Config, _is_synthetic, fold_indices, read_rows, sha256_file
from nlp.classify.files import resolve_training_file

PROJECT_TRAIN = REPO / "nlp" / "data" / "train_findings.jsonl"
SHARED_DATA = next((p for p in (REPO.parent / "shared" / "data", REPO.parent.parent / "shared" / "data")
                    if p.is_dir()), REPO.parent / "shared" / "data")


def model_metadata(model_path: str | Path | None = None) -> dict:
    """The saved model's metadata (the .json beside it, else read from the .npz)."""
    path = Path(model_path or DEFAULT_MODEL)
    side = path.with_suffix(".json")
    if side.exists():
        return json.loads(side.read_text(encoding="utf-8"))
    from nlp.classify import load

    return load(path).meta


_resolve = resolve_training_file  # the name this module used before it moved to nlp


def _as_paths(data_paths) -> list[Path]:
    if isinstance(data_paths, (str, Path)):
        return [Path(data_paths)]
    paths = [Path(p) for p in data_paths]
    if not paths:
        raise ValueError("no data file given")
    return paths


def evaluate(data_paths, model_path: str | Path | None = None, folds: int = 5,
             systems: Sequence[str] = SYSTEMS, group_by: str | None = "auto", kfold_too: bool = True) -> dict:
    """{system: {task: scores | None}} (the headline protocol) plus "protocol", "kfold" (the
    k-fold figures beside grouped ones), "per_file", "cross_validated", "message", "notes", "data".

    `data_paths`: one labelled file or several. `group_by`: "auto" (group by `source` when every
    row has one and there are at least `folds` distinct values), a field name, or None (k-fold)."""
    from nlp.classify import load
    from nlp.embed import get_embedder

    started = time.perf_counter()
    paths = _as_paths(data_paths)
    rows: list[dict] = []
    shas = {}
    for path in paths:
        shas[path.name] = sha256_file(path)
        rows.extend({**r, "_file": path.name} for r in read_rows(path))
    model_path = Path(model_path or DEFAULT_MODEL)
    meta = model_metadata(model_path)
    training = meta.get("training_files", [])
    trained_on = {f["sha256"] for f in training}
    cross_validated = any(sha in trained_on for sha in shas.values())
    notes: list[str] = []
    others: list[dict] = []
    for entry in training:
        if entry["sha256"] in shas.values():
            continue
        found = _resolve(entry)
        if found is None:
            notes.append(f"training file {entry['name']} (sha256 {entry['sha256'][:12]}...) not found here; "
                         "left out of the training folds")
        else:
            others.extend(read_rows(found))
    # The project's own hand-written rows are never scored: with real rows beside them they
    # move to the training side of every fold.
    synthetic = [r for r in rows if _is_synthetic(r)]
    if synthetic and len(synthetic) < len(rows):
        rows = [r for r in rows if not _is_synthetic(r)]
        others.extend(synthetic)
        notes.append(f"{len(synthetic)} hand-written (fictional) rows are in every training fold and never scored")
    ids = {r["id"] for r in rows}
    others = [r for r in others if r["id"] not in ids]

    from nlp.classify.tuning import base_vectors

    embedder = get_embedder()
    vectors = base_vectors([r["text"] for r in rows])  # cached by text: a rerun does not encode again
    other_vectors = base_vectors([r["text"] for r in others]) if others else np.zeros((0, vectors.shape[1]), np.float32)
    names = ", ".join(p.name for p in paths)
    config = Config.from_json(meta.get("config", {}))
    result: dict = {}
    if cross_validated:
        if len(rows) < folds * 2:
            raise ValueError(f"{names}: {len(rows)} rows is too few for {folds}-fold cross-validation")
        field = ("source" if group_by == "auto" else group_by)
        grouped = _groups_ok(rows, folds, field)
        if group_by not in (None, "auto") and not grouped:
            raise ValueError(f"{names}: grouping by {group_by!r} needs that field on every row and at least "
                             f"{folds} distinct values")
        if group_by == "auto" and not grouped:
            notes.append("rows lack a `source` with enough distinct documents: plain k-fold only")
        extra = (f" plus {', '.join(sorted({f['name'] for f in training if f['sha256'] not in shas.values()}))}"
                 if others else "")
        kind = (f"{folds}-fold grouped by {field} (no {field} on both sides of a fold)" if grouped
                else f"{folds}-fold")
        message = (f"{names}: among the model's training files (sha256 matches its model card): every system's "
                   f"figures are cross-validated, {kind}, each fold predicted by models trained on the other "
                   f"folds{extra}.")
        head_folds = fold_indices(rows, folds, 0, field if grouped else None)
        preds = _system_preds(systems, rows, others, folds, config, vectors, other_vectors, embedder, head_folds)
        result.update(_scores_by_system(systems, rows, preds))
        result["per_file"] = _per_subset(systems, rows, preds)
        result["protocol"] = "grouped" if grouped else "kfold"
        if grouped and kfold_too:
            k_preds = _system_preds(systems, rows, others, folds, config, vectors, other_vectors, embedder,
                                    fold_indices(rows, folds, 0))
            result["kfold"] = {s: {t: v for t, v in sc.items() if t in ("fundamentals", "stance")}
                               for s, sc in _scores_by_system(systems, rows, k_preds).items()}
    else:
        message = (f"{names}: not one of the model's training files: the model is scored as saved; the "
                   "trainable baselines are trained on the model's training files.")
        preds = {}
        for name in systems:
            if name == "pipeline":
                preds[name] = [dict(p) for p in load(model_path).predict_labels([r["text"] for r in rows])]
                continue
            baseline = make_baseline(name, embedder)
            if baseline.trainable and not others:
                notes.append(f"{name}: no training rows found; not scored")
                continue
            if baseline.trainable:
                baseline.fit(others, other_vectors)
            preds[name] = baseline.predict([r["text"] for r in rows], vectors)
        scored = [s for s in systems if s in preds]
        result.update(_scores_by_system(scored, rows, preds))
        for name in systems:
            result.setdefault(name, {t: None for t in TASKS})
        result["per_file"] = _per_subset(scored, rows, preds)
        result["protocol"] = "saved model"
    if "pipeline" in systems:
        voice, jargon = _voice_and_jargon(rows, notes)
        result["pipeline"]["child_voice"] = voice
        result["pipeline"]["jargon"] = jargon
    notes.append("jargon is scored for `pipeline` (gt_jargon, rare-word flags left out as eval.spans explains) and "
                 "`keywords` (acronyms + the taxonomy's listed shorthand) only")
    result["cross_validated"] = cross_validated
    result["message"] = message
    result["notes"] = notes
    result["data"] = {"path": str(paths[0]) if len(paths) == 1 else [str(p) for p in paths],
                      "sha256": shas[paths[0].name] if len(paths) == 1 else shas, "rows": len(rows),
                      "folds": folds if cross_validated else None, "model": str(model_path),
                      "extra_training_rows": len(others), "seconds": round(time.perf_counter() - started, 1)}
    return result


# --------------------------------------------------------------------------- command line
def _opt(argv: list[str], name: str, default=None):
    return argv[argv.index(name) + 1] if name in argv and argv.index(name) + 1 < len(argv) else default


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "build-model":
        from eval.model_build import build_shipped_model

        result = build_shipped_model(seed=int(_opt(argv, "--seed", 0)), evaluate_too="--no-eval" not in argv)
        print(json.dumps(result["summary"], indent=2))
        if result["evaluation"]:
            print(format_table(result["evaluation"]))
        return 0
    if argv and argv[0] == "compare" and len(argv) >= 2:
        from eval.model_build import compare

        names = [a for a in argv[1:] if not a.startswith("--") and a != _opt(argv, "--seed")]
        for r in compare(names, seed=int(_opt(argv, "--seed", 0)), log=print):
            print(json.dumps(r))
        return 0
    if argv and argv[0] == "evaluate" and len(argv) >= 2:
        values = {_opt(argv, k) for k in ("--model", "--folds", "--group-by")}
        files = [a for a in argv[1:] if not a.startswith("--") and a not in values]
        group_by = _opt(argv, "--group-by", "auto")
        result = evaluate(files, _opt(argv, "--model"), int(_opt(argv, "--folds", 5)),
                          group_by=None if group_by == "none" else group_by)
        print(json.dumps(result, indent=2) if "--json" in argv else format_table(result))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
