"""The index embeds with the same packaged model the analysis uses (nlp.embed)."""
from nlp.embed import DIMENSIONS, Embedder, get_embedder  # noqa: F401
