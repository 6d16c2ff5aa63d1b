"""The chat assistant: a question is read into an intent and filters (assistant.parse), then
answered from the store, short, extractive and cited.

Every answer sentence carries the ids of the findings it rests on; figures are counts over
stored findings and quotes are stored (redacted) finding texts. Nothing is generated
unless a council configures a generator, and then only a rephrasing that can be matched
back to the cited findings is served (assistant.generator).
"""
from __future__ import annotations

import datetime as dt
import re
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from assistant import service
from assistant.themes import RATINGS, filter_mask, resolve_theme, stance_counts
from index.search import Filters, tokenize
from nlp.taxonomy import FUNDAMENTALS

MAX_CITED = 5
MAX_QUOTES = 3
RELEVANCE_FLOOR = 0.35  # dense cosine below which, with no shared word, a search found nothing
OUT_OF_SCOPE = ("I can only answer from the audit findings held here, and I do not assess risk to "
                "any child. Try asking about a practice theme, a team, a period or a legal status.")


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


# -- shaping ---------------------------------------------------------------------------------
def citation(row) -> dict:
    """What a citation shows, and where it opens in context."""
    return {"finding_id": row["id"], "narrative_id": row["narrative_id"], "month": row.get("date") or None,
            "team": row.get("team") or None, "text": row["text"],
            "url": f"/narratives/{row['narrative_id']}/view?finding={row.get('position', 0)}#finding-{row.get('position', 0)}"}


class Answer:
    """Sentences, each with the findings it rests on."""

    def __init__(self):
        self.sentences: list[dict] = []
        self.cited: dict[str, dict] = {}

    def say(self, text: str, rows: list[dict] = ()) -> None:
        for row in rows:
            self.cited.setdefault(row["id"], citation(row))
        self.sentences.append({"text": text, "citations": [r["id"] for r in rows]})

    def quote(self, row: dict, lead: str = "") -> None:
        where = ", ".join(x for x in (row.get("date"), row.get("team")) if x)
        self.say(f"{lead}\"{row['text']}\" ({where})" if where else f"{lead}\"{row['text']}\"", [row])

    def extend(self, other: "Answer", sentences: list[dict]) -> None:
        """Append sentences of another answer with their citations."""
        for sentence in sentences:
            for fid in sentence["citations"]:
                self.cited.setdefault(fid, other.cited[fid])
            self.sentences.append(dict(sentence))

    def as_text(self) -> str:
        order = {fid: n for n, fid in enumerate(self.cited, 1)}
        return " ".join(s["text"] + "".join(f" [{order[c]}]" for c in s["citations"]) for s in self.sentences)


def describe(parsed_filters: dict, theme_name: str | None = None, of_audits: bool = False) -> str:
    """The slice in words, as the answer's first sentence says it ("of_audits": the noun
    before it is already "audits")."""
    parts = []
    if of_audits and parsed_filters.get("rating"):
        parts.append(f"rated {parsed_filters['rating'].lower()}")
    if theme_name:
        parts.append(f"on {theme_name.lower()}")
    if parsed_filters.get("legal_status"):
        parts.append(f"for {LEGAL_STATUS_WORDS.get(parsed_filters['legal_status'], parsed_filters['legal_status'])}")
    if parsed_filters.get("team"):
        parts.append(f"in {parsed_filters['team']}")
    if parsed_filters.get("rating") and not of_audits:
        parts.append(f"in audits rated {parsed_filters['rating'].lower()}")
    start, end = parsed_filters.get("from"), parsed_filters.get("to")
    if start and end:
        parts.append(f"in {month_words(start)}" if start == end else f"from {month_words(start)} to {month_words(end)}")
    elif start:
        parts.append(f"since {month_words(start)}")
    elif end:
        parts.append(f"up to {month_words(end)}")
    return " ".join(parts)


LEGAL_STATUS_WORDS = {"CiN": "children in need", "CP": "children on protection plans", "CiC": "children in care",
                      "care leaver": "care leavers", "assessment": "children being assessed",
                      "disabled children": "disabled children"}


