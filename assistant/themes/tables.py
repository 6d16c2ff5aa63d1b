"""Counts and tables over a slice's findings: stances, ratings by month/legal status/team, the monthly trend, a quote."""
from __future__ import annotations

import pandas as pd

from assistant.themes.corpus import RATINGS, STANCE_KEYS


def stance_counts(rows: pd.DataFrame) -> dict:
    counted = rows["stance"].value_counts()
    return {"findings": int(len(rows)), "narratives": int(rows["narrative_id"].nunique()),
            **{s: int(counted.get(s, 0)) for s in STANCE_KEYS}}


def rating_table(rows: pd.DataFrame, by: str) -> list[dict]:
    """Audits (narratives) on the theme by their rating, grouped by month, legal status or team."""
    audits = rows.drop_duplicates("narrative_id")
    audits = audits[audits[by] != ""]
    if not len(audits):
        return []
    table = pd.crosstab(audits[by], audits["rating"]).reindex(columns=list(RATINGS), fill_value=0)
    totals = audits[by].value_counts()
    out = []
    for value, counts in zip(table.index, table.to_numpy()):
        rated = int(counts.sum())
        out.append({"month" if by == "date" else by: value, "total": int(totals[value]),
                    "counts": {r: int(c) for r, c in zip(RATINGS, counts)},
                    "percent": {r: round(100 * int(c) / rated, 1) if rated else 0.0 for r, c in zip(RATINGS, counts)}})
    return out


def trend_by_month(rows: pd.DataFrame) -> list[dict]:
    out = []
    for month, group in sorted(rows[rows["date"] != ""].groupby("date"), key=lambda kv: kv[0]):
        counted = group["stance"].value_counts()
        out.append({"month": month, "findings": int(len(group)), **{s: int(counted.get(s, 0)) for s in STANCE_KEYS}})
    return out


def quote(row) -> dict:
    return {"finding_id": row.id, "narrative_id": row.narrative_id, "month": row.date or None,
            "team": row.team or None, "legal_status": row.legal_status or None, "stance": row.stance or None,
            "text": row.text}
