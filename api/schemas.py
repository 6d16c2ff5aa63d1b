"""Request bodies. Values are normalised by assistant.narratives, as on the CLI."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class NarrativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    text: str
    date: str | None = None
    team: str | None = None
    service: str | None = None
    legal_status: str | None = None
    rating: str | None = None
    moderated_rating: str | None = None
    auditor_role: str | None = None
    source: str | None = None


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    query: str = Field(min_length=1, max_length=1000)
    k: int = Field(default=10, ge=1, le=200)
    mode: str = Field(default="hybrid", pattern="^(dense|bm25|hybrid)$")
    date_from: str | None = Field(default=None, alias="from")
    date_to: str | None = Field(default=None, alias="to")
    team: list[str] | str | None = None
    service: list[str] | str | None = None
    legal_status: list[str] | str | None = None
    rating: list[str] | str | None = None
    fundamental: list[str] | str | None = None
    stance: list[str] | str | None = None


class AnalyseItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | int | None = None
    text: str = Field(min_length=1)


class AnalyseRequest(BaseModel):
    """One text ({"id", "text"}) or several ({"items": [...]})."""
    model_config = ConfigDict(extra="forbid")

    id: str | int | None = None
    text: str | None = Field(default=None, min_length=1)
    items: list[AnalyseItem] | None = Field(default=None, max_length=500)


class ChatReading(BaseModel):
    """A user's correction of how a question was read."""
    model_config = ConfigDict(extra="forbid")

    intent: str = Field(pattern="^(search|summary|count|compare|language)$")
    filters: dict[str, str | None] = Field(default_factory=dict)


class ChatRequest(BaseModel):
    """One question in a conversation; leave conversation_id out to start one."""
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = Field(default=None, max_length=64)
    reading: ChatReading | None = Field(default=None, description="Ask again with this intent and these filters.")
    today: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                              description="Resolve relative periods against this date (default: today).")


class NarrativeBatch(BaseModel):
    """Several narratives, ingested as one background job."""
    model_config = ConfigDict(extra="forbid")

    items: list[NarrativeIn] = Field(min_length=1, max_length=1000)
