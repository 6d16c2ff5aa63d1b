"""Hybrid search: dense vectors (through Chroma) fused with BM25 (bm25s) by reciprocal rank.

Dense retrieval finds "safety planning stalled" for "drift in safety plans"; BM25 finds
the acronyms and exact phrases ("s47", "ICPC", "Annex H") that a small sentence model
blurs. Reciprocal rank fusion needs no score calibration between the two.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from index.ranking import (RecordHit, aggregate_findings, cosine_ranking, fuse_records, group_findings,
                           rank_by_score)
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


def snapshot_contexts(snapshot: Snapshot, radius: int = CONTEXT_RADIUS) -> list[str]:
    """with_context over a snapshot, which lists each narrative's findings in order."""
    out: list[str] = []
    start = 0
    ids = [m["narrative_id"] for m in snapshot.metadatas]
    for end in range(1, len(ids) + 1):
        if end == len(ids) or ids[end] != ids[start]:
            out += with_context(snapshot.texts[start:end], radius)
            start = end
    return out


@dataclass
class Filters:
    """Already-normalised filter values (the assistant layer normalises user spellings)."""
    date_from: str | None = None   # "YYYY-MM", inclusive
    date_to: str | None = None     # "YYYY-MM", inclusive
    team: list[str] = field(default_factory=list)
    service: list[str] = field(default_factory=list)
    legal_status: list[str] = field(default_factory=list)
    rating: list[str] = field(default_factory=list)
    narrative_ids: list[str] = field(default_factory=list)
    fundamental: list[str] = field(default_factory=list)  # any of these practice fundamentals
    stance: list[str] = field(default_factory=list)
    child_voice: list[str] = field(default_factory=list)

    def _clauses(self) -> list[dict]:
        clauses: list[dict] = []
        if self.date_from:
            clauses.append({"month": {"$gte": month_number(self.date_from)}})
        if self.date_to:
            clauses.append({"month": {"$lte": month_number(self.date_to)}})
        for key, values in (("team", self.team), ("service", self.service),
                            ("legal_status", self.legal_status), ("rating", self.rating),
                            ("narrative_id", self.narrative_ids), ("stance", self.stance),
                            ("child_voice", self.child_voice)):
            if values:
                clauses.append({key: {"$in": list(values)}})
        if self.fundamental:
            flags = [{fundamental_key(f): True} for f in self.fundamental]
            clauses.append(flags[0] if len(flags) == 1 else {"$or": flags})
        return clauses

    def finding_level(self) -> bool:
        """Whether a filter is on a finding's own labels (a record may match in part)."""
        return bool(self.fundamental or self.stance or self.child_voice)

    def narrative_where(self) -> dict | None:
        """The narrative-level filters as a `where` clause for the narratives collection."""
        narrative_only = Filters(self.date_from, self.date_to, self.team, self.service, self.legal_status,
                                 self.rating, self.narrative_ids)
        return narrative_only.where()

    def where(self) -> dict | None:
        """The same filters as a Chroma `where` clause."""
        clauses = self._clauses()
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, metadata: dict) -> bool:
        """The same filters evaluated in Python (for BM25 and snapshots)."""
        month = metadata.get("month")
        if self.date_from and (month is None or month < month_number(self.date_from)):
            return False
        if self.date_to and (month is None or month > month_number(self.date_to)):
            return False
        for key, values in (("team", self.team), ("service", self.service),
                            ("legal_status", self.legal_status), ("rating", self.rating),
                            ("narrative_id", self.narrative_ids), ("stance", self.stance),
                            ("child_voice", self.child_voice)):
            if values and metadata.get(key) not in values:
                return False
        if self.fundamental and not any(metadata.get(fundamental_key(f)) for f in self.fundamental):
            return False
        return True


def fundamental_key(label: str) -> str:
    """Multi-label fundamentals are stored as one boolean per label, which Chroma can filter."""
    return f"f_{label}"


def month_number(month: str) -> int:
    """'2019-09' -> 201909, a number Chroma can compare."""
    year, mon = month.split("-")[:2]
    return int(year) * 100 + int(mon)


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

    def top(self, query: str, n: int, filters: Filters) -> list[Finding]:
        scores = self.scores(query)
        snap = self.snapshot
        order = np.argsort(-scores, kind="stable")
        hits = []
        for i in order:
            if scores[i] <= 0 or len(hits) >= n:
                break
            if filters.matches(snap.metadatas[i]):
                hits.append(Finding(snap.ids[i], snap.texts[i], snap.metadatas[i], float(scores[i])))
        return hits


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
        if mode == "dense":
            return self.store.dense(self.embedder(query), k, filters.where())
        if mode == "bm25":
            return self.bm25().top(self.expand(query), k, filters)
        dense = self.store.dense(self.embedder(query), depth, filters.where())
        lexical = self.bm25().top(self.expand(query), depth, filters)
        return reciprocal_rank_fusion([dense, lexical])[:k]


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
        if mode in ("dense", "hybrid"):
            vector = self.embedder(query)
            rankings.append(self.store.dense(vector, depth, filters.where()))
        if mode in ("bm25", "hybrid"):
            rankings.append(self.bm25().top(expanded, depth, filters))
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
