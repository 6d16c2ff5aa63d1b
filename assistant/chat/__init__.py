"""The chat assistant: a question is read into an intent and filters (assistant.parse), then
answered from the store, short, extractive and cited.

Every answer sentence carries the ids of the findings it rests on; figures are counts over
stored findings and quotes are stored (redacted) finding texts. Nothing is generated
unless a council configures a generator, and then only a rephrasing that can be matched
back to the cited findings is served (assistant.generator).
"""
from __future__ import annotations

from assistant.chat.conversation import Conversation, Conversations
from assistant.chat.shaping import (LEGAL_STATUS_WORDS, Answer, citation, count_of, describe, month_words,
                                    to_filters)
from assistant.chat.intents import (MAX_CITED, MAX_QUOTES, RELEVANCE_FLOOR, answer_compare, answer_count,
                                    answer_search, answer_summary, answer_summary_and_findings, compare_sides,
                                    relevant, slice_rows)
from assistant.chat.redact import CAPITALISED_RUN, KNOWN_WORDS, redact_text, redact_uncommon_capitalised
from assistant.chat.turn import HANDLERS, OUT_OF_SCOPE, RISK_SCORING, respond

__all__ = ["Conversation", "Conversations", "LEGAL_STATUS_WORDS", "Answer", "citation", "count_of", "describe",
           "month_words", "to_filters", "MAX_CITED", "MAX_QUOTES", "RELEVANCE_FLOOR", "answer_compare",
           "answer_count", "answer_search", "answer_summary", "answer_summary_and_findings", "compare_sides",
           "relevant", "slice_rows", "CAPITALISED_RUN", "KNOWN_WORDS", "redact_text", "redact_uncommon_capitalised",
           "HANDLERS", "OUT_OF_SCOPE", "RISK_SCORING", "respond"]
