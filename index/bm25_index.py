"""BM25 persisted beside the store: built once per commit from the stored tokens, loaded in
one read by every process that searches.

Building BM25 means tokenising and stemming every finding with its neighbours; over 100k
findings that took a minute (issue 16), and each process did it after every store change.
The writer now keeps each finding's context tokens in the columns file (index/columns.py) and
saves the Robertson-IDF index (bm25s's own format) in the same revision folder; a reader
loads it (a few arrays and the vocabulary). The Lucene-IDF fallback is built from the stored
tokens on first need, as before.
"""
from __future__ import annotations

from pathlib import Path

import bm25s

from index.search import BM25Index, tokenize, with_context
from index.store import Snapshot

FOLDER = "bm25"


def context_tokens(findings: list[str]) -> list[str]:
    """One narrative's findings (in order) -> each finding's context tokens, space-joined."""
    return [" ".join(tokenize(t) or ["_"]) for t in with_context(findings)]


def split_tokens(joined) -> list[list[str]]:
    return [t.split(" ") if t else ["_"] for t in joined]


def build(tokens: list[list[str]]) -> bm25s.BM25:
    retriever = bm25s.BM25(method="robertson")
    retriever.index(tokens, show_progress=False)
    return retriever


def save(folder: Path, tokens: list[list[str]]) -> None:
    """Build the index over these token lists and save it under folder/bm25 (nothing when empty)."""
    if tokens:
        build(tokens).save(str(folder / FOLDER), show_progress=False)


def load(folder: Path, snapshot: Snapshot, joined_tokens) -> BM25Index:
    """The saved index for this snapshot; rebuilt from the stored tokens if its files are missing."""
    tokens = None

    def all_tokens() -> list[list[str]]:
        nonlocal tokens
        if tokens is None:
            tokens = split_tokens(joined_tokens)
        return tokens
    if not snapshot.texts:
        return BM25Index(snapshot)
    path = folder / FOLDER
    if (path / "params.index.json").exists():
        retriever = bm25s.BM25.load(str(path), show_progress=False, verbosity=0)
    else:
        retriever = build(all_tokens())
    return BM25Index(snapshot, retriever=retriever, tokens=all_tokens)
