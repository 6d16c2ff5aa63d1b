"""The rules' reading of a question's intent, stance, comparison and query. The intent the
rules name is one input of the learned intent reader (assistant.parse.intent), and decides
alone whether a follow-up changes the conversation's intent."""
from __future__ import annotations

import re
from datetime import date

from assistant.parse.periods import _fmt, _month_index
from assistant.parse.tables import (CHANGE_OVER_TIME_RE, CHANGE_RE, COMPARATIVES, DIFFER_RE, HOW_ADJ_RE, LANGUAGE_TERM_RE, OTHERS_WORDS,
                                    QUERY_STOP,
                                    SAY_RE, STRONG_LANGUAGE_RE, YES_NO_RE, ANAPHORA_RE)
from assistant.parse.text import _spans

# --- reading one question ----------------------------------------------------------------

def _breakdown(doc) -> list:
    """"by team" asks for a breakdown; "by team managers" does not."""
    return [s for s in _spans(doc, "breakdown")
            if s.end >= len(doc) or doc[s.end].norm_ not in ("manager", "leader", "member", "meeting", "around")]


def _values(spans) -> list[str]:
    out = []
    for s in spans:
        if s.label_ not in out:
            out.append(s.label_)
    return out


def _stance(doc, exclude) -> str | None:
    found = set()
    for span in _spans(doc, "stance", exclude):
        prev = doc[span.start - 1].norm_ if span.start > 0 else ""
        if prev in ("how", "as") or (span.label_ == "strength" and span[0].norm_ == "clear" and prev == "is"):
            continue
        found.add(span.label_)
    return found.pop() if len(found) == 1 else None


def _intent(doc, pasted: str | None, intent_spans, theme_spans, legal, ratings, teams, periods,
            question: str = "") -> tuple[str | None, bool]:
    """(the intent the question names or None, whether it was named strongly enough to change
    the intent of a conversation). Order: language, compare, count, summary/search."""
    labels = [s.label_ for s in intent_spans]
    norms = [t.norm_ for t in doc]
    language = bool(_spans(doc, "language"))
    if pasted is not None and (language or not {"search", "search_weak"} & set(labels)):
        return "language", True
    if pasted is None and LANGUAGE_TERM_RE.search(question or doc.text):
        return "language", True  # a question about one word: "alternatives to 'robust'"
    if pasted is None and STRONG_LANGUAGE_RE.search(doc.text) and (
            not labels or any(w in norms for w in ("this", "following", "my", "below", "paragraph", "sentence"))):
        return "language", True
    if CHANGE_OVER_TIME_RE.search(question or doc.text):
        return "compare", True
    if "compare" in labels or DIFFER_RE.search(doc.text) or ("than" in norms and any(w in COMPARATIVES or w.endswith("er") for w in norms
                                                       if w != "than")):
        return "compare", True
    if "count" in labels:
        return "count", True
    if _breakdown(doc):
        return "compare", True
    choice = {"or", "and", "vs", "versus"} & set(norms) and set(norms) & COMPARATIVES
    if choice and any(len(v) >= 2 for v in (teams, legal, ratings, periods, theme_spans)):
        return "compare", True
    if CHANGE_RE.search(doc.text) and (periods or re.match(r"\s*(?:has|have|is|are|any)\b", doc.text, re.I)):
        return "compare", True
    for label in ("summary", "search"):
        if label in labels:
            return label, True
    if "summary_weak" in labels or SAY_RE.search(doc.text) or HOW_ADJ_RE.match(doc.text) or re.search(r"\bany good\s*[?.!]*\s*$", doc.text, re.I):
        return "summary", False
    if "search_weak" in labels:
        return "search", False
    if theme_spans and YES_NO_RE.match(doc.text):
        return "summary", False  # "Are plans SMART?", "Is recording timely in CiN?": a judgement over findings
    return None, False


