"""Finding-label evaluation: the pipeline's classifier and three baselines side by side.

`evaluate(data_path, model_path=None, folds=5)` scores, on a labelled findings file (the
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

    python -m eval.analysis evaluate DATA.jsonl [--model PATH] [--folds 5] [--json]
    python -m eval.analysis build-model [--seeds 0,1,2]   # the shipped model and its MODEL_CARD.md
                                                        # (fold seeds of the algorithm comparison)
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Sequence

import numpy as np

from eval.baselines import make as make_baseline
from nlp.classify import (DEFAULT_MODEL, LABELS, MODEL_DIR, REPO, Config, _norm, cross_validate, fold_indices,
                          fundamentals_scores, read_rows, sha256_file, stance_scores)

SYSTEMS = ("pipeline", "keywords", "tfidf", "zeroshot")
TASKS = ("fundamentals", "stance", "child_voice", "jargon")
PROJECT_TRAIN = REPO / "nlp" / "data" / "train_findings.jsonl"
SHARED_DATA = REPO.parent / "shared" / "data"


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


def evaluate(data_path: str | Path, model_path: str | Path | None = None, folds: int = 5,
             systems: Sequence[str] = SYSTEMS) -> dict:
    """{system: {task: scores | None}} plus "cross_validated", "message", "notes", "data"."""
    from nlp.classify import load
    from nlp.embed import get_embedder

    started = time.perf_counter()
    data_path = Path(data_path)
    rows = read_rows(data_path)
    model_path = Path(model_path or DEFAULT_MODEL)
    meta = model_metadata(model_path)
    sha = sha256_file(data_path)
    training = meta.get("training_files", [])
    cross_validated = any(f["sha256"] == sha for f in training)
    notes: list[str] = []
    others: list[dict] = []
    for entry in training:
        if entry["sha256"] == sha:
            continue
        found = _resolve(entry)
        if found is None:
            notes.append(f"training file {entry['name']} (sha256 {entry['sha256'][:12]}...) not found here; "
                         "left out of the training folds")
        else:
            others.extend(read_rows(found))
    ids = {r["id"] for r in rows}
    others = [r for r in others if r["id"] not in ids]

    embedder = get_embedder()
    vectors = np.asarray(embedder([_norm(r["text"]) for r in rows]), dtype=np.float32)
    other_vectors = (np.asarray(embedder([_norm(r["text"]) for r in others]), dtype=np.float32)
                     if others else np.zeros((0, vectors.shape[1]), np.float32))
    texts = [r["text"] for r in rows]
    result: dict = {}

    if cross_validated:
        if len(rows) < folds * 2:
            raise ValueError(f"{data_path}: {len(rows)} rows is too few for {folds}-fold cross-validation")
        extra = f" plus {', '.join(sorted({f['name'] for f in training if f['sha256'] != sha}))}" if others else ""
        message = (f"{data_path.name} is one of the model's training files (sha256 matches its model card): every "
                   f"system's figures are {folds}-fold cross-validated, each fold predicted by models trained on "
                   f"the other folds{extra}.")
        config = Config.from_json(meta.get("config", {}))
        pipeline_preds = cross_validate(rows, others, folds, config, vectors=vectors,
                                        fixed_vectors=other_vectors if others else None, embedder=embedder)
        test_folds = fold_indices(rows, folds)
    else:
        message = (f"{data_path.name} is not one of the model's training files: the model is scored as saved; the "
                   "trainable baselines are trained on the model's training files.")
        pipeline_preds = load(model_path).predict_labels(texts, vectors) if "pipeline" in systems else None
        test_folds = None

    for name in systems:
        if name == "pipeline":
            preds = [dict(p) for p in pipeline_preds]
        else:
            baseline = make_baseline(name, embedder)
            if not baseline.trainable:
                preds = baseline.predict(texts, vectors)
            elif test_folds is None:
                if not others:
                    notes.append(f"{name}: no training rows found; not scored")
                    result[name] = {t: None for t in TASKS}
                    continue
                preds = baseline.fit(others, other_vectors).predict(texts, vectors)
            else:
                preds = [None] * len(rows)
                for te in test_folds:
                    held = set(te.tolist())
                    tr = [i for i in range(len(rows)) if i not in held]
                    model = make_baseline(name, embedder).fit(others + [rows[i] for i in tr],
                                                              np.vstack([other_vectors, vectors[tr]]))
                    for i, p in zip(te, model.predict([texts[i] for i in te], vectors[te])):
                        preds[int(i)] = p
        if name == "pipeline":
            for p in preds:
                p.setdefault("child_voice", None)
                p.setdefault("jargon", None)
        result[name] = _task_scores(rows, preds)
    if "pipeline" in systems:
        voice, jargon = _voice_and_jargon(rows, notes)
        result["pipeline"]["child_voice"] = voice
        result["pipeline"]["jargon"] = jargon
    for name in systems:
        if name in ("tfidf", "zeroshot"):
            result[name]["jargon"] = None
    notes.append("jargon is scored for `pipeline` (gt_jargon, rare-word flags left out as eval.spans explains) and "
                 "`keywords` (acronyms + the taxonomy's listed shorthand) only")
    result["cross_validated"] = cross_validated
    result["message"] = message
    result["notes"] = notes
    result["data"] = {"path": str(data_path), "sha256": sha, "rows": len(rows), "folds": folds if cross_validated else None,
                      "model": str(model_path), "extra_training_rows": len(others),
                      "seconds": round(time.perf_counter() - started, 1)}
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
    if "message" in result:
        out.append("")
        out.append(result["message"])
    return "\n".join(out)


# --------------------------------------------------------------------------- algorithm comparison, shipped model
COMPARISON = {
    "LR on embeddings": Config(features=("embedding",)),
    "LR on embeddings + word TF-IDF": Config(features=("embedding", "word")),
    "linear SVM (Platt on OOF) on embeddings + word/char TF-IDF + keywords": Config(model="svm"),
    "LR on embeddings + word/char TF-IDF + keywords, plain Platt scaling": Config(keyword_calibration=False),
    "LR on embeddings + word/char TF-IDF + keywords, keyword rule stacked into calibration (chosen)": Config(),
}


def compare_algorithms(data_path: str | Path, fixed_path: str | Path = PROJECT_TRAIN, folds: int = 5,
                       configs: dict | None = None, seeds: Sequence[int] = (0,)) -> dict:
    """Cross-validated fundamentals macro-F1 and stance macro-F1 of each configuration on
    data_path (fixed_path's rows in every training fold)."""
    from nlp.embed import get_embedder

    rows = read_rows(data_path)
    fixed = read_rows(fixed_path) if fixed_path else []
    embedder = get_embedder()
    vectors = np.asarray(embedder([_norm(r["text"]) for r in rows]), dtype=np.float32)
    fixed_vectors = np.asarray(embedder([_norm(r["text"]) for r in fixed]), dtype=np.float32) if fixed else None
    out = {}
    for name, config in (configs or COMPARISON).items():
        runs = []
        for seed in seeds:
            preds = cross_validate(rows, fixed, folds, config, vectors=vectors, fixed_vectors=fixed_vectors,
                                   embedder=embedder, seed=seed)
            runs.append((fundamentals_scores([r["fundamentals"] for r in rows], [p["fundamentals"] for p in preds]),
                         stance_scores([r["stance"] for r in rows], [p["stance"] for p in preds])))
        out[name] = {"fundamentals_macro_f1": [f["macro_f1"] for f, _ in runs],
                     "stance_macro_f1": [s["macro_f1"] for _, s in runs],
                     "stance_accuracy": [s["accuracy"] for _, s in runs],
                     "config": config.to_json()}
    return out


def _comparison_markdown(comparison: dict, data_name: str, seeds: Sequence[int]) -> str:
    lines = ["## Algorithm comparison", "",
             f"{len(seeds)} run{'s' if len(seeds) > 1 else ''} of 5-fold cross-validation on {data_name} (fold seeds {', '.join(map(str, seeds))}; "
             "train_findings.jsonl in every training fold), each model with OOF-tuned calibration and thresholds. "
             "Mean (min-max) over the runs.", "",
             "| algorithm | fundamentals macro-F1 | stance macro-F1 | stance accuracy |", "|---|---|---|---|"]
    for name, v in comparison.items():
        def cell(xs):
            return f"{np.mean(xs):.3f} ({min(xs):.3f}-{max(xs):.3f})" if len(xs) > 1 else f"{xs[0]:.3f}"
        lines.append(f"| {name} | {cell(v['fundamentals_macro_f1'])} | {cell(v['stance_macro_f1'])} | "
                     f"{cell(v['stance_accuracy'])} |")
    return "\n".join(lines)


LIMITS = """## How the choices were made, and limits

- **The figures are somewhat optimistic.** The feature set, C, the 3x weight of real rows, tuning
  thresholds on the real rows and the keyword lists were settled by comparing cross-validated scores
  on this same dev file (there is no second labelled real set). The keyword lists were written from
  taxonomy.md and the dev README's labelling decisions, by someone who had read dev-set errors.
- **Targets.** The goal is fundamentals macro-F1 >= 0.75 and stance macro-F1 >= 0.80 (5-fold CV on the
  dev file). Measured 2026-11-25 over fold seeds 0, 1, 2: fundamentals 0.7495, 0.7554, 0.7620 (at the
  target, seed 0 just under it), stance 0.774, 0.762, 0.757 (**below** the target on every seed).
- **Later changes (Nov 2026).** 118 hand-written rows were added to train_findings.jsonl (gt-0728..0845),
  written from taxonomy.md's definitions in QA-summary style for the weak labels (intervention,
  relational, permanence, partnership) and for service-level strength/neutral/concern findings, not
  from dev-set errors. A multinomial stance calibration on the real rows was also tried (fold seed 0,
  old data) and lowered stance macro-F1 (0.757 vs 0.771), so temperature scaling stays. Then the
  keyword rule was stacked into each label's Platt scaling (chosen because the keyword baseline beat
  the model on partnership and risk; fitted on OOF decision values inside each training fold):
  fundamentals 0.743/0.750/0.745 -> 0.7495/0.755/0.762 (seeds 0/1/2). Three stance variants tried at the
  same time did not help (seeds 0/1/2): class-balanced weights 0.775/0.747/0.775, macro-F1 offsets
  tuned on OOF 0.755/0.753/0.749, both 0.758/0.749/0.771, against 0.774/0.762/0.757.
- **Thin labels swing.** `partnership` (9 dev rows) and `permanence` (14) move by 0.1-0.2 F1 between fold
  splits; their thresholds (tuned on few real positives) are low, so expect false positives on them.
- **Context.** Some dev findings take their labels from their paragraph (e.g. the Leaving Care run
  004-0019..0022 is `permanence` without naming it). One sentence cannot carry that; the segmenter's
  joining of "points back" sentences recovers only part of it.
- **Domain.** The real rows are QA summary reports (61% with no fundamental); the hand-written rows are
  case-level. Case-audit narratives from a council will have a different label mix: retrain with
  `goldenthread train` on a few hundred of their own labelled findings, and check the card it writes.
- **Stance** follows the guide's main-clause rule only through features (the keyword tail after
  "but / however / although"); long mixed sentences are the commonest stance errors."""


def build_shipped_model(dev_path: str | Path = SHARED_DATA / "findings_dev.jsonl", seeds: Sequence[int] = (0, 1, 2),
                        out: Path = MODEL_DIR / "findings_classifier.npz") -> dict:
    """Train the shipped model on train_findings.jsonl + findings_dev.jsonl and write its card
    (with the algorithm comparison and the side-by-side evaluation on the dev file)."""
    from nlp.classify import train_from_files

    comparison = compare_algorithms(dev_path, PROJECT_TRAIN, 5, seeds=seeds)
    comparison_md = _comparison_markdown(comparison, Path(dev_path).name, seeds) + "\n\n" + LIMITS
    summary = train_from_files([PROJECT_TRAIN, dev_path], out, Config(), cv_folds=5,
                               card=MODEL_DIR / "MODEL_CARD.md", extra_card=comparison_md)
    evaluation = evaluate(dev_path, out)
    table = format_table(evaluation)
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    card += ("\n## Against the baselines (" + Path(dev_path).name + ")\n\n```\n" + table + "\n```\n\n"
             + "".join(f"- {n}\n" for n in evaluation["notes"]))
    (MODEL_DIR / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    return {"summary": summary, "comparison": comparison, "evaluation": evaluation}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "build-model":
        seeds = (tuple(int(x) for x in argv[argv.index("--seeds") + 1].split(",")) if "--seeds" in argv
                 else (0, 1, 2))
        result = build_shipped_model(seeds=seeds)
        print(json.dumps(result["summary"], indent=2))
        print(format_table(result["evaluation"]))
        return 0
    if argv and argv[0] == "evaluate" and len(argv) >= 2:
        model = argv[argv.index("--model") + 1] if "--model" in argv else None
        folds = int(argv[argv.index("--folds") + 1]) if "--folds" in argv else 5
        result = evaluate(argv[1], model, folds)
        print(json.dumps(result, indent=2) if "--json" in argv else format_table(result))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
