"""Passage retrieval evaluation: dense, BM25 and hybrid side by side, and a plain peer.

Each passage is ingested as one narrative (so it is redacted and split into findings like
any other) into a temporary store, one per passage/query pair. Several pairs are scored in
one run and their query-weighted mean reported, so that a design choice is made on all the
dev registers at once, not on whichever set was at hand.

The "peer" is the thirty-line search a newcomer would write: whole records embedded with the
same model, plain bm25s over whole records, fused by RRF (k=60). It reads the same redacted
record texts the store holds, so it sees exactly what our search sees.

`encoder`: a tuned top-layers file (eval.retrieval_tune) that embeds both the stored findings
and records and the queries (and the peer's) in place of the packaged model; its stores are
kept apart from the base ones (`<passages>-tuned-<sha256[:12]>` under store_dir).
"""
from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import numpy as np

from assistant.ingest import ingest_paths
from assistant.service import Workspace
from eval.metrics import mrr_at_k, ndcg_at_k, recall_at_k
from index.search import MODES

FINDING_DEPTH = 300
PEER = "peer"
COLUMNS = MODES + (PEER,)


def read_queries(path: Path) -> list[dict]:
    queries = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        raise ValueError(f"{path}: cannot read the queries file") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            queries.append({"id": str(row["id"]), "query": str(row["query"]), "relevant": set(row["relevant"])})
        except (ValueError, KeyError, TypeError):
            raise ValueError(f"{path}: line {n}: expected {{\"id\", \"query\", \"relevant\": [...]}}") from None
    return queries


def peer_rankings(record_ids: list[str], record_texts: list[str], queries: list[str], embedder) -> list[list[str]]:
    """Whole records, the same embedder, plain bm25s (Lucene IDF, English stopwords), RRF k=60."""
    import bm25s

    vectors = embedder(record_texts)
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(record_texts, stopwords="en", show_progress=False), show_progress=False)
    rankings = []
    for query in queries:
        dense = np.argsort(-(vectors @ embedder(query)), kind="stable")
        words = bm25s.tokenize(query, stopwords="en", return_ids=False, show_progress=False)[0]
        known = [w for w in words if w in retriever.vocab_dict]
        lexical = np.argsort(-retriever.get_scores(known), kind="stable") if known else []
        fused: dict[int, float] = {}
        for order in (dense, lexical):
            for rank, i in enumerate(order, start=1):
                fused[int(i)] = fused.get(int(i), 0.0) + 1.0 / (60 + rank)
        rankings.append([record_ids[i] for i in sorted(fused, key=lambda i: (-fused[i], i))])
    return rankings


def _scores(rankings: list[list[str]], queries: list[dict], k: int) -> dict:
    rows = [(recall_at_k(r, q["relevant"], k), mrr_at_k(r, q["relevant"], k), ndcg_at_k(r, q["relevant"], k))
            for r, q in zip(rankings, queries)]
    n = len(rows) or 1
    return {f"recall@{k}": sum(r[0] for r in rows) / n, f"mrr@{k}": sum(r[1] for r in rows) / n,
            f"ndcg@{k}": sum(r[2] for r in rows) / n, "per_query": [round(r[0], 4) for r in rows]}


def record_ranking(ws: Workspace, query: str, mode: str, k: int) -> list[str]:
    """Narrative ids as the search ranks records (see Searcher.search_records)."""
    return [r.narrative_id for r in ws.searcher.search_records(query, k=k, mode=mode, depth=FINDING_DEPTH)]


def store_name(passages: Path, encoder: Path | None = None) -> str:
    """The store's folder name: a tuned encoder's vectors never go into a base store."""
    if encoder is None:
        return Path(passages).stem
    return f"{Path(passages).stem}-tuned-{hashlib.sha256(Path(encoder).read_bytes()).hexdigest()[:12]}"


