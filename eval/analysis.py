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

from eval.baselines import make as make_baseline
from nlp.classify import (DEFAULT_MODEL, LABELS, MODEL_DIR, REPO, Config, _is_synthetic, _norm, cross_validate,
                          fold_indices, fundamentals_scores, read_rows, sha256_file, stance_scores)

SYSTEMS = ("pipeline", "keywords", "tfidf", "zeroshot")
TASKS = ("fundamentals", "stance", "child_voice", "jargon")
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


def _resolve(entry: dict) -> Path | None:
    """A training file named in a model's metadata, found on this machine (sha256 checked)."""
    candidates = [Path(entry.get("path", "")), REPO / entry.get("path", ""), REPO / "nlp" / "data" / entry["name"],
                  SHARED_DATA / entry["name"]]
    for c in candidates:
        if c.is_file() and sha256_file(c) == entry["sha256"]:
            return c
    return None


# --------------------------------------------------------------------------- the parts others own
def _voice_and_jargon(rows: Sequence[dict], notes: list[str]) -> tuple[dict | None, dict | None]:
    """The pipeline's child's-voice and jargon scores, or None (with a note) where the
    component is not there yet."""
    try:
        import spacy  # noqa: F401

        from nlp import pipeline as shared
    except ImportError as error:  # pragma: no cover
        notes.append(f"child_voice, jargon: no spaCy pipeline ({error})")
        return None, None
    voice = jargon = None
    components = []
    try:
        import nlp.voice as voice_mod  # noqa: F401
        components.append("gt_child_voice")
    except ImportError:
        voice_mod = None
        notes.append("child_voice: nlp.voice (gt_child_voice) is not there yet; reported as null")
    try:
        import nlp.jargon  # noqa: F401
        from eval.spans import jargon_scores
        components.append("gt_jargon")
    except ImportError:
        jargon_scores = None
        notes.append("jargon: nlp.jargon (gt_jargon) or eval.spans is not there yet; reported as null")
    if not components:
        return None, None
    try:
        nlp = shared.build(redact=False, analyse=False)
    except TypeError:  # an older build() without the switches
        nlp = shared.build()
    for name in components:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    if voice_mod is not None:
        voice_rows = [r for r in rows if r.get("child_voice")]
        if voice_rows:
            if hasattr(voice_mod, "label_findings"):
                pred = [v["label"] for v in voice_mod.label_findings(nlp, [r["text"] for r in voice_rows])]
            else:
                pred = [(d[:]._.child_voice or {}).get("label", "not_applicable")
                        for d in nlp.pipe([r["text"] for r in voice_rows])]
            voice = _voice_scores([r["child_voice"] for r in voice_rows], pred)
    if jargon_scores is not None:
        jargon_rows = [r for r in rows if "jargon" in r]
        if jargon_rows:
            scores = jargon_scores(nlp, jargon_rows)
            jargon = {**scores["without"], "excluded": scores.get("excluded", []), "with_every_flag": scores["all"]}
    return voice, jargon


def _voice_scores(gold: list[str], pred: list[str]) -> dict:
    try:
        from nlp.voice import voice_scores
    except ImportError:
        voice_scores = None
    if voice_scores is not None:
        return voice_scores(gold, pred)
    pairs = [(g, p) for g, p in zip(gold, pred) if g != "not_applicable"]
    tp = sum(g == p == "present" for g, p in pairs)
    fp = sum(g != "present" and p == "present" for g, p in pairs)
    fn = sum(g == "present" and p != "present" for g, p in pairs)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"n_present_or_absent": len(pairs), "precision_present": round(prec, 4), "recall_present": round(rec, 4),
            "f1_present": round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4)}


def _span_scores(gold, pred) -> dict:
    from eval.spans import span_scores

    return span_scores(gold, pred)


