"""Read a chat question as an intent and filters, deterministically.

Why rules and not a model: the vocabulary is small and fixed (the taxonomy's ten practice
fundamentals, six legal statuses, four ratings, the teams in the store, calendar periods),
a QA officer must be able to see why a question was read the way it was, and the reading
has to be instant and identical on every run. So: tables of phrases (below) matched with
spaCy's PhraseMatcher on a blank English tokenizer, on a normalised form of each word
(lower case, plurals and possessives folded), plus regular expressions for periods,
resolved against `today` (dateparser reads exact dates).

The question is read in stages, each removing what it recognised so the next cannot
misread it: pasted text (language checks) -> team names -> periods -> phrase tables.
So "Cotterdale Assessment Team 3" is a team, not the `assessment` theme, and the jargon in
a pasted paragraph sets no filter.

Periods are whole audit months ("YYYY-MM"), never counting the current month as past:
"last three months" on 2019-12-01 is 2019-09..2019-11; "last month" the month before;
"this year" / "last year" / "in 2019" calendar years; "the last quarter" the calendar
quarter before the current one; "past 12 months" / "the past year" twelve whole months;
a bare month or quarter ("in November", "Q3", "since September") its most recent
occurrence not after today; seasons are the UK meteorological ones (spring Mar-May,
summer Jun-Aug, autumn Sep-Nov, winter Dec-Feb of the next year); "since P" is from P's
first month, open-ended; "before P" ends the month before P, "until P" at P's end;
financial years run April to March ("2019/20", "this financial year").

Compare questions: the compared values go to "compare" ({"dimension", "values"}) and their
filter slot stays empty, except periods, whose filters span the compared periods ("since
P" / "better than P": from P, open-ended; values P and what came after it, up to this
month). A single value against "other teams" / "the rest" stays in its filter slot and
compare says {"dimension", "values": [it], "against": "rest"}; "which team...", "by legal
status" give {"dimension", "values": [], "breakdown": true}.

Follow-ups: given `previous` (the last reading), a question builds on it unless it stands
on its own (names its own intent and a theme, or its own intent and two filters, and does
not open like a follow-up: "and...", "what about...", "same for...", "only...", or point
back: "compare them", "how many is that?"). It keeps the previous intent and filters and
replaces what it names; "replaced" records what it replaced, so "compare them" can set the
old value against the new. "across all teams" / "any time" clear a filter.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import dateparser
import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from assistant.narratives import normalise_legal_status, normalise_rating
from nlp.taxonomy import FUNDAMENTAL_SYNONYMS, FUNDAMENTALS

FILTER_KEYS = ("theme", "from", "to", "team", "legal_status", "rating")
INTENTS = ("search", "summary", "count", "compare", "language")
DEMO_NARRATIVES = Path(__file__).parent / "demo" / "narratives.jsonl"

# --- phrase tables (written naturally; plurals, case, hyphens and possessives are folded) ---

THEME_PHRASES: dict[str, list[str]] = {
    "risk": ["risk", "risk assessment", "risk management", "safety plan", "safety planning", "safeguarding",
             "harm", "significant harm", "strategy", "strategy meeting", "strategy discussion", "s47",
             "section 47", "s 47", "child protection enquiry", "exploitation", "cse", "cce", "county lines",
             "missing episode", "going missing", "go missing", "went missing", "goes missing", "missing from care", "missing from home", "domestic abuse", "domestic violence",
             "threshold", "neglect", "contextual safeguarding", "danger", "risky", "unsafe", "safety"],
    "assessment": ["assessment", "analysis", "analyses", "analytical", "single assessment", "assessment quality",
                   "understanding of need", "understanding the child", "hypothesis", "conceptualise",
                   "conceptualising", "parenting assessment", "family history", "history", "genogram", "ecomap",
                   "eco map", "needs analysis"],
    "planning": ["planning", "plan", "smart", "smart plan", "c smart", "care plan", "child plan",
                 "contingency plan", "contingency planning", "step down plan", "closure plan", "cin plan",
                 "child in need plan", "cp plan", "child protection plan", "plan outcome", "outcomes in plans",
                 "timescale", "action plan", "contingency", "contingency arrangement", "plan review"],
    "intervention": ["intervention", "visit", "visiting", "visited", "home visit", "statutory visit",
                     "direct work", "service", "support offered", "support provided", "impact of work",
                     "impact of the work", "life story work", "parenting support", "work with the family",
                     "family support"],
    "review": ["review", "reviewing", "drift", "delay", "drift and delay", "progress", "conference", "icpc",
               "rcpc", "review conference", "iro", "independent reviewing officer", "cp chair",
               "conference chair", "repeat referral", "re referral", "repeat plan", "lac review",
               "looked after review", "review meeting", "tracking", "timeliness of review", "delayed"],
    "oversight": ["oversight", "management oversight", "supervision", "supervisor", "manager grip", "grip",
                  "case direction", "sign off", "signed off", "management decision", "team manager",
                  "manager", "managerial", "management", "management challenge", "challenge and support",
                  "challenge from manager", "reflective supervision",
                  "management footprint", "head of service"],
    "recording": ["recording", "records", "case records", "case record", "case recording", "case note", "note", "chronology",
                  "case summary", "up to date record", "record keeping", "write up", "case file"],
    "relational": ["voice", "child voice", "voice of the child", "voice of child", "wishes and feelings",
                   "wish and feeling", "lived experience", "daily lived experience", "participation",
                   "relationship", "relationship based", "relationship based practice", "engagement",
                   "engaging", "father", "dad", "mother", "mum", "parent", "carer", "change of social worker",
                   "changes of worker", "seen alone", "child view", "wish", "feeling", "child wish", "view of the child", "views",
                   "what children say", "consistency of worker", "young person view", "child words"],
    "permanence": ["permanence", "permanence planning", "placement", "placement stability", "stability", "pathway planning", "transition planning", "placement move", "moves",
                   "living arrangement", "pathway plan", "transition", "transition to adulthood",
                   "accommodation", "foster", "fostering", "foster care", "residential", "matching",
                   "adoption", "long term fostering", "special guardianship", "sgo", "reunification",
                   "staying put", "independence", "independent living", "home for life", "family time",
                   "contact arrangement", "family time arrangement", "semi independent"],
    "partnership": ["partnership", "partnership working", "multi agency", "multiagency", "multi agency working",
                    "partner", "partner agency", "agency", "police", "health", "school", "education", "gp",
                    "health visitor", "core group", "core group meeting", "information sharing",
                    "sharing information", "mash", "camhs", "probation", "housing", "professional network",
                    "inter agency", "joint working", "nurse", "paediatrician", "teacher", "pep",
                    "personal education plan", "ehcp", "education health and care plan", "virtual school",
                    "health assessment", "dental check"],
}

LEGAL_STATUS_PHRASES: dict[str, list[str]] = {
    "CiC": ["cic", "cla", "lac", "child in care", "child looked after", "looked after", "looked after child",
            "in care", "young person in care", "cared for child", "in our care", "in the care of"],
    "CP": ["cp", "cpp", "child protection", "on a protection plan", "on protection plan", "protection plan",
           "on a child protection plan", "on child protection plan", "subject to a child protection plan",
           "subject to child protection plan", "on a cp plan", "on cp plan", "subject to a plan",
           "subject to a protection plan", "child protection case", "subject to child protection",
           "subject to child protection planning", "subject to cp planning", "on child protection planning",
           "subject to cp", "on a cp plan"],
    "CiN": ["cin", "child in need", "on a child in need plan", "on a cin plan", "on cin plan", "in need"],
    "care leaver": ["care leaver", "leaving care", "care experienced", "care experienced young person",
                    "care experienced adult", "left care", "post 18", "former relevant child", "16 plus",
                    "18 plus", "care leaving", "post 16"],
    "disabled children": ["disabled child", "disabled young person", "child with disability",
                          "child with a disability", "child with disabilities", "cwd", "disability",
                          "child with send", "disabled"],
    "assessment": ["at assessment", "assessment case", "assessment stage", "assessment only", "under assessment",
                   "being assessed", "open for assessment", "open to assessment", "at the assessment stage",
                   "single assessment case", "legal status assessment", "in the assessment phase",
                   "at assessment stage", "assessment audit"],
}

RATINGS = {"outstanding": "Outstanding", "good": "Good", "requires improvement": "Requires Improvement",
           "inadequate": "Inadequate"}
RATING_WORDS: dict[str, str] = {
    "outstanding": "Outstanding", "good": "Good", "inadequate": "Inadequate",
    "requires improvement": "Requires Improvement", "requiring improvement": "Requires Improvement",
    "require improvement": "Requires Improvement", "need improvement": "Requires Improvement",
    "needs improvement": "Requires Improvement", "ri": "Requires Improvement",
    "requires improvement to be good": "Requires Improvement",
}
RATING_ALWAYS = {"requires improvement", "requiring improvement", "require improvement", "ri",
                 "requires improvement to be good"}  # never anything but a grade
RATING_BEFORE = {"rated", "judged", "graded", "scored", "rating", "grade", "grading", "moderated", "as", "were",
                 "was", "audited", "assessed", "marked", "deemed"}  # "rated good", "judged as inadequate"
RATING_AFTER = {"audit", "case", "one", "rating", "rated", "grade", "graded", "file", "judgement", "judgment",
                "score", "outcome", "overall"}  # "inadequate audits", "good ones"
CONJUNCTIONS = {"and", "or", "vs", "versus", "v", ",", "/", "nor", "to"}

INTENT_PHRASES: dict[str, list[str]] = {
    "count": ["how many", "number of", "proportion", "percentage", "what share", "share of", "how often",
              "how frequently", "count", "%", "what fraction", "fraction of", "tally", "total number", "total",
              "per cent", "percent", "how much of", "how common", "ratio", "rate of", "how frequent", "split"],
    "compare": ["compare", "comparison", "compared", "comparing", "versus", "vs", "difference between",
                "differ", "different from", "better than", "worse than", "better or worse", "stronger than",
                "weaker than", "improved since", "improve since", "improving since", "changed since",
                "change since", "got better", "got worse", "relative to", "side by side", "deteriorated",
                "declined since", "against each other", "how does it compare", "contrast", "vary", "varies",
                "variation", "differ across", "any difference", "what difference", "the difference",
                "is there a difference", "difference in"],
    # a summary cue of this list wins over a search cue ("give me an overview")...
    "summary": ["summarise", "summarize", "summary", "sum up", "overview", "how are we doing", "how we are doing",
                "theme", "recurring", "key message", "key finding", "key issue", "key point", "key strength",
                "key concern", "key area", "headline", "tell me about", "picture", "pattern", "trend",
                "overall picture", "brief me", "gist", "what are the strength", "what are the concern",
                "what are the weakness", "what are the issue", "what are the problem", "what are the gap",
                "what are the area", "synopsis", "round up", "big picture", "rundown", "run down", "run through",
                "roundup", "what stands out", "look like", "looks like", "pull together", "key points",
                "what have we learn", "what did we learn", "what do we learn", "lessons learned", "lessons learnt",
                "which theme", "which area", "which fundamental", "which practice area", "what theme"],
    # ...a search cue of this list wins over a summary cue of the next ("show me the worst examples")
    "search": ["show", "find", "example", "quote", "list", "search", "look for", "pull out", "pull up", "extract",
               "fetch", "display", "can i see", "let me see", "like to see", "instance", "excerpt", "give example"],
    "summary_weak": ["how are we", "how well", "how good", "how strong", "how effective", "how is", "how are",
                     "common", "main", "what do we know", "what we know", "what does the audit",
                     "what do the audit", "tell us", "working well", "learning", "lesson", "learn", "learnt",
                     "state of", "top", "biggest", "weakest", "strongest", "in general", "what is the quality",
                     "what is working", "highlight", "going wrong", "going well", "gone wrong", "good enough",
                     "up to scratch", "up to standard", "story", "why", "where are we", "what is the position",
                     "how are thing", "how do thing", "quality of", "what is the", "what are our"],
    "search_weak": ["give me", "anything on", "anything about", "any finding", "where", "which case", "which finding",
                    "what did", "what has been found", "what was found", "i need", "i want", "evidence of",
                    "finding", "mention", "mentioning", "containing", "contain", "phrase", "the word", "the words",
                    "which audit", "what audit"],
}
STRONG_LANGUAGE_RE = re.compile(r"\b(jargon|readab\w*|plain english|plain language|reading age|rewrite|reword|"
                                r"rephrase|proofread|simplify|acronyms?)\b", re.I)
LANGUAGE_PHRASES = ["jargon", "readability", "readable", "plain english", "plain language", "clear", "clearer",
                    "reading age", "rewrite", "reword", "rephrase", "simplify", "simpler", "check this",
                    "check my", "check the following", "proofread", "acronym", "child friendly",
                    "family friendly", "make sense to", "understand", "easy to read", "capture the child voice",
                    "evidence the child voice", "show the child voice", "is this ok", "is this okay",
                    "does this", "is this", "check", "how would a", "accessible"]
STANCE_PHRASES: dict[str, list[str]] = {
    "strength": ["strength", "good practice", "good example", "went well", "working well", "done well", "well",
                 "positive", "strong", "strongest", "effective", "good", "best practice", "excellent",
                 "what worked", "success", "thorough", "clear", "improvement made", "praised",
                 "exemplary", "high quality", "timely"],
    "concern": ["concern", "weakness", "weak", "weakest", "poor", "gap", "issue", "problem", "not", "n't", "lack",
                "lacking", "missing", "inadequate", "late", "failure", "failed", "fail", "insufficient",
                "worry", "worrying", "shortfall", "area for improvement", "area for development",
                "need to improve", "needs to improve", "improve", "limited", "absent", "no evidence",
                "without", "unclear", "vague", "out of date", "behind", "slow", "drifting", "negative",
                "shortcoming", "deficit", "bad"],
}
FOLLOW_UP_STARTS = ["and", "what about", "how about", "same for", "same but", "same again", "same", "now",
                    "only", "just", "also", "but", "or", "then", "ok", "okay", "what if", "repeat for",
                    "do the same", "again", "now for", "and now", "excluding", "instead"]
CLEAR_PHRASES: dict[str, list[str]] = {  # "across all teams" drops a filter a follow-up would keep
    "team": ["all team", "any team", "every team", "across team", "whole service"],
    "period": ["all time", "any time", "whole period", "ever", "all period", "all date", "any date"],
    "legal_status": ["all legal status", "any legal status", "all case", "every case", "all child"],
    "rating": ["all rating", "any rating", "all grade", "regardless of rating"],
    "theme": ["all theme", "any theme", "everything", "all area", "all fundamental"],
    "stance": ["strengths and concerns", "strengths and weaknesses", "both", "good and bad"],
}
BREAKDOWN_PHRASES: dict[str, list[str]] = {  # "which team...", "by legal status": compare on that dimension
    "team": ["which team", "what team", "by team", "per team", "each team", "team by team", "between team",
             "best team", "worst team", "across the team", "compare team", "across team", "different team",
             "team compare", "all the team"],
    "legal_status": ["which legal status", "by legal status", "per legal status", "each legal status",
                     "which cohort", "which group of child", "legal statuses", "across legal status",
                     "different legal status", "across cohort"],
    "rating": ["by rating", "per rating", "each rating", "which rating", "by grade", "across rating", "across grade",
               "different rating", "rating band"],
    "period": ["over time", "month by month", "by month", "per month", "each month", "by quarter",
               "quarter by quarter", "year on year", "trend over", "which month", "which quarter", "which year",
               "what month"],
    "theme": ["by theme", "per theme", "each theme", "theme by theme"],
}
ANAPHORA_RE = re.compile(r"\b(?:that|those|these|them|it|this one|same)\s*[?.!]*\s*$|\b(?:of|in|for|with)\s+"
                         r"(?:those|these|them|that)\b|\bthe\s+same\b", re.I)
YES_NO_RE = re.compile(r"\s*(?:is|are|do|does|did|was|were|have|has|can|could)\b(?!\s+(?:there|we\s+have|you|i)\b)",
                       re.I)
DIFFER_RE = re.compile(r"\bdiffer\w*\b.*\bbetween\b|\bbetween\b.*\bdiffer", re.I)
CHANGE_RE = re.compile(r"\b(?:improved|improving|changed|changing|got better|got worse|getting better|"
                       r"getting worse|deteriorated|declined|slipped|any improvement|improvements? since|"
                       r"any change|progress since)\b", re.I)
HOW_ADJ_RE = re.compile(r"\s*how\s+(?!many\b|much\b|often\b|frequently\b|about\b|do\b|does\b|did\b|can\b|"
                        r"could\b|would\b|should\b|will\b)\w+", re.I)  # "how consistently...": a judgement
SAY_RE = re.compile(r"\bwhat\s+(?:do|does)\b.*\b(?:say|tell|show|reveal|suggest)\b", re.I)  # present tense: a synthesis
OTHERS_WORDS = {"other", "rest", "average", "overall", "everyone", "elsewhere", "others"}
COMPARATIVES = {"better", "worse", "stronger", "weaker", "more", "less", "fewer", "higher", "lower", "best",
                "worst", "which", "differ", "improved", "improving", "changed"}
QUERY_STOP = {"show", "me", "find", "finding", "findings", "example", "examples", "quote", "quotes", "any",
              "anything", "about", "on", "of", "for", "the", "a", "an", "in", "from", "to", "with", "that",
              "where", "which", "what", "audit", "audits", "case", "cases", "give", "list", "search", "some",
              "please", "there", "are", "is", "was", "were", "mention", "mentioning", "mentions", "talk",
              "talking", "say", "said", "did", "do", "does", "i", "need", "want", "can", "you", "see", "us",
              "let", "pull", "out", "up", "look", "and", "or", "by", "at", "only", "just", "all", "our", "we",
              "have", "has", "been", "found", "?", ".", ",", "!", ":", ";", "-", "'", '"', "teamref", "periodref"}

# --- periods --------------------------------------------------------------------------

_MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
YEAR = r"(?:19|20)\d\d"
NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty four": 24, "few": 3,
           "couple of": 2, "a couple of": 2, "several": 6}
NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few|couple of|several)"
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4, "last": 4}
DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)"
YR = rf"(?:(?P<y>{YEAR})|(?P<rel>last|this|previous|next)\s+year)"  # "Q4 2018", "October last year"

# one point in time: (regex, kind); each resolves to a (first month, last month) span
POINT_PATTERNS: list[tuple[str, str]] = [
    # relative to the mention before: "the 3 months before", "the same period last year"
    (rf"\b(?:the\s+)?(?:(?P<n>{NUM})\s+)?(?P<unit>month|quarter|year|period)s?\s+(?:before|prior|earlier)"
     rf"(?:\s+(?:that|then|it))?\b", "before_previous"),
    (r"\b(?:the\s+)?same\s+(?:period|time|months?|quarter)\s+(?:last\s+year|the\s+previous\s+year|a\s+year\s+"
     r"(?:before|earlier)|the\s+year\s+before)\b", "year_earlier"),
    (rf"\b\d{{1,2}}[/.]\d{{1,2}}[/.](?:{YEAR})\b", "date"),
    (rf"\b{DAY}{MONTH}\s+{YEAR}\b", "date"),
    (rf"\b(?:fy\s*)?(?P<fy1>{YEAR})\s*[/-]\s*(?P<fy2>\d\d)\b(?!-)", "fy_numeric"),
    (rf"\b(?P<y>{YEAR})-(?P<m>0?[1-9]|1[0-2])\b", "numeric_month"),
    (rf"\b(?P<m>0?[1-9]|1[0-2])/(?P<y>{YEAR})\b", "numeric_month"),
    (rf"\b(?:the\s+)?(?P<which>this|current|last|previous|past)\s+financial\s+year\b", "fy_relative"),
    (rf"\b(?:the\s+)?(?P<n>{NUM})\s+months?\s+(?:to|up\s+to|ending(?:\s+in)?|until)\s+(?P<mon>{MONTH})"
     rf"(?:\s+(?P<y>{YEAR}))?\b", "months_to"),
    (rf"\b(?:the\s+)?(?P<half>first|second|1st|2nd)\s+half(?:\s+(?:of\s+)?{YR})?\b", "half"),
    (rf"\bh(?P<h>[12])(?:\s+(?:of\s+)?{YR})?\b", "half"),
    (rf"\b(?P<y>{YEAR})\s*[-/]?\s*q(?P<q>[1-4])\b", "quarter"),
    (rf"\bq(?P<q>[1-4])(?:\s+(?:of\s+)?{YR})?\b", "quarter"),
    (rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)\s+quarter"
     rf"(?:\s+(?:of\s+)?{YR})?\b", "quarter"),
    (rf"\b(?:(?P<lead>last|this)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{YR})?\b", "season"),
    (rf"\b{DAY}?(?P<mon>{MONTH})\.?(?:\s+(?:of\s+)?|\s*[-']\s*)(?:(?P<y>{YEAR}|\d\d(?!\d))|"
     rf"(?P<rel>last|this|previous|next)\s+year)\b", "month_year"),
    (rf"\b(?:the\s+)?(?:last|past|previous|preceding|prior)\s+(?P<n>{NUM})\s+(?P<unit>month|year|quarter|week)s?\b",
     "last_n"),
    (r"\b(?:the\s+)?(?:last|past|previous|preceding)\s+(?P<unit>twelve months|year|month|quarter|week)\b",
     "last_one"),
    (r"\b(?:so\s+far\s+)?(?:this|the\s+current|current)\s+(?P<unit>month|quarter|year)(?:\s+so\s+far)?\b",
     "this"),
    (r"\b(?:year\s+to\s+date|ytd|the\s+start\s+of\s+the\s+year|start\s+of\s+(?:the\s+)?year|"
     r"beginning\s+of\s+(?:the\s+)?year)\b", "ytd"),
    (r"\b(?:now|today|date|the\s+present|present|the\s+present\s+day)\b", "now"),
    (rf"\b(?P<y>{YEAR})\b", "year"),
    (rf"(?<![\w-])(?:(?P<lead>last|this)\s+)?{DAY}?(?P<mon>{MONTH})\b\.?", "month"),
]
RANGE_JOIN = r"\s*(?:to|until|till|through|thru|and|-|–|—)\s*"


def _month_index(ym: tuple[int, int]) -> int:
    return ym[0] * 12 + ym[1] - 1


def _ym(index: int) -> tuple[int, int]:
    return index // 12, index % 12 + 1


def _fmt(index: int | None) -> str | None:
    if index is None:
        return None
    y, m = _ym(index)
    return f"{y:04d}-{m:02d}"


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBERS.get(word, 3)


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if value < 100 else value


class _Clock:
    """What a period mention is resolved against: today, and the year the mention names
    (its own, "last year", or borrowed from a later mention)."""

    def __init__(self, today: date, g: dict, year_hint: int | None):
        self.today, self.g = today, g
        self.now = _month_index((today.year, today.month))
        rel = (g.get("rel") or "").lower()
        offset = {"last": -1, "previous": -1, "this": 0, "next": 1}.get(rel)
        self.year = _year_of(g.get("y")) or (today.year + offset if offset is not None else year_hint)

    def recent(self, first_month: int, length: int) -> tuple[int, int]:
        """The most recent span starting at first_month (1..12) whose start is not after today;
        "last summer" in July is the summer before; "this May" is this year's."""
        today, year = self.today, self.year
        y = year if year else (today.year if first_month <= today.month else today.year - 1)
        lead = (self.g.get("lead") or "").lower()
        if not year and lead == "this":
            y = today.year
        elif not year and lead == "last" and _month_index((y, first_month)) + length - 1 >= self.now:
            y -= 1
        start = _month_index((y, first_month))
        return start, start + length - 1

    def quarter_start(self) -> int:
        return self.now - (self.today.month - 1) % 3


