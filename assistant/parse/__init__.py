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
quarter before the current one; "past 12 months" / "the past year" / "over the last year"
twelve whole months;
a bare month or quarter ("in November", "Q3", "since September") its most recent
occurrence not after today; seasons are the UK meteorological ones (spring Mar-May,
summer Jun-Aug, autumn Sep-Nov, winter Dec-Feb of the next year); a period that runs up to
now ("since P", "after P", "P onwards", "since the new year", "so far") ends at this month,
as users mean it (the same filter on a store with nothing dated after today); "the last N
months" stays N whole months before this one; "before P" ends the month before P, "until P" at P's end;
financial years run April to March ("2019/20", "this financial year").

Compare questions: the compared values go to "compare" ({"dimension", "values"}) and their
filter slot stays empty, except periods, whose filters span the compared periods ("since
P" / "better than P" / "improved after P": from P to this month; values P and what came
after it; a change within one period, "changed over the past 12 months": that period, its
first half against its second). A change over time ("are X increasing", "trend in X",
"getting worse") is a compare. A single value against "other teams" / "the rest" stays in its filter slot and
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

from assistant.parse.periods import find_periods
from assistant.parse.reader import parse_question
from assistant.parse.tables import FILTER_KEYS, INTENTS
from assistant.parse.text import demo_teams, extract_pasted, find_teams, make_doc, norm_word

__all__ = ["FILTER_KEYS", "INTENTS", "demo_teams", "extract_pasted", "find_periods", "find_teams", "make_doc",
           "norm_word", "parse_question"]