def evaluate_pair(passages: Path, queries_path: Path, k: int = 10, store_dir: Path | None = None,
                  encoder: Path | None = None) -> dict:
    """One pair on its own store: a temporary one, or store_dir/<passages file name> kept for
    the next run (an unchanged passage is not ingested again)."""
    queries = read_queries(queries_path)
    with tempfile.TemporaryDirectory(prefix="gt-eval-") as tmp:
        ws = Workspace(Path(store_dir) / store_name(passages, encoder) if store_dir else Path(tmp))
        if encoder is not None:  # before the searcher is built: it keeps the embedder it is given
            from nlp.embed import load_tuned_top

            ws.embedder = load_tuned_top(encoder)
        ingest_paths(ws.store, [passages], ws.nlp, ws.embedder)
        result = {mode: _scores([record_ranking(ws, q["query"], mode, k) for q in queries], queries, k)
                  for mode in MODES}
        records = ws.store._get_all(ws.store.narratives, where={"kind": "narrative"}, include=["documents", "metadatas"])
        ids = [m["narrative_id"] for m in records["metadatas"]]
        result[PEER] = _scores(peer_rankings(ids, records["documents"], [q["query"] for q in queries], ws.embedder),
                               queries, k)
    return {"passages": str(passages), "queries": str(queries_path), "n_queries": len(queries), "modes": result}


def evaluate_pairs(pairs: list[tuple[Path, Path]], k: int = 10, store_dir: Path | None = None,
                   encoder: Path | None = None) -> dict:
    """Each pair scored on its own store, then the mean over all queries of all pairs."""
    if not pairs:
        raise ValueError("give at least one passages/queries pair")
    results = [evaluate_pair(p, q, k, store_dir, encoder) for p, q in pairs]
    total = sum(r["n_queries"] for r in results) or 1
    mean = {mode: {m: sum(r["modes"][mode][m] * r["n_queries"] for r in results) / total
                   for m in (f"recall@{k}", f"mrr@{k}", f"ndcg@{k}")} for mode in COLUMNS}
    return {"k": k, "pairs": results, "mean": mean, "n_queries": total,
            "encoder": str(encoder) if encoder is not None else "base"}


def evaluate(passages: Path, queries_path: Path, k: int = 10) -> dict:
    """One pair, as {mode: scores} (the shape earlier callers use)."""
    return {mode: {m: round(v, 4) for m, v in scores.items() if m != "per_query"}
            for mode, scores in evaluate_pair(passages, queries_path, k)["modes"].items()}


def format_table(result: dict, k: int) -> str:
    """One table per pair (modes as rows, the peer last), then the query-weighted mean."""
    metrics = [f"recall@{k}", f"mrr@{k}", f"ndcg@{k}"]

    def table(title: str, modes: dict) -> list[str]:
        lines = [title, f"{'mode':<8}" + "".join(f"{m:>12}" for m in metrics)]
        for mode, scores in modes.items():
            lines.append(f"{mode:<8}" + "".join(f"{scores[m]:>12.4f}" for m in metrics))
        return lines

    if "pairs" not in result:  # one pair in the old shape
        return "\n".join(table("", result)[1:])
    out: list[str] = [] if result.get("encoder", "base") == "base" else [f"encoder: {result['encoder']}", ""]
    for pair in result["pairs"]:
        out += table(f"{pair['passages']} + {pair['queries']} ({pair['n_queries']} queries)", pair["modes"]) + [""]
    out += table(f"mean over {result['n_queries']} queries ({len(result['pairs'])} pairs, query-weighted)",
                 result["mean"])
    return "\n".join(out)


def parse_pairs(files: list[Path] | None) -> list[tuple[Path, Path]]:
    """PASSAGES QUERIES [PASSAGES QUERIES ...] as a list of pairs."""
    files = list(files or [])
    if not files or len(files) % 2:
        raise ValueError("give passages and queries files in pairs: PASSAGES QUERIES [PASSAGES QUERIES ...]")
    return [(Path(files[i]), Path(files[i + 1])) for i in range(0, len(files), 2)]