def month_words(month: str) -> str:
    try:
        return dt.datetime.strptime(month, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return month


def to_filters(parsed_filters: dict, with_theme: bool = True, stance: str | None = None) -> Filters:
    theme = parsed_filters.get("theme") if with_theme else None
    return service.make_filters(parsed_filters.get("from"), parsed_filters.get("to"), parsed_filters.get("team"),
                                None, parsed_filters.get("legal_status"), parsed_filters.get("rating"),
                                theme, stance)


def count_of(n: int, word: str) -> str:
    """ "1 audit", "2 audits" (the words used here all take an s, "strength" and "concern" included)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


RISK_SCORING = re.compile(
    r"\b(?:is|are|was|will)\b[^?.]{0,60}\b(?:at risk|in danger|safe|likely to be (?:harmed|hurt|abused))\b|"
    r"\brisk (?:score|rating|level) (?:of|for)\b|\bhow (?:risky|dangerous|at risk)\b|\bscore (?:the )?risk\b", re.I)


def _rows(frame) -> list[dict]:
    return frame.to_dict("records")


# -- intents ---------------------------------------------------------------------------------
def answer_search(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = FUNDAMENTALS.get(f.get("theme") or "")
    query = (parsed.get("query") or "").strip() or theme or ""
    if not query:
        return False
    stance = parsed.get("stance")
    filters = service.resolve_case(to_filters(f, stance=stance), service.distinct_values(ws.store))
    hits = service.search(ws, query, 10, "hybrid", filters)
    if not hits and f.get("theme"):  # the label may be missing where the words are there
        filters = service.resolve_case(to_filters(f, with_theme=False, stance=stance), service.distinct_values(ws.store))
        hits = service.search(ws, query, 10, "hybrid", filters)
    hits = relevant(ws, query, hits)
    if not hits:
        return False
    where = describe(f, None)
    answer.say(f"The closest findings for: {query}{' (' + where + ')' if where else ''}.", [])
    for hit in hits[:MAX_QUOTES]:
        answer.quote(hit, "")
    if len(hits) > MAX_QUOTES:
        answer.say(f"{len(hits) - MAX_QUOTES} more related findings are listed below.", hits[MAX_QUOTES:])
    return True


def relevant(ws: service.Workspace, query: str, hits: list[dict]) -> list[dict]:
    """The hits that share at least half the question's words (or a term the thesaurus adds
    for them), or are close in meaning (the question is embedded once, only if needed)."""
    asked = set(tokenize(query))
    added = set(tokenize(ws.searcher.expand(query))) - asked
    kept, unsure = [], []
    for hit in hits:
        words = set(tokenize(hit["text"]))
        shares = asked and (len(asked & words) >= len(asked) / 2 or added & words)
        (kept if shares else unsure).append(hit)
    if unsure:
        vector = np.asarray(ws.embedder([query]), dtype=np.float32)[0]
        vector = vector / (np.linalg.norm(vector) or 1)
        corpus = ws.corpus()
        row_of = {fid: n for n, fid in enumerate(corpus.frame["id"])}
        kept += [h for h in unsure if h["id"] in row_of
                 and float(corpus.vectors[row_of[h["id"]]] @ vector) >= RELEVANCE_FLOOR]
    order = {h["id"]: n for n, h in enumerate(hits)}
    return sorted(kept, key=lambda h: order[h["id"]])


def slice_rows(ws: service.Workspace, f: dict, stance: str | None = None):
    """The findings a count or comparison is about: theme and filters applied."""
    corpus = ws.corpus()
    filters = service.resolve_case(to_filters(f, stance=stance), service.distinct_values(ws.store))
    mask = filter_mask(corpus, filters, filters.date_from, filters.date_to)
    return corpus.frame[mask]


def answer_count(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = FUNDAMENTALS.get(f.get("theme") or "")
    rows = slice_rows(ws, f, parsed.get("stance"))
    where = describe(f, theme)
    if not len(rows):
        answer.say(f"I found no audit findings {where or 'at all'}.", [])
        return True
    counts = stance_counts(rows)
    examples = _rows(rows.drop_duplicates("narrative_id").head(MAX_CITED))
    if theme or parsed.get("stance"):
        noun = {"concern": "concerns", "strength": "strengths"}.get(parsed.get("stance"), "findings")
        noun = noun[:-1] if counts["findings"] == 1 else noun
        answer.say(f"There {'is' if counts['findings'] == 1 else 'are'} {counts['findings']} {noun} {where} in "
                   f"{count_of(counts['narratives'], 'audit')}.".replace("  ", " "), examples)
        if not parsed.get("stance"):
            answer.say(f"Of these, {count_of(counts['concern'], 'concern')}, {count_of(counts['strength'], 'strength')} "
                       f"and {counts['neutral']} neutral.", examples)
    else:
        audits = rows.drop_duplicates("narrative_id")
        by_rating = audits["rating"].value_counts()
        where = describe(f, None, of_audits=True)
        answer.say(f"{count_of(counts['narratives'], 'audit')} {where}".rstrip() +
                   f" {'holds' if counts['narratives'] == 1 else 'hold'} {count_of(counts['findings'], 'finding')}.", examples)
        rated = ", ".join(f"{int(by_rating.get(r, 0))} {r.lower()}" for r in RATINGS if by_rating.get(r, 0))
        if rated and not f.get("rating"):
            answer.say(f"Ratings: {rated}.", examples)
    return True


def answer_summary(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = f.get("theme") or (parsed.get("query") or "").strip()
    if not theme:
        return False
    result = service.theme_summary(ws, theme, to_filters(f, with_theme=False))
    counts = result["counts"]
    if not counts["findings"]:
        return False
    by_id = {r["id"]: r for r in _rows(ws.corpus().frame[ws.corpus().frame["id"].isin(result["finding_ids"][:2000])])}
    examples = [by_id[i] for i in result["finding_ids"][:MAX_CITED] if i in by_id]
    name = result["theme"]["name"]
    answer.say(f"On {name.lower()} {describe(dict(f, theme=None))}".rstrip() +
               f", {count_of(counts['findings'], 'finding')} from {count_of(counts['narratives'], 'audit')}: "
               f"{count_of(counts['concern'], 'concern')} and {count_of(counts['strength'], 'strength')}.", examples)
    if result["change"]:
        share = result["change"]["concern_share"] * 100
        direction = "up" if share > 0 else "down" if share < 0 else "unchanged"
        before = result["previous"]
        answer.say(f"The share of concerns is {direction}"
                   f"{f' by {abs(share):.0f} points' if direction != 'unchanged' else ''} on the previous period "
                   f"({month_words(before['from'])} to {month_words(before['to'])}, "
                   f"{count_of(before['counts']['findings'], 'finding')}).", examples)
    for key, lead in (("concern_clusters", "A recurring concern"), ("strength_clusters", "A recurring strength")):
        if result[key]:
            cluster = result[key][0]
            quote = cluster["quotes"][0]
            row = {"id": quote["finding_id"], "narrative_id": quote["narrative_id"], "date": quote["month"],
                   "team": quote["team"], "text": quote["text"],
                   "position": by_id.get(quote["finding_id"], {}).get("position", 0)}
            phrases = ", ".join(cluster["key_phrases"][:3])
            answer.quote(row, f"{lead} ({count_of(cluster['size'], 'finding')}{'; ' + phrases if phrases else ''}): ")
    return True


def answer_compare(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    f = parsed["filters"]
    theme = FUNDAMENTALS.get(f.get("theme") or "")
    sides = compare_sides(parsed)
    if len(sides) < 2:
        return False
    shares = []
    for label, side in sides:
        rows = slice_rows(ws, side, parsed.get("stance"))
        counts = stance_counts(rows)
        share = counts["concern"] / counts["findings"] if counts["findings"] else 0.0
        shares.append((label, share, counts["findings"]))
        answer.say(f"{label}: {count_of(counts['findings'], 'finding')}{' on ' + theme.lower() if theme else ''} from "
                   f"{count_of(counts['narratives'], 'audit')}, {count_of(counts['concern'], 'concern')} ({share:.0%}) "
                   f"and {count_of(counts['strength'], 'strength')}.", _rows(rows.drop_duplicates("narrative_id").head(3)))
    held = [s for s in shares if s[2]]
    if len(held) >= 2:
        worst = max(held, key=lambda s: s[1])
        best = min(held, key=lambda s: s[1])
        if worst[1] != best[1]:
            answer.say(f"The share of concerns is highest for {worst[0]} and lowest for {best[0]}.", [])
    return True


def compare_sides(parsed: dict) -> list[tuple[str, dict]]:
    """(label, filters) for each side: what the parser named, or this period against the one before."""
    f = dict(parsed["filters"])
    spec = parsed.get("compare") or {}
    dimension, values = spec.get("dimension"), spec.get("values") or []
    key = {"period": None, "team": "team", "legal_status": "legal_status", "rating": "rating",
           "theme": "theme"}.get(dimension or "")
    sides = []
    if key and len(values) >= 2:
        for value in values:
            label = FUNDAMENTALS.get(value, value) if key == "theme" else str(value)
            sides.append((label, dict(f, **{key: value})))
        return sides
    if dimension == "period" and len(values) >= 2:
        for value in values:
            start, end = (value.get("from"), value.get("to")) if isinstance(value, dict) else (value, value)
            label = month_words(start) if start == end else f"{month_words(start)} to {month_words(end)}"
            sides.append((label, dict(f, **{"from": start, "to": end})))
        return sides
    if f.get("from"):  # this period against the one before it
        from assistant.themes import previous_period
        before = previous_period(f["from"], f.get("to"), [])
        if before and f.get("to"):
            return [(f"{month_words(before[0])} to {month_words(before[1])}", dict(f, **{"from": before[0], "to": before[1]})),
                    (f"{month_words(f['from'])} to {month_words(f['to'])}", f)]
    return sides


def answer_summary_and_findings(ws: service.Workspace, parsed: dict, answer: Answer) -> bool:
    """A question the intent reader could not place between a summary and a search ("what did
    audits find about contingency plans?"): rather than guess one, the summary and then the
    closest findings, each cited."""
    summarised = answer_summary(ws, dict(parsed, intent="summary"), answer)
    shown = set(answer.cited)
    found = Answer()
    searched = answer_search(ws, dict(parsed, intent="search"), found)
    if searched:
        fresh = [s for s in found.sentences[1:] if not set(s["citations"]) <= shown]
        if fresh:
            answer.extend(found, [found.sentences[0]] + fresh)
    return summarised or searched


# -- the turn ----------------------------------------------------------------------------------
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


def redact_text(ws: service.Workspace, text: str) -> str:
    """Questions can carry names; nothing the product echoes or keeps is raw. A question is
    too short for the redactor's context rules ("Is Kayden Pike at risk?" has no verb of
    speech), so capitalised runs of uncommon words that are not team names go too."""
    if not text.strip():
        return text
    from nlp.redact import redact_alone

    redacted, _ = redact_alone(ws.nlp, text)
    teams = " ".join(service.distinct_values(ws.store)["team"]).lower().split()
    return redact_uncommon_capitalised(redacted, set(teams))


CAPITALISED_RUN = re.compile(r"(?<![\w\[-])[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)*")


def redact_uncommon_capitalised(text: str, keep_words: set[str]) -> str:
    from wordfreq import zipf_frequency

    def uncommon(word: str) -> bool:
        return (word.lower() not in keep_words and word.lower() not in KNOWN_WORDS
                and zipf_frequency(word.lower().strip("'’"), "en") < 3.5)

    def replace(match: re.Match) -> str:
        words = match.group(0).split()
        if not any(uncommon(w) for w in words):
            return match.group(0)
        # the uncommon words and the capitalised words joined to them are one name
        out = [w if not uncommon(w) and (n == 0 or n == len(words) - 1 and not uncommon(words[n - 1])) else "[NAME]"
               for n, w in enumerate(words)]
        return re.sub(r"\[NAME\](?:\s+\[NAME\])+", "[NAME]", " ".join(out))
    return CAPITALISED_RUN.sub(replace, text)


KNOWN_WORDS = {m.lower() for m in ("January February March April May June July August September October November "
                                   "December Ofsted Annex").split()}
