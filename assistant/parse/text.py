"""Filters read from the words: pasted text, team names, and the phrase matchers (themes,
legal statuses, ratings, intent cues) over a normalised blank-English tokenisation."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from assistant.parse.tables import (BREAKDOWN_PHRASES, CLEAR_PHRASES, CONJUNCTIONS, FOLLOW_UP_STARTS,
                                    INTENT_PHRASES, LANGUAGE_PHRASES, LEGAL_STATUS_PHRASES, NOT_THEME_PHRASES, RATING_AFTER,
                                    RATING_ALWAYS, RATING_BEFORE, RATING_WORDS, STANCE_PHRASES, THEME_PHRASES)
from nlp.taxonomy import FUNDAMENTAL_SYNONYMS, FUNDAMENTALS

DEMO_NARRATIVES = Path(__file__).resolve().parent.parent / "demo" / "narratives.jsonl"

# --- pasted text and teams -------------------------------------------------------------

QUOTE_RE = re.compile(r"\"([^\"]+)\"|\u201c([^\u201d]+)\u201d|\u2018([^\u2019]+)\u2019(?!\w)|(?<!\w)'(.+?)'(?!\w)", re.S)
_CHECK_CUES = (r"this|following|jargon|clear|readab\w*|plain|rewrite|reword|rephrase|simplify|check|proofread|"
               r"understandable|accessible")
COLON_CUE_RE = re.compile(rf"^(?P<head>[^:]{{0,120}}?\b(?:{_CHECK_CUES}|sentence|paragraph|text|wording|note|voice)\b"
                          rf"[^:]*?):\s*(?P<body>\S.*)$", re.I | re.S)
DASH_CUE_RE = re.compile(rf"^(?P<head>[^?]{{0,120}}?\b(?:{_CHECK_CUES})\b[^?]*?)(?:\s[-–—]\s|\?)\s*"
                         rf"(?P<body>[A-Z].*)$", re.S)


def extract_pasted(question: str) -> tuple[str | None, str]:
    """Pasted text: a quotation of three words or more, or what follows a colon after a request
    to check something. Returns (pasted text or None, question without it)."""
    for m in QUOTE_RE.finditer(question):
        body = next(g for g in m.groups() if g is not None).strip()
        if len(body.split()) >= 3:
            return body, (question[:m.start()] + " PASTED " + question[m.end():]).strip()
    for pattern in (COLON_CUE_RE, DASH_CUE_RE):
        m = pattern.match(question.strip())
        if m and len(m.group("body").split()) >= 4:
            return m.group("body").strip(), m.group("head") + " PASTED"
    return None, question


TEAM_WORD = r"(?:[A-Z][\w'’&]*(?:-[A-Z][\w'’&]*)*)"
GENERIC_TEAM_RE = re.compile(rf"\b(?:{TEAM_WORD}\s+(?:(?:in|and|of|for|&)\s+)?)+(?:Team|Hub|Unit)(?:\s+(?:\d+|[A-Z])\b)?")
TEAM_LEAD_STOP = {"show", "find", "compare", "how", "what", "which", "summarise", "summarize", "give", "list", "tell",
                  "is", "are", "was", "were", "does", "do", "did", "has", "have", "any", "anything", "overview",
                  "summary", "count", "number", "and", "for", "in", "the", "from", "at", "by", "with", "about",
                  "on", "of", "me", "search", "where", "why", "when", "who", "only", "same", "versus", "vs",
                  "what's", "can", "could", "please", "i", "between", "difference", "headlines", "key",
                  "examples", "quotes", "findings", "audits", "cases", "all", "our", "&", "to", "against",
                  "or", "than", "now", "just", "also", "then", "but", "so", "ok", "okay", "look", "pull"}


def _team_regex(team: str) -> re.Pattern:
    words = [re.escape(w).replace("'", "['’]?").replace("’", "['’]?") for w in team.split()]
    return re.compile(r"(?<![\w])(?:the\s+)?" + r"\s+".join(words) + r"(?![\w])", re.I)


TEAM_ALIASES = [(r"children\W?s in care|children in care|looked after children|looked after|lac|cla", "cic"),
                (r"child protection", "cp"), (r"children in need|child in need", "cin"),
                (r"dct|cwd", "disabled children"),
                (r"children\W?s|childrens", "children")]
TEAM_GENERIC_WORDS = {"cp", "cin", "cic", "assessment", "team", "hub", "children", "care", "leaving", "disabled",
                      "youth", "support", "family", "early", "help", "in", "of", "and", "the", "service", "unit",
                      "safeguarding", "fostering", "adoption", "duty", "front", "door"}


def _team_tokens(name: str) -> set[str]:
    name = name.lower()
    for pattern, alias in TEAM_ALIASES:
        name = re.sub(rf"\b(?:{pattern})\b", alias, name)
    return set(re.findall(r"[a-z0-9]+", name)) - {"the", "a"}


def _short_team_mentions(text: str, known_teams: list[str]) -> list[tuple[int, int, str]]:
    """Known teams named in short: "the Kestrel Brook team", "Wrenford CiC team", "the CP
    team", "leaving care team". The words before "team"/"hub" must all belong to exactly one
    known team; words that are all generic ("CP", "leaving care") name a team where they are
    the whole kind of exactly one known team (with two assessment teams, "the assessment team"
    names none; "Edge of Care team" is not the leaving care team)
    and nothing but spaces separates them ("children in care, team by team" names none)."""
    known = {team: _team_tokens(team) for team in known_teams}
    out = []
    for anchor in re.finditer(r"\b(?:team|hub)\b(?:\s+(\d+)\b)?", text, re.I):
        words = list(re.finditer(r"[\w'’]+", text[:anchor.start()]))
        for k in range(min(5, len(words)), 0, -1):
            window = words[-k:]
            tokens = _team_tokens(" ".join(w.group(0) for w in window))
            number = anchor.group(1)
            if not tokens - TEAM_GENERIC_WORDS:  # a kind alone: it must be the whole kind of one team
                kind = tokens - {"team", "hub", "the"}
                if not kind or re.search(r"[^\w\s'’]", text[window[0].start():anchor.start()]):
                    continue
                if window[0].group(0).lower() == "the":
                    window = window[1:]
                matches = [team for team in known if _kind(team) == kind and (number is None or number in known[team])]
            else:
                matches = [team for team, toks in known.items()
                           if tokens <= toks and (number is None or number in toks)]
            if len(matches) == 1:
                out.append((window[0].start(), anchor.end(), matches[0]))
                break
    return out


def _kind(team: str) -> set[str]:
    """A team's kind: its words after the place, as tokens ({"leaving", "care"}, {"cp"})."""
    return {t for t in _team_tokens(team) - _team_tokens(_place(team)) - {"team", "hub", "unit"} if not t.isdigit()}


