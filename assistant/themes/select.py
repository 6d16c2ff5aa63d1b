"""Which findings a summary looks at: the slice's filters, the theme (fundamental or free text), the previous period."""
from __future__ import annotations

import numpy as np
import pandas as pd

from assistant.themes.corpus import SHOWN_RATING, Corpus
from index.search import Filters, QueryExpander, tokenize
from nlp.taxonomy import FUNDAMENTALS, normalise_fundamental

# A free-text theme takes a finding that shares a (stemmed, synonym-expanded) word with it
# and is somewhat similar, or one that is very similar without sharing a word. MiniLM's
# cosine similarity alone is too noisy for a threshold (measured on the demo corpus).
FREE_TEXT_WITH_WORD = 0.32
FREE_TEXT_WITHOUT_WORD = 0.50


def filter_mask(corpus: Corpus, filters: Filters, date_from: str | None = None, date_to: str | None = None) -> np.ndarray:
    """Rows that pass the metadata filters; the period is given separately so the
    previous period can reuse the rest."""
    f = corpus.frame
    mask = np.ones(len(f), dtype=bool)
    if date_from:
        mask &= (f["date"] >= date_from).to_numpy() & (f["date"] != "").to_numpy()
    if date_to:
        mask &= (f["date"] <= date_to).to_numpy() & (f["date"] != "").to_numpy()
    for key in ("team", "service", "legal_status", "rating"):
        wanted = getattr(filters, key)
        if key == "rating":
            wanted = [SHOWN_RATING.get(r.lower(), r) for r in wanted]
        if wanted:
            mask &= f[key].isin(wanted).to_numpy()
    if filters.stance:
        mask &= f["stance"].isin(filters.stance).to_numpy()
    for fundamental in filters.fundamental:
        mask &= corpus.fundamental_masks[fundamental]
    return mask


def resolve_theme(theme: str) -> dict:
    """A fundamental id, name or synonym; anything else is a free-text theme."""
    try:
        fid = normalise_fundamental(theme)
        return {"id": fid, "name": FUNDAMENTALS[fid], "kind": "fundamental", "query": None}
    except ValueError:
        for fid, name in FUNDAMENTALS.items():
            if theme.strip().lower() == name.lower():
                return {"id": fid, "name": name, "kind": "fundamental", "query": None}
    text = " ".join(theme.split())
    if not text:
        raise ValueError("a theme is needed: a practice fundamental or a few words")
    return {"id": None, "name": text, "kind": "free_text", "query": text}


def theme_mask(corpus: Corpus, theme: dict, embedder=None) -> tuple[np.ndarray, np.ndarray | None]:
    """Which findings are on the theme, and (free text) how similar each one is."""
    if theme["kind"] == "fundamental":
        return corpus.fundamental_masks[theme["id"]], None
    if embedder is None:
        raise ValueError("a free-text theme needs the embedding model")
    expanded = QueryExpander()(theme["query"])
    query = np.asarray(embedder([expanded]), dtype=np.float32)[0]
    query = query / (np.linalg.norm(query) or 1.0)
    similarity = corpus.vectors @ query if len(corpus) else np.zeros(0, dtype=np.float32)
    words = frozenset(tokenize(expanded))
    shares_word = np.fromiter((not words.isdisjoint(t) for t in corpus.tokens()), dtype=bool, count=len(corpus))
    on_theme = (shares_word & (similarity >= FREE_TEXT_WITH_WORD)) | (similarity >= FREE_TEXT_WITHOUT_WORD)
    return on_theme, similarity


def previous_period(date_from: str | None, date_to: str | None, months: list[str]) -> tuple[str, str] | None:
    """The period of the same length just before [from, to] (to defaults to the last month held)."""
    if not date_from:
        return None
    end = date_to or (months[-1] if months else date_from)
    start_p, end_p = pd.Period(date_from, "M"), pd.Period(end, "M")
    length = (end_p - start_p).n + 1
    if length <= 0:
        return None
    return str(start_p - length), str(start_p - 1)
