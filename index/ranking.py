"""Record ranking: a narrative's place in search results grouped by record.

A record that answers a query usually says so in several sentences, and as a whole: ranking
records by their single best sentence lets a record with one lucky sentence beat one that
is about the topic throughout. So a record's score combines
- all its matching findings (each finding's fused score, summed with a decay by its rank
  within the record, so the second and third matches count but twenty weak ones do not
  outweigh a strong one), and
- the record's own vector (its whole redacted text, embedded at ingest) and its whole text
  under BM25,
fused by reciprocal rank. The choices and numbers are those measured on both dev pairs
(README, "Measured -> Retrieval").
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from index.store import Finding

# Each further finding of a record counts DECAY times the one before it (1, 0.5, 0.25, ...).
DECAY = 0.5
# RRF constant for fusing the record-level rankings (10: a record first on one of them counts).
RECORD_RRF_K = 10


@dataclass
class RecordHit:
    narrative_id: str
    score: float
    findings: list[Finding] = field(default_factory=list)  # its matching findings, best first


def aggregate_findings(fused: list[Finding], decay: float = DECAY) -> dict[str, float]:
    """Per record: sum of its findings' fused scores, the j-th best weighted decay**j."""
    totals: dict[str, float] = {}
    seen: dict[str, int] = {}
    for hit in fused:
        j = seen.get(hit.narrative_id, 0)
        seen[hit.narrative_id] = j + 1
        totals[hit.narrative_id] = totals.get(hit.narrative_id, 0.0) + hit.score * decay ** j
    return totals


def rank_by_score(scores: dict[str, float]) -> list[str]:
    """Ids by score, highest first; ties by id, so a ranking is reproducible."""
    return sorted((i for i, s in scores.items() if s > 0), key=lambda i: (-scores[i], i))


def fuse_records(rankings: list[list[str]], k: int = RECORD_RRF_K) -> dict[str, float]:
    totals: dict[str, float] = {}
    for ranking in rankings:
        for rank, narrative_id in enumerate(ranking, start=1):
            totals[narrative_id] = totals.get(narrative_id, 0.0) + 1.0 / (k + rank)
    return totals


def cosine_ranking(query_vector: np.ndarray, vectors: dict[str, np.ndarray]) -> list[str]:
    """Record ids by cosine similarity of their stored (normalised) vector to the query."""
    if not vectors:
        return []
    ids = sorted(vectors)
    sims = np.asarray([vectors[i] for i in ids], dtype=np.float32) @ np.asarray(query_vector, dtype=np.float32)
    return [ids[i] for i in np.argsort(-sims, kind="stable")]


def group_findings(fused: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for hit in fused:
        grouped.setdefault(hit.narrative_id, []).append(hit)
    return grouped


# The packaged encoder reads at most 256 word pieces; a window of about 180 words fits.
WINDOW_WORDS = 180


def record_windows(findings: list[str], max_words: int = WINDOW_WORDS) -> list[str]:
    """A record's text cut on finding boundaries into windows the encoder reads whole (a
    short record is one window: its whole text). Its vector is the mean of theirs."""
    windows: list[str] = []
    current: list[str] = []
    words = 0
    for text in findings:
        n = len(text.split())
        if current and words + n > max_words:
            windows.append(" ".join(current))
            current, words = [], 0
        current.append(text)
        words += n
    if current:
        windows.append(" ".join(current))
    return windows


def record_vectors(findings_per_record: list[list[str]], embedder, dim: int = 384) -> np.ndarray:
    """One normalised whole-record vector per record (one embedding call for them all)."""
    windows = [record_windows(f) for f in findings_per_record]
    flat = [w for ws in windows for w in ws]
    encoded = embedder(flat) if flat else np.zeros((0, dim), dtype=np.float32)
    out = np.zeros((len(windows), encoded.shape[1] if len(encoded) else dim), dtype=np.float32)
    start = 0
    for n, ws in enumerate(windows):
        if ws:
            mean = encoded[start:start + len(ws)].mean(axis=0)
            out[n] = mean / (np.linalg.norm(mean) or 1.0)
        else:
            out[n, 0] = 1.0
        start += len(ws)
    return out
