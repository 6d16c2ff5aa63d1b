"""The house-style sections of a summary: what good looks like, teams, child's voice, language, actions, moderation."""
from __future__ import annotations

import numpy as np
import pandas as pd

from assistant.themes.clusters import mmr
from assistant.themes.corpus import RATING_ORDER, RATINGS, STANCE_KEYS, Corpus
from assistant.themes.tables import quote
from nlp.taxonomy import FUNDAMENTALS

TEAM_CONCERN_THRESHOLD = 3


def what_good_looks_like(rows: pd.DataFrame, vectors: np.ndarray, k: int = 5) -> list[dict]:
    """The strongest strengths: most confident strength findings, from well-rated audits
    first, spread across audits and ideas."""
    m = (rows["stance"] == "strength").to_numpy()
    strengths, vecs = rows[m], vectors[m]
    if not len(strengths):
        return []
    rating_bonus = strengths["rating"].map({"Outstanding": 0.1, "Good": 0.05}).fillna(0).to_numpy()
    relevance = strengths["stance_score"].fillna(0).to_numpy() + rating_bonus
    top = np.argsort(-relevance)[:200]
    picks = mmr(vecs[top], relevance[top], k, strengths["narrative_id"].iloc[top].tolist(), diversity=0.3)
    return [quote(strengths.iloc[top[p]]) for p in picks]


def teams_with_concerns(rows: pd.DataFrame) -> list[dict]:
    concerns = rows[(rows["stance"] == "concern") & (rows["team"] != "")]
    out = [{"team": team, "concerns": int(len(group)), "narratives": int(group["narrative_id"].nunique()),
            "finding_ids": group["id"].tolist()}
           for team, group in concerns.groupby("team") if len(group) >= TEAM_CONCERN_THRESHOLD]
    return sorted(out, key=lambda t: (-t["concerns"], t["team"]))


def child_voice(rows: pd.DataFrame) -> dict:
    findings = rows["child_voice"].value_counts()
    audits = rows.drop_duplicates("narrative_id")
    narratives = audits["narrative_child_voice"].value_counts()
    keys = ("present", "absent", "not_applicable")
    return {"findings": {k: int(findings.get(k, 0)) for k in keys},
            "narratives": {k: int(narratives.get(k, 0)) for k in keys},
            "narratives_without_voice": sorted(audits.loc[audits["narrative_child_voice"] == "absent", "narrative_id"])}


def language(rows: pd.DataFrame) -> dict:
    audits = rows.drop_duplicates("narrative_id")
    accessibility = audits["accessibility"].dropna()
    return {"findings_with_jargon": int((rows["jargon_flags"] > 0).sum()),
            "jargon_flags": int(rows["jargon_flags"].sum()),
            # the jargon policy's two kinds (README "Jargon policy"); stores ingested before the
            # kinds existed count 0 in both until re-ingested
            "jargon_by_kind": {"hard_to_understand": int(rows["jargon_hard_flags"].sum()),
                               "may_not_feel_right": int(rows["jargon_feel_flags"].sum())},
            "mean_accessibility": round(float(accessibility.mean()), 1) if len(accessibility) else None}


def recommendations(rows: pd.DataFrame, vectors: np.ndarray, flags: tuple[np.ndarray, np.ndarray],
                    k: int = 8) -> list[dict]:
    """Findings on the theme that recommend or record an action, concerns first. `flags`: the
    rows' (recommends, opens with an action), from `Corpus.action_flags`."""
    m, opens_with_action = flags
    found, vecs = rows[m], vectors[m]
    if not len(found):
        return []
    explicit = opens_with_action[m].astype(float)
    relevance = (2 * explicit + (found["stance"] == "concern").to_numpy(dtype=float)
                 + 0.1 * (found["stance"] == "neutral").to_numpy())
    top = np.argsort(-relevance, kind="stable")[:200]
    picks = mmr(vecs[top], relevance[top], k, found["narrative_id"].iloc[top].tolist(), diversity=0.4)
    return [quote(found.iloc[top[p]]) for p in picks]


def moderation(rows: pd.DataFrame) -> dict:
    audits = rows.drop_duplicates("narrative_id")
    moderated = audits[(audits["moderated_rating"] != "") & audits["rating"].isin(RATINGS)
                       & audits["moderated_rating"].isin(RATINGS)]
    changed = moderated[moderated["moderated_rating"] != moderated["rating"]]
    up = int(sum(RATING_ORDER[m] < RATING_ORDER[r] for r, m in zip(changed["rating"], changed["moderated_rating"])))
    return {"moderated": int(len(moderated)), "changed": int(len(changed)), "up": up, "down": int(len(changed)) - up,
            "examples": [{"narrative_id": r.narrative_id, "rating": r.rating, "moderated_rating": r.moderated_rating}
                         for r in changed.head(10).itertuples()]}


def by_fundamental(corpus: Corpus, mask: np.ndarray) -> list[dict]:
    stance = corpus.frame["stance"].to_numpy()
    out = []
    for fid, name in FUNDAMENTALS.items():
        m = mask & corpus.fundamental_masks[fid]
        out.append({"id": fid, "name": name, **{s: int((stance[m] == s).sum()) for s in STANCE_KEYS}})
    return out
