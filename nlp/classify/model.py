"""The fitted classifier: prediction with evidence, and saving/loading without pickle.

The saved model is one `.npz` (numbers, plus a UTF-8 JSON blob as a uint8 array) read with
`allow_pickle=False`; a readable `.json` with the same metadata is written beside it. When
the model was fitted on a tuned encoder's embeddings, its metadata names the encoder file
(safetensors, beside the .npz) and its sha256; it is laid over the packaged base model at
load time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from nlp.classify.data import sha256_file
from nlp.classify.features import DIM, Config, _Features, _Tfidf, base_part
from nlp.classify.heads import _calibrated, _csr_row, _knn_votes, _softmax, _top_labels
from nlp.classify.lexicon import LABELS, _fund_lexicon, _norm
from nlp.taxonomy import STANCES

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL = MODEL_DIR / "findings_classifier.npz"
FORMAT = "goldenthread-findings-classifier/1"


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
    path: Path | None = None    # where it was loaded from (the tuned encoder file sits beside it)
    stance_mlp: dict | None = None  # W1, b1, W2, b2 of the optional stance MLP (config.stance_mlp)
    gate: dict | None = None    # W, b, cal_W, cal_b, threshold of the base stance head (config.stance_cascade)
    # Made on first use, never saved: the feature blocks and gate of the vectors `vectors_for`
    # just made, keyed by id(vectors) (up to four batches in flight), and the examples' labels
    # as arrays (`_example_labels`).
    _gated: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _knn_labels: tuple | None = field(default=None, init=False, repr=False, compare=False)

    # ---- prediction
    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedder is None:
            self.embedder = self._encoder()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.asarray(self.embedder(list(texts)), dtype=np.float32)

    def _encoder(self) -> Callable:
        """The tuned encoder the heads were fitted on, else the packaged base encoder."""
        info = self.meta.get("encoder")
        if not info:
            from nlp.embed import get_embedder

            return get_embedder()
        from nlp.classify.encoder import load_encoder

        where = (self.path.parent if self.path else MODEL_DIR) / info["file"]
        if not where.exists():
            raise FileNotFoundError(f"{where}: the tuned encoder this classifier was fitted on is missing")
        if info.get("sha256") and sha256_file(where) != info["sha256"]:
            raise ValueError(f"{where}: sha256 differs from the one the classifier was fitted on")
        return load_encoder(where)

    def vectors_for(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors `scores` reads. With a stance cascade, [base | tuned] where the tuned half
        is computed only for the texts the base stance head is unsure of (zeros elsewhere): one
        pass through the base model for all, the tuned layers for those few."""
        texts = [_norm(t) for t in texts]
        if self.gate is None:
            return self._embed(texts)
        if self.embedder is None:
            self.embedder = self._encoder()
        if not hasattr(self.embedder, "base_and_states"):
            raise ValueError("this classifier's stance cascade needs the tuned encoder it was built with "
                             "(its metadata names none)")
        out = np.zeros((len(texts), 2 * DIM), np.float32)
        if not texts:
            return out
        base, states = self.embedder.base_and_states(texts)
        out[:, :DIM] = base
        blocks = self.features.blocks(texts, base)
        gated = self._gate(texts, base, blocks)
        routed = np.flatnonzero(gated[1])
        if len(routed):
            out[routed, DIM:] = self.embedder.tuned_from_states([states[i] for i in routed])
        # `scores` on these very vectors (the pipeline's next call) reuses the blocks and the gate.
        # Keyed by the array: the analysis encodes a batch ahead in another thread
        # (nlp.classify.ahead), so the next batch's vectors can be made before this one is read.
        for stale in list(self._gated)[:-3]:  # vectors never read back (a caller that stopped early)
            self._gated.pop(stale, None)
        self._gated[id(out)] = (out, texts, blocks, gated)
        return out

    def _gate(self, texts: Sequence[str], base: np.ndarray, blocks: dict | None = None):
        """The base stance head's calibrated P(stance) (the figure rule applied, as the tuned
        head's), the rows it is unsure of (routed to the tuned head) and its stance matrix."""
        g = self.gate
        blocks = self.features.blocks(texts, base) if blocks is None else blocks  # of the base vector: no tuned half
        Xs = self.features.matrix(blocks, "stance")
        p = _softmax((np.asarray(Xs @ g["W"].T) + g["b"]) @ g["cal_W"].T + g["cal_b"])
        if self.config.figure_rule:
            p = _figure_rule(texts, p, self.config.figure_rule_any)
        return p, p.max(axis=1) < float(g["threshold"]), Xs

    def scores(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, dict]:
        """Calibrated P(label) (n, 10) and P(stance) (n, 3), plus the feature blocks."""
        texts = [_norm(t) for t in texts]
        vectors = self.vectors_for(texts) if vectors is None else np.asarray(vectors, dtype=np.float32)
        cascade = self.gate is not None and len(texts) > 0
        if cascade:
            blocks, gated = self._blocks_and_gate(texts, vectors)
        else:
            blocks = self.features.blocks(texts, vectors)
        Xf = self.features.matrix(blocks, "fundamentals")
        hits = None
        if self.platt.shape[1] > 2:
            hits = blocks["fund_hits"] if "fund_hits" in blocks else _fund_lexicon(texts, self.config.lexicon_version)
        knn_f = knn_s = None
        if self.config.knn:
            knn_f, knn_s = self._knn(base_part(vectors))
        fund = _calibrated(np.asarray(Xf @ self.fund_W.T + self.fund_b), self.platt.T, hits, knn_f)
        extra = {"vectors": base_part(vectors), "Xf": Xf}
        if cascade:
            stance, extra["Xs"], extra["tuned_rows"] = self._cascade_stance(texts, vectors, gated, knn_s)
            return np.asarray(fund), stance, extra
        stance, extra["Xs"] = self._stance_head(texts, blocks, knn_s)
        if self.stance_mlp is not None:
            m = self.stance_mlp
            dense = np.hstack([blocks[k].toarray() for k in ("embedding", "stance_lexicon") if k in blocks])
            hidden = np.maximum(dense @ m["W1"] + m["b1"], 0.0)
            stance = (stance + _softmax(hidden @ m["W2"] + m["b2"])) / 2
        return np.asarray(fund), np.asarray(stance), extra

    def _stance_head(self, texts: list[str], blocks: dict, knn_s: np.ndarray | None):
        """The stance head's calibrated P(stance) and its feature matrix."""
        Xs = self.features.matrix(blocks, "stance")
        dec = np.asarray(Xs @ self.stance_W.T + self.stance_b)
        if self.stance_cal_W.shape[1] > len(STANCES):  # stacked with the neighbours' stance shares
            dec = np.hstack([dec, knn_s])
        stance = _softmax(dec @ self.stance_cal_W.T + self.stance_cal_b)
        if self.config.figure_rule:
            stance = _figure_rule(texts, stance, self.config.figure_rule_any)
        return stance, Xs

    def _blocks_and_gate(self, texts: list[str], vectors: np.ndarray):
        """The base vector's feature blocks and the gate: reused from `vectors_for` when these are
        the vectors it just made (the pipeline's next call), else made here."""
        known = self._gated.pop(id(vectors), None)
        if known is not None and known[0] is vectors and known[1] == texts:
            return known[2], known[3]
        base = base_part(vectors)
        blocks = self.features.blocks(texts, base)
        return blocks, self._gate(texts, base, blocks)

    def _cascade_stance(self, texts: list[str], vectors: np.ndarray, gated, knn_s: np.ndarray | None):
        """The base head's stance where it is sure, the stance head's (on [base | tuned]) for the
        rows the gate routes; with their feature rows, and which rows were routed."""
        stance, routed, Xs = gated
        stance = np.array(stance)
        rows = np.flatnonzero(routed)
        if len(rows):
            full = vectors[rows] if vectors.shape[1] > DIM else np.zeros((len(rows), 2 * DIM), np.float32)
            missing = ~np.any(full[:, DIM:], axis=1)  # vectors given without the tuned half
            if missing.any():
                full[missing] = self._embed([texts[i] for i in rows[missing]])
            sub_texts = [texts[i] for i in rows]
            stance[rows], Xs_t = self._stance_head(sub_texts, self.features.blocks(sub_texts, full),
                                                   None if knn_s is None else knn_s[rows])
            Xs = Xs.tolil()
            Xs[rows] = Xs_t
            Xs = Xs.tocsr()
        return stance, Xs, routed

    def _knn(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest training findings' label shares (config.knn), as in training."""
        Y, S = self._example_labels()
        return _knn_votes(vectors, self.example_vectors.astype(np.float32, copy=False), Y, S, self.config.knn)

    def predict(self, texts: Sequence[str], vectors: np.ndarray | None = None, evidence: bool = True) -> list[dict]:
        """One result per text: {"fundamentals": [{"label", "score", "evidence", "terms"}...] (above
        threshold, best first, at most 3), "stance": {"label", "score", "evidence", "terms"}}."""
        texts = list(texts)
        fund, stance, extra = self.scores(texts, vectors)
        if evidence and len(texts):
            sims = extra["vectors"] @ self.example_vectors.astype(np.float32, copy=False).T
            order = np.argsort(-sims, axis=1)  # each row's nearest examples first, sorted once
            Y, S = self._example_labels()
            carries = Y > 0  # which examples carry each fundamental, for the evidence
            Xf, Xs = extra["Xf"].tocsr(), extra["Xs"].tocsr()
        out = []
        for i in range(len(texts)):
            chosen = _top_labels(fund[i], self.thresholds, self.config.max_labels)
            funds = []
            for j in chosen:
                item = {"label": LABELS[j], "score": round(float(fund[i, j]), 4)}
                if evidence:
                    item["evidence"] = self._neighbours(sims[i], carries[:, j], order=order[i])
                    item["terms"] = self._terms(_csr_row(Xf, i), self.fund_W[j])
                funds.append(item)
            s = int(np.argmax(stance[i]))
            st = {"label": STANCES[s], "score": round(float(stance[i, s]), 4)}
            if evidence:
                st["evidence"] = self._neighbours(sims[i], S == s, order=order[i])
                tuned_row = extra.get("tuned_rows") is None or extra["tuned_rows"][i]
                st["terms"] = self._terms(_csr_row(Xs, i), (self.stance_W if tuned_row else self.gate["W"])[s])
            # the smallest distance of any label's calibrated probability to its threshold
            margin = round(float(np.min(np.abs(fund[i] - self.thresholds))), 4)
            out.append({"fundamentals": funds, "stance": st, "fundamentals_margin": margin})
        return out

    def predict_labels(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[dict]:
        """Just the labels: [{"fundamentals": [ids], "stance": id}] (for evaluation)."""
        fund, stance, _ = self.scores(texts, vectors)
        return [{"fundamentals": [LABELS[j] for j in _top_labels(fund[i], self.thresholds, self.config.max_labels)],
                 "stance": STANCES[int(np.argmax(stance[i]))]} for i in range(len(fund))]

    def _example_labels(self) -> tuple[np.ndarray, np.ndarray]:
        """The training examples' labels as arrays, made once: Y (examples x fundamentals, 0/1)
        and S (each example's stance index). The k-NN votes and the evidence both read them."""
        if self._knn_labels is None:
            self._knn_labels = (np.array([[lab in e["fundamentals"] for lab in LABELS] for e in self.examples],
                                         dtype=np.float64).reshape(len(self.examples), len(LABELS)),
                                np.array([STANCES.index(e["stance"]) for e in self.examples], dtype=int))
        return self._knn_labels

    def _neighbours(self, sims: np.ndarray, keep: np.ndarray, k: int = 3,
                    order: np.ndarray | None = None) -> list[dict]:
        """The k most similar examples where the boolean mask `keep` (one entry an example) is
        true; `order`: np.argsort(-sims), if known. Filtered with numpy, not a Python loop over
        the examples: a rare label's evidence used to walk most of the 2,000-odd examples for
        each finding (about a tenth of the analysis time)."""
        order = np.argsort(-sims) if order is None else order
        out = []
        for n in order[keep[order]][:k]:
            e = self.examples[int(n)]
            out.append({"id": e["id"], "text": e["text"], "fundamentals": list(e["fundamentals"]),
                        "stance": e["stance"], "similarity": round(float(sims[n]), 4)})
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
                "char": self.features.char.terms if self.features.char else None,
                "main": self.features.main.terms if self.features.main else None}
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
            "main_idf": self.features.main.idf if self.features.main else np.zeros(0, np.float32),
            **({f"mlp_{k}": v for k, v in self.stance_mlp.items()} if self.stance_mlp else {}),
            **({f"gate_{k}": np.asarray(v, np.float64) for k, v in self.gate.items()} if self.gate else {}),
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
    main = _Tfidf("word", (1, 2), blob["main"], arrays["main_idf"]) if blob.get("main") is not None else None
    return FindingClassifier(
        config=config, features=_Features(config, word, char, main),
        fund_W=arrays["fund_W"], fund_b=arrays["fund_b"], platt=arrays["platt"], thresholds=arrays["thresholds"],
        stance_W=arrays["stance_W"], stance_b=arrays["stance_b"], stance_cal_W=arrays["stance_cal_W"],
        stance_cal_b=arrays["stance_cal_b"], examples=blob["examples"],
        example_vectors=arrays["example_vectors"].astype(np.float32), meta=meta, path=path.resolve(),
        stance_mlp={k: arrays[f"mlp_{k}"] for k in ("W1", "b1", "W2", "b2")} if "mlp_W1" in arrays else None,
        gate={k: arrays[f"gate_{k}"] for k in ("W", "b", "cal_W", "cal_b", "threshold")} if "gate_W" in arrays else None)


def _figure_rule(texts: Sequence[str], stance: np.ndarray, any_answer: bool = False) -> np.ndarray:
    """Where the head says neutral but the main clause moves a figure (lexicon.figure_judgement),
    the judged stance and neutral swap probabilities: readable, and the scores stay a distribution."""
    from nlp.classify.lexicon import figure_judgement

    stance = np.array(stance, copy=True)
    neutral = STANCES.index("neutral")
    for i, t in enumerate(texts):
        top = int(np.argmax(stance[i]))
        if top != neutral and not any_answer:
            continue
        judged = figure_judgement(t)
        if judged is not None and STANCES.index(judged) != top:
            k = STANCES.index(judged)
            stance[i, [top, k]] = stance[i, [k, top]]
    return stance


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> FindingClassifier:
    return load(path)


def load_cached(path: str | Path | None = None) -> FindingClassifier:
    path = Path(path or DEFAULT_MODEL).resolve()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no classifier model there (train one: goldenthread train DATA.jsonl --out PATH)")
    return _cached(str(path), path.stat().st_mtime)


