"""Hybrid search: dense vectors (through Chroma) fused with BM25 (bm25s) by reciprocal rank.

Dense retrieval finds "safety planning stalled" for "drift in safety plans"; BM25 finds
the acronyms and exact phrases ("s47", "ICPC", "Annex H") that a small sentence model
blurs. Reciprocal rank fusion needs no score calibration between the two.
"""
from __future__ import annotations

import re
import threading
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from index.ranking import (RecordHit, aggregate_findings, cosine_ranking, fuse_records, group_findings,
                           rank_by_score)
from index.exact import best_first, dense_among
from index.filters import Filters, fundamental_key, month_number  # noqa: F401 (re-exported)
from index.store import Finding, Snapshot, Store

MODES = ("dense", "bm25", "hybrid")
# The customary k=60: chosen on the mean over both dev pairs (README, "Measured -> Retrieval");
# the earlier k=10 had been picked on the 25 QA-report queries alone.
RRF_K = 60
# Findings are represented for retrieval with one neighbour either side in the same
# narrative: a QA sentence often names its topic only in the sentence before.
CONTEXT_RADIUS = 1
_STEMMER = Stemmer.Stemmer("english")
_STOPWORDS = frozenset(STOPWORDS_EN)
_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Lower case, stopwords out, stemmed; tokens with digits (s47, 2019) kept whole."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _STOPWORDS]
    return [w if any(c.isdigit() for c in w) else _STEMMER.stemWord(w) for w in words]


def with_context(texts: list[str], radius: int = CONTEXT_RADIUS) -> list[str]:
    """Each finding of one narrative (in order) joined with its neighbours."""
    return [" ".join(texts[max(0, i - radius):i + radius + 1]) for i in range(len(texts))]


def findings_by_narrative(snapshot: Snapshot) -> list[list[str]]:
    """A snapshot's findings cut per narrative (it lists each narrative's findings in order,
    one narrative after another)."""
    pairs = zip(snapshot.texts, (m["narrative_id"] for m in snapshot.metadatas))
    return [[text for text, _ in run] for _, run in groupby(pairs, key=itemgetter(1))]


def snapshot_contexts(snapshot: Snapshot, radius: int = CONTEXT_RADIUS) -> list[str]:
    """with_context over a snapshot, narrative by narrative."""
    return [c for texts in findings_by_narrative(snapshot) for c in with_context(texts, radius)]


