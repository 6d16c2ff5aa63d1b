"""A domain-tuned sentence encoder: the packaged all-MiniLM-L6-v2 with its top layers re-trained.

Why only the top layers: a frozen MiniLM mostly encodes topic, and stance needs an embedding
space shaped by the labels, but fine-tuning the whole encoder took over an hour on this
machine. The embeddings and the lower `6 - k` transformer layers stay frozen; their output
for each training text is computed once (`hidden_states`) and the top `k` layers (+ mean
pooling) are trained on it SetFit-style (`train_top_layers`): every pair of findings in a
batch is a contrastive pair whose target cosine similarity says whether the two share a
stance and a practice fundamental. One fit is minutes, not an hour.

The shipped artefact is only those k layers' weights (safetensors, no pickle), laid over the
packaged base model at load time, offline. The lower layers are the base model's own
modules (shared, not copied), so `TunedEncoder.encode(texts, base=True)` gives the base and
the tuned vector of each text from one pass through the lower layers.
"""
from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

LAYERS = 6          # all-MiniLM-L6-v2
FORMAT = "goldenthread-tuned-encoder/1"


def _torch():
    import torch

    if torch.get_num_threads() > 2:
        torch.set_num_threads(2)
    return torch


def _base_model():
    """The packaged SentenceTransformer (the same object nlp.embed uses; loaded once)."""
    from nlp.embed import get_embedder

    return get_embedder().model


def _bert(st):
    return st[0].auto_model


def _mask4d(bert, hidden, mask2d):
    from transformers.masking_utils import create_bidirectional_mask

    return create_bidirectional_mask(config=bert.config, inputs_embeds=hidden, attention_mask=mask2d)


def _mean_pool(hidden, mask2d):
    m = mask2d.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def _batches(texts: Sequence[str], size: int):
    """Batches of indices, texts sorted by length (less padding), as SentenceTransformer does."""
    order = np.argsort([-len(t) for t in texts], kind="stable")
    for s in range(0, len(order), size):
        yield order[s:s + size]


def _lower(st, texts: Sequence[str], upto: int):
    """Tokenise and run the embeddings and the first `upto` layers: (hidden, mask2d)."""
    torch = _torch()
    bert = _bert(st)
    features = (st.preprocess if hasattr(st, "preprocess") else st.tokenize)(list(texts))  # tokenize: older releases
    ids, mask = features["input_ids"], features["attention_mask"]
    tt = features.get("token_type_ids")
    h = bert.embeddings(input_ids=ids, token_type_ids=tt)
    m4 = _mask4d(bert, h, mask)
    for layer in bert.encoder.layer[:upto]:
        h = layer(h, m4)
    del torch
    return h, mask


def _top(layers, bert, h, mask):
    m4 = _mask4d(bert, h, mask)
    for layer in layers:
        h = layer(h, m4)
    return h


def _pool_norm(h, mask):
    torch = _torch()
    v = _mean_pool(h, mask)
    return torch.nn.functional.normalize(v, p=2, dim=1)