def _month_number(name: str) -> int:
    return _MONTH_NAMES.index(name[:3].lower()) + 1


def _exact_date(c: _Clock, m: re.Match):
    parsed = dateparser.parse(m.group(0), settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past",
                                                    "RELATIVE_BASE": datetime(c.today.year, c.today.month, c.today.day)})
    return None if parsed is None else (_month_index((parsed.year, parsed.month)),) * 2


def _financial_year(c: _Clock, m: re.Match):
    if m.groupdict().get("fy1"):
        start_year = int(c.g["fy1"])
    else:
        start_year = c.today.year if c.today.month >= 4 else c.today.year - 1
        start_year -= c.g["which"].lower() in ("last", "previous", "past")
    start = _month_index((start_year, 4))
    return start, start + 11


def _last_n(c: _Clock, m: re.Match):
    """"last three months", "past 12 months", "the last quarter" (the calendar quarter before
    this one), "last year" (the calendar year before), "the past year" (twelve months)."""
    n = _number(c.g["n"]) if c.g.get("n") else 1
    unit = c.g["unit"].lower()
    if unit == "twelve months":
        n, unit = 12, "month"
    if unit == "year" and not c.g.get("n") and not re.search(r"\bpast\b", m.group(0), re.I):
        return _month_index((c.today.year - 1, 1)), _month_index((c.today.year - 1, 12))
    if unit == "quarter":
        return c.quarter_start() - 3 * n, c.quarter_start() - 1
    months = {"month": n, "year": 12 * n, "week": max(1, round(n / 4.3))}[unit]
    return c.now - months, c.now - 1


