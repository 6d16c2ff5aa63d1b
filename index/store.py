"""The Chroma store: findings (one record each, with vectors) and narratives.

Chroma has no transactions, so an ingest is made safe by versions, not by locks alone:
every finding id carries its narrative's content version, new findings are *staged*
next to the old ones (invisible: readers only see findings whose version is the one
the narratives collection names as live), then one upsert of the narrative records
*commits* them, then stale findings are deleted. Killing an ingest before the commit
leaves the store as it was (plus invisible debris the next ingest clears); re-running an
ingest with nothing changed writes nothing. The same code runs on an embedded
PersistentClient and on Chroma's client/server mode.
"""
from __future__ import annotations

import fcntl
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import nlp.offline  # noqa: F401
import numpy as np

FINDINGS = "gt_findings"
NARRATIVES = "gt_narratives"
STORE_RECORD = "__store__"
_INCLUDE = ["documents", "metadatas"]


def connect(data_dir: Path, chroma_url: str | None = None):
    """An embedded client under data_dir/chroma, or an HTTP client for chroma_url."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1", port=url.port or 8000, ssl=url.scheme == "https",
            settings=settings)
    data_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)


@dataclass
class Finding:
    id: str
    text: str
    metadata: dict
    score: float = 0.0

    @property
    def narrative_id(self) -> str:
        return self.metadata["narrative_id"]


@dataclass
class Snapshot:
    """Every live finding at one store revision, for BM25, stats and export."""
    revision: int
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    metadatas: list[dict] = field(default_factory=list)
    vectors: np.ndarray | None = None  # (n, dim), only when asked for


# Heads committed by this process, per store: an embedded client sees its own process's
# writes in its vector index, but not another process's (Chroma loads the HNSW index once).
_LOCAL_COMMITS: set[tuple[str, tuple[int, str]]] = set()


class Store:
    def __init__(self, data_dir: str | Path = "data", chroma_url: str | None = None):
        self.data_dir = Path(data_dir)
        self.chroma_url = chroma_url
        self._open()
        self.batch = min(self.client.get_max_batch_size(), 2000)
        self._columns = None  # index.columns.Columns of the last head read
        self._narratives_cache: tuple[tuple[int, str], list[dict]] | None = None
        self._count_cache: tuple[tuple[int, str], int] | None = None
        self._columns_lock = threading.Lock()

    def _open(self, fresh: bool = False) -> None:
        if fresh:
            _drop_cached_system(self.data_dir)
        space = {"hnsw:space": "cosine"}
        client = connect(self.data_dir, self.chroma_url)
        findings = client.get_or_create_collection(FINDINGS, metadata=space, embedding_function=None)
        narratives = client.get_or_create_collection(NARRATIVES, metadata=space, embedding_function=None)
        self.client, self.findings, self.narratives = client, findings, narratives
        self._opened_head = self.head()

    def _key(self) -> str:
        return self.chroma_url or str(self.data_dir.resolve())

    def refresh(self) -> tuple[int, str]:
        """Reopen an embedded store whose head another process moved: Chroma's vector index
        in this process would not hold that process's findings. A server needs nothing.
        Returns the head it read."""
        head = self.head()
        if self.chroma_url:
            return head
        if head == self._opened_head or (self._key(), head) in _LOCAL_COMMITS:
            self._opened_head = head
            return head
        with self._columns_lock:
            if self.head() != self._opened_head:
                self._open(fresh=True)
            return self._opened_head

    def _finding_count(self, head: tuple[int, str], fresh: bool = False) -> int:
        """Rows in the findings collection, counted once per head (a count is 11 ms at 100k
        findings, as long as the query itself); `fresh` counts again (rows staged since)."""
        cached = self._count_cache
        if fresh or cached is None or cached[0] != head:
            cached = self._count_cache = (head, self.findings.count())
        return cached[1]

    def close(self) -> None:
        """Release Chroma's shared system for this path, so a new Store opens the folder
        afresh (after it was deleted, made read-only or restored under a running server)."""
        try:
            self.client.close()
        except Exception:  # noqa: BLE001 - closing a broken client may fail too; nothing to keep
            pass

    # -- reading -----------------------------------------------------------------
    def revision(self) -> int:
        return self.head()[0]

    def head(self) -> tuple[int, str]:
        """(revision, commit token) of the last commit: one read by id. The token names the
        columns folder that commit wrote (index/columns.py); "" for stores written before."""
        got = self.narratives.get(ids=[STORE_RECORD], include=["metadatas"])
        if not got["ids"]:
            return 0, ""
        meta = got["metadatas"][0]
        return int(meta["revision"]), str(meta.get("commit") or "")

    def narrative_metadatas(self) -> list[dict]:
        """The metadata of every live narrative record (read again only when the head moves)."""
        head = self.head()
        cached = self._narratives_cache
        if cached is not None and cached[0] == head:
            return cached[1]
        found = self._get_all(self.narratives, where={"kind": "narrative"}, include=["metadatas"])["metadatas"]
        self._narratives_cache = (head, found)
        return found

    def live_of(self, narrative_ids) -> dict[str, str]:
        """The live version of just these narratives: one read by id, O(results)."""
        keys = [_narrative_key(n) for n in dict.fromkeys(narrative_ids)]
        if not keys:
            return {}
        got = self.narratives.get(ids=keys, include=["metadatas"])
        return {m["narrative_id"]: m["version"] for m in got["metadatas"] if m}

    def columns(self, head: tuple[int, str] | None = None):
        """Every live finding as columns at the current head (or `head`, just read): the folder
        its commit wrote, loaded once per process and head; read from Chroma (and saved) when
        there is none."""
        from index.columns import Columns

        head = head or self.head()
        current = self._columns
        if current is not None and current.key == head:
            return current
        with self._columns_lock:
            current = self._columns
            if current is None or current.key != head:
                current = Columns.load(self.data_dir, *head)
                if current is None:
                    snap = self.read_snapshot(vectors=True)
                    current = Columns.from_rows(snap.revision, head[1], snap.ids, snap.texts, snap.metadatas,
                                                snap.vectors)
                    if snap.revision == head[0]:
                        try:
                            current.save(self.data_dir)
                        except OSError:
                            pass  # a cache only: a read-only data folder still serves
                self._columns = current
            return current

    def live_versions(self) -> dict[str, str]:
        return {m["narrative_id"]: m["version"] for m in self.narrative_metadatas()}

    def narrative(self, narrative_id: str) -> dict | None:
        got = self.narratives.get(ids=[_narrative_key(narrative_id)], include=_INCLUDE)
        if not got["ids"]:
            return None
        return {"text": got["documents"][0], "metadata": got["metadatas"][0]}

    def findings_of(self, narrative_id: str) -> list[Finding]:
        live = self.narrative(narrative_id)
        if live is None:
            return []
        got = self._get_all(self.findings, where={"$and": [
            {"narrative_id": narrative_id}, {"version": live["metadata"]["version"]}]}, include=_INCLUDE)
        found = [Finding(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return sorted(found, key=lambda f: f.metadata["position"])

    def snapshot(self, vectors: bool = False) -> Snapshot:
        """Every live finding, from the columns of the current head (index/columns.py)."""
        return self.columns().snapshot(vectors)

    def read_snapshot(self, vectors: bool = False, live: dict[str, str] | None = None) -> Snapshot:
        """Every live finding read from Chroma itself (paged: O(store)); `live` overrides the
        committed versions (the writer uses it for the revision it is about to commit)."""
        revision = self.revision()
        live = self.live_versions() if live is None else live
        include = _INCLUDE + (["embeddings"] if vectors else [])
        got = self._get_all(self.findings, where={"kind": "finding"}, include=include)
        snap = Snapshot(revision)
        embeddings = got.get("embeddings") if vectors else None
        rows = sorted(
            (m["narrative_id"], m["position"], n)
            for n, m in enumerate(got["metadatas"]) if live.get(m["narrative_id"]) == m["version"])
        for _, _, n in rows:
            snap.ids.append(got["ids"][n])
            snap.texts.append(got["documents"][n])
            snap.metadatas.append(got["metadatas"][n])
        if vectors:
            dim = len(embeddings[0]) if len(embeddings) else 384
            snap.vectors = (np.asarray([embeddings[n] for _, _, n in rows], dtype=np.float32).reshape(-1, dim))
        return snap

    def narrative_snapshot(self) -> Snapshot:
        """Every live narrative record (its redacted text and metadata), for record-level BM25."""
        got = self._get_all(self.narratives, where={"kind": "narrative"}, include=_INCLUDE)
        rows = sorted(zip(got["ids"], got["documents"], got["metadatas"]), key=lambda r: r[2]["narrative_id"])
        return Snapshot(self.revision(), [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])

    def stale_count(self) -> int:
        """Findings staged by an ingest that never committed (or not yet collected)."""
        live_total = sum(int(m["n_findings"]) for m in self.narrative_metadatas())
        return max(self.findings.count() - live_total, 0)

    def dense(self, vector: np.ndarray, n: int, where: dict | None = None, columns: bool = False) -> list[Finding]:
        """Nearest live findings by cosine similarity (score = 1 - cosine distance). With
        `columns`, Chroma is asked for ids and distances only and the head's columns (in memory
        for BM25 anyway) give each hit's text and metadata and say whether it is live: at 100k
        findings, reading 60 hits' documents and metadata and their narratives' live versions
        from Chroma cost 3x its index walk (README, "The store at scale")."""
        head = self.refresh()
        live_rows = self.columns(head) if columns else None
        total = self._finding_count(head)
        if total == 0 or n <= 0:
            return []
        # No {"kind": "finding"} clause: this collection holds only findings, and any `where`
        # makes Chroma list every row it allows before searching (1 s a query at 100k rows
        # on the shared machine, against 30 ms without; README, "The store at scale").
        clause = where or None
        query = [np.asarray(vector, dtype=np.float32).tolist()]
        # Findings staged by an ingest not yet committed (or killed) are in the collection
        # but not live; they are few outside an ingest. Ask for a little more than n, check
        # only the hits' narratives, and ask again for more while stale ones crowd the top.
        ask = min(n + 10, total)
        while True:
            if live_rows is not None:
                got = self.findings.query(query_embeddings=query, n_results=ask, where=clause, include=["distances"])
                rows = got["ids"][0]
                hits = live_rows.findings(rows, [1.0 - float(d) for d in got["distances"][0]])
            else:
                got = self.findings.query(query_embeddings=query, n_results=ask, where=clause,
                                          include=["documents", "metadatas", "distances"])
                rows = list(zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]))
                live = self.live_of(m["narrative_id"] for _, _, m, _ in rows if m)
                hits = [Finding(i, d, m, 1.0 - float(dist)) for i, d, m, dist in rows
                        if m and live.get(m["narrative_id"]) == m["version"]]
            # Fewer rows than asked: under a `where`, the clause allows no more. Unfiltered, it
            # is the approximate index coming up short (hnswlib does, with many equal vectors),
            # so ask for more as if the top were crowded.
            if len(hits) >= n or (len(rows) < ask and clause is not None):
                return hits[:n]
            if ask >= total:  # rows staged since the count was kept may lie beyond it
                total = self._finding_count(head, fresh=True)
                if ask >= total:
                    return hits[:n]
            ask = min(ask * 4, total)

    def narrative_vectors(self, narrative_ids: list[str]) -> dict[str, np.ndarray]:
        """The stored whole-record vector of each live narrative asked for (for record ranking)."""
        out: dict[str, np.ndarray] = {}
        keys = [_narrative_key(i) for i in dict.fromkeys(narrative_ids)]
        for s in range(0, len(keys), self.batch):
            got = self.narratives.get(ids=keys[s:s + self.batch], include=["metadatas", "embeddings"])
            for m, v in zip(got["metadatas"], got["embeddings"]):
                out[m["narrative_id"]] = np.asarray(v, dtype=np.float32)
        return out

    def dense_narratives(self, vector: np.ndarray, n: int, where: dict | None = None) -> list[tuple[str, float]]:
        """Nearest narrative records by their whole-record vector: (narrative id, cosine)."""
        # Unfiltered, no `where` (Chroma lists every row a clause allows before searching): the
        # collection's one non-narrative row, the store record, is dropped from the answer instead.
        clause = {"$and": [{"kind": "narrative"}, where]} if where else None
        total = self.narratives.count()
        if total <= 1 or n <= 0:
            return []
        got = self.narratives.query(query_embeddings=[np.asarray(vector, dtype=np.float32).tolist()],
                                    n_results=min(n + (clause is None), total), where=clause,
                                    include=["metadatas", "distances"])
        return [(m["narrative_id"], 1.0 - float(d)) for m, d in zip(got["metadatas"][0], got["distances"][0])
                if m and m.get("kind") == "narrative"][:n]

    # -- writing (stage, commit, collect) ---------------------------------------------
    @contextmanager
    def writing(self):
        """One writer at a time for this data folder."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / ".write.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                self.refresh()
                yield self
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def stage(self, ids: list[str], texts: list[str], metadatas: list[dict], vectors: np.ndarray) -> None:
        for s in range(0, len(ids), self.batch):
            e = s + self.batch
            self.findings.upsert(ids=ids[s:e], documents=texts[s:e], metadatas=metadatas[s:e],
                                 embeddings=np.asarray(vectors[s:e], dtype=np.float32))

    def commit(self, ids: list[str], texts: list[str], metadatas: list[dict], vectors: np.ndarray,
               token: str = "") -> int:
        """Make staged findings live: one upsert of the narrative records and the revision
        (with `token`, the name of the columns folder written for it)."""
        revision = self.revision() + 1
        keys = [_narrative_key(i) for i in ids] + [STORE_RECORD]
        docs = list(texts) + [""]
        metas = list(metadatas) + [{"kind": "store", "revision": revision, "commit": token}]
        marker = np.zeros((1, vectors.shape[1] if len(vectors) else 384), dtype=np.float32)
        marker[0, 0] = 1.0
        vecs = np.vstack([np.asarray(vectors, dtype=np.float32).reshape(-1, marker.shape[1]), marker])
        # One upsert is one write to Chroma; an ingest of more narratives than a batch
        # holds commits in chunks, the store record (revision) in the last one.
        for s in range(0, len(keys), self.batch):
            e = s + self.batch
            self.narratives.upsert(ids=keys[s:e], documents=docs[s:e], metadatas=metas[s:e], embeddings=vecs[s:e])
        _LOCAL_COMMITS.add((self._key(), (revision, token)))
        self._opened_head = (revision, token)
        return revision

    def collect_garbage(self) -> int:
        """Delete findings that are not live: earlier versions and debris of killed ingests."""
        live = self.live_versions()
        got = self._get_all(self.findings, include=["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"])
                 if live.get(m.get("narrative_id")) != m.get("version")]
        for s in range(0, len(stale), self.batch):
            self.findings.delete(ids=stale[s:s + self.batch])
        return len(stale)

    # -- helpers ----------------------------------------------------------------------
    def _get_all(self, collection, where: dict | None = None, include=None) -> dict:
        out = {"ids": [], "documents": [], "metadatas": [], "embeddings": []}
        offset = 0
        while True:
            got = collection.get(where=where, include=include or _INCLUDE, limit=self.batch, offset=offset)
            if not got["ids"]:
                return out
            out["ids"] += got["ids"]
            for key in ("documents", "metadatas", "embeddings"):
                if got.get(key) is not None:
                    out[key] += list(got[key])
            offset += len(got["ids"])


def _drop_cached_system(data_dir: Path) -> None:
    """Forget chromadb's shared client for this folder so the next one loads the index from
    disk. The old one is not stopped: a query running on it in another thread finishes."""
    from chromadb.api.shared_system_client import SharedSystemClient

    path = str(data_dir / "chroma")
    for identifier in [i for i in SharedSystemClient._identifier_to_system if i == path]:
        SharedSystemClient._identifier_to_system.pop(identifier, None)


def _narrative_key(narrative_id: str) -> str:
    return f"narrative:{narrative_id}"


def finding_key(narrative_id: str, version: str, position: int) -> str:
    return f"{narrative_id}#{version[:12]}#{position:04d}"