class BM25Index:
    """BM25 over one snapshot of live findings.

    Robertson's IDF: a word in more than half the findings ("child", "audit" in a store of
    child audits) weighs nothing, so the query's distinctive words decide the ranking. Where
    that leaves a query with no weight at all (one common word: "plans"), Lucene's IDF, which
    never reaches zero, ranks it instead."""

    def __init__(self, snapshot: Snapshot, retriever: bm25s.BM25 | None = None, tokens=None, context: bool = True):
        """Built here from the snapshot's texts (each with its neighbours when `context`), or
        (index/bm25_index.py) a retriever loaded from disk with `tokens`, a function giving the
        token lists the fallback needs."""
        self.snapshot = snapshot
        self.retriever = retriever or bm25s.BM25(method="robertson")
        self._tokens: list[list[str]] = []
        self._token_source = tokens
        self._fallback: bm25s.BM25 | None = None
        if retriever is None and snapshot.texts:
            texts = snapshot_contexts(snapshot) if context else snapshot.texts
            self._tokens = [tokenize(t) or ["_"] for t in texts]
            self.retriever.index(self._tokens, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        if not self.snapshot.texts:
            return np.zeros(0)
        tokens = tokenize(query)
        known = [t for t in tokens if t in self.retriever.vocab_dict]
        if not known:
            return np.zeros(len(self.snapshot.texts))
        scores = self.retriever.get_scores(known)
        if not (scores > 0).any():
            scores = self.fallback().get_scores(known)
        return scores

    def fallback(self) -> bm25s.BM25:
        """Lucene-IDF BM25 over the same tokens, built on first need."""
        if self._fallback is None:
            if self._token_source is not None and not self._tokens:
                self._tokens = self._token_source()
            self._fallback = bm25s.BM25()
            self._fallback.index(self._tokens, show_progress=False)
        return self._fallback

    def top(self, query: str, n: int, filters: Filters, mask: np.ndarray | None = None) -> list[Finding]:
        """The n best-scoring findings the filters allow. `mask`: the filters as a row mask over
        this snapshot (Filters.mask over the same columns), so a filtered search at scale
        never tests rows one by one; without it, rows are tested in score order."""
        scores = self.scores(query)
        snap = self.snapshot
        if filters.any() and (mask is None or len(mask) != len(scores)):
            hits = []
            for i in np.argsort(-scores, kind="stable"):
                if scores[i] <= 0 or len(hits) >= n:
                    break
                if filters.matches(snap.metadatas[i]):
                    hits.append(Finding(snap.ids[i], snap.texts[i], snap.metadatas[i], float(scores[i])))
            return hits
        allowed = scores > 0
        if filters.any():  # with its mask (the case without one returned above)
            allowed &= mask
        rows = np.flatnonzero(allowed)
        rows = rows[best_first(scores[rows], n)]
        return [Finding(snap.ids[i], snap.texts[i], snap.metadatas[int(i)], float(scores[i])) for i in rows]


def reciprocal_rank_fusion(rankings: list[list[Finding]], k: int = RRF_K) -> list[Finding]:
    fused: dict[str, Finding] = {}
    totals: dict[str, float] = {}
    for ranking in rankings:
        for rank, hit in enumerate(ranking, start=1):
            fused.setdefault(hit.id, hit)
            totals[hit.id] = totals.get(hit.id, 0.0) + 1.0 / (k + rank)
    order = sorted(totals, key=lambda i: (-totals[i], i))
    return [Finding(fused[i].id, fused[i].text, fused[i].metadata, totals[i]) for i in order]


class Searcher:
    """One store, one embedder, a BM25 index kept until the store's revision changes.

    The thesaurus expands the query for BM25 only: added terms help exact matching, but they
    pull the dense query vector away from what was asked (measured on both dev pairs)."""

    def __init__(self, store: Store, embedder, expander: "QueryExpander | None" = None):
        self.store = store
        self.embedder = embedder
        self.expand = expander or QueryExpander()
        self._bm25: BM25Index | None = None
        self._bm25_lock = threading.Lock()
        self._record_bm25: BM25Index | None = None

    def bm25(self) -> BM25Index:
        """The index for the store's current revision. One thread rebuilds it, under a lock;
        concurrent searches wait for that one build instead of each building their own."""
        revision = self.store.revision()
        current = self._bm25
        if current is not None and current.snapshot.revision == revision:
            return current
        with self._bm25_lock:
            current = self._bm25
            if current is None or current.snapshot.revision != revision:
                current = self._bm25 = self.store.columns().bm25()
            return current

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
               depth: int | None = None) -> list[Finding]:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        filters = filters or Filters()
        depth = depth or max(4 * k, 50)
        allowed = self.allowed(filters)
        if mode == "dense":
            return self.dense(self.embedder(query), k, allowed)
        if mode == "bm25":
            return self.lexical(self.expand(query), k, filters, allowed)
        dense = self.dense(self.embedder(query), depth, allowed)
        lexical = self.lexical(self.expand(query), depth, filters, allowed)
        return reciprocal_rank_fusion([dense, lexical])[:k]

    def allowed(self, filters: Filters):
        """(the head's columns, the filters as a row mask over them), or None without filters:
        worked out once a search, for its dense and its BM25 side."""
        if not filters.any():
            return None
        columns = self.store.columns()
        return columns, columns.mask(filters)

    def dense(self, vector: np.ndarray, n: int, allowed) -> list[Finding]:
        """Nearest findings: Chroma's index without filters; with them (`allowed`), exact cosine
        among the rows they allow (index/exact.py: Chroma's `where` grows with the store)."""
        if allowed is None:
            return self.store.dense(vector, n, columns=True)
        columns, mask = allowed
        return dense_among(columns, vector, n, mask)

    def lexical(self, query: str, n: int, filters: Filters, allowed) -> list[Finding]:
        """BM25's best findings the filters allow, as one row mask where the mask is over the
        same revision as the BM25 index (else row by row)."""
        index = self.bm25()
        mask = None
        if allowed is not None and allowed[0].snapshot().revision == index.snapshot.revision:
            mask = allowed[1]
        return index.top(query, n, filters, mask)

    def search_records(self, query: str, k: int = 10, mode: str = "hybrid", filters: Filters | None = None,
                       depth: int | None = None) -> list[RecordHit]:
        """Records (narratives) ranked by all their matching findings and their own whole-record
        vector and text (index/ranking.py), each with its matching findings, best first."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        filters = filters or Filters()
        depth = depth or max(20 * k, 200)
        expanded = self.expand(query)
        rankings: list[list[Finding]] = []
        vector = None
        allowed = self.allowed(filters)
        if mode in ("dense", "hybrid"):
            vector = self.embedder(query)
            rankings.append(self.dense(vector, depth, allowed))
        if mode in ("bm25", "hybrid"):
            rankings.append(self.lexical(expanded, depth, filters, allowed))
        fused = reciprocal_rank_fusion(rankings)
        grouped = group_findings(fused)
        record_rankings = [rank_by_score(aggregate_findings(fused))]
        narrative_level = not filters.finding_level()
        if vector is not None:
            candidates = set(grouped)
            if narrative_level:
                candidates |= {i for i, _ in self.store.dense_narratives(vector, depth, filters.narrative_where())}
            record_rankings.append(cosine_ranking(vector, self.store.narrative_vectors(sorted(candidates))))
        if mode in ("bm25", "hybrid"):
            lexical = self.record_bm25().top(expanded, depth, filters)
            record_rankings.append([h.narrative_id for h in lexical
                                    if narrative_level or h.narrative_id in grouped])
        totals = fuse_records(record_rankings)
        order = sorted(totals, key=lambda i: (-totals[i], i))[:k]
        return [RecordHit(i, totals[i], grouped.get(i, [])) for i in order]

    def record_bm25(self) -> BM25Index:
        """BM25 over whole redacted record texts, kept until the store's revision changes."""
        revision = self.store.revision()
        if self._record_bm25 is None or self._record_bm25.snapshot.revision != revision:
            self._record_bm25 = BM25Index(self.store.narrative_snapshot(), context=False)
        return self._record_bm25


class QueryExpander:
    """Adds the professional terms for plain phrasings ("meet the bar" -> threshold), from a
    thesaurus a QA team can read and edit (index/data/synonyms.tsv)."""

    def __init__(self, path=None):
        path = Path(path or Path(__file__).parent / "data" / "synonyms.tsv")
        self.rules: list[tuple[re.Pattern, str]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            pattern, terms = line.split("\t")
            self.rules.append((re.compile(pattern, re.IGNORECASE), terms.strip()))

    def __call__(self, query: str) -> str:
        added = [terms for pattern, terms in self.rules if pattern.search(query)]
        return query if not added else f"{query} {' '.join(added)}"