# --------------------------------------------------------------------------- evaluation
def _task_scores(rows: Sequence[dict], preds: Sequence[dict]) -> dict:
    out = {"fundamentals": fundamentals_scores([r["fundamentals"] for r in rows], [p["fundamentals"] for p in preds]),
           "stance": stance_scores([r["stance"] for r in rows], [p["stance"] for p in preds]),
           "child_voice": None, "jargon": None}
    voiced = [(r["child_voice"], p.get("child_voice")) for r, p in zip(rows, preds) if r.get("child_voice")]
    if voiced and all(v[1] is not None for v in voiced):
        out["child_voice"] = _voice_scores([g for g, _ in voiced], [p for _, p in voiced])
    spans = [(r, p.get("jargon")) for r, p in zip(rows, preds) if "jargon" in r]
    if spans and all(s[1] is not None for s in spans):
        try:
            out["jargon"] = _span_scores([[(j["start"], j["end"]) for j in r["jargon"]] for r, _ in spans],
                                         [p for _, p in spans])
        except ImportError:
            out["jargon"] = None
    return out


def _as_paths(data_paths) -> list[Path]:
    if isinstance(data_paths, (str, Path)):
        return [Path(data_paths)]
    paths = [Path(p) for p in data_paths]
    if not paths:
        raise ValueError("no data file given")
    return paths


def _groups_ok(rows: Sequence[dict], folds: int, group_by: str | None) -> bool:
    return bool(group_by) and all(r.get(group_by) for r in rows) and len({r[group_by] for r in rows}) >= folds


def _pipeline_cv(rows, others, folds, config, vectors, other_vectors, embedder, test_folds) -> list[dict]:
    """The pipeline's out-of-fold predictions; a tuned encoder is tuned inside each training fold."""
    if config.encoder == "tuned":
        from nlp.classify import tuning

        return cross_validate(rows, others, folds, config, test_folds=test_folds,
                              fold_vectors=tuning.fold_vectors(rows, others, config))
    return cross_validate(rows, others, folds, config, vectors=vectors,
                          fixed_vectors=other_vectors if others else None, embedder=embedder, test_folds=test_folds)


def _baseline_cv(name, rows, others, vectors, other_vectors, embedder, test_folds) -> list[dict]:
    """A trainable baseline's out-of-fold predictions, fitted inside each training fold (plus `others`)."""
    preds: list = [None] * len(rows)
    for te in test_folds:
        held = set(te.tolist())
        tr = [i for i in range(len(rows)) if i not in held]
        model = make_baseline(name, embedder).fit(list(others) + [rows[i] for i in tr],
                                                  np.vstack([other_vectors, vectors[tr]]))
        for i, p in zip(te, model.predict([rows[i]["text"] for i in te], vectors[te])):
            preds[int(i)] = p
    return preds


def _system_preds(systems, rows, others, folds, config, vectors, other_vectors, embedder, test_folds) -> dict:
    """{system: predictions in row order} under one set of test folds."""
    texts = [r["text"] for r in rows]
    out = {}
    for name in systems:
        if name == "pipeline":
            out[name] = [dict(p) for p in _pipeline_cv(rows, others, folds, config, vectors, other_vectors, embedder,
                                                       test_folds)]
            continue
        baseline = make_baseline(name, embedder)
        out[name] = (baseline.predict(texts, vectors) if not baseline.trainable else
                     _baseline_cv(name, rows, others, vectors, other_vectors, embedder, test_folds))
    return out


def _scores_by_system(systems, rows, preds: dict) -> dict:
    result = {}
    for name in systems:
        p = preds[name]
        if name == "pipeline":
            for x in p:
                x.setdefault("child_voice", None)
                x.setdefault("jargon", None)
        result[name] = _task_scores(rows, p)
        if name in ("tfidf", "zeroshot"):
            result[name]["jargon"] = None
    return result