def _compare(teams, legal, ratings, periods, themes, norms, breakdown: list[str], today: date) -> dict:
    """What a compare question compares: the first dimension with two or more values; or a
    period against what came after it (up to this month); or one value against the rest
    ("against": "rest"); or a breakdown ("which team...": "breakdown": true, no values)."""
    others = bool(OTHERS_WORDS & set(norms))
    for dimension, values in (("team", teams), ("legal_status", legal), ("rating", ratings)):
        if len(values) >= 2:
            return {"dimension": dimension, "values": values}
    if len(periods) >= 2:
        ordered = sorted(periods, key=lambda p: p["first"] if p["first"] is not None else -1)
        return {"dimension": "period", "values": [{"from": p["from"], "to": p["to"]} for p in ordered]}
    if len(themes) >= 2:
        return {"dimension": "theme", "values": themes}
    if periods and periods[0]["first"] is not None:
        p = periods[0]
        if not p.get("baseline") and p["open"] is None and p["last"] is not None and p["last"] > p["first"]:
            mid = (p["first"] + p["last"]) // 2  # change within one period: its first half against its second
            return {"dimension": "period", "values": [{"from": _fmt(p["first"]), "to": _fmt(mid)},
                                                      {"from": _fmt(mid + 1), "to": _fmt(p["last"])}]}
        now = _month_index((today.year, today.month))
        last = p["last"] if p["last"] is not None and p["open"] is None else p["first"]
        return {"dimension": "period", "values": [{"from": p["from"], "to": _fmt(last)},
                                                  {"from": _fmt(min(last + 1, now)), "to": _fmt(now)}]}
    for dimension, values in (("team", teams), ("legal_status", legal), ("rating", ratings)):
        if values and others:
            return {"dimension": dimension, "values": values[:1], "against": "rest"}
    if breakdown:
        return {"dimension": breakdown[0], "values": [], "breakdown": True}
    if CHANGE_RE.search(" ".join(norms)) or CHANGE_OVER_TIME_RE.search(" ".join(norms)):
        return {"dimension": "period", "values": []}
    return {"dimension": None, "values": []}


def _period_filter(periods, intent: str, today: date | None = None) -> tuple[str | None, str | None]:
    """The filter's span over the periods named. A compare against one period ("better than
    last year", "improved after Q1") runs from it to this month; a compare within one period
    ("changed over the past 12 months", "trend in 2019") keeps that period."""
    if not periods:
        return None, None
    p = periods[0]
    now = _fmt(_month_index((today.year, today.month))) if today else None
    if intent == "compare" and len(periods) == 1 and p["open"] is None and p.get("baseline"):
        return p["from"], now
    if intent == "compare" and len(periods) == 1 and p.get("after_first") is not None:
        return _fmt(p["after_first"]), p["to"]
    firsts = [p["first"] for p in periods]
    lasts = [p["last"] for p in periods]
    first = None if None in firsts else min(firsts)
    last = None if None in lasts else max(lasts)
    return _fmt(first), _fmt(last)


def _query(doc, consumed) -> str:
    blocked = {i for span in consumed for i in range(span.start, span.end)}
    words = [t.text for t in doc if t.i not in blocked and not t.is_space and t.norm_ not in QUERY_STOP and t.lower_ not in QUERY_STOP
             and t.text not in ("TEAMREF", "PERIODREF", "PASTED")]
    return " ".join(words)


def _is_follow_up(doc, question: str, intent: str | None, strong: bool, filters: dict) -> bool:
    """After a question, what is said builds on it ("and for CP?", "only concerns", "compare
    them", "show me the strengths") unless it stands on its own: it names its own intent and a
    theme, or its own intent and two filters, without opening like a follow-up."""
    if any(s.start == 0 for s in _spans(doc, "follow")) or ANAPHORA_RE.search(question):
        return True
    named = sum(filters[key] is not None for key in ("team", "legal_status", "rating", "from"))
    return not (intent and (filters["theme"] or (strong and named >= 2)))


