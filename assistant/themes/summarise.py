"""One theme's summary over a slice, and the overview of every fundamental: the parts put together."""
from __future__ import annotations

import numpy as np

from assistant.themes.clusters import clusters
from assistant.themes.corpus import Corpus
from assistant.themes.sections import (by_fundamental, child_voice, language, moderation, recommendations,
                                       teams_with_concerns, what_good_looks_like)
from assistant.themes.select import filter_mask, previous_period, resolve_theme, theme_mask
from assistant.themes.tables import rating_table, stance_counts, trend_by_month
from index.search import Filters
from nlp.taxonomy import FUNDAMENTALS

NOTICE = ("This summary judges recorded practice in audited case files. "
          "It does not score risk to any child.")


def summary(corpus: Corpus, theme: str, filters: Filters | None = None, embedder=None) -> dict:
    """One theme over one slice: counts, ratings tables, change, clusters, quotes."""
    filters = filters or Filters()
    resolved = resolve_theme(theme)
    on_theme, similarity = theme_mask(corpus, resolved, embedder)
    base = filter_mask(corpus, filters)
    in_period = base & filter_mask(corpus, Filters(), filters.date_from, filters.date_to)
    current_mask = in_period & on_theme
    frame = corpus.frame
    rows = frame[current_mask]
    vectors = corpus.vectors[current_mask]

    before = previous_period(filters.date_from, filters.date_to, corpus.months())
    previous_rows = previous_vectors = None
    previous = change = None
    if before:
        previous_mask = base & filter_mask(corpus, Filters(), *before) & on_theme
        previous_rows, previous_vectors = frame[previous_mask], corpus.vectors[previous_mask]
        previous = {"from": before[0], "to": before[1], "counts": stance_counts(previous_rows)}
        change = _change(stance_counts(rows), previous["counts"])

    concern_mask = (rows["stance"] == "concern").to_numpy()
    strength_mask = (rows["stance"] == "strength").to_numpy()

    def previous_of(stance: str):
        if previous_rows is None:
            return None, None
        m = (previous_rows["stance"] == stance).to_numpy()
        return previous_rows[m], previous_vectors[m]

    concern_clusters = clusters(rows[concern_mask], vectors[concern_mask], *previous_of("concern"))
    strength_clusters = clusters(rows[strength_mask], vectors[strength_mask], *previous_of("strength"))

    months_present = sorted(m for m in rows["date"].unique() if m)
    return {
        "theme": resolved,
        "filters": {"from": filters.date_from, "to": filters.date_to, "team": list(filters.team),
                    "service": list(filters.service), "legal_status": list(filters.legal_status),
                    "rating": list(filters.rating)},
        "period": {"from": filters.date_from, "to": filters.date_to, "months": months_present},
        "counts": stance_counts(rows),
        "finding_ids": rows["id"].tolist(),
        "ratings_by_month": rating_table(rows, "date"),
        "ratings_by_legal_status": rating_table(rows, "legal_status"),
        "ratings_by_team": rating_table(rows, "team"),
        "trend_by_month": trend_by_month(rows),
        "previous": previous,
        "change": change,
        "concern_clusters": concern_clusters,
        "strength_clusters": strength_clusters,
        "what_good_looks_like": what_good_looks_like(rows, vectors),
        "teams_with_concerns": teams_with_concerns(rows),
        "child_voice": child_voice(rows),
        "language": language(rows),
        "recommendations": recommendations(rows, vectors, corpus.action_flags(np.flatnonzero(current_mask))),
        "moderation": moderation(rows),
        "by_fundamental": by_fundamental(corpus, in_period),
        "all_findings_in_period": int(in_period.sum()),
        "notice": NOTICE,
    }


def _change(now: dict, before: dict) -> dict:
    def share(counts: dict, key: str) -> float:
        return counts[key] / counts["findings"] if counts["findings"] else 0.0
    return {"findings": now["findings"] - before["findings"], "narratives": now["narratives"] - before["narratives"],
            "concern_share": round(share(now, "concern") - share(before, "concern"), 3),
            "strength_share": round(share(now, "strength") - share(before, "strength"), 3)}

def overview(corpus: Corpus, filters: Filters | None = None, months: int = 6) -> list[dict]:
    """Every fundamental with its counts in the slice and a month-by-month trend (for sparklines)."""
    filters = filters or Filters()
    base = filter_mask(corpus, filters, filters.date_from, filters.date_to)
    frame = corpus.frame
    held = sorted(m for m in frame.loc[base, "date"].unique() if m)
    recent = held[-months:]
    before = previous_period(filters.date_from, filters.date_to, corpus.months())
    out = []
    for fid, name in FUNDAMENTALS.items():
        m = base & corpus.fundamental_masks[fid]
        rows = frame[m]
        by_month = rows["date"].value_counts()
        entry = {"id": fid, "name": name, **stance_counts(rows),
                 "trend": [{"month": month, "findings": int(by_month.get(month, 0))} for month in recent]}
        if before:
            previous_rows = frame[filter_mask(corpus, filters, *before) & corpus.fundamental_masks[fid]]
            entry["previous"] = stance_counts(previous_rows)
        out.append(entry)
    return out
