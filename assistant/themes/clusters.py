"""Recurring ideas in a theme's findings: clusters, their key phrases, and diverse quotes (MMR)."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from assistant.themes.tables import quote

CLUSTER_SAMPLE = 1000
QUOTES_PER_CLUSTER = 3
PLACEHOLDER = re.compile(r"\[[A-Z-]+\]|\b(?:ID|LCS|ref)\b")  # redaction placeholders and the id labels beside them


def mmr(vectors: np.ndarray, relevance: np.ndarray, k: int, narratives: list[str], diversity: float = 0.5) -> list[int]:
    """Maximal marginal relevance: relevant, unlike each other, from different audits where possible."""
    chosen: list[int] = []
    candidates = list(range(len(relevance)))
    while candidates and len(chosen) < k:
        if chosen:
            redundancy = (vectors[candidates] @ vectors[chosen].T).max(axis=1)
            same_audit = np.array([narratives[c] in {narratives[x] for x in chosen} for c in candidates], dtype=float)
        else:
            redundancy = np.zeros(len(candidates))
            same_audit = np.zeros(len(candidates))
        scores = (1 - diversity) * relevance[candidates] - diversity * redundancy - 0.2 * same_audit
        best = candidates[int(np.argmax(scores))]
        chosen.append(best)
        candidates.remove(best)
    return chosen


def key_phrases(cluster_texts: list[list[str]], top: int = 4) -> list[list[str]]:
    """Class-based TF-IDF: phrases that recur within one cluster (in two findings or more,
    else the cluster's own most distinctive words) and are rare across the theme's findings,
    so the theme's own word ("plan") does not name every cluster."""
    from sklearn.feature_extraction.text import CountVectorizer

    findings = [PLACEHOLDER.sub(" ", t) for texts in cluster_texts for t in texts]
    owner = np.repeat(np.arange(len(cluster_texts)), [len(texts) for texts in cluster_texts])
    if not findings:
        return [[] for _ in cluster_texts]
    vectoriser = CountVectorizer(ngram_range=(1, 3), stop_words=sorted(_STOP_WORDS),
                                 token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z'-]+\b", lowercase=True, binary=True)
    try:
        present = vectoriser.fit_transform(findings).tocsc()
    except ValueError:  # nothing but stop words
        return [[] for _ in cluster_texts]
    terms = vectoriser.get_feature_names_out()
    idf = np.log((1 + len(findings)) / (1 + np.asarray(present.sum(axis=0)).ravel())) + 1
    lengths = np.array([len(t.split()) for t in terms])
    phrases = []
    for c in range(len(cluster_texts)):
        in_cluster = np.asarray(present[owner == c].sum(axis=0)).ravel()
        picked: list[str] = []
        # Recurring phrases first; a cluster whose findings share none (a small one) is named
        # by its most distinctive words instead, so that every cluster has a name.
        for least in (2, 1):
            scores = np.where(in_cluster >= least, in_cluster / max((owner == c).sum(), 1) * idf, 0.0)
            scores = scores * (1 + 0.5 * (lengths - 1))  # a phrase says more than its words
            for n in np.argsort(-scores):
                if scores[n] <= 0 or len(picked) >= top:
                    break
                term = terms[n]
                if any(term in p or p in term for p in picked):
                    continue
                picked.append(term)
            if picked:
                break
        phrases.append(picked)
    return phrases


_STOP_WORDS = set("""a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves name case ref redacted also there's it's was were
been within well""".split()) | {m.lower() for m in (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()}


def clusters(rows: pd.DataFrame, vectors: np.ndarray, previous_rows: pd.DataFrame | None,
             previous_vectors: np.ndarray | None, max_clusters: int = 6) -> list[dict]:
    """Group similar findings; name each group by key phrases; pick diverse quotes."""
    from sklearn.cluster import KMeans

    n = len(rows)
    if n == 0:
        return []
    k = int(min(max_clusters, max(1, round(np.sqrt(n / 2)))))
    rng = np.random.default_rng(0)
    sample = np.sort(rng.choice(n, CLUSTER_SAMPLE, replace=False)) if n > CLUSTER_SAMPLE else np.arange(n)
    if k == 1:
        centres = vectors[sample].mean(axis=0, keepdims=True)
    else:
        centres = KMeans(n_clusters=k, n_init=1, max_iter=100, random_state=0).fit(vectors[sample]).cluster_centers_
    centres = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
    assigned = np.argmax(vectors @ centres.T, axis=1)
    previous_assigned = (np.argmax(previous_vectors @ centres.T, axis=1)
                         if previous_vectors is not None and len(previous_vectors) else np.zeros(0, dtype=int))
    texts = rows["text"].tolist()
    narratives = rows["narrative_id"].tolist()
    members = [np.flatnonzero(assigned == c) for c in range(k)]
    in_sample = set(sample.tolist())
    phrase_texts = [[texts[i] for i in m if i in in_sample] for m in members]
    phrases = key_phrases(phrase_texts)
    out = []
    for c, member in enumerate(members):
        if len(member) == 0:
            continue
        relevance = vectors[member] @ centres[c]
        # quotes are chosen among the most central findings (bounded work on big clusters)
        pool = member[np.argsort(-relevance)[:200]]
        pool_relevance = vectors[pool] @ centres[c]
        picks = mmr(vectors[pool], pool_relevance, QUOTES_PER_CLUSTER, [narratives[i] for i in pool])
        cluster_rows = rows.iloc[member]
        out.append({
            "key_phrases": phrases[c],
            "size": int(len(member)),
            "narratives": int(cluster_rows["narrative_id"].nunique()),
            "trend": {"current": int(len(member)),
                      "previous": int((previous_assigned == c).sum()) if previous_rows is not None else None},
            "finding_ids": cluster_rows["id"].tolist(),
            "quotes": [quote(rows.iloc[pool[p]]) for p in picks],
        })
    return sorted(out, key=lambda c: -c["size"])
