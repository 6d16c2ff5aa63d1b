"""Variant 39 (session 5), measured offline from out-of-fold predictions: a stance cascade.

The frozen base model's stance head answers where it is confident; the tuned top layers run
only for the findings where it is least sure, so the analysis would pay for the two tuned
layers on a fraction of the findings instead of all. Settled before measuring: the tuned pass
takes the least confident quarter (FRACTION = 0.25), the threshold of each fold being the 25th
percentile of the base head's out-of-fold confidence over the rows outside that fold (so no
test row sets its own threshold; no label is used to set it). The same five grouped folds
(by source document, fold seed 0) as `python -m eval.analysis compare`.

    python eval/scripts/stance_cascade_2026_12_07.py [--curve]
"""
from __future__ import annotations

import json
import sys
from dataclasses import replace

import numpy as np

from eval.model_build import _load, real_paths
from nlp.classify import Config, cross_validate, fold_indices, stance_scores, train
from nlp.classify.tuning import base_vectors, fold_vectors
from nlp.taxonomy import STANCES

FRACTION = 0.25


def main(argv: list[str]) -> int:
    rows, tags, fixed = _load(real_paths())
    folds = fold_indices(rows, 5, 0, "source")
    tuned_cfg = Config()
    tuned = cross_validate(rows, fixed, 5, tuned_cfg, test_folds=folds,
                           fold_vectors=fold_vectors(rows, fixed, tuned_cfg))  # read from the cache when run before
    base_cfg = replace(Config(), encoder="base")
    vec = base_vectors([r["text"] for r in rows])
    fvec = base_vectors([r["text"] for r in fixed])
    probs = np.zeros((len(rows), len(STANCES)))
    for te in folds:
        test = set(te.tolist())
        tr = np.array([i for i in range(len(rows)) if i not in test])
        model = train(list(fixed) + [rows[i] for i in tr], base_cfg, vectors=np.vstack([fvec, vec[tr]]))
        _, stance, _ = model.scores([rows[i]["text"] for i in te], vec[te])
        probs[te] = stance
    conf = probs.max(1)
    base_label = [STANCES[int(k)] for k in probs.argmax(1)]
    gold = [r["stance"] for r in rows]
    ofsted = np.where(np.char.find(tags.astype(str), "ofsted") >= 0)[0]

    def cascade(fraction: float) -> tuple[list[str], float]:
        out, routed = list(base_label), 0
        for te in folds:
            outside = np.setdiff1d(np.arange(len(rows)), te)
            t = np.quantile(conf[outside], fraction)
            for i in te:
                if conf[i] < t:
                    out[i] = tuned[i]["stance"]
                    routed += 1
        return out, routed / len(rows)

    def f1(labels, idx=None):
        idx = np.arange(len(rows)) if idx is None else idx
        return round(stance_scores([gold[i] for i in idx], [labels[i] for i in idx])["macro_f1"], 4)

    report = {"base": {"all": f1(base_label), "ofsted": f1(base_label, ofsted)},
              "tuned": {"all": f1([p["stance"] for p in tuned]), "ofsted": f1([p["stance"] for p in tuned], ofsted)}}
    labels, routed = cascade(FRACTION)
    report["cascade"] = {"fraction": FRACTION, "routed": round(routed, 4), "all": f1(labels),
                         "ofsted": f1(labels, ofsted),
                         "dev": f1(labels, np.where(tags == "findings_dev.jsonl")[0])}
    if "--curve" in argv:  # information only, never a choice: the fraction was fixed above
        report["curve"] = {f: f1(cascade(f)[0]) for f in (0.1, 0.2, 0.3, 0.4, 0.5, 0.75)}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
