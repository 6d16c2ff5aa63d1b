"""Search filters, in the three forms the store needs: a Chroma `where` clause, a test of one
finding's metadata (`matches`), and a row mask over the columns' metadata frame (`mask`).

`mask` and `matches` must agree row for row (tests/test_filtered_search.py checks them on a
real store): the mask serves filtered dense and BM25 search at scale, `matches` everything
that holds one finding's metadata.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


def fundamental_key(label: str) -> str:
    """Multi-label fundamentals are stored as one boolean per label, which Chroma can filter."""
    return f"f_{label}"


def month_number(month: str) -> int:
    """'2019-09' -> 201909, a number Chroma can compare."""
    year, mon = month.split("-")[:2]
    return int(year) * 100 + int(mon)


_LISTED = ("team", "service", "legal_status", "rating", "narrative_id", "stance", "child_voice")


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

    def _listed(self) -> tuple[tuple[str, list[str]], ...]:
        return (("team", self.team), ("service", self.service), ("legal_status", self.legal_status),
                ("rating", self.rating), ("narrative_id", self.narrative_ids), ("stance", self.stance),
                ("child_voice", self.child_voice))

    def _clauses(self) -> list[dict]:
        clauses: list[dict] = []
        if self.date_from:
            clauses.append({"month": {"$gte": month_number(self.date_from)}})
        if self.date_to:
            clauses.append({"month": {"$lte": month_number(self.date_to)}})
        for key, values in self._listed():
            if values:
                clauses.append({key: {"$in": list(values)}})
        if self.fundamental:
            flags = [{fundamental_key(f): True} for f in self.fundamental]
            clauses.append(flags[0] if len(flags) == 1 else {"$or": flags})
        return clauses

    def any(self) -> bool:
        """Whether any filter is set."""
        return bool(self._clauses())

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
        """The same filters evaluated in Python (for one finding's metadata)."""
        month = metadata.get("month")
        if self.date_from and (month is None or month < month_number(self.date_from)):
            return False
        if self.date_to and (month is None or month > month_number(self.date_to)):
            return False
        for key, values in self._listed():
            if values and metadata.get(key) not in values:
                return False
        if self.fundamental and not any(metadata.get(fundamental_key(f)) for f in self.fundamental):
            return False
        return True

    def mask(self, frame: pd.DataFrame, flags: dict[str, np.ndarray] | None = None) -> np.ndarray | None:
        """The same filters over the columns' metadata frame (one row a finding): a boolean
        array, or None when no filter is set. A column the store lacks matches nothing.
        `flags`: each fundamental's row mask, where the caller keeps them (Columns.mask)."""
        if not self.any():
            return None
        keep = np.ones(len(frame), dtype=bool)
        if self.date_from or self.date_to:
            if "month" not in frame:
                return np.zeros(len(frame), dtype=bool)
            month = pd.to_numeric(frame["month"], errors="coerce").to_numpy(dtype=float)
            if self.date_from:
                keep &= month >= month_number(self.date_from)  # NaN compares False: no month, no match
            if self.date_to:
                keep &= month <= month_number(self.date_to)
        for key, values in self._listed():
            if values:
                keep &= frame[key].isin(list(values)).to_numpy(dtype=bool) if key in frame else False
        if self.fundamental:
            flags = flags if flags is not None else fundamental_flags(frame)
            wanted = np.zeros(len(frame), dtype=bool)
            for label in self.fundamental:
                if label in flags:
                    wanted |= flags[label]
            keep &= wanted
        return keep


def fundamental_flags(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each practice fundamental's row mask, from the comma-joined labels of each finding
    (ingest.finding_labels), read as whole items."""
    if "fundamentals" not in frame or not len(frame):
        return {}
    joined = frame["fundamentals"].fillna("").astype("str")
    labels = sorted({label for value in joined.unique() for label in value.split(",") if label})
    # one regular-expression pass a label (half the time of str.get_dummies at a million findings)
    return {label: joined.str.contains(rf"(?:^|,){re.escape(label)}(?:,|$)", regex=True).to_numpy(dtype=bool)
            for label in labels}
