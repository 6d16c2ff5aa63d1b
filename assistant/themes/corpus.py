"""The store's live findings at one revision as columns (`Corpus`), and the rating and stance names they use."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from index.search import tokenize
from index.store import Store
from nlp.taxonomy import FUNDAMENTALS

RATINGS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
RATING_ORDER = {r: n for n, r in enumerate(RATINGS)}  # 0 is best
SHOWN_RATING = {r.lower(): r for r in RATINGS}  # the store keeps ratings in lower case
STANCE_KEYS = ("strength", "concern", "neutral")
EXPLICIT_ACTION = re.compile(r"\s*(?:recommendations?|actions?|next steps?|agreed actions?)\b", re.I)
RECOMMENDATION = re.compile(
    r"\b(?:should|must|needs? to|recommend\w*|actions?|to improve|would benefit|ensure|next steps?|"
    r"going forward|is to be|will be (?:reviewed|completed|shared|discussed|revisited|audited))\b", re.I)


@dataclass
class Corpus:
    """Every live finding at one store revision, as columns plus its vectors."""
    revision: int
    frame: pd.DataFrame
    vectors: np.ndarray
    fundamental_masks: dict[str, np.ndarray] = field(default_factory=dict)
    _tokens: list[frozenset] | None = None

    def tokens(self) -> list[frozenset]:
        """Each finding's stemmed words (built once, on the first free-text theme)."""
        if self._tokens is None:
            self._tokens = [frozenset(tokenize(t)) for t in self.frame["text"]]
        return self._tokens

    @classmethod
    def from_store(cls, store: Store) -> "Corpus":
        """From the columns file of the store's head (index/columns.py): no paging through Chroma."""
        columns = store.columns()
        return cls.from_frame(columns.revision, columns.frame["id"], columns.frame["text"],
                              columns.metadata_frame(), columns.vectors, unit=True)

    @classmethod
    def from_rows(cls, revision: int, ids, texts, metadatas, vectors) -> "Corpus":
        return cls.from_frame(revision, ids, texts, pd.DataFrame(list(metadatas)), vectors)

    @classmethod
    def from_frame(cls, revision: int, ids, texts, meta: pd.DataFrame, vectors, unit: bool = False) -> "Corpus":
        """`unit`: the vectors are known to be L2-normalised (the columns file's: the encoder's
        output), so they are kept as given, a memory map whose pages are read only where a
        summary looks, instead of a normalised copy of them all (153 MB at 100k)."""
        meta = meta.reset_index(drop=True)
        frame = pd.DataFrame({"id": list(ids), "text": list(texts)})
        for key in ("narrative_id", "date", "team", "service", "legal_status", "rating", "moderated_rating",
                    "stance", "child_voice", "narrative_child_voice", "fundamentals"):
            frame[key] = meta[key].fillna("").astype(str).to_numpy() if key in meta else ""
        for key, default in (("stance_score", 0.0), ("jargon_flags", 0), ("jargon_hard_flags", 0),
                             ("jargon_feel_flags", 0), ("accessibility", np.nan), ("position", 0)):
            frame[key] = pd.to_numeric(meta[key], errors="coerce").to_numpy() if key in meta else default
        for key in ("jargon_flags", "jargon_hard_flags", "jargon_feel_flags"):
            frame[key] = frame[key].fillna(0)
        for key in ("rating", "moderated_rating"):
            frame[key] = frame[key].map(lambda r: SHOWN_RATING.get(r.lower(), r))
        vecs = np.asarray(vectors, dtype=np.float32).reshape(len(frame), -1)
        if not unit:
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.where(norms == 0, 1, norms)
        frame["recommends"] = frame["text"].str.contains(RECOMMENDATION).to_numpy(dtype=bool)
        frame["explicit_action"] = frame["text"].str.match(EXPLICIT_ACTION).to_numpy(dtype=bool)
        labels = frame["fundamentals"].str.split(",")
        masks = {f: labels.map(lambda found, f=f: f in found).to_numpy(dtype=bool) for f in FUNDAMENTALS}
        return cls(revision, frame, vecs, masks)

    def __len__(self) -> int:
        return len(self.frame)

    def months(self) -> list[str]:
        return sorted(m for m in self.frame["date"].unique() if m)
