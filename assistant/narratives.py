"""The narrative record and its metadata vocabulary.

Councils spell ratings and legal statuses a dozen ways ("RI", "requiring improvement",
"LAC", "Child in Need"); everything downstream filters on one spelling, so the
normalisation lives here, once.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

RATINGS = ("outstanding", "good", "requires improvement", "inadequate")
LEGAL_STATUSES = ("assessment", "CiN", "CP", "CiC", "care leaver", "disabled children")

_RATING_SYNONYMS = {
    "outstanding": "outstanding",
    "good": "good",
    "ri": "requires improvement",
    "requires improvement": "requires improvement",
    "requiring improvement": "requires improvement",
    "requires improvement to be good": "requires improvement",
    "needs improvement": "requires improvement",
    "inadequate": "inadequate",
}

_LEGAL_STATUS_SYNONYMS = {
    "assessment": "assessment",
    "single assessment": "assessment",
    "cin": "CiN",
    "child in need": "CiN",
    "children in need": "CiN",
    "cp": "CP",
    "child protection": "CP",
    "cpp": "CP",
    "child protection plan": "CP",
    "cic": "CiC",
    "cla": "CiC",
    "lac": "CiC",
    "looked after": "CiC",
    "looked after child": "CiC",
    "looked after children": "CiC",
    "child in care": "CiC",
    "children in care": "CiC",
    "child looked after": "CiC",
    "children looked after": "CiC",
    "care leaver": "care leaver",
    "care leavers": "care leaver",
    "leaving care": "care leaver",
    "care experienced": "care leaver",
    "disabled children": "disabled children",
    "disabled child": "disabled children",
    "children with disabilities": "disabled children",
    "cwd": "disabled children",
}

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _key(value: str) -> str:
    return re.sub(r"[\s_\-]+", " ", value.strip().lower()).strip(" .")


def normalise_rating(value: str | None) -> str | None:
    """One spelling for each grade; unknown grades are an error, not a silent None."""
    if value is None or not str(value).strip():
        return None
    found = _RATING_SYNONYMS.get(_key(str(value)))
    if found is None:
        raise ValueError(f"unknown rating; expected one of: {', '.join(RATINGS)} (or RI)")
    return found


def normalise_legal_status(value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    found = _LEGAL_STATUS_SYNONYMS.get(_key(str(value)))
    if found is None:
        raise ValueError(f"unknown legal status; expected one of: {', '.join(LEGAL_STATUSES)}")
    return found


def normalise_month(value: object) -> str | None:
    """Audit month as 'YYYY-MM' from the shapes spreadsheets give: 2019-09, 2019-09-14,
    09/2019, 14/09/2019 (day first, as in the UK), 'September 2019', 'Sep-19', datetimes."""
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T].*)?", text)
    if m:
        year, month = int(m[1]), int(m[2])
    elif m := re.fullmatch(r"(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})", text):
        year, month = int(m[3]), int(m[2])
    elif m := re.fullmatch(r"([A-Za-z]{3,9})[\s\-]+(\d{2}|\d{4})", text):
        month = _MONTHS.get(m[1][:3].lower(), 0)
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
    else:
        raise ValueError("date not understood; use YYYY-MM (audit month)")
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise ValueError("date out of range; use YYYY-MM (audit month)")
    return f"{year:04d}-{month:02d}"


class Narrative(BaseModel):
    """One audit write-up, moderator note, dip-sample write-up or report section."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=200)
    text: str = Field(min_length=1)
    date: str | None = None
    team: str | None = Field(default=None, max_length=200)
    service: str | None = Field(default=None, max_length=200)
    legal_status: str | None = None
    rating: str | None = None
    moderated_rating: str | None = None
    auditor_role: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=500)

    @field_validator("id", "team", "service", "auditor_role", "source", mode="before")
    @classmethod
    def _blank_is_none(cls, v):
        if v is None:
            return None
        v = str(v).strip()
        return v or None

    @field_validator("text", mode="before")
    @classmethod
    def _text_is_text(cls, v):
        if v is None:
            raise ValueError("missing text")
        if not isinstance(v, str):
            raise ValueError("text must be a string")
        if not v.strip():
            raise ValueError("missing text")
        return v

    @field_validator("date", mode="before")
    @classmethod
    def _month(cls, v):
        return normalise_month(v)

    @field_validator("rating", "moderated_rating", mode="before")
    @classmethod
    def _rating(cls, v):
        return normalise_rating(v)

    @field_validator("legal_status", mode="before")
    @classmethod
    def _legal_status(cls, v):
        return normalise_legal_status(v)

    def with_default_id(self, origin: str) -> "Narrative":
        """A stable id for rows that have none, so re-ingesting the same file is a no-op."""
        if self.id:
            return self
        digest = hashlib.sha256(f"{origin}\n{self.text}".encode()).hexdigest()[:16]
        return self.model_copy(update={"id": f"n-{digest}"})

    def metadata(self) -> dict:
        return self.model_dump(exclude={"text"})


def explain_validation_error(error: ValidationError) -> str:
    """Pydantic's own messages echo the input value, which may be raw narrative text;
    this keeps the field and the reason only."""
    parts = []
    for item in error.errors(include_input=False, include_url=False):
        field = ".".join(str(p) for p in item.get("loc", ())) or "row"
        message = item.get("msg", "invalid").removeprefix("Value error, ")
        if item.get("type") == "extra_forbidden":  # its name is what a user typed: never echoed
            field, message = "row", f"a field that is not accepted (accepted: {', '.join(Narrative.model_fields)})"
        if item.get("type") == "missing":
            message = "missing"
        parts.append(f"{field}: {message}")
    return "; ".join(parts)
