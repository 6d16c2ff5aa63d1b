"""Conversations kept in memory, so a follow-up question keeps the context of the one before."""
from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field


@dataclass
class Conversation:
    id: str
    turns: list[dict] = field(default_factory=list)

    @property
    def last_parse(self) -> dict | None:
        return self.turns[-1]["parsed"] if self.turns else None


class Conversations:
    """Conversations kept in memory (newest `limit`), so follow-ups keep their context. Each
    belongs to an owner (a user, or a browser session): an id that is unknown, or another
    owner's, starts a new conversation with a fresh id, so nobody can continue someone
    else's by sending its id."""

    def __init__(self, limit: int = 500):
        self.limit = limit
        self._items: OrderedDict[tuple[str, str], Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, conversation_id: str | None, owner: str = "") -> Conversation:
        with self._lock:
            key = (owner, conversation_id or "")
            if conversation_id and key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            conversation = Conversation(uuid.uuid4().hex)
            self._items[(owner, conversation.id)] = conversation
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
            return conversation
