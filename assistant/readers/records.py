"""What every reader shares: the error naming file and place, the record found, and column names mapped onto fields."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Canonical field -> accepted column/key names. Matching ignores case, spaces, underscores
# and hyphens. Where two columns map to the same field, the alias listed first wins (so
# "Narrative" beats "Comments"). Personal identifiers ("case ref", "child id") are
# deliberately absent, so they are dropped with every other unmapped column.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "narrative", "narrative text", "finding", "findings", "body", "content",
             "audit text", "summary", "comments"),
    "id": ("id", "narrative id", "audit id", "ref"),
    "date": ("date", "month", "audit month", "audit date", "date of audit"),
    "team": ("team", "team name"),
    "service": ("service", "service area"),
    "legal_status": ("legal status", "status", "category"),
    "rating": ("rating", "grade", "audit rating", "overall rating", "judgement"),
    "moderated_rating": ("moderated rating", "moderated grade", "moderation rating",
                         "rating after moderation"),
    "auditor_role": ("auditor role", "auditor", "role"),
    "source": ("source", "document", "type"),
}


class InputError(Exception):
    """Bad input, named by file and place. Never carries narrative text."""

    def __init__(self, path: str | Path, location: str | None, reason: str):
        super().__init__(str(path), location, reason)
        self.path, self.location, self.reason = str(path), location, reason

    def __str__(self) -> str:
        if self.location is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}: {self.location}: {self.reason}"


@dataclass(frozen=True)
class Record:
    """One narrative as found: where it came from and its raw, canonically named fields."""

    path: str
    location: str
    fields: dict


def _norm(name: object) -> str:
    return re.sub(r"[\s_\-]+", "", str(name).lower())


_ALIAS_RANK = {_norm(alias): (field, rank)
               for field, aliases in FIELD_ALIASES.items()
               for rank, alias in enumerate(aliases)}
_TEXT_NAMES = ", ".join(FIELD_ALIASES["text"])


def _column_map(names: Iterable[object]) -> dict[int, str]:
    """Column index -> canonical field, for the columns we recognise."""
    best: dict[str, tuple[int, int]] = {}  # field -> (alias rank, column)
    for column, name in enumerate(names):
        hit = _ALIAS_RANK.get(_norm(name)) if name is not None else None
        if hit and (hit[0] not in best or hit[1] < best[hit[0]][0]):
            best[hit[0]] = (hit[1], column)
    return {column: field for field, (_, column) in best.items()}


def _pick(mapping: dict[int, str], values: list | tuple) -> dict:
    return {field: values[i] for i, field in mapping.items() if i < len(values)}


def _decode(path: Path) -> str:
    """UTF-8, with or without the BOM Excel and Notepad put in front."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, None, "not UTF-8 text") from None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