def _this(c: _Clock, m: re.Match):
    unit = c.g["unit"].lower()
    if unit == "month":
        return c.now, c.now
    # "this quarter/year" means so far: the months after today hold no audits yet
    if unit == "quarter":
        return c.quarter_start(), c.now
    return _month_index((c.today.year, 1)), c.now


def _months_to(c: _Clock, m: re.Match):
    end = c.recent(_month_number(c.g["mon"]), 1)[0]
    return end - _number(c.g["n"]) + 1, end


def _half(c: _Clock, m: re.Match):
    first_half = (c.g.get("half") or "").lower() in ("first", "1st") or c.g.get("h") == "1"
    return c.recent(1 if first_half else 7, 6)


def _quarter(c: _Clock, m: re.Match):
    q = int(c.g["q"]) if c.g.get("q") else ORDINAL_Q[c.g["ord"].lower()]
    return c.recent(3 * q - 2, 3)


def _year(c: _Clock, m: re.Match):
    start = _month_index((c.year, 1))
    return start, start + 11


def _month_of_year(c: _Clock, m: re.Match):
    index = _month_index((c.year, _month_number(c.g["mon"])))
    return index, index


def _numeric_month(c: _Clock, m: re.Match):
    index = _month_index((int(c.g["y"]), int(c.g["m"])))
    return index, index


