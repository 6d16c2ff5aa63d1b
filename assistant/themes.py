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

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from index.search import Filters, QueryExpander, tokenize
from index.store import Store
from nlp.taxonomy import FUNDAMENTALS, normalise_fundamental

RATINGS = ("Outstanding", "Good", "Requires Improvement", "Inadequate")
RATING_ORDER = {r: n for n, r in enumerate(RATINGS)}  # 0 is best
SHOWN_RATING = {r.lower(): r for r in RATINGS}  # the store keeps ratings in lower case
STANCE_KEYS = ("strength", "concern", "neutral")
NOTICE = ("This summary judges recorded practice in audited case files. "
          "It does not score risk to any child.")
CLUSTER_SAMPLE = 1000
QUOTES_PER_CLUSTER = 3
# A free-text theme takes a finding that shares a (stemmed, synonym-expanded) word with it
# and is somewhat similar, or one that is very similar without sharing a word. MiniLM's
# cosine similarity alone is too noisy for a threshold (measured on the demo corpus).
FREE_TEXT_WITH_WORD = 0.32
FREE_TEXT_WITHOUT_WORD = 0.50
TEAM_CONCERN_THRESHOLD = 3
PLACEHOLDER = re.compile(r"\[[A-Z-]+\]|\b(?:ID|LCS|ref)\b")  # redaction placeholders and the id labels beside them
EXPLICIT_ACTION = re.compile(r"\s*(?:recommendations?|actions?|next steps?|agreed actions?)\b", re.I)
RECOMMENDATION = re.compile(
    r"\b(?:should|must|needs? to|recommend\w*|actions?|to improve|would benefit|ensure|next steps?|"
    r"going forward|is to be|will be (?:reviewed|completed|shared|discussed|revisited|audited))\b", re.I)


@dataclass
class Corpus:
    """Every live finding at one store revision, as columns plus its vectors."""
    revision: int
    frame: pd.DataFrame
    vectors: np.ndarray
    fundamental_masks: dict[str, np.ndarray] = field(default_factory=dict)
    _tokens: list[frozenset] | None = None

    def tokens(self) -> list[frozenset]:
        """Each finding's stemmed words (built once, on the first free-text theme)."""
        if self._tokens is None:
            self._tokens = [frozenset(tokenize(t)) for t in self.frame["text"]]
        return self._tokens

    @classmethod
    def from_store(cls, store: Store) -> "Corpus":
        """From the columns file of the store's head (index/columns.py): no paging through Chroma."""
        columns = store.columns()
        return cls.from_frame(columns.revision, columns.frame["id"], columns.frame["text"],
                              columns.metadata_frame(), columns.vectors, unit=True)

    @classmethod
    def from_rows(cls, revision: int, ids, texts, metadatas, vectors) -> "Corpus":
        return cls.from_frame(revision, ids, texts, pd.DataFrame(list(metadatas)), vectors)

    @classmethod
    def from_frame(cls, revision: int, ids, texts, meta: pd.DataFrame, vectors, unit: bool = False) -> "Corpus":
        """`unit`: the vectors are known to be L2-normalised (the columns file's: the encoder's
        output), so they are kept as given, a memory map whose pages are read only where a
        summary looks, instead of a normalised copy of them all (153 MB at 100k)."""
        meta = meta.reset_index(drop=True)
        frame = pd.DataFrame({"id": list(ids), "text": list(texts)})
        for key in ("narrative_id", "date", "team", "service", "legal_status", "rating", "moderated_rating",
                    "stance", "child_voice", "narrative_child_voice", "fundamentals"):
            frame[key] = meta[key].fillna("").astype(str).to_numpy() if key in meta else ""
        for key, default in (("stance_score", 0.0), ("jargon_flags", 0), ("jargon_hard_flags", 0),
                             ("jargon_feel_flags", 0), ("accessibility", np.nan), ("position", 0)):
            frame[key] = pd.to_numeric(meta[key], errors="coerce").to_numpy() if key in meta else default
        for key in ("jargon_flags", "jargon_hard_flags", "jargon_feel_flags"):
            frame[key] = frame[key].fillna(0)
        for key in ("rating", "moderated_rating"):
            frame[key] = frame[key].map(lambda r: SHOWN_RATING.get(r.lower(), r))
        vecs = np.asarray(vectors, dtype=np.float32).reshape(len(frame), -1)
        if not unit:
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.where(norms == 0, 1, norms)
        frame["recommends"] = frame["text"].str.contains(RECOMMENDATION).to_numpy(dtype=bool)
        frame["explicit_action"] = frame["text"].str.match(EXPLICIT_ACTION).to_numpy(dtype=bool)
        labels = frame["fundamentals"].str.split(",")
        masks = {f: labels.map(lambda found, f=f: f in found).to_numpy(dtype=bool) for f in FUNDAMENTALS}
        return cls(revision, frame, vecs, masks)

    def __len__(self) -> int:
        return len(self.frame)

    def months(self) -> list[str]:
        return sorted(m for m in self.frame["date"].unique() if m)


