"""What a model is made of (Config) and its feature blocks (TF-IDF kept as plain arrays, no pickle)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np
from scipy import sparse

from nlp.classify.lexicon import _fund_lexicon, _stance_lexicon, main_clause


DIM = 384  # all-MiniLM-L6-v2


def base_part(vectors: np.ndarray) -> np.ndarray:
    """The base encoder's vector: all of a 384-wide vector, the first half of [base | tuned]
    (Config.tuned_for = "stance"), which the neighbours, the evidence and the voice model read."""
    return vectors[:, :DIM] if vectors.ndim == 2 else vectors[:DIM]


# --------------------------------------------------------------------------- configuration
@dataclass(frozen=True)
class Config:
    """What the model is made of. Saved with the model; `eval.analysis` compares variants."""
    # No character n-grams and 3 inner folds since the Ofsted files came in: on a shared 2-core
    # machine the char block and 5 inner folds tripled the cost of a fit (22 s vs 7 s CPU for
    # 2,297 rows), which a grouped CV that tunes an encoder per fold could not afford.
    features: tuple[str, ...] = ("embedding", "word", "lexicon")
    model: str = "lr"            # "lr" (logistic regression) or "svm" (linear SVM, Platt-calibrated on OOF)
    C: float = 4.0               # inverse regularisation, both heads (SVM: see svm_C)
    svm_C: float = 0.5
    real_weight: float = 3.0     # weight of real rows when synthetic (hand-written) rows are also present
    lexicon_scale: float = 0.5   # fundamentals head: keyword block scale
    stance_lexicon_scale: float = 0.3
    stance_calibration: str = "temperature"  # "temperature" (keeps the argmax) or "multinomial"
    inner_folds: int = 3         # OOF folds for calibration and thresholds
    keyword_calibration: bool = True  # fundamentals: the label's keyword hit is a second input to Platt scaling
    max_labels: int = 3
    stance_cues: bool = True     # stance head: the readable cues of lexicon.stance_cues
    stance_prior: str = "balanced"  # "balanced" (each stance weighs the same; chosen by grouped CV) or "none"
    stance_C: float = 0.0        # stance head's inverse regularisation; 0 = the same as C
    inner_group: str = "none"    # OOF folds for calibration/thresholds: "none" (rows shuffled) or "source"
                                 # (no source document on both sides of an inner fold: nested grouped CV)
    lexicon_version: int = 1     # fundamentals keywords: 1 as first written; 2 adds the labelling guide's mapping table
    embedding_scale: float = 1.0  # the embedding block's scale (larger: its weights are regularised less)
    knn: int = 40                # > 0: the k nearest training findings' labels as a third input to the
                                 # fundamentals' calibration (chosen by grouped CV: nlp/models/variants.jsonl)
    stance_offsets: bool = False  # per-stance offsets on the calibrated scores, tuned for macro-F1 on the OOF predictions
    figure_rule: bool = True     # stance: a figure that moves "from X to Y" in the main clause is not read as neutral
    figure_rule_any: bool = False  # with figure_rule: the figure's judgement also overrides strength / concern
    knn_stance: bool = False     # with knn: the stance calibration stacks the neighbours' stance shares too
    stance_mlp: int = 0          # > 0: a one-hidden-layer MLP (this many units) on embedding + stance cues,
                                 # averaged with the linear stance head's probabilities
    main_words: bool = False     # stance head: word n-grams of the main clause (lexicon.main_clause) as a block too
    cue_set: int = 1             # stance cues: 1 as first written; 2 adds directed figures and a leading concession
    # The encoder (chosen by grouped CV in session 4, variant 34 of nlp/models/variants.jsonl): the
    # top two layers tuned on the labels (classification loss), read by the stance head only.
    encoder: str = "tuned"       # "base" (packaged MiniLM, frozen) or "tuned" (top layers tuned to the labels)
    tune_layers: int = 2         # tuned encoder: how many top layers are trained
    tune_epochs: int = 4
    tune_lr: float = 1e-4
    tune_stance_weight: float = 0.5  # loss: this x stance + the rest x fundamentals (pairs: same stance / shared one)
    tune_loss: str = "classify"  # "pairs" (SetFit's cosine pairs) or "classify" (the labels, through throw-away heads)
    tuned_for: str = "stance"    # which heads read the tuned vector: "both", or "stance" (the fundamentals heads,
                                 # the neighbours and the evidence keep the base vector; one shared pass gives both)
    tune_kind: str = "layers"    # "layers" (copies of the top tune_layers layers) or "pool" (a stance adapter:
                                 # attention pooling over the base pass's final token states, nlp.classify.adapter)
    tune_heads: int = 4          # pool: attention heads (one learned query each)
    tune_key_dim: int = 64       # pool: width of the key projection the queries score
    # A stance cascade (chosen by grouped CV in session 5: variant 40; measured offline first as 39): the stance head on the base
    # vector answers where it is sure; the tuned layers run, and the tuned head answers, only for
    # the findings whose base-head confidence is below the training rows' out-of-fold
    # `stance_cascade` quantile, so the analysis pays for the tuned layers on about that share.
    stance_cascade: float = 0.25  # 0: off (the tuned head answers for every finding)
    seed: int = 0

    def to_json(self) -> dict:
        return {**asdict(self), "features": list(self.features)}

    def cache_key(self) -> dict:
        """to_json() less the fields that change nothing at their "off" values (the adapter's
        settings when the tuned layers are used, a cascade of 0), so cross-validation runs cached
        before those fields existed are found again."""
        data = self.to_json()
        if data.get("tune_kind") == "layers":
            for name in ("tune_kind", "tune_heads", "tune_key_dim"):
                data.pop(name, None)
        if not data.get("stance_cascade"):
            data.pop("stance_cascade", None)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Config":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known.setdefault("stance_cues", False)  # models saved before the cues and priors existed
        known.setdefault("stance_prior", "none")
        known.setdefault("lexicon_version", 1)
        known.setdefault("knn", 0)  # models saved before the neighbours' input existed
        known.setdefault("figure_rule", False)
        known.setdefault("cue_set", 1)  # models saved before cue set 2 keep their feature width
        known.setdefault("encoder", "base")  # models saved before session 4's defaults keep theirs
        known.setdefault("tune_layers", 1)
        known.setdefault("tune_epochs", 2)
        known.setdefault("tune_lr", 5e-5)
        known.setdefault("tune_loss", "pairs")
        known.setdefault("tuned_for", "both")
        known.setdefault("stance_cascade", 0.0)  # models saved before session 5's cascade answer as they did
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

    def __init__(self, config: Config, word: _Tfidf | None = None, char: _Tfidf | None = None,
                 main: _Tfidf | None = None):
        self.config = config
        self.word = word
        self.char = char
        self.main = main

    def fit(self, texts: Sequence[str]) -> "_Features":
        if "word" in self.config.features:
            self.word = _Tfidf("word", (1, 2)).fit(texts)
        if self.config.main_words:
            self.main = _Tfidf("word", (1, 2)).fit([main_clause(t) for t in texts])
        if "char" in self.config.features:
            self.char = _Tfidf("char_wb", (2, 5)).fit(texts)
        return self

    def blocks(self, texts: Sequence[str], vectors: np.ndarray) -> dict:
        out = {}
        if "embedding" in self.config.features:
            scale = np.float32(self.config.embedding_scale)
            vectors = np.asarray(vectors, dtype=np.float32)
            out["embedding"] = sparse.csr_matrix(base_part(vectors) * scale)
            if vectors.shape[1] > DIM:  # [base | tuned]: the stance head reads the tuned half
                out["stance_embedding"] = sparse.csr_matrix(vectors[:, DIM:] * scale)
        if self.word is not None:
            out["word"] = self.word.transform(texts)
        if self.char is not None:
            out["char"] = self.char.transform(texts)
        if self.main is not None:
            out["main"] = self.main.transform([main_clause(t) for t in texts])
        if "lexicon" in self.config.features:
            fund = _fund_lexicon(texts, self.config.lexicon_version)
            out["fund_hits"] = fund  # unscaled, for the keyword input of calibration
            out["fund_lexicon"] = sparse.csr_matrix(fund * self.config.lexicon_scale)
            out["stance_lexicon"] = sparse.csr_matrix(_stance_lexicon(texts, fund, self.config.stance_cues,
                                                                      self.config.cue_set)
                                                     * self.config.stance_lexicon_scale)
        return out

    def matrix(self, blocks: dict, head: str) -> sparse.csr_matrix:
        order = (["embedding", "word", "char", "fund_lexicon"] if head == "fundamentals"
                 else ["stance_embedding" if "stance_embedding" in blocks else "embedding", "word", "char",
                       "stance_lexicon", "main"])
        parts = [blocks[k] for k in order if k in blocks]
        return sparse.hstack(parts, format="csr", dtype=np.float32)

    def word_slice(self, embedding_dim: int) -> tuple[int, int] | None:
        """Where the word block sits in either head's matrix (embedding first, then words)."""
        if self.word is None:
            return None
        start = embedding_dim if "embedding" in self.config.features else 0
        return start, start + len(self.word.terms)