RESOLVERS = {  # kind -> (clock, match) -> (first month index, last month index or None)
    "date": _exact_date,
    "fy_numeric": _financial_year,
    "fy_relative": _financial_year,
    "numeric_month": _numeric_month,
    "months_to": _months_to,
    "half": _half,
    "quarter": _quarter,
    "season": lambda c, m: c.recent(SEASONS[c.g["season"].lower()], 3),
    "month_year": _month_of_year,
    "month": lambda c, m: c.recent(_month_number(c.g["mon"]), 1),
    "year": _year,
    "last_n": _last_n,
    "last_one": _last_n,
    "this": _this,
    "now": lambda c, m: (c.now, c.now),
    "ytd": lambda c, m: (_month_index((c.today.year, 1)), None),
}


def _resolve(kind: str, m: re.Match, today: date, year_hint: int | None) -> tuple[int, int | None] | None:
    """(first month index, last month index) for one period mention."""
    return RESOLVERS[kind](_Clock(today, m.groupdict(), year_hint), m)


def _allowed(kind: str, m: re.Match, text: str) -> bool:
    """Bare month names and years only where they read as dates ("may" the verb, "March" the verb)."""
    before = text[:m.start()].lower()
    prep = re.search(r"\b(in|during|since|for|from|to|until|till|between|and|of|by|before|after|over|"
                     r"versus|vs|with|than|or|compare|through|throughout|across)\s+(?:the\s+month\s+of\s+)?$", before)
    if kind == "fy_numeric":
        return (int(m.group("fy1")) + 1) % 100 == int(m.group("fy2"))
    if kind == "now":  # "October to now", "up to date" is not a period
        return bool(re.search(r"\b(?:to|until|till|through)\s*$", before)) and \
            not re.search(r"\bup\s+to\s*$", before) or bool(re.search(r"\bup\s+to\s+(?:now|today)\b",
                                                                       text[m.start() - 6:m.end()], re.I))
    if kind == "month":
        name = m.group("mon").lower()
        if m.group("lead") and (name != "may" or m.group("mon") == "May"):
            return True
        if name in ("may", "mar", "march", "jan", "dec", "sep", "oct", "nov", "aug", "jun", "jul", "apr", "feb"):
            return bool(prep) or bool(re.match(r"\s*(?:to|and|-|–|versus|vs|or|onwards?)\b", text[m.end():], re.I))
        return True
    return True