def _place(team: str) -> str:
    """A team's place: its words before the first generic one ("Kestrel Brook" of "Kestrel
    Brook Assessment Team")."""
    words = []
    for word in team.split():
        if _team_tokens(word) <= TEAM_GENERIC_WORDS:
            break
        words.append(word)
    return " ".join(words)


def _place_kind_mentions(text: str, known_teams: list[str]) -> list[tuple[int, int, str]]:
    """A team named by its place and kind without "team" ("Wrenford CiC", "harrowfield cp",
    "Wrenford leaving care", "Oakhurst DCT"): the words after the place are all generic and
    belong to exactly one of that place's teams; then they are not also a legal status."""
    by_place: dict[str, list[str]] = {}
    for team in known_teams:
        if _place(team):
            by_place.setdefault(_place(team).lower(), []).append(team)
    out = []
    for place, teams in by_place.items():
        pattern = (r"(?<![\w])" + r"\s+".join(map(re.escape, place.split())) +
                   r"(?:['’]s)?(?=((?:\s+[\w'’]+){1,4}))")  # a look-ahead: "Harrowfield CP vs Harrowfield CiN"
        for m in re.finditer(pattern, text, re.I):
            words = list(re.finditer(r"[\w'’]+", m.group(1)))
            for k in range(len(words), 0, -1):
                tokens = _team_tokens(" ".join(w.group(0) for w in words[:k]))
                if not tokens or tokens - TEAM_GENERIC_WORDS or not tokens - {"the", "and", "of", "in"}:
                    continue
                matches = [team for team in teams if tokens <= _team_tokens(team)]
                if len(matches) == 1:
                    out.append((m.start(), m.start(1) + words[k - 1].end(), matches[0]))
                    break
    return out


