"""parse_question: a question (and the conversation's last reading) -> intent and filters."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from assistant.narratives import normalise_legal_status, normalise_rating
from assistant.parse.periods import _fmt, find_periods
from assistant.parse.rules import (_breakdown, _compare, _intent, _is_follow_up, _period_filter, _query,
                                   _stance, _values)
from assistant.parse.intent import decide, intent_scores
from assistant.parse.tables import FILTER_KEYS, LEGAL_MODIFIED_NOUNS, RATING_RANGE_RE, RATINGS
from assistant.parse.text import _rating_spans, _spans, extract_pasted, find_teams, make_doc

@dataclass
class Reading:
    """What the deterministic stages found in one question, before any intent is chosen."""
    question: str
    pasted: str | None
    teams: list
    periods: list
    doc: object
    legal_spans: list
    rating_spans: list
    theme_spans: list
    intent_spans: list
    legal: list
    ratings: list
    themes: list
    named_intent: str | None  # the intent the rules name, if any
    strong: bool  # named strongly enough to change a conversation's intent


def read_stages(question: str, today: date, known_teams: list[str] | None) -> Reading:
    """Pasted text -> teams -> periods -> phrase tables, each stage removing what it read."""
    pasted, rest = extract_pasted(question)
    teams, rest = find_teams(rest, known_teams)
    periods, rest = find_periods(rest, today)
    doc = make_doc(rest)
    legal_spans = _population_first(doc, _spans(doc, "legal_status"))
    rating_spans = _rating_spans(doc, legal_spans)
    theme_spans = _object_over_verb([s for s in _spans(doc, "theme", legal_spans + rating_spans) if s.label_ != "_none"])
    intent_spans = _spans(doc, "intent", legal_spans + rating_spans)
    legal = [normalise_legal_status(v) for v in _values(legal_spans)]
    ratings = [RATINGS[normalise_rating(v)] for v in _values(rating_spans)]
    themes = _values(theme_spans)
    named, strong = _intent(doc, pasted, intent_spans, themes, legal, ratings, teams, periods, question)
    return Reading(question, pasted, teams, periods, doc, legal_spans, rating_spans, theme_spans, intent_spans,
                   legal, ratings, themes, named, strong)


def _object_over_verb(spans: list) -> list:
    """"better at recording wishes and feelings": recording is the verb, its object the theme."""
    return [s for n, s in enumerate(spans) if not (s.label_ == "recording" and s[0].norm_ in ("recording", "record")
                                                    and n + 1 < len(spans) and spans[n + 1].start == s.end)]


def _population_first(doc, spans: list) -> list:
    """Where one legal status qualifies a noun ("CP plans", "CP conference chairs") and another
    names the children ("for children in care"), the children's status is the filter."""
    def modifier(span) -> bool:
        return span.end < len(doc) and doc[span.end].norm_ in LEGAL_MODIFIED_NOUNS
    labels = {normalise_legal_status(s.label_) for s in spans}
    population = [s for s in spans if not modifier(s)]
    if len(labels) < 2 or not population or len(population) == len(spans):
        return spans
    return population


def parse_question(question: str, today: date | None = None, previous: dict | None = None,
                   known_teams: list[str] | None = None, learned: bool = True) -> dict:
    """question -> {"intent", "filters", "stance", "query", "text", "follow_up", "compare",
    "intent_scores", "ambiguous"}. A question on its own has its intent read by the learned
    reader (assistant.parse.intent); a follow-up changes the conversation's intent only where
    the rules name one strongly. `learned=False` reads every intent by the rules alone."""
    today = today or date.today()
    r = read_stages(question, today, known_teams)
    by_rules, periods = _shape(r, r.named_intent or "search", today)
    if previous and by_rules["intent"] != "language" and \
            _is_follow_up(r.doc, question, r.named_intent, r.strong, by_rules["filters"]):
        return _merge(previous, by_rules, r.named_intent if r.strong else None, r.doc, periods)
    if not learned:
        return by_rules
    scores = intent_scores(r)
    intent, ambiguous = decide(r, scores)
    result = by_rules if intent == by_rules["intent"] else _shape(r, intent, today)[0]
    result["intent_scores"], result["ambiguous"] = scores, ambiguous
    if ambiguous and not result["query"]:  # answered as both: the search half needs its words
        result["query"] = _shape(r, "search", today)[0]["query"]
    return result


