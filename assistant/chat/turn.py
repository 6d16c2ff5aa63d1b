"""One turn of the chat: the question read (with the conversation's context), routed to its intent's builder, cited."""
from __future__ import annotations

import datetime as dt
import re

from assistant import service
from assistant.chat.conversation import Conversation
from assistant.chat.intents import answer_compare, answer_count, answer_search, answer_summary, answer_summary_and_findings
from assistant.chat.redact import redact_text
from assistant.chat.shaping import Answer, describe
from nlp.taxonomy import FUNDAMENTALS

OUT_OF_SCOPE = ("I can only answer from the audit findings held here, and I do not assess risk to "
                "any child. Try asking about a practice theme, a team, a period or a legal status.")
RISK_SCORING = re.compile(
    r"\b(?:is|are|was|will)\b[^?.]{0,60}\b(?:at risk|in danger|safe|likely to be (?:harmed|hurt|abused))\b|"
    r"\brisk (?:score|rating|level) (?:of|for)\b|\bhow (?:risky|dangerous|at risk)\b|\bscore (?:the )?risk\b", re.I)


HANDLERS = {"search": answer_search, "count": answer_count, "summary": answer_summary, "compare": answer_compare}


def respond(ws: service.Workspace, question: str, conversation: Conversation,
            today: dt.date | None = None, generator=None, override: dict | None = None) -> dict:
    """One turn: parse (keeping the conversation's context), answer, cite. `override`
    ({"intent", "filters"}) is the user's correction of how the question was read."""
    from assistant.parse import parse_question

    shown_question = redact_text(ws, question)
    known_teams = sorted(service.distinct_values(ws.store)["team"])
    parsed = parse_question(question, today=today, previous=conversation.last_parse, known_teams=known_teams)
    if parsed.get("follow_up"):
        alone = parse_question(question, today=today, previous=None, known_teams=known_teams)
        words = parse_question(question, today=today, known_teams=known_teams, learned=False)  # its content words
        names_nothing = not any(alone["filters"].values()) and not alone.get("stance") and not alone.get("text")
        if names_nothing and ((alone.get("query") or "").strip() or (words.get("query") or "").strip()):
            parsed = alone  # "what's the weather?" after a question is a new question, not a follow-up
    if override:
        filters = {key: (override.get("filters") or {}).get(key) for key in parsed["filters"]}
        if filters.get("theme") and filters["theme"] not in FUNDAMENTALS:
            raise ValueError("unknown theme")
        parsed = dict(parsed, intent=override.get("intent") or parsed["intent"], filters=filters, corrected=True,
                      ambiguous=None)
        if parsed["intent"] not in ("search", "summary", "count", "compare", "language"):
            raise ValueError("unknown intent")
    if parsed.get("text"):
        parsed = dict(parsed, text=redact_text(ws, parsed["text"]))
    if parsed.get("query"):
        parsed = dict(parsed, query=redact_text(ws, parsed["query"]))
    answer = Answer()
    language = None
    answered = False
    try:
        if parsed["intent"] != "language" and RISK_SCORING.search(question):
            answer.say("I do not judge whether a child is at risk or safe: that is for the professionals who know "
                       "the child. I can show what audits recorded about risk assessment practice instead, "
                       "for example: how are risks assessed for children on protection plans?")
            answered = True
        elif parsed["intent"] == "language":
            from assistant.chat_language import answer_language, answer_term

            language = answer_language(ws, parsed, answer) or answer_term(ws, question, answer)
            answered = language is not None
            if not answered:
                answer.say("Paste the text to check after the question, in quotes, or name the word to look up.")
        elif parsed.get("ambiguous") and parsed["intent"] in ("search", "summary"):
            answered = answer_summary_and_findings(ws, parsed, answer)
        else:
            answered = HANDLERS[parsed["intent"]](ws, parsed, answer)
    except ValueError as error:  # a filter value the store cannot hold
        answer = Answer()
        answer.say(f"I could not read that: {error}.")
    if not answered and not answer.sentences:
        where = describe(parsed["filters"], FUNDAMENTALS.get(parsed["filters"].get("theme") or ""))
        answer.say(f"I could not find anything in the audit findings to answer that{' ' + where if where else ''}. "
                   + OUT_OF_SCOPE)
    draft = answer.as_text()
    served, rephrased = draft, False
    if generator is not None and answer.cited:
        from assistant.generator import rephrase_or_keep
        served, rephrased = rephrase_or_keep(generator, answer)
    turn = {"conversation_id": conversation.id, "question": shown_question, "intent": parsed["intent"],
            "filters": parsed["filters"], "ambiguous": parsed.get("ambiguous"), "parsed": parsed, "answered": answered, "answer": served,
            "rephrased": rephrased, "sentences": answer.sentences, "citations": list(answer.cited.values()),
            "notice": "Answers quote recorded practice in audited files; they never score risk to a child."}
    if language is not None:
        turn["language"] = language
    conversation.turns.append({"parsed": parsed, "question": shown_question, "answer": served, "turn": turn})
    return turn