def _place_mentions(text: str, known_teams: list[str]) -> list[tuple[int, int, str]]:
    """A team named by its place alone ("in Milbury", "oakhurst's audits"), where the place
    belongs to exactly one known team (so "Harrowfield", with two teams, names none)."""
    by_place: dict[str, list[str]] = {}
    for team in known_teams:
        place = _place(team)
        if place:
            by_place.setdefault(place.lower(), []).append(team)
    out = []
    for place, teams in by_place.items():
        if len(teams) != 1:
            continue
        pattern = r"(?<![\w])" + r"\s+".join(map(re.escape, place.split())) + r"(?:['’]s)?(?![\w])"
        out += [(m.start(), m.end(), teams[0]) for m in re.finditer(pattern, text, re.I)]
    return out


def find_teams(text: str, known_teams: list[str] | None) -> tuple[list[str], str]:
    """Teams named in the text (as spelt in known_teams, else as written), left to right, and
    the text with each replaced by a placeholder."""
    found: list[tuple[int, str]] = []
    for team in sorted(known_teams or [], key=len, reverse=True):
        for m in _team_regex(team).finditer(text):
            found.append((m.start(), team))
            text = text[:m.start()] + " TEAMREF" + " " * (m.end() - m.start() - 8) + text[m.end():]
    for start, end, team in _short_team_mentions(text, known_teams or []):
        found.append((start, team))
        text = text[:start] + " TEAMREF" + " " * (end - start - 8) + text[end:]
    for start, end, team in sorted(_place_kind_mentions(text, known_teams or []), reverse=True):
        found.append((start, team))
        text = text[:start] + " TEAMREF" + " " * (end - start - 8) + text[end:]
    for start, end, team in sorted(_place_mentions(text, known_teams or []), reverse=True):
        found.append((start, team))
        text = text[:start] + " TEAMREF " + text[end:]
    for m in GENERIC_TEAM_RE.finditer(text):
        words = m.group(0).split()
        while words and (words[0].lower() in TEAM_LEAD_STOP or words[0] == "TEAMREF"):
            words.pop(0)
        if len(words) < 2 or words[0] in ("Team", "Hub", "Unit"):
            continue
        name = " ".join(words)
        start = m.start() + m.group(0).rfind(name) if name in m.group(0) else m.start()
        found.append((start, name))
        text = text[:start] + " TEAMREF" + " " * (len(name) - 8) + text[start + len(name):]
    found.sort()
    teams = []
    for _, team in found:
        if team not in teams:
            teams.append(team)
    return teams, text


@lru_cache(maxsize=1)
def demo_teams() -> tuple[str, ...]:
    """Team names of the packaged demo corpus: what the parser knows when no store is open."""
    teams = set()
    for line in DEMO_NARRATIVES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            team = json.loads(line).get("team")
            if team:
                teams.add(team)
    return tuple(sorted(teams))


# --- the phrase matchers -----------------------------------------------------------------

IRREGULAR = {"records": "records", "children": "child", "people": "person", "analyses": "analysis", "n't": "not", "lives": "life",
             "wives": "wife", "men": "man", "women": "woman", "dads": "dad", "mums": "mum", "was": "was",
             "does": "does", "has": "has", "is": "is", "its": "its", "this": "this", "us": "us", "views": "views"}


