"""Out-of-fold predictions of each system in the label evaluation, every trainable one fitted inside each training fold."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from eval.baselines import make as make_baseline
from nlp.classify import cross_validate


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