def _find_mentions(text: str, today: date) -> list[dict]:
    """Every period mention, left to right, without overlaps; a mention without a year borrows
    the year of the next mention that has one ("September versus October 2019")."""
    taken: list[tuple[int, int]] = []
    raw = []
    for pattern, kind in POINT_PATTERNS:
        for m in re.finditer(pattern, text, re.I):
            if any(m.start() < e and s < m.end() for s, e in taken) or not _allowed(kind, m, text):
                continue
            taken.append((m.start(), m.end()))
            raw.append((m, kind))
    raw.sort(key=lambda item: item[0].start())
    mentions = []
    for i, (m, kind) in enumerate(raw):
        hint = None
        if kind in ("month", "quarter", "season", "half") and not m.groupdict().get("y") \
                and not m.groupdict().get("rel"):
            for later, later_kind in raw[i + 1:]:
                y = later.groupdict().get("y")
                if later_kind in ("month_year", "quarter", "season", "year") and y:
                    hint = _year_of(y)
                    break
        if kind in ("before_previous", "year_earlier"):
            if not mentions or mentions[-1]["span"][1] is None:
                continue
            span = _relative_to(mentions[-1]["span"], kind, m.groupdict())
        else:
            span = _resolve(kind, m, today, hint)
        if span is not None:
            mentions.append({"start": m.start(), "end": m.end(), "span": list(span), "kind": kind})
    return mentions


