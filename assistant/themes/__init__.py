"""Theme summaries: what the findings on one practice fundamental (or a free-text theme) say
for a slice of audits, tabulated the way QA reports tabulate them.

Everything is extractive: figures are counts over stored findings, and every quote is a
stored (redacted) finding text with its id, so a reader can open it in context.

Speed: the store is read once per revision into columns (`Corpus`); a summary is then
boolean masks, group-bys and one clustering. Clustering fits on at most CLUSTER_SAMPLE
findings and assigns the rest to the nearest centre, so its cost grows linearly with
the slice.
"""
from __future__ import annotations

from assistant.themes.corpus import (EXPLICIT_ACTION, RATING_ORDER, RATINGS, RECOMMENDATION, SHOWN_RATING,
                                     STANCE_KEYS, Corpus)
from assistant.themes.select import (FREE_TEXT_WITH_WORD, FREE_TEXT_WITHOUT_WORD, filter_mask, previous_period,
                                     resolve_theme, theme_mask)
from assistant.themes.tables import quote, rating_table, stance_counts, trend_by_month
from assistant.themes.clusters import CLUSTER_SAMPLE, PLACEHOLDER, QUOTES_PER_CLUSTER, clusters, key_phrases, mmr
from assistant.themes.sections import (TEAM_CONCERN_THRESHOLD, by_fundamental, child_voice, language, moderation,
                                       recommendations, teams_with_concerns, what_good_looks_like)
from assistant.themes.summarise import NOTICE, overview, summary

__all__ = ["RATINGS", "RATING_ORDER", "SHOWN_RATING", "STANCE_KEYS", "NOTICE", "CLUSTER_SAMPLE", "QUOTES_PER_CLUSTER",
           "FREE_TEXT_WITH_WORD", "FREE_TEXT_WITHOUT_WORD", "TEAM_CONCERN_THRESHOLD", "PLACEHOLDER", "EXPLICIT_ACTION",
           "RECOMMENDATION", "Corpus", "filter_mask", "resolve_theme", "theme_mask", "previous_period",
           "stance_counts", "rating_table", "trend_by_month", "quote", "mmr", "key_phrases", "clusters", "summary",
           "what_good_looks_like", "teams_with_concerns", "child_voice", "language", "recommendations", "moderation",
           "by_fundamental", "overview"]
