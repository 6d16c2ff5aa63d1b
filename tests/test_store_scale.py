"""The store at scale: concurrent searches after a store change share one BM25 index, and
the per-query work reads only what the query returns. A real embedded Chroma store, written
through the same stage/commit path the ingest uses (vectors are fixed unit vectors here:
these tests are about which records are read, not about meaning).

Every sentence below is fictional."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from index.search import Filters, Searcher
from index.store import Store, finding_key

TOPICS = ["supervision notes were brief", "the plan lacked timescales", "the child was seen alone",
          "the chronology was current", "contingency planning was missing", "school attendance improved"]


def narrative(i: int, version: str = "v1", findings: int = 3, dim: int = 384) -> dict:
    nid = f"syn-{i:04d}"
    texts = [f"Finding {p} of audit {i}: {TOPICS[(i + p) % len(TOPICS)]} (kestrel {i % 7})." for p in range(findings)]
    rng = np.random.default_rng(i)
    vectors = rng.normal(size=(findings, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    meta = {"date": f"2020-{i % 12 + 1:02d}", "month": 202000 + i % 12 + 1, "team": f"Team {i % 3}",
            "legal_status": ["CiN", "CP", "CiC"][i % 3]}
    finding_metas = [{**meta, "kind": "finding", "narrative_id": nid, "version": version, "position": p,
                      "n_findings": findings, "stance": "concern" if p % 2 else "strength"} for p in range(findings)]
    return {"id": nid, "version": version, "texts": texts, "vectors": vectors, "metas": finding_metas,
            "narrative_meta": {**meta, "kind": "narrative", "narrative_id": nid, "version": version,
                               "n_findings": findings}}


def ingest(store: Store, rows: list[dict], commit: bool = True) -> None:
    """Stage then commit, as assistant.ingest.write does."""
    with store.writing():
        for r in rows:
            ids = [finding_key(r["id"], r["version"], p) for p in range(len(r["texts"]))]
            store.stage(ids, r["texts"], r["metas"], r["vectors"])
        if commit:
            store.commit([r["id"] for r in rows], [" ".join(r["texts"]) for r in rows],
                         [r["narrative_meta"] for r in rows], np.vstack([r["vectors"].mean(0) for r in rows]))


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(tmp_path / "data")
    ingest(s, [narrative(i) for i in range(300)])
    return s


def test_concurrent_searches_after_a_store_change_build_bm25_once(store):
    searcher = Searcher(store, embedder=None)
    before = searcher.search("supervision kestrel", k=5, mode="bm25")
    ingest(store, [narrative(i) for i in range(300, 340)])  # the store changes: the index is stale
    threads, got, errors = 8, [], []
    barrier = threading.Barrier(threads)

    def one():
        try:
            barrier.wait()
            got.append(searcher.bm25())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
    workers = [threading.Thread(target=one) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    # one rebuild, shared: every thread holds the very same index, built for the new revision
    assert len({id(index) for index in got}) == 1
    assert got[0].snapshot.revision == store.revision()
    assert len(got[0].snapshot.ids) == 340 * 3
    after = searcher.search("supervision kestrel", k=5, mode="bm25")
    assert before and after