# -- slicing ----------------------------------------------------------------------------
def filter_mask(corpus: Corpus, filters: Filters, date_from: str | None = None, date_to: str | None = None) -> np.ndarray:
    """Rows that pass the metadata filters; the period is given separately so the
    previous period can reuse the rest."""
    f = corpus.frame
    mask = np.ones(len(f), dtype=bool)
    if date_from:
        mask &= (f["date"] >= date_from).to_numpy() & (f["date"] != "").to_numpy()
    if date_to:
        mask &= (f["date"] <= date_to).to_numpy() & (f["date"] != "").to_numpy()
    for key in ("team", "service", "legal_status", "rating"):
        wanted = getattr(filters, key)
        if key == "rating":
            wanted = [SHOWN_RATING.get(r.lower(), r) for r in wanted]
        if wanted:
            mask &= f[key].isin(wanted).to_numpy()
    if filters.stance:
        mask &= f["stance"].isin(filters.stance).to_numpy()
    for fundamental in filters.fundamental:
        mask &= corpus.fundamental_masks[fundamental]
    return mask


def resolve_theme(theme: str) -> dict:
    """A fundamental id, name or synonym; anything else is a free-text theme."""
    try:
        fid = normalise_fundamental(theme)
        return {"id": fid, "name": FUNDAMENTALS[fid], "kind": "fundamental", "query": None}
    except ValueError:
        for fid, name in FUNDAMENTALS.items():
            if theme.strip().lower() == name.lower():
                return {"id": fid, "name": name, "kind": "fundamental", "query": None}
    text = " ".join(theme.split())
    if not text:
        raise ValueError("a theme is needed: a practice fundamental or a few words")
    return {"id": None, "name": text, "kind": "free_text", "query": text}


def theme_mask(corpus: Corpus, theme: dict, embedder=None) -> tuple[np.ndarray, np.ndarray | None]:
    """Which findings are on the theme, and (free text) how similar each one is."""
    if theme["kind"] == "fundamental":
        return corpus.fundamental_masks[theme["id"]], None
    if embedder is None:
        raise ValueError("a free-text theme needs the embedding model")
    expanded = QueryExpander()(theme["query"])
    query = np.asarray(embedder([expanded]), dtype=np.float32)[0]
    query = query / (np.linalg.norm(query) or 1.0)
    similarity = corpus.vectors @ query if len(corpus) else np.zeros(0, dtype=np.float32)
    words = frozenset(tokenize(expanded))
    shares_word = np.fromiter((not words.isdisjoint(t) for t in corpus.tokens()), dtype=bool, count=len(corpus))
    on_theme = (shares_word & (similarity >= FREE_TEXT_WITH_WORD)) | (similarity >= FREE_TEXT_WITHOUT_WORD)
    return on_theme, similarity


def previous_period(date_from: str | None, date_to: str | None, months: list[str]) -> tuple[str, str] | None:
    """The period of the same length just before [from, to] (to defaults to the last month held)."""
    if not date_from:
        return None
    end = date_to or (months[-1] if months else date_from)
    start_p, end_p = pd.Period(date_from, "M"), pd.Period(end, "M")
    length = (end_p - start_p).n + 1
    if length <= 0:
        return None
    return str(start_p - length), str(start_p - 1)


# -- tables -----------------------------------------------------------------------------
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


# -- clusters, key phrases, quotes --------------------------------------------------------
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


# -- the summary ----------------------------------------------------------------------------
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
        "recommendations": recommendations(rows, vectors),
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


def recommendations(rows: pd.DataFrame, vectors: np.ndarray, k: int = 8) -> list[dict]:
    """Findings on the theme that recommend or record an action, concerns first."""
    m = rows["recommends"].to_numpy()
    found, vecs = rows[m], vectors[m]
    if not len(found):
        return []
    explicit = found["explicit_action"].to_numpy(dtype=float)
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
