"""Embeddings, the Chroma store and hybrid search."""