def norm_word(word: str) -> str:
    """Lower case, singular: the form both questions and phrase tables are matched in."""
    w = word.lower().replace("’", "'")
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("sses") or w.endswith(("ches", "shes", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def clean_for_matching(text: str) -> str:
    """Fold what the tokenizer would split differently: hyphens between letters, possessives, 's."""
    text = text.replace("’", "'").replace("‘", "'")
    text = re.sub(r"\b(what|where|how|who|it|that|there|here)'s\b", r"\1 is", text, flags=re.I)
    text = re.sub(r"\bs(?:ection)?\s?\.?\s?47\b", "s47", text, flags=re.I)
    text = re.sub(r"\b(16|18)\s?\+", r"\1 plus", text)
    text = re.sub(r"(?<=\w)'re\b", " are", text)
    text = re.sub(r"(?<=\w)'ve\b", " have", text)
    text = re.sub(r"(?<=\w)'m\b", " am", text)
    text = re.sub(r"(?<=\w)'s\b", "", text)
    text = re.sub(r"(?<=s)'(?=\s|$|[?.,!])", "", text)
    text = re.sub(r"(?<=[A-Za-z])[-–/](?=[A-Za-z])", " ", text)
    return text


@lru_cache(maxsize=1)
def _nlp():
    return spacy.blank("en")


def make_doc(text: str):
    doc = _nlp().make_doc(clean_for_matching(text))
    for token in doc:
        token.norm_ = norm_word(token.text)
    return doc


def _table_matcher(table: dict[str, list[str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(_nlp().vocab, attr="NORM")
    for label, phrases in table.items():
        matcher.add(label, [make_doc(p) for p in phrases])
    return matcher


@lru_cache(maxsize=1)
def matchers() -> dict[str, PhraseMatcher]:
    themes = {k: list(v) for k, v in THEME_PHRASES.items()}
    for phrase, fundamental in FUNDAMENTAL_SYNONYMS.items():
        themes[fundamental].append(phrase)
    for fundamental in FUNDAMENTALS:
        themes[fundamental].append(fundamental)
    themes["_none"] = list(NOT_THEME_PHRASES)
    return {
        "theme": _table_matcher(themes),
        "legal_status": _table_matcher(LEGAL_STATUS_PHRASES),
        "rating": _table_matcher({v: [k] for k, v in RATING_WORDS.items()} | {
            "Requires Improvement": [k for k, v in RATING_WORDS.items() if v == "Requires Improvement"]}),
        "intent": _table_matcher(INTENT_PHRASES),
        "language": _table_matcher({"language": LANGUAGE_PHRASES}),
        "stance": _table_matcher(STANCE_PHRASES),
        "follow": _table_matcher({"follow": FOLLOW_UP_STARTS}),
        "clear": _table_matcher(CLEAR_PHRASES),
        "breakdown": _table_matcher(BREAKDOWN_PHRASES),
    }


def _spans(doc, name: str, exclude: list | None = None) -> list:
    """Longest non-overlapping matches of one table, in question order, skipping excluded tokens."""
    blocked = {i for span in (exclude or []) for i in range(span.start, span.end)}
    found = [Span(doc, s, e, label=label) for label, s, e in matchers()[name](doc)]
    found = [s for s in found if not blocked.intersection(range(s.start, s.end))]
    return sorted(filter_spans(found), key=lambda s: s.start)


def _rating_spans(doc, legal_spans=()) -> list:
    """Grade words that are grades: "RI" always, "good"/"inadequate"/"outstanding" beside a
    grading word ("rated good", "inadequate audits") or joined to another grade by and/or."""
    spans = _spans(doc, "rating")
    norms = [t.norm_ for t in doc]

    def in_context(span) -> bool:
        if span.text.lower().replace("-", " ") in RATING_ALWAYS or span[0].norm_ in RATING_ALWAYS:
            return True
        before = span.start
        while before > 0 and norms[before - 1] in ("to", "be", "as", "being", "been"):
            before -= 1  # "judged to be inadequate", "rated as good"
        prev = norms[before - 1] if before > 0 else ""
        prev2 = norms[before - 2] if before > 1 else ""
        after = span.end
        while after < len(doc) and any(s.start <= after < s.end for s in legal_spans):
            after += 1  # "inadequate CP audits"
        nxt = norms[after] if after < len(doc) else ""
        direct = norms[span.start - 1] if span.start > 0 else ""
        return prev in RATING_BEFORE or direct in RATING_BEFORE or (prev == "as" and prev2 in RATING_BEFORE) \
            or nxt in RATING_AFTER

    kept = {s.start for s in spans if in_context(s)}
    changed = True
    while changed:
        changed = False
        for a, b in zip(spans, spans[1:]):
            between = {t.norm_ for t in doc[a.end:b.start]}
            if between <= CONJUNCTIONS and between and (a.start in kept) != (b.start in kept):
                kept |= {a.start, b.start}
                changed = True
    return [s for s in spans if s.start in kept]


