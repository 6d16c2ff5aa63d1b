"""Linear heads and their calibration: logistic regression / SVM fits, Platt and temperature scaling, thresholds."""
from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from nlp.classify.features import Config
from nlp.taxonomy import STANCES


# --------------------------------------------------------------------------- linear fits
def _fit_binary(X, y: np.ndarray, w: np.ndarray, config: Config) -> tuple[np.ndarray, float]:
    if y.min() == y.max():  # no positives (or no negatives): a constant that never (always) fires
        return np.zeros(X.shape[1], dtype=np.float32), (10.0 if y.min() else -10.0)
    if config.model == "svm":
        from sklearn.svm import LinearSVC

        m = LinearSVC(C=config.svm_C, max_iter=20000, random_state=config.seed).fit(X, y, sample_weight=w)
    else:
        from sklearn.linear_model import LogisticRegression

        m = LogisticRegression(C=config.C, max_iter=3000).fit(X, y, sample_weight=w)
    return m.coef_[0].astype(np.float32), float(m.intercept_[0])


def _fit_multiclass(X, y: np.ndarray, w: np.ndarray, config: Config) -> tuple[np.ndarray, np.ndarray]:
    """Weights for all of STANCES (classes absent from y get a large negative intercept)."""
    present = sorted(set(int(v) for v in y))
    W = np.zeros((len(STANCES), X.shape[1]), dtype=np.float32)
    b = np.full(len(STANCES), -10.0)
    if len(present) == 1:
        b[present[0]] = 10.0
        return W, b
    if config.model == "svm":
        from sklearn.svm import LinearSVC

        m = LinearSVC(C=config.svm_C, max_iter=20000, random_state=config.seed).fit(X, y, sample_weight=w)
    else:
        from sklearn.linear_model import LogisticRegression

        m = LogisticRegression(C=config.stance_C or config.C, max_iter=3000).fit(X, y, sample_weight=w)
    coef, intercept = m.coef_, m.intercept_
    if len(present) == 2:  # sklearn gives one row for the second class against the first
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    for row, cls in enumerate(m.classes_):
        W[int(cls)] = coef[row]
        b[int(cls)] = intercept[row]
    return W, b


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def _platt(decision: np.ndarray, y: np.ndarray, hits: np.ndarray | None = None,
           knn: np.ndarray | None = None) -> tuple[float, ...]:
    """p = sigmoid(a * decision + c), fitted on held-out decision values; with `hits` (the
    label's keyword rule, 0/1) also + k * hit: a stacked second opinion that helps most where
    the rule alone does well (partnership, risk) and is weighed down where it misleads; with
    `knn` (the label's share among the nearest training findings) also + k2 * share."""
    from sklearn.linear_model import LogisticRegression

    cols = [decision] + [c for c in (hits, knn) if c is not None]
    if y.min() == y.max():
        return (1.0, 0.0) + (0.0,) * (len(cols) - 1)
    X = np.column_stack(cols)
    m = LogisticRegression(C=100.0, max_iter=1000).fit(X, y)
    return (float(m.coef_[0, 0]), float(m.intercept_[0])) + tuple(float(v) for v in m.coef_[0, 1:])


def _calibrated(decision: np.ndarray, platt: np.ndarray, hits: np.ndarray | None,
                knn: np.ndarray | None = None) -> np.ndarray:
    z = decision * platt[0] + platt[1]
    if hits is not None and len(platt) >= 3:
        z = z + hits * platt[2]
    if knn is not None and len(platt) >= 4:
        z = z + knn * platt[3]
    return _sigmoid(z)


def _knn_votes(query: np.ndarray, ref: np.ndarray, Y: np.ndarray, S: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each query's similarity-weighted share of every fundamental (n, 10) and stance (n, 3)
    among its k nearest reference findings (cosine; the vectors are unit length)."""
    n = len(query)
    if n == 0 or len(ref) == 0:
        return np.zeros((n, Y.shape[1])), np.zeros((n, len(STANCES)))
    k = min(k, len(ref))
    sims = np.asarray(query, np.float32) @ np.asarray(ref, np.float32).T
    idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    w = np.clip(np.take_along_axis(sims, idx, axis=1), 1e-6, None)
    w = w / w.sum(1, keepdims=True)
    onehot = np.eye(len(STANCES))[S]
    return (np.einsum("nk,nkl->nl", w, Y[idx].astype(np.float64)),
            np.einsum("nk,nkl->nl", w, onehot[idx]))


def _temperature(decision: np.ndarray, y: np.ndarray) -> float:
    """The T that minimises held-out log-loss of softmax(decision / T) (argmax unchanged)."""
    best_t, best = 1.0, math.inf
    for t in np.exp(np.linspace(np.log(0.05), np.log(20.0), 121)):
        p = _softmax(decision / t)
        loss = -np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)))
        if loss < best:
            best_t, best = float(t), loss
    return best_t


def _best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The probability cut with the best F1 on held-out predictions (lowest of ties)."""
    best, best_t = -1.0, 0.5
    positives = y.sum()
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        denom = pred.sum() + positives
        f1 = 2 * tp / denom if denom else 0.0
        if f1 > best + 1e-9:
            best, best_t = f1, float(t)
    return best_t


def _csr_row(X: sparse.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Row i of a CSR matrix as (column indices, values), without building a 1-row matrix."""
    lo, hi = X.indptr[i], X.indptr[i + 1]
    return X.indices[lo:hi], X.data[lo:hi]


def _top_labels(probs: np.ndarray, thresholds: np.ndarray, k: int) -> list[int]:
    on = [j for j in np.argsort(-probs) if probs[j] >= thresholds[j]]
    return [int(j) for j in on[:k]]