def _subsets(rows: Sequence[dict]) -> dict[str, np.ndarray]:
    """Row indices per data file, plus one joint subset per family of files (findings_ofsted_a
    and _b -> findings_ofsted_*), so that figures can be read per source of text."""
    names = sorted({r["_file"] for r in rows})
    out = {n: np.array([i for i, r in enumerate(rows) if r["_file"] == n]) for n in names}
    families: dict[str, list[str]] = {}
    for n in names:
        stem = n.rsplit(".", 1)[0]
        if "_" in stem:
            families.setdefault(stem.rsplit("_", 1)[0] + "_*", []).append(n)
    for fam, members in families.items():
        if len(members) > 1:
            out[fam] = np.array([i for i, r in enumerate(rows) if r["_file"] in members])
    return out if len(names) > 1 else {}


def _per_subset(systems, rows, preds: dict) -> dict:
    out = {}
    for name, idx in _subsets(rows).items():
        sub = [rows[i] for i in idx]
        out[name] = {"rows": len(idx), **{
            s: {"fundamentals": fundamentals_scores([r["fundamentals"] for r in sub],
                                                    [preds[s][i]["fundamentals"] for i in idx]),
                "stance": stance_scores([r["stance"] for r in sub], [preds[s][i]["stance"] for i in idx])}
            for s in systems}}
    return out


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


# --------------------------------------------------------------------------- table
def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(result: dict, per_label: bool = True) -> str:
    """Systems as columns, metrics as rows (`-` where a system does not do that task)."""
    systems = [s for s in SYSTEMS if s in result]

    def get(system: str, *keys):
        value = result[system]
        for k in keys:
            if value is None:
                return None
            value = value.get(k) if isinstance(value, dict) else None
        return value

    lines: list[tuple[str, list]] = [("fundamentals macro-F1", [get(s, "fundamentals", "macro_f1") for s in systems])]
    if per_label:
        lines += [(f"  {lab} F1", [get(s, "fundamentals", "per_label", lab, "f1") for s in systems]) for lab in LABELS]
    lines += [("stance macro-F1", [get(s, "stance", "macro_f1") for s in systems]),
              ("stance accuracy", [get(s, "stance", "accuracy") for s in systems]),
              ("child's voice F1 (present)", [get(s, "child_voice", "f1_present") for s in systems]),
              ("child's voice F1 (absent)", [get(s, "child_voice", "f1_absent") for s in systems]),
              ("jargon exact F1", [get(s, "jargon", "exact", "f1") for s in systems]),
              ("jargon overlap F1", [get(s, "jargon", "overlap", "f1") for s in systems])]
    width = max(len(name) for name, _ in lines)
    col = max(9, *(len(s) for s in systems))
    out = [f"{'':<{width}}  " + "  ".join(f"{s:>{col}}" for s in systems),
           f"{'-' * width}  " + "  ".join("-" * col for _ in systems)]
    out += [f"{name:<{width}}  " + "  ".join(f"{_fmt(v):>{col}}" for v in values) for name, values in lines]
    out += _extra_tables(result, systems, width, col)
    if "message" in result:
        out.append("")
        out.append(result["message"])
    return "\n".join(out)


def _extra_tables(result: dict, systems: list[str], width: int, col: int) -> list[str]:
    """The k-fold figures beside grouped ones, and the figures per data file."""
    out = []

    def row(name, values):
        return f"{name:<{width}}  " + "  ".join(f"{_fmt(v):>{col}}" for v in values)

    if result.get("kfold"):
        out += ["", f"{'k-fold (rows shuffled, not grouped)':<{width}}"]
        for task in ("fundamentals", "stance"):
            out.append(row(f"{task} macro-F1", [((result["kfold"].get(s) or {}).get(task) or {}).get("macro_f1")
                                                for s in systems]))
    for name, block in (result.get("per_file") or {}).items():
        out += ["", f"{name} ({block['rows']} rows, same folds)"]
        for task in ("fundamentals", "stance"):
            out.append(row(f"{task} macro-F1", [((block.get(s) or {}).get(task) or {}).get("macro_f1")
                                                for s in systems]))
    return out


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
