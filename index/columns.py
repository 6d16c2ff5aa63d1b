"""Every live finding as columns, written beside the store at each commit and read in one go.

Reading a store of 100k findings back through Chroma's paged `get` took 30-40 s (issue 16),
and every process did it for BM25, stats, export and the first summary. The writer already
holds what changed, so at each commit it writes the next revision's columns itself: the
previous revision's rows minus the narratives it replaces, plus the new findings. One folder
per commit, `columns/r<revision>-<commit token>/`:

- `findings.parquet`: id, text, each finding's metadata as JSON (exact types, for export and
  filters) and as flat columns (for summaries and counts), and its context tokens for BM25;
- `vectors.npy`: the findings' vectors, in the same order;
- `bm25/`: the BM25 index over the tokens (index/bm25_index.py).

Safety: the folder is written (to a temporary name, then renamed) *before* the commit that
makes its revision live, under a fresh token the store record names only once the commit is
done. A reader uses only the folder its store record names, so an ingest killed before or
during its commit leaves readers on the previous folder, and the killed one's folder is
never read (it is pruned later). A store with no folder for its head (written by older code,
or a Chroma server another machine writes to) is read from Chroma once and the folder is
saved as a cache.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from index import bm25_index
from index.store import Finding, Snapshot

FOLDER = "columns"
TABLE = "findings.parquet"
VECTORS = "vectors.npy"
KEEP = 2  # folders kept: the live one and the one before (a reader may still be loading it)
# Metadata kept as flat columns: what summaries, counts and the filters read.
FLAT = ("narrative_id", "version", "position", "date", "month", "team", "service", "legal_status", "rating",
        "moderated_rating", "auditor_role", "source", "stance", "stance_score", "child_voice",
        "narrative_child_voice", "fundamentals", "jargon_flags", "accessibility", "fundamentals_margin",
        "labels_source")


def new_token() -> str:
    return uuid.uuid4().hex[:12]


def folder_name(revision: int, token: str) -> str:
    return f"r{revision:08d}-{token}"


class Metadatas(Sequence):
    """Each finding's metadata dict, decoded from its JSON only when asked for."""

    def __init__(self, encoded):
        self._encoded = list(encoded)
        self._decoded: dict[int, dict] = {}

    def __len__(self) -> int:
        return len(self._encoded)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        found = self._decoded.get(i)
        if found is None:
            found = self._decoded[i] = json.loads(self._encoded[i])
        return found