# --------------------------------------------------------------------------- the encoder
class TunedEncoder:
    """str or list of str in, L2-normalised float32 vectors of the tuned encoder out."""

    def __init__(self, layers_state: dict, k: int, batch_size: int = 64, meta: dict | None = None):
        st = _base_model()
        self.st = st
        self.k = int(k)
        self.batch_size = batch_size
        self.meta = meta or {}
        bert = _bert(st)
        # kind "pool" (a stance adapter over the final token states, nlp.classify.adapter): no
        # tuned layers; the base pass's layer-6 states feed both the mean and the adapter.
        self.adapter = None
        if self.meta.get("kind") == "pool":
            from nlp.classify import adapter

            self.k, self.adapter = 0, adapter.build(layers_state, self.meta)
        self.top = _tuned_layers(bert, layers_state, self.k) if self.k else []

    def encode(self, texts: Sequence[str], base: bool = False) -> dict:
        """{"tuned": (n, 384)} and, with base=True, {"base": (n, 384)} from one pass through
        the shared lower layers."""
        torch = _torch()
        texts = list(texts)
        out = {"tuned": np.zeros((len(texts), 384), np.float32)}
        if base:
            out["base"] = np.zeros((len(texts), 384), np.float32)
        bert = _bert(self.st)
        with torch.inference_mode():
            for idx in _batches(texts, self.batch_size):
                h, mask = _lower(self.st, [texts[i] for i in idx], LAYERS - self.k)
                if self.adapter is not None:  # h is the base pass's final states: one pass, both vectors
                    from nlp.classify.adapter import vectors

                    out["tuned"][idx] = vectors(self.adapter, h, mask)
                    if base:
                        out["base"][idx] = _pool_norm(h, mask).numpy()
                    continue
                out["tuned"][idx] = _pool_norm(_top(self.top, bert, h, mask), mask).numpy()
                if base:
                    out["base"][idx] = _pool_norm(_top(bert.encoder.layer[LAYERS - self.k:], bert, h, mask),
                                                  mask).numpy()
        return out

    def base_and_states(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        """The base vectors of all texts and each text's token states below the tuned layers
        (unpadded), from one pass: a stance cascade runs the tuned layers later, on the few
        texts its base head is unsure of (`tuned_from_states`)."""
        torch = _torch()
        texts = list(texts)
        base = np.zeros((len(texts), 384), np.float32)
        states: list[np.ndarray | None] = [None] * len(texts)
        bert = _bert(self.st)
        with torch.inference_mode():
            for idx in _batches(texts, self.batch_size):
                h, mask = _lower(self.st, [texts[i] for i in idx], LAYERS - self.k)
                base[idx] = _pool_norm(_top(bert.encoder.layer[LAYERS - self.k:], bert, h, mask), mask).numpy()
                lengths = mask.sum(1).tolist()
                for row, i in enumerate(idx):
                    states[int(i)] = h[row, :lengths[row]].numpy()
        return base, states  # type: ignore[return-value]

    def tuned_from_states(self, states: Sequence[np.ndarray]) -> np.ndarray:
        """The tuned vectors of texts whose lower-layer states `base_and_states` kept."""
        return _pooled(self.top, _bert(self.st), states, self.batch_size)

    def __call__(self, texts: str | Sequence[str]) -> np.ndarray:
        """The tuned vectors; [base | tuned] side by side (768 wide) for an encoder saved for
        the stance head alone (meta "tuned_for": "stance"), both from one shared pass."""
        single = isinstance(texts, str)
        both = self.meta.get("tuned_for") == "stance"
        got = self.encode([texts] if single else list(texts), base=both)
        vectors = np.hstack([got["base"], got["tuned"]]) if both else got["tuned"]
        return vectors[0] if single else vectors


def save_layers(state: dict, path: str | Path, meta: dict) -> str:
    """Write the tuned layers (safetensors, float32, metadata as strings); return its sha256."""
    from safetensors.torch import save_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One metadata entry: safetensors writes its entries in a hash map's order, which changes
    # from process to process, so two entries made the same weights give different file bytes
    # (and sha256s) from one build to the next.
    info = json.dumps({"format": FORMAT, "meta": meta}, sort_keys=True)
    save_file({k: v.contiguous() for k, v in state.items()}, str(path), metadata={"goldenthread": info})
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_layers(path: str | Path) -> tuple[dict, dict]:
    from safetensors import safe_open
    from safetensors.torch import load_file

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no tuned encoder there (rebuild: python -m eval.analysis build-model)")
    with safe_open(str(path), framework="pt") as handle:
        info = handle.metadata() or {}
    if "goldenthread" in info:  # one entry since session 4; "format" and "meta" apart before
        try:
            info = json.loads(info["goldenthread"])
        except ValueError:
            info = {}
        meta = info.get("meta", {})
    else:
        meta = json.loads(info.get("meta", "{}"))
    if info.get("format") != FORMAT:
        raise ValueError(f"{path}: not a goldenthread tuned encoder (format {info.get('format')!r})")
    return load_file(str(path)), meta


@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> TunedEncoder:
    state, meta = load_layers(path)
    return TunedEncoder(state, meta.get("layers", 0), meta=meta)


def load_encoder(path: str | Path) -> TunedEncoder:
    path = Path(path).resolve()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no tuned encoder there (rebuild: python -m eval.analysis build-model)")
    return _cached(str(path), path.stat().st_mtime)


# --------------------------------------------------------------------------- training
def hidden_states(texts: Sequence[str], upto: int, batch_size: int = 64) -> list[np.ndarray]:
    """Each text's token states after the first `upto` layers (frozen), unpadded: the one
    expensive pass, done once per text and reused by every fit."""
    torch = _torch()
    st = _base_model()
    out: list[np.ndarray | None] = [None] * len(texts)
    with torch.inference_mode():
        for idx in _batches(texts, batch_size):
            h, mask = _lower(st, [texts[i] for i in idx], upto)
            lengths = mask.sum(1).tolist()
            for row, i in enumerate(idx):
                out[int(i)] = h[row, :lengths[row]].numpy().astype(np.float32)
    return out  # type: ignore[return-value]


def pair_targets(stance: np.ndarray, fund: np.ndarray, stance_weight: float = 0.5) -> np.ndarray:
    """Target cosine similarity of every pair: stance_weight x [same stance] + the rest x
    [the two share a fundamental, or both have none]."""
    same_stance = (stance[:, None] == stance[None, :]).astype(np.float32)
    shared = (fund @ fund.T > 0)
    none = fund.sum(1) == 0
    shared = (shared | (none[:, None] & none[None, :])).astype(np.float32)
    return stance_weight * same_stance + (1 - stance_weight) * shared


def train_top_layers(states: Sequence[np.ndarray], stance: np.ndarray, fund: np.ndarray, k: int = 1,
                     epochs: int = 4, batch_size: int = 48, lr: float = 5e-5, seed: int = 0,
                     stance_weight: float = 0.5, weights: np.ndarray | None = None,
                     base_states: Sequence[np.ndarray] | None = None, upto: int | None = None,
                     loss: str = "pairs", log=None) -> dict:
    """Train copies of the top k layers on cached states (the output of layer `upto`, default
    6 - k; when the cache holds an earlier layer's output, the frozen layers between are run
    once first). Loss "pairs": CosineSimilarityLoss (SetFit's) over every pair in a batch;
    "classify": the labels themselves, through two throw-away linear heads on the pooled vector
    (class-balanced cross-entropy for stance x stance_weight + binary cross-entropy for the
    fundamentals x the rest), the ordinary way to fine-tune when there are thousands of
    labelled rows rather than a few. Returns the layers' state dict ({"0.attention...": tensor, ...})."""
    if loss not in ("pairs", "classify"):
        raise ValueError(f"unknown tuning loss {loss!r}: 'pairs' or 'classify'")
    torch = _torch()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    st = _base_model()
    bert = _bert(st)
    start = LAYERS - k
    upto = start if upto is None else upto
    if upto > start:
        raise ValueError("the cached states are past the layers to train")
    states = list(states)
    if upto < start:  # run the frozen layers in between once
        frozen = bert.encoder.layer[upto:start]
        states = _run_frozen(frozen, bert, states)
    layers = torch.nn.ModuleList([copy.deepcopy(layer) for layer in bert.encoder.layer[start:]])
    layers.train()
    for p in layers.parameters():
        p.requires_grad_(True)
    groups = [{"params": list(layers.parameters()), "lr": lr}]
    if loss == "classify":  # heads start at random, so they learn faster than the layers
        heads = _classify_heads(torch, stance, fund)
        groups.append({"params": list(heads.parameters()), "lr": lr * 20})
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    n = len(states)
    p_draw = None if weights is None else np.asarray(weights, float) / np.sum(weights)
    steps = max(1, epochs * n // batch_size)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) *
                                              max(0.0, (steps - s) / steps))
    for step in range(steps):
        idx = rng.choice(n, size=min(batch_size, n), replace=False, p=p_draw)
        h, mask = _pad([states[i] for i in idx])
        if loss == "classify":
            value = heads.loss(_mean_pool(_top(layers, bert, h, mask), mask), idx, stance_weight)
        else:
            v = _pool_norm(_top(layers, bert, h, mask), mask)
            sims = v @ v.T
            target = torch.from_numpy(pair_targets(stance[idx], fund[idx], stance_weight))
            off = ~torch.eye(len(idx), dtype=torch.bool)
            value = ((sims - target)[off] ** 2).mean()
        opt.zero_grad()
        value.backward()
        opt.step()
        sched.step()
        if log and (step % 50 == 0 or step == steps - 1):
            log(f"step {step + 1}/{steps} loss {value.item():.4f}")
    layers.eval()
    return {name: t.detach().clone() for name, t in layers.state_dict().items()}


def _classify_heads(torch, stance: np.ndarray, fund: np.ndarray):
    """Linear stance and fundamentals heads for the "classify" tuning loss (discarded after)."""
    counts = np.bincount(stance, minlength=int(stance.max()) + 1).astype(np.float32)
    balance = torch.from_numpy(counts.sum() / (len(counts) * np.maximum(counts, 1.0)))
    stance_t, fund_t = torch.from_numpy(np.asarray(stance, np.int64)), torch.from_numpy(np.asarray(fund, np.float32))

    class Heads(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.stance = torch.nn.Linear(384, len(counts))
            self.fund = torch.nn.Linear(384, fund_t.shape[1])

        def loss(self, pooled, idx, stance_weight: float):
            idx = torch.from_numpy(np.asarray(idx, np.int64))
            ce = torch.nn.functional.cross_entropy(self.stance(pooled), stance_t[idx], weight=balance)
            bce = torch.nn.functional.binary_cross_entropy_with_logits(self.fund(pooled), fund_t[idx])
            return stance_weight * ce + (1 - stance_weight) * bce

    return Heads()


def _pad(states: Sequence[np.ndarray]):
    torch = _torch()
    width = max(s.shape[0] for s in states)
    h = np.zeros((len(states), width, states[0].shape[1]), np.float32)
    mask = np.zeros((len(states), width), np.int64)
    for i, s in enumerate(states):
        h[i, :len(s)] = s
        mask[i, :len(s)] = 1
    return torch.from_numpy(h), torch.from_numpy(mask)


def _run_frozen(layers, bert, states: Sequence[np.ndarray], batch_size: int = 64) -> list[np.ndarray]:
    torch = _torch()
    out: list[np.ndarray | None] = [None] * len(states)
    order = np.argsort([-len(s) for s in states], kind="stable")
    with torch.inference_mode():
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            h, mask = _pad([states[i] for i in idx])
            h = _top(layers, bert, h, mask)
            for row, i in enumerate(idx):
                out[int(i)] = h[row, :len(states[i])].numpy()
    return out  # type: ignore[return-value]


def encode_states(state: dict, k: int, states: Sequence[np.ndarray], batch_size: int = 64,
                  upto: int | None = None) -> np.ndarray:
    """Tuned sentence vectors from cached states (as `train_top_layers` takes them)."""
    bert = _bert(_base_model())
    start = LAYERS - k
    upto = start if upto is None else upto
    states = list(states)
    if upto < start:
        states = _run_frozen(bert.encoder.layer[upto:start], bert, states)
    return _pooled(_tuned_layers(bert, state, k), bert, states, batch_size)


def _tuned_layers(bert, state: dict, k: int) -> list:
    """Copies of the base model's top k layers with the tuned weights ({"0.attention...": ...}) loaded."""
    layers = [copy.deepcopy(layer) for layer in bert.encoder.layer[LAYERS - k:]]
    for i, layer in enumerate(layers):
        layer.load_state_dict({name[len(f"{i}."):]: t for name, t in state.items() if name.startswith(f"{i}.")})
        layer.eval()
    return layers


def _pooled(layers, bert, states: Sequence[np.ndarray], batch_size: int) -> np.ndarray:
    """Sentence vectors of kept token states through `layers` (batched longest first, padded,
    mean-pooled, normalised)."""
    torch = _torch()
    out = np.zeros((len(states), 384), np.float32)
    order = np.argsort([-len(s) for s in states], kind="stable")
    with torch.inference_mode():
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            h, mask = _pad([states[i] for i in idx])
            out[idx] = _pool_norm(_top(layers, bert, h, mask), mask).numpy()
    return out
