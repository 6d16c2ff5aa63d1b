"""Six stance variants tried on 2026-12-07 outside `eval.analysis compare` (none shipped).

Each is scored by the same grouped CV as `nlp/models/variants.jsonl` (5 folds grouped by
source document over the three real files, fold seed 0, train_findings.jsonl in every training
fold) and appended there by hand with its figures as first measured:

    python eval/scripts/stance_variants_2026_12_07.py em 5|20|50   # per-document prior (EM)
    python eval/scripts/stance_variants_2026_12_07.py layer 3|4    # + a lower layer's pooled vector
    python eval/scripts/stance_variants_2026_12_07.py qa-rows      # + eval/data/qa_register_rows.jsonl

em: the stance head's calibrated probabilities re-weighted per source document towards that
document's own stance mix, estimated by EM (Saerens et al. 2002) with a Dirichlet pull of
`alpha` pseudo-rows towards the training prior (uniform). layer: the embedding block is the
final mean-pooled vector beside the mean-pooled output of transformer layer K (one pass).
qa-rows: 296 fictional rows in the QA-report register (written blind to the real files from
the taxonomy and labelling guide) added to every training fold.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from eval.model_build import _load, real_paths  # noqa: E402
from nlp.classify.encoder import _mean_pool  # noqa: E402
from nlp.classify import Config, _norm, fold_indices, fundamentals_scores, read_rows, stance_scores  # noqa: E402
from nlp.classify.train import train  # noqa: E402
from nlp.classify.tuning import base_vectors  # noqa: E402
from nlp.taxonomy import STANCES  # noqa: E402


def pooled_layers(texts, layer: int) -> np.ndarray:
    """Final and layer-K mean-pooled vectors, each L2-normalised, side by side (one pass)."""
    import torch

    from nlp.embed import get_embedder

    st = get_embedder().model
    bert = st[0].auto_model
    out = []
    for s in range(0, len(texts), 64):
        f = st.tokenize(texts[s:s + 64])
        with torch.no_grad():
            o = bert(input_ids=f["input_ids"], attention_mask=f["attention_mask"],
                     token_type_ids=f.get("token_type_ids"), output_hidden_states=True)
        parts = [torch.nn.functional.normalize(_mean_pool(o.hidden_states[k], f["attention_mask"]), dim=-1)
                 for k in (6, layer)]
        out.append(torch.cat(parts, dim=1).numpy())
    return np.vstack(out).astype(np.float32)


def em_prior(P: np.ndarray, groups: np.ndarray, alpha: float, iters: int = 30) -> np.ndarray:
    out, pi0 = P.copy(), np.ones(P.shape[1]) / P.shape[1]
    for g in set(groups.tolist()):
        idx = np.where(groups == g)[0]
        pi = pi0.copy()
        for _ in range(iters):
            q = P[idx] * (pi / pi0)
            q /= q.sum(1, keepdims=True)
            pi = (q.sum(0) + alpha * pi0) / (len(idx) + alpha)
        out[idx] = q
    return out


def main(argv: list[str]) -> None:
    kind = argv[0]
    rows, tags, fixed = _load(real_paths())
    folds = fold_indices(rows, 5, 0, "source")
    if kind == "layer":
        v, fv = (pooled_layers([_norm(r["text"]) for r in rs], int(argv[1])) for rs in (rows, fixed))
    else:
        v, fv = base_vectors([r["text"] for r in rows]), base_vectors([r["text"] for r in fixed])
    if kind == "qa-rows":
        extra = read_rows(REPO / "eval" / "data" / "qa_register_rows.jsonl")
        fixed, fv = fixed + extra, np.vstack([fv, base_vectors([r["text"] for r in extra])])
    fund_pred, P = [None] * len(rows), np.zeros((len(rows), len(STANCES)))
    for te in folds:
        held = set(te.tolist())
        tr = np.array([i for i in range(len(rows)) if i not in held])
        model = train(fixed + [rows[i] for i in tr], Config(), vectors=np.vstack([fv, v[tr]]))
        texts = [rows[i]["text"] for i in te]
        for i, p in zip(te, model.predict_labels(texts, v[te])):
            fund_pred[i] = p["fundamentals"]
        P[te] = model.scores(texts, v[te])[1]
    if kind == "em":
        groups = np.array([f"{t}|{r.get('source')}" for r, t in zip(rows, tags)])
        P = em_prior(P, groups, float(argv[1]))
    stance_pred = [STANCES[i] for i in P.argmax(1)]
    for part in ("all", "ofsted", "findings_dev.jsonl"):
        idx = [i for i, t in enumerate(tags) if part == "all" or part in t]
        f = fundamentals_scores([rows[i]["fundamentals"] for i in idx], [fund_pred[i] for i in idx])["macro_f1"]
        s = stance_scores([rows[i]["stance"] for i in idx], [stance_pred[i] for i in idx])["macro_f1"]
        print(f"{part}: fundamentals {f:.4f} stance {s:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