@dataclass
class Columns:
    revision: int
    token: str
    frame: pd.DataFrame          # id, text, meta (JSON), tokens, and the FLAT metadata present
    vectors: np.ndarray          # (n, dim) float32, same order as frame
    folder: Path | None = None
    _bm25: object = field(default=None, repr=False)
    _snapshot: Snapshot | None = field(default=None, repr=False)

    @property
    def key(self) -> tuple[int, str]:
        return self.revision, self.token

    def __len__(self) -> int:
        return len(self.frame)

    def snapshot(self, vectors: bool = False) -> Snapshot:
        if self._snapshot is None:
            self._snapshot = Snapshot(self.revision, self.frame["id"].tolist(), self.frame["text"].tolist(),
                                      Metadatas(self.frame["meta"]))
        if not vectors:
            return self._snapshot
        snap = self._snapshot
        return Snapshot(snap.revision, snap.ids, snap.texts, snap.metadatas, np.asarray(self.vectors))

    def rows_of(self, ids) -> list[int]:
        """Each id's row, or -1 for an id that is no live finding at this head (a row staged by
        an unfinished ingest, an older version). The id -> row map is built once per head."""
        index = self.__dict__.get("_row_of")
        if index is None:
            index = self.__dict__["_row_of"] = {i: n for n, i in enumerate(self.snapshot().ids)}  # shares its strings
        return [index.get(i, -1) for i in ids]

    def findings(self, ids, scores) -> list[Finding]:
        """The live findings among `ids` (in their order) with their scores; others are dropped."""
        snap = self.snapshot()
        return [Finding(i, snap.texts[r], snap.metadatas[r], s)
                for i, r, s in zip(ids, self.rows_of(ids), scores) if r >= 0]

    def distinct(self, key: str) -> set[str]:
        """The distinct non-empty string values of one metadata column (cached: asked per search)."""
        cache = self.__dict__.setdefault("_distinct", {})
        if key not in cache:
            cache[key] = ({v for v in self.frame[key].unique() if isinstance(v, str) and v}
                          if key in self.frame else set())
        return cache[key]

    def mask(self, filters) -> np.ndarray | None:
        """`filters` (index.filters.Filters) as a row mask; each fundamental's rows are worked
        out once per revision (about 200 ms at 100k findings) and kept."""
        flags = None
        if filters.fundamental:
            flags = self.__dict__.get("_flags")
            if flags is None:
                from index.filters import fundamental_flags

                flags = self.__dict__["_flags"] = fundamental_flags(self.frame)
        return filters.mask(self.frame, flags)

    def metadata_frame(self) -> pd.DataFrame:
        """The flat metadata columns (those present in the store)."""
        return self.frame[[k for k in FLAT if k in self.frame.columns]]

    def bm25(self):
        if self._bm25 is None:
            self._bm25 = bm25_index.load(self.folder or Path("/nonexistent"), self.snapshot(), _Deferred(self.tokens))
        return self._bm25

    def tokens(self) -> pd.Series:
        """Each finding's context tokens. A loaded folder leaves them on disk (a searcher
        needs them only to rebuild BM25 or its fallback, the writer for the next revision),
        so they are read here on first need."""
        if "tokens" not in self.frame:
            tokens = pd.read_parquet(self.folder / TABLE, columns=["tokens"])["tokens"].astype(object)
            _release_arrow_memory()
            self.frame["tokens"] = tokens.to_numpy()
        return self.frame["tokens"]

    # -- building ----------------------------------------------------------------------
    @classmethod
    def from_rows(cls, revision: int, token: str, ids, texts, metadatas, vectors, tokens=None) -> "Columns":
        """Rows in snapshot order (by narrative, then position). `tokens`: context tokens,
        space-joined; computed here from the texts when not given."""
        metadatas = list(metadatas)
        frame = pd.DataFrame({"id": pd.Series(list(ids), dtype=object),
                              "text": pd.Series(list(texts), dtype=object)})
        frame["meta"] = pd.Series([json.dumps(m) for m in metadatas], dtype=object)
        if tokens is None:
            tokens = []
            nids = [m["narrative_id"] for m in metadatas]
            start = 0
            for end in range(1, len(nids) + 1):
                if end == len(nids) or nids[end] != nids[start]:
                    tokens += bm25_index.context_tokens(list(frame["text"][start:end]))
                    start = end
        frame["tokens"] = pd.Series(list(tokens), dtype=object)
        flat = pd.DataFrame(metadatas, index=frame.index)
        for key in FLAT:
            if key in flat.columns:
                frame[key] = flat[key]
        dim = vectors.shape[1] if vectors is not None and np.ndim(vectors) == 2 else 384
        vecs = np.asarray(vectors, dtype=np.float32).reshape(len(frame), dim) if len(frame) else np.zeros((0, dim), np.float32)
        return cls(revision, token, frame, vecs)

    def replaced(self, live_after: dict[str, str], changed: set[str], new: "Columns",
                 revision: int, token: str) -> "Columns":
        """These rows minus the changed narratives and any row no longer live, plus `new`."""
        if not len(self.frame):
            return Columns(revision, token, new.frame, new.vectors)
        self.tokens()  # the next revision's file carries every row's tokens
        keep = (~self.frame["narrative_id"].isin(changed)).to_numpy() & np.array(
            [live_after.get(n) == v for n, v in zip(self.frame["narrative_id"], self.frame["version"])], dtype=bool)
        frame = pd.concat([self.frame[keep], new.frame], ignore_index=True)
        vectors = np.vstack([np.asarray(self.vectors)[keep], new.vectors]) if len(new) else np.asarray(self.vectors)[keep]
        order = np.lexsort((frame["position"].to_numpy(), frame["narrative_id"].to_numpy().astype(str)))
        return Columns(revision, token, frame.iloc[order].reset_index(drop=True), vectors[order])

    def matches(self, live_after: dict[str, str], counts: dict[str, int]) -> bool:
        """Whether these rows are exactly the live findings (every live narrative's findings,
        at its live version, and nothing else)."""
        if len(self.frame) != sum(counts.values()):
            return False
        if not len(self.frame):
            return True
        pairs = self.frame.groupby(["narrative_id", "version"]).size()
        return all(live_after.get(n) == v and counts.get(n) == size for (n, v), size in pairs.items())

    # -- disk --------------------------------------------------------------------------
    def save(self, data_dir: Path, reuse: Path | None = None) -> Path:
        """Write under a temporary name, then rename: a reader never sees half a folder.
        `reuse`: a folder with the same rows' vectors and tokens (a label change), whose
        vectors and BM25 index are linked instead of built again."""
        root = Path(data_dir) / FOLDER
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        final = root / folder_name(self.revision, self.token)
        if final.exists():
            self.folder = final
            return final
        tmp = root / f".tmp-{self.token}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(mode=0o700)
        self.frame.to_parquet(tmp / TABLE, index=False)
        if not _link_from(reuse, tmp):
            np.save(tmp / VECTORS, np.ascontiguousarray(self.vectors, dtype=np.float32))
            bm25_index.save(tmp, bm25_index.split_tokens(self.frame["tokens"]))
        try:
            os.rename(tmp, final)
        except OSError:  # another process saved the same folder first
            shutil.rmtree(tmp, ignore_errors=True)
        self.folder = final
        return final

    @classmethod
    def load(cls, data_dir: Path, revision: int, token: str) -> "Columns | None":
        folder = Path(data_dir) / FOLDER / folder_name(revision, token)
        try:
            import pyarrow.parquet as pq

            names = [n for n in pq.read_schema(folder / TABLE).names if n != "tokens"]
            frame = pd.read_parquet(folder / TABLE, columns=names)
            vectors = np.load(folder / VECTORS, mmap_mode="r")
        except (FileNotFoundError, OSError):
            return None
        for key in ("id", "text", "meta"):
            frame[key] = frame[key].astype(object)
        _release_arrow_memory()
        return cls(revision, token, frame, vectors, folder)


