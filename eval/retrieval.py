"""Passage retrieval evaluation: dense, BM25 and hybrid side by side on one temporary store.

Each passage is ingested as one narrative (so it is redacted and split into findings like
any other); a passage ranks by its best finding."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from assistant.ingest import ingest_paths
from assistant.service import Workspace
from eval.metrics import mrr_at_k, ndcg_at_k, recall_at_k
from index.search import MODES

FINDING_DEPTH = 300


def read_queries(path: Path) -> list[dict]:
    queries = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            queries.append({"id": str(row["id"]), "query": str(row["query"]), "relevant": set(row["relevant"])})
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"{path}: line {n}: expected {{\"id\", \"query\", \"relevant\": [...]}}") from None
    return queries


def passage_ranking(hits, k: int) -> list[str]:
    """Narrative ids in order of their best finding."""
    ranked: list[str] = []
    for hit in hits:
        if hit.narrative_id not in ranked:
            ranked.append(hit.narrative_id)
        if len(ranked) >= k:
            break
    return ranked


def evaluate(passages: Path, queries_path: Path, k: int = 10) -> dict:
    queries = read_queries(queries_path)
    with tempfile.TemporaryDirectory(prefix="gt-eval-") as tmp:
        ws = Workspace(Path(tmp))
        ingest_paths(ws.store, [passages], ws.nlp, ws.embedder)
        result = {}
        for mode in MODES:
            rows = []
            for q in queries:
                hits = ws.searcher.search(q["query"], k=FINDING_DEPTH, mode=mode, depth=FINDING_DEPTH)
                ranked = passage_ranking(hits, k)
                rows.append((recall_at_k(ranked, q["relevant"], k), mrr_at_k(ranked, q["relevant"], k),
                             ndcg_at_k(ranked, q["relevant"], k)))
            n = len(rows) or 1
            result[mode] = {f"recall@{k}": round(sum(r[0] for r in rows) / n, 4),
                            f"mrr@{k}": round(sum(r[1] for r in rows) / n, 4),
                            f"ndcg@{k}": round(sum(r[2] for r in rows) / n, 4)}
        return result


def format_table(result: dict, k: int) -> str:
    metrics = [f"recall@{k}", f"mrr@{k}", f"ndcg@{k}"]
    lines = [f"{'mode':<8}" + "".join(f"{m:>12}" for m in metrics)]
    for mode, scores in result.items():
        lines.append(f"{mode:<8}" + "".join(f"{scores[m]:>12.4f}" for m in metrics))
    return "\n".join(lines)