def _shape(r: Reading, intent: str, today: date) -> tuple[dict, list]:
    """The reading for one intent (a compare moves the compared values out of the filters)."""
    pasted, teams, periods, doc = r.pasted, r.teams, r.periods, r.doc
    legal_spans, rating_spans, intent_spans = r.legal_spans, r.rating_spans, r.intent_spans
    legal, ratings, themes = r.legal, r.ratings, r.themes
    stance = _stance(doc, legal_spans + rating_spans) if intent != "language" else None
    result = {
        "intent": intent,
        "filters": {"theme": themes[0] if themes else None, "from": None, "to": None,
                    "team": teams[0] if teams else None, "legal_status": legal[0] if legal else None,
                    "rating": ratings[0] if ratings else None},
        "stance": stance,
        "query": " ".join(filter(None, [_query(doc, legal_spans + rating_spans + intent_spans), pasted]))
                 if intent == "search" else "",
        "text": pasted if intent == "language" else None,
        "follow_up": False,
        "compare": None,
        "intent_scores": None,
        "ambiguous": None,
    }
    if intent == "compare":
        if len(periods) == 1 and periods[0].get("parts") and periods[0]["open"] is None:
            periods = [{"from": _fmt(a), "to": _fmt(b), "first": a, "last": b, "open": None, "baseline": False}
                       for a, b in periods[0]["parts"]]  # "between Q2 and Q3": two periods to compare
        result["filters"]["from"], result["filters"]["to"] = _period_filter(periods, intent, today)
        result["compare"] = _compare(teams, legal, ratings, periods, themes, [t.norm_ for t in doc],
                                     _values(_breakdown(doc)), today)
        dimension = result["compare"]["dimension"]
        if dimension in ("team", "legal_status", "rating", "theme") and len(result["compare"]["values"]) > 1:
            result["filters"][dimension] = None
    else:
        result["filters"]["from"], result["filters"]["to"] = _period_filter(periods, intent, today)
    if intent != "compare" and (len(ratings) > 1 or RATING_RANGE_RE.search(doc.text)):
        result["filters"]["rating"] = None  # "graded Good or Outstanding", "Good or better": not one grade
    if intent == "language":
        result["filters"] = dict.fromkeys(FILTER_KEYS)
    return result, periods


def _merge(previous: dict, new: dict, named_intent: str | None, doc, periods) -> dict:
    """A follow-up keeps the previous reading and replaces only what it names."""
    merged = json.loads(json.dumps(previous))
    merged["follow_up"] = True
    merged["text"] = None
    merged["replaced"] = {}  # what this turn replaced, so "compare them" can set old against new
    cleared = {s.label_ for s in _spans(doc, "clear")}
    if named_intent:
        merged["intent"] = named_intent
    filters = merged["filters"]
    for key in ("theme", "team", "legal_status", "rating"):
        if new["filters"][key] is not None:
            if filters[key] not in (None, new["filters"][key]):
                merged["replaced"][key] = filters[key]
            filters[key] = new["filters"][key]
        elif key in cleared:
            filters[key] = None
    if periods:
        if filters["from"] or filters["to"]:
            merged["replaced"]["period"] = {"from": filters["from"], "to": filters["to"]}
        filters["from"], filters["to"] = new["filters"]["from"], new["filters"]["to"]
    elif "period" in cleared:
        filters["from"] = filters["to"] = None
    if new["stance"] is not None:
        merged["stance"] = new["stance"]
    elif "stance" in cleared:
        merged["stance"] = None
    if new["query"] and merged["intent"] == "search" and new["filters"]["theme"] is not None:
        merged["query"] = new["query"]
    if merged["intent"] == "compare" and new["compare"] and len(new["compare"]["values"]) > 1:
        merged["compare"] = new["compare"]
        if new["compare"]["dimension"] in filters:
            filters[new["compare"]["dimension"]] = None
    elif merged["intent"] == "compare":
        merged["compare"] = (_compare_with_previous(previous["filters"], new, periods)
                             or _compare_replaced(previous) or merged.get("compare"))
        if merged["compare"] and merged["compare"]["dimension"] in filters:
            filters[merged["compare"]["dimension"]] = None
    return merged


def _compare_replaced(previous: dict) -> dict | None:
    """"compare them" after "now the Thornley team": the value replaced against its replacement."""
    for key, old in (previous.get("replaced") or {}).items():
        if key == "period":
            now = {"from": previous["filters"]["from"], "to": previous["filters"]["to"]}
            return {"dimension": "period", "values": [old, now]}
        return {"dimension": key, "values": [old, previous["filters"][key]]}
    return None


def _compare_with_previous(before: dict, new: dict, periods) -> dict | None:
    """"and how does that compare with CP?": the previous value against the one now named."""
    for key in ("team", "legal_status", "rating", "theme"):
        value = new["filters"][key]
        if value is not None and before.get(key) not in (None, value):
            return {"dimension": key, "values": [before[key], value]}
    if periods and before.get("from") and (before.get("from"), before.get("to")) != \
            (new["filters"]["from"], new["filters"]["to"]):
        return {"dimension": "period", "values": [{"from": before["from"], "to": before.get("to")},
                                                  {"from": periods[0]["from"], "to": periods[0]["to"]}]}
    return None
