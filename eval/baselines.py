"""Three baselines for the finding labels, to read the classifier's scores against.

- `keywords`: keyword rules only. Fundamentals: a label when one of its keywords (written from
  the taxonomy, `nlp.classify.FUND_KEYWORDS`) occurs, at most 3 (most hits first). Stance: judgement
  words, with the guide's "X but Y" rule (the tail after the last "but / however ..." decides
  when it judges). Child's voice: words of a child speaking. Jargon: acronyms plus the
  professional shorthand and abstract words the taxonomy lists.
- `tfidf`: TF-IDF of word 1-2-grams + logistic regression (one-vs-rest with balanced class
  weights, probability >= 0.5, at most 3; multinomial for stance and child's voice).
- `zeroshot`: cosine similarity of the finding's embedding to a description of each label
  written from taxonomy.md. A fundamental is predicted when its similarity reaches one global
  cut, chosen on the training rows given to `fit` (never on the rows being scored); stance
  and child's voice take the most similar description (child's voice: `present` only above a
  cut chosen the same way).

Each has `fit(rows, vectors=None)` and `predict(texts, vectors=None)` -> one dict a text:
{"fundamentals": [ids], "stance": id, "child_voice": id | None, "jargon": [(start, end)] | None}.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from nlp.classify import FUND_RE, LABELS, STANCE_RE, _norm, contrast_tail
from nlp.taxonomy import STANCES

# ------------------------------------------------------------------- keywords
VOICE_PRESENT = re.compile(
    r"\b(?:told|tells|said|says|shared|expressed|explained|described|wishes and feelings|feels?|felt|wants?|wanted|"
    r"likes?|enjoys?|worried|scared|happy|sad|drew|drawing|\"|\u201c)\b", re.I)
VOICE_MISSING = re.compile(r"\b(?:voice|views?)\b.{0,40}\b(?:needs?|should|not|stronger|missing|absent)\b", re.I)
ONE_CHILD = re.compile(r"\b(?:the child|the young person|the baby|this child|his|her|he|she|him)\b", re.I)
JARGON_WORDS = [
    r"[A-Z][A-Za-z]*[A-Z]s?", r"s47", r"contact", r"placements?", r"respite", r"LAC reviews?", r"step(?:ped|s)? down",
    r"core groups?", r"thresholds?", r"presenting needs", r"abscond\w*", r"conceptuali[sz]\w*", r"robust\w*",
    r"grip", r"drift\w*",
]
JARGON_RE = re.compile(r"(?<![\w-])(?:(?i:" + "|".join(JARGON_WORDS[1:]) + ")|" + JARGON_WORDS[0] + r")(?![\w-])")
NOT_JARGON = {"I", "OK", "TV", "UK"}


def keyword_stance(text: str) -> str:
    text = _norm(text)
    tail = contrast_tail(text)
    if tail and STANCE_RE["concern"].search(tail):
        return "concern"
    if tail and STANCE_RE["strength"].search(tail):
        return "strength"
    good = len(STANCE_RE["strength"].findall(text))
    bad = len(STANCE_RE["concern"].findall(text))
    if bad > good:
        return "concern"
    if good > bad:
        return "strength"
    return "neutral"


def keyword_voice(text: str) -> str:
    if VOICE_PRESENT.search(text) and not VOICE_MISSING.search(text):
        return "present"
    return "absent" if ONE_CHILD.search(text) else "not_applicable"


def keyword_jargon(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in JARGON_RE.finditer(text) if m.group(0) not in NOT_JARGON]


class KeywordBaseline:
    name = "keywords"
    trainable = False

    def fit(self, rows: Sequence[dict], vectors=None) -> "KeywordBaseline":
        return self

    def predict(self, texts: Sequence[str], vectors=None) -> list[dict]:
        out = []
        for text in texts:
            hits = {lab: len(FUND_RE[lab].findall(_norm(text))) for lab in LABELS}
            ranked = sorted((lab for lab in LABELS if hits[lab]), key=lambda lab: -hits[lab])
            out.append({"fundamentals": ranked[:3], "stance": keyword_stance(text),
                        "child_voice": keyword_voice(text), "jargon": keyword_jargon(text)})
        return out


# ------------------------------------------------------------------- tf-idf + logistic regression
class TfidfBaseline:
    name = "tfidf"
    trainable = True

    def fit(self, rows: Sequence[dict], vectors=None) -> "TfidfBaseline":
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        texts = [_norm(r["text"]) for r in rows]
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2 if len(texts) >= 20 else 1, sublinear_tf=True)
        X = self.vectorizer.fit_transform(texts)
        self.fund = []
        for lab in LABELS:
            y = np.array([lab in r["fundamentals"] for r in rows], dtype=int)
            self.fund.append(None if y.min() == y.max() else
                             LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(X, y))
        self.stance = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(X, [r["stance"] for r in rows])
        voice_rows = [i for i, r in enumerate(rows) if r.get("child_voice")]
        labels = {rows[i]["child_voice"] for i in voice_rows}
        self.voice = (LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
                      .fit(X[voice_rows], [rows[i]["child_voice"] for i in voice_rows]) if len(labels) > 1 else None)
        return self

    def predict(self, texts: Sequence[str], vectors=None) -> list[dict]:
        X = self.vectorizer.transform([_norm(t) for t in texts])
        P = np.column_stack([m.predict_proba(X)[:, 1] if m is not None else np.zeros(X.shape[0]) for m in self.fund])
        stance = self.stance.predict(X)
        voice = self.voice.predict(X) if self.voice is not None else [None] * X.shape[0]
        out = []
        for i in range(X.shape[0]):
            on = [j for j in np.argsort(-P[i]) if P[i, j] >= 0.5][:3]
            out.append({"fundamentals": [LABELS[j] for j in on], "stance": str(stance[i]),
                        "child_voice": None if voice[i] is None else str(voice[i]), "jargon": None})
        return out


# ------------------------------------------------------------------- zero-shot
# Descriptions written from shared/docs/taxonomy.md (section 1's table, sections 2 and 3).
FUND_DESCRIPTIONS = {
    "risk": "Risk assessment and response: identifying, analysing, responding to or reducing risk and harm; safety "
            "plans; thresholds; significant harm; strategy meetings; section 47 enquiries; exploitation, missing "
            "episodes, domestic abuse risk.",
    "assessment": "Assessment and analysis: the quality, timeliness or depth of assessments; analysis; "
                  "conceptualising evidence; understanding the child's needs and circumstances; chronologies used "
                  "for analysis.",
    "planning": "Planning: the child's plan, its clarity, SMART outcomes, timescales, contingency plans, step-down or "
                "closure plans, the link from assessment to plan.",
    "intervention": "Intervention, visits and direct work: what was done with the child and family; visits, their "
                    "timeliness and purpose; direct work; services and support delivered; the impact of the work.",
    "review": "Review, progress and drift: reviews, conferences, IRO and child protection chair oversight of "
              "progress, tracking progress against plans, drift and delay, repeat referrals or plans.",
    "oversight": "Management oversight and supervision: team manager oversight, grip, case direction, supervision "
                 "quality and reflection, sign-off, challenge.",
    "recording": "Recording: case records and case notes that are up to date, clear, complete and analytical; "
                 "records reflecting the work actually done; summaries.",
    "relational": "Voice, participation and relationships: the child's voice, wishes and feelings, lived experience, "
                  "participation in plans and reviews, relationship-based practice, engagement with parents and "
                  "carers, changes of social worker.",
    "permanence": "Permanence and living arrangements: children in care and care leavers; permanence planning, "
                  "placement stability and quality of living arrangements, pathway plans, transitions to adulthood.",
    "partnership": "Multi-agency and partnership working: work with police, health, schools and other agencies; core "
                   "groups; multi-agency agreement and coordination.",
}
STANCE_DESCRIPTIONS = {
    "strength": "Good or improving practice: work was done well, effectively and on time; practice has improved.",
    "concern": "Weak, inadequate, variable or insufficient practice, or a need to improve: work was not done well "
               "enough and needs to improve.",
    "neutral": "A descriptive, numeric or procedural statement with no judgement of the quality of practice.",
}
VOICE_DESCRIPTION = ("The child said, told, shared or expressed what they feel, wish or experienced, in their own "
                     "words or through direct work; their wishes and feelings.")


class ZeroShotBaseline:
    name = "zeroshot"
    trainable = True  # only its two cuts come from the training rows

    def __init__(self, embedder=None):
        self.embedder = embedder
        self.cut = 0.3
        self.voice_cut = 0.4

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedder is None:
            from nlp.embed import get_embedder

            self.embedder = get_embedder()
        return np.asarray(self.embedder([_norm(t) for t in texts]), dtype=np.float32)

    def _labels(self):
        if not hasattr(self, "label_vectors"):
            self.label_vectors = self._embed([FUND_DESCRIPTIONS[lab] for lab in LABELS])
            self.stance_vectors = self._embed([STANCE_DESCRIPTIONS[s] for s in STANCES])
            self.voice_vector = self._embed([VOICE_DESCRIPTION])[0]

    def fit(self, rows: Sequence[dict], vectors=None) -> "ZeroShotBaseline":
        """Choose the similarity cuts on these (training) rows: the one global fundamentals cut
        with the best macro-F1, and the child's-voice cut with the best F1 of `present`."""
        from nlp.classify import fundamentals_scores

        self._labels()
        V = self._embed([r["text"] for r in rows]) if vectors is None else np.asarray(vectors, np.float32)
        sims = V @ self.label_vectors.T
        gold = [r["fundamentals"] for r in rows]
        best = (-1.0, self.cut)
        for cut in np.round(np.arange(0.10, 0.71, 0.01), 2):
            pred = [self._pick(s, cut) for s in sims]
            score = fundamentals_scores(gold, pred)["macro_f1"]
            if score > best[0]:
                best = (score, float(cut))
        self.cut = best[1]
        voice_sims = V @ self.voice_vector
        present = np.array([r.get("child_voice") == "present" for r in rows])
        if present.any():
            best = (-1.0, self.voice_cut)
            for cut in np.round(np.arange(0.10, 0.81, 0.01), 2):
                pred = voice_sims >= cut
                tp = float((pred & present).sum())
                f1 = 2 * tp / (pred.sum() + present.sum())
                if f1 > best[0]:
                    best = (f1, float(cut))
            self.voice_cut = best[1]
        return self

    @staticmethod
    def _pick(sims: np.ndarray, cut: float) -> list[str]:
        return [LABELS[j] for j in np.argsort(-sims)[:3] if sims[j] >= cut]

    def predict(self, texts: Sequence[str], vectors=None) -> list[dict]:
        self._labels()
        V = self._embed(texts) if vectors is None else np.asarray(vectors, np.float32)
        sims = V @ self.label_vectors.T
        stance = V @ self.stance_vectors.T
        voice = V @ self.voice_vector
        return [{"fundamentals": self._pick(sims[i], self.cut), "stance": STANCES[int(np.argmax(stance[i]))],
                 "child_voice": "present" if voice[i] >= self.voice_cut else "not_applicable", "jargon": None}
                for i in range(len(texts))]


BASELINES = {"keywords": KeywordBaseline, "tfidf": TfidfBaseline, "zeroshot": ZeroShotBaseline}


def make(name: str, embedder=None):
    if name == "zeroshot":
        return ZeroShotBaseline(embedder)
    return BASELINES[name]()


__all__ = ["BASELINES", "KeywordBaseline", "TfidfBaseline", "ZeroShotBaseline", "make"]