def _relative_to(previous: list[int], kind: str, g: dict) -> tuple[int, int]:
    first, last = previous
    if kind == "year_earlier":
        return first - 12, last - 12
    unit = g["unit"].lower()
    months = (last - first + 1) if unit == "period" else {"month": 1, "quarter": 3, "year": 12}[unit]
    months *= _number(g["n"]) if g.get("n") else 1
    return first - months, first - 1


def _join_ranges(text: str, mentions: list[dict]) -> list[dict]:
    """"between September and November 2019", "from Sept to Nov": two mentions joined by to/and
    become one period; a start month later than its end belongs to the year before."""
    out: list[dict] = []
    i = 0
    while i < len(mentions):
        cur = dict(mentions[i])
        if i + 1 < len(mentions):
            nxt = mentions[i + 1]
            gap = text[cur["end"]:nxt["start"]]
            before = text[:cur["start"]].lower()
            joined = re.fullmatch(RANGE_JOIN, gap, re.I)
            is_and = gap.strip().lower() == "and"
            if joined and (not is_and or re.search(r"\bbetween\s*$", before)):
                first, last = cur["span"][0], nxt["span"][1] if nxt["span"][1] is not None else nxt["span"][0]
                if first > last and cur["kind"] == "month":
                    first -= 12
                out.append({"start": cur["start"], "end": nxt["end"], "span": [first, last], "kind": "range",
                            "parts": [[first, cur["span"][1] if cur["span"][1] is not None else first],
                                      [nxt["span"][0], last]] if is_and else None})
                i += 2
                continue
        out.append(cur)
        i += 1
    return out