def release_pages(array) -> bool:
    """Drop the pages of the vectors file that `array` (a view of it) has mapped from this
    process's resident set. They stay in the kernel's page cache, so the next reader faults
    them back in without a disk read. Why: a summary of every finding reads most of the file
    (150 MB at 100k findings), which a serving process would otherwise keep counted as its
    own memory between requests (README, "Serving memory"). False where nothing is mapped."""
    import mmap

    while array is not None and not isinstance(array, np.memmap):
        array = getattr(array, "base", None)
    mapped = getattr(array, "_mmap", None)
    if mapped is None or not hasattr(mapped, "madvise"):
        return False
    mapped.madvise(mmap.MADV_DONTNEED)
    return True


def _link_from(source: Path | None, target: Path) -> bool:
    """Hard-link (copy where links fail) the vectors and BM25 index of `source` into `target`."""
    if source is None or not (source / VECTORS).is_file():
        return False

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    try:
        link(source / VECTORS, target / VECTORS)
        if (source / bm25_index.FOLDER).is_dir():
            shutil.copytree(source / bm25_index.FOLDER, target / bm25_index.FOLDER, copy_function=link)
    except OSError:  # start again with nothing linked (never write through a link)
        (target / VECTORS).unlink(missing_ok=True)
        shutil.rmtree(target / bm25_index.FOLDER, ignore_errors=True)
        return False
    return True


def _release_arrow_memory() -> None:
    """Hand back what Arrow's allocator kept after a read: the parquet buffers are copied into
    Python objects and freed, but the pool held on to about 140 MB of a 100k store's load."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


class _Deferred:
    """A column read only when first iterated (bm25_index.load reads tokens only to rebuild)."""

    def __init__(self, read):
        self._read = read

    def __iter__(self):
        return iter(self._read())

    def __len__(self):
        return len(self._read())


def prune(data_dir: Path, live: tuple[int, str]) -> None:
    """Delete all but the live folder and the newest other one (and stale temporaries)."""
    root = Path(data_dir) / FOLDER
    if not root.is_dir():
        return
    keep = folder_name(*live)
    folders = sorted((p for p in root.iterdir() if p.name.startswith("r") and p.name != keep), reverse=True)
    for old in folders[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob(".tmp-*"):  # left by a killed process (an hour old: not one being written)
        try:
            if time.time() - tmp.stat().st_mtime > 3600:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass
