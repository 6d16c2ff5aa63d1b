"""The store's live findings at one revision as columns (`Corpus`), and the rating and stance names they use."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from index.filters import fundamental_flags
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
    _actions: np.ndarray | None = None  # per finding: -1 not read yet, else recommends + 2 * explicit action

    def action_flags(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether the findings at these row positions recommend an action, and whether they
        open with one ("Actions: ..."). Read from the text on first need and kept: only a
        summary's recommendations ask, for its slice, so a cold summary of a tenth of a million
        findings reads a tenth of the texts (reading all of them took 7 s of it)."""
        if self._actions is None:
            self._actions = np.full(len(self.frame), -1, dtype=np.int8)
        positions = np.asarray(positions, dtype=np.intp)
        unread = positions[self._actions[positions] < 0]
        if len(unread):
            texts = self.frame["text"].to_numpy()[unread]
            self._actions[unread] = [bool(RECOMMENDATION.search(t)) + 2 * bool(EXPLICIT_ACTION.match(t)) for t in texts]
        flags = self._actions[positions]
        return (flags & 1).astype(bool), (flags & 2).astype(bool)

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
            # kept a string column (Arrow-backed), not made a Python string a row (1.4 s at 1M)
            frame[key] = meta[key].fillna("").astype("str") if key in meta else ""
        for key, default in (("stance_score", 0.0), ("jargon_flags", 0), ("jargon_hard_flags", 0),
                             ("jargon_feel_flags", 0), ("accessibility", np.nan), ("position", 0)):
            frame[key] = pd.to_numeric(meta[key], errors="coerce").to_numpy() if key in meta else default
        for key in ("jargon_flags", "jargon_hard_flags", "jargon_feel_flags"):
            frame[key] = frame[key].fillna(0)
        for key in ("rating", "moderated_rating"):  # a few distinct values: each looked up once
            frame[key] = frame[key].map({r: SHOWN_RATING.get(r.lower(), r) for r in frame[key].unique()})
        vecs = np.asarray(vectors, dtype=np.float32).reshape(len(frame), -1)
        if not unit:
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.where(norms == 0, 1, norms)
        flags = fundamental_flags(frame)  # the store's own reading of the labels column
        masks = {f: flags.get(f, np.zeros(len(frame), dtype=bool)) for f in FUNDAMENTALS}
        return cls(revision, frame, vecs, masks)

    def __len__(self) -> int:
        return len(self.frame)

    def months(self) -> list[str]:
        return sorted(m for m in self.frame["date"].unique() if m)