def _open_ends(text: str, periods: list[dict]) -> None:
    """since/after/from...onwards open the end; before/until open the start."""
    for p in periods:
        before, after = text[:p["start"]], text[p["end"]:]
        first, last = p["span"]
        if re.search(r"\bafter\s*$", before, re.I):
            p["span"] = [(last if last is not None else first) + 1, None]
            p["open"] = "since"
        elif re.search(r"\bsince\s*(?:the\s+)?(?:start\s+of\s+|beginning\s+of\s+)?$", before, re.I):
            p["span"] = [first, None]
            p["open"] = "since"
        elif re.match(r"\s*(?:onwards?|and\s+after|and\s+later)\b", after, re.I):
            p["span"] = [first, None]
            p["open"] = "since"
        elif re.search(r"\b(?:before|prior\s+to)\s*$", before, re.I):
            p["span"] = [None, first - 1]
            p["open"] = "before"
        elif re.search(r"\b(?:until|till|up\s+to|up\s+until|to\s+the\s+end\s+of|by|no\s+later\s+than)\s*$", before, re.I):
            p["span"] = [None, last]
            p["open"] = "before"
        if p["kind"] == "ytd" and "open" not in p:
            p["open"] = "since"


ELLIPSIS_RE = re.compile(r"\b(first|second|third|1st|2nd|3rd)\s+(and|&|or|vs\.?|versus|to)\s+(?:the\s+)?"
                         r"(second|third|fourth|final|2nd|3rd|4th)\s+(half|quarter)s?\b", re.I)


def find_periods(text: str, today: date) -> tuple[list[dict], str]:
    """The periods a question names (each {"from", "to", "open"}) and the text with them cut out."""
    text = ELLIPSIS_RE.sub(lambda m: f"{m[1]} {m[4]} {m[2]} {m[3]} {m[4]}", text)  # "first and second half of"
    periods = _join_ranges(text, _find_mentions(text, today))
    _open_ends(text, periods)
    for p in sorted(periods, key=lambda p: -p["start"]):
        cut_start = p["start"]
        lead = re.search(r"\b(?:since|after|before|until|till|up\s+to|prior\s+to|during|between|from|in|for|over|"
                         r"throughout|by)\s+(?:the\s+(?:start|beginning|end)\s+of\s+)?(?:the\s+month\s+of\s+)?$",
                         text[:cut_start], re.I)
        if lead:
            cut_start = lead.start()
        tail = re.match(r"\s*(?:onwards?)\b", text[p["end"]:], re.I)
        cut_end = p["end"] + (tail.end() if tail else 0)
        text = text[:cut_start] + " PERIODREF " + text[cut_end:]
    result = [{"from": _fmt(p["span"][0]), "to": _fmt(p["span"][1]), "open": p.get("open"),
               "first": p["span"][0], "last": p["span"][1], "parts": p.get("parts")} for p in periods]
    return result, text


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
    """Known teams named in short: "the Kestrel Brook team", "Wrenford CiC team". The words
    before "team"/"hub" must all belong to exactly one known team and include a word of its
    own (a place name), so "the CP team" names none."""
    known = {team: _team_tokens(team) for team in known_teams}
    out = []
    for anchor in re.finditer(r"\b(?:team|hub)\b(?:\s+(\d+)\b)?", text, re.I):
        words = list(re.finditer(r"[\w'’]+", text[:anchor.start()]))
        for k in range(min(5, len(words)), 0, -1):
            window = words[-k:]
            tokens = _team_tokens(" ".join(w.group(0) for w in window))
            if not tokens - TEAM_GENERIC_WORDS:
                continue
            number = anchor.group(1)
            matches = [team for team, toks in known.items()
                       if tokens <= toks and (number is None or number in toks)]
            if len(matches) == 1:
                out.append((window[0].start(), anchor.end(), matches[0]))
                break
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


def _intent(doc, pasted: str | None, intent_spans, theme_spans, legal, ratings, teams, periods) -> tuple[str | None, bool]:
    """(the intent the question names or None, whether it was named strongly enough to change
    the intent of a conversation). Order: language, compare, count, summary/search."""
    labels = [s.label_ for s in intent_spans]
    norms = [t.norm_ for t in doc]
    language = bool(_spans(doc, "language"))
    if pasted is not None and (language or not {"search", "search_weak"} & set(labels)):
        return "language", True
    if pasted is None and STRONG_LANGUAGE_RE.search(doc.text) and (
            not labels or any(w in norms for w in ("this", "following", "my", "below", "paragraph", "sentence"))):
        return "language", True
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
        now = _month_index((today.year, today.month))
        last = p["last"] if p["last"] is not None and p["open"] is None else p["first"]
        return {"dimension": "period", "values": [{"from": p["from"], "to": _fmt(last)},
                                                  {"from": _fmt(min(last + 1, now)), "to": _fmt(now)}]}
    for dimension, values in (("team", teams), ("legal_status", legal), ("rating", ratings)):
        if values and others:
            return {"dimension": dimension, "values": values[:1], "against": "rest"}
    if breakdown:
        return {"dimension": breakdown[0], "values": [], "breakdown": True}
    if CHANGE_RE.search(" ".join(norms)):
        return {"dimension": "period", "values": []}
    return {"dimension": None, "values": []}


def _period_filter(periods, intent: str) -> tuple[str | None, str | None]:
    if not periods:
        return None, None
    if intent == "compare" and len(periods) == 1 and periods[0]["open"] is None:
        return periods[0]["from"], None  # "better than last year": from then on
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


def parse_question(question: str, today: date | None = None, previous: dict | None = None,
                   known_teams: list[str] | None = None) -> dict:
    """question -> {"intent", "filters", "stance", "query", "text", "follow_up", "compare"}."""
    today = today or date.today()
    pasted, rest = extract_pasted(question)
    teams, rest = find_teams(rest, known_teams)
    periods, rest = find_periods(rest, today)
    doc = make_doc(rest)

    legal_spans = _spans(doc, "legal_status")
    rating_spans = _rating_spans(doc, legal_spans)
    theme_spans = _spans(doc, "theme", legal_spans + rating_spans)
    intent_spans = _spans(doc, "intent", legal_spans + rating_spans)
    legal = [normalise_legal_status(v) for v in _values(legal_spans)]
    ratings = [RATINGS[normalise_rating(v)] for v in _values(rating_spans)]
    themes = _values(theme_spans)

    named_intent, strong = _intent(doc, pasted, intent_spans, themes, legal, ratings, teams, periods)
    intent = named_intent or "search"
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
    }
    if intent == "compare":
        if len(periods) == 1 and periods[0].get("parts") and periods[0]["open"] is None:
            periods = [{"from": _fmt(a), "to": _fmt(b), "first": a, "last": b, "open": None}
                       for a, b in periods[0]["parts"]]  # "between Q2 and Q3": two periods to compare
        result["filters"]["from"], result["filters"]["to"] = _period_filter(periods, intent)
        result["compare"] = _compare(teams, legal, ratings, periods, themes, [t.norm_ for t in doc],
                                     _values(_breakdown(doc)), today)
        dimension = result["compare"]["dimension"]
        if dimension in ("team", "legal_status", "rating", "theme") and len(result["compare"]["values"]) > 1:
            result["filters"][dimension] = None
    else:
        result["filters"]["from"], result["filters"]["to"] = _period_filter(periods, intent)
    if intent == "language":
        result["filters"] = dict.fromkeys(FILTER_KEYS)
        return result
    if previous and _is_follow_up(doc, question, named_intent, strong, result["filters"]):
        return _merge(previous, result, named_intent if strong else None, doc, periods)
    return result


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
