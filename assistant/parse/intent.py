"""The learned intent reader: a multinomial logistic regression over the question's
sentence embedding (the packaged all-MiniLM-L6-v2, nlp.embed) and the rules' signals
(which intent the phrase tables name, cue words, counts of filters found).

Why learned: the rules were written on one author's phrasings and missed a quarter of the
intents of questions phrased by others; an embedding generalises over wordings the tables
never listed, and the rules' signals keep what they know. The rules still decide alone where
they are certain (pasted text with a language cue is a language check) and in follow-ups.

The model is numbers only (assistant/data/intent_reader.npz, read with allow_pickle=False,
and its .json card); prediction is numpy. It is rebuilt by `goldenthread train-intent`
(assistant.parse.train_intent), which chooses its settings by grouped cross-validation.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.parse.rules import _breakdown
from assistant.parse.tables import (CHANGE_OVER_TIME_RE, CHANGE_RE, COMPARATIVES, DIFFER_RE, FIND_WHERE_RE,
                                    HOW_ADJ_RE, INTENTS, LANGUAGE_TERM_RE, SAY_RE,
                                    STRONG_LANGUAGE_RE, YES_NO_RE)
from assistant.parse.text import _spans

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "intent_reader.npz"
CUE_LABELS = ("count", "compare", "summary", "search", "summary_weak", "search_weak")
TEXT_VARIANTS = ("raw", "masked")


def signal_names() -> list[str]:
    return ([f"rule_{i}" for i in (*INTENTS, "none")] + ["rule_strong"] + [f"cue_{c}" for c in CUE_LABELS] +
            ["pasted", "language_phrase", "strong_language", "breakdown", "change", "differ", "say", "how_adj",
             "yes_no", "periods", "two_periods", "two_values", "theme", "team", "legal_status", "rating",
             "than_comparative"])


def signals(r) -> np.ndarray:
    """The rules' view of a question (a Reading from assistant.parse.reader) as 0/1 features."""
    labels = {s.label_ for s in r.intent_spans}
    norms = [t.norm_ for t in r.doc]
    text = r.doc.text
    values = [
        *(float(r.named_intent == i) for i in INTENTS), float(r.named_intent is None), float(r.strong),
        *(float(c in labels) for c in CUE_LABELS),
        float(r.pasted is not None), float(bool(_spans(r.doc, "language"))),
        float(bool(STRONG_LANGUAGE_RE.search(r.question))), float(bool(_breakdown(r.doc))),
        float(bool(CHANGE_RE.search(text))), float(bool(DIFFER_RE.search(text))), float(bool(SAY_RE.search(text))),
        float(bool(HOW_ADJ_RE.match(text))), float(bool(YES_NO_RE.match(text))),
        float(bool(r.periods)), float(len(r.periods) >= 2),
        float(any(len(v) >= 2 for v in (r.teams, r.legal, r.ratings, r.themes))),
        float(bool(r.themes)), float(bool(r.teams)), float(bool(r.legal)), float(bool(r.ratings)),
        float("than" in norms and any(w in COMPARATIVES or w.endswith("er") for w in norms if w != "than")),
    ]
    return np.asarray(values, dtype=np.float32)


def embed_text(r, variant: str) -> str:
    """What is embedded: the question as asked ("raw"), or with pasted text and team names put
    as plain words ("masked"), so a long pasted paragraph or a place name does not steer it."""
    if variant == "raw":
        return r.question
    text = r.question
    if r.pasted:
        text = text.replace(r.pasted, "this text")
    for team in r.teams:
        text = re.sub(re.escape(team), "the team", text, flags=re.I)
    return text


@lru_cache(maxsize=4096)
def _embedding(text: str) -> np.ndarray:
    from nlp.embed import get_embedder

    return get_embedder()(text)


RULE_VERDICT = len(INTENTS) + 2  # the first signals: the intent the rules name, and whether strongly


def features(r, variant: str, use: str) -> np.ndarray:
    """use: "embedding", "signals", "both", or "cues" (the embedding and the signals but the
    rules' own verdict, which was fixed on the training questions and looks surer there than
    it is on new phrasings)."""
    parts = []
    if use in ("embedding", "both", "cues"):
        parts.append(_embedding(embed_text(r, variant)))
    if use in ("signals", "both"):
        parts.append(signals(r))
    if use == "cues":
        parts.append(signals(r)[RULE_VERDICT:])
    return np.concatenate(parts).astype(np.float32)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def meta_features(base: np.ndarray, verdict: np.ndarray) -> np.ndarray:
    """The stacked model's input: the base model's log-probabilities and the rules' verdict."""
    return np.hstack([np.log(base + 1e-6), verdict])


class IntentModel:
    """Two logistic regressions, as numbers: a base model over the embedding and the rules' cue
    signals (standardised, softmax(x W^T + b)), and a stacked one that weighs the base model's
    probabilities against the intent the rules name, fitted only on questions the rules were
    never fixed on, so it learns how far to trust them on new phrasings."""

    def __init__(self, path: Path = MODEL_PATH):
        with np.load(path, allow_pickle=False) as z:
            self.coef, self.intercept = z["coef"], z["intercept"]
            self.mean, self.scale = z["mean"], z["scale"]
            self.meta = (z["meta_coef"], z["meta_intercept"]) if "meta_coef" in z.files else None
        self.card = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        self.classes = list(self.card["classes"])
        self.variant, self.use = self.card["text_variant"], self.card["features"]
        self.margin = float(self.card["ambiguous_margin"])

    def probabilities(self, x: np.ndarray, verdict: np.ndarray | None = None) -> np.ndarray:
        p = _softmax(((x - self.mean) / self.scale) @ self.coef.T + self.intercept)
        if self.meta is not None and verdict is not None:
            p = _softmax(meta_features(p, verdict) @ self.meta[0].T + self.meta[1])
        return p

    def scores(self, r) -> dict[str, float]:
        p = self.probabilities(features(r, self.variant, self.use)[None, :], signals(r)[None, :RULE_VERDICT])[0]
        return {c: round(float(v), 4) for c, v in zip(self.classes, p)}


@lru_cache(maxsize=1)
def model() -> IntentModel:
    return IntentModel()


def intent_scores(r) -> dict[str, float]:
    return model().scores(r)


_CHANGE_RE = re.compile(
    r"\b(?:compar\w*|vs\.?|versus|differ\w*|than|improv\w*|chang\w*|better|worse|trend\w*|"
    r"increas\w*|decreas\w*|fell|fall(?:en|ing)?|rose|ris(?:en|ing)|drop\w*|progress\w*|"
    r"declin\w*|moved?|shift\w*|over time|month by month|year on year|against)\b", re.I)


def something_to_compare(r) -> bool:
    """A compare needs two things to set side by side or a change to read: the rules named a
    compare, two values of one kind (teams, statuses, ratings, periods), or a word of change
    or comparison. Without any, the model's "compare" is a period read as a trend."""
    return bool(r.named_intent == "compare" or len(r.teams) > 1 or len(r.legal) > 1 or len(r.ratings) > 1
                or len(r.periods) > 1 or any(p.get("parts") for p in r.periods)
                or _CHANGE_RE.search(r.question))


def language_cue(r) -> bool:
    """A language question has text to check or a word asked about, or says what it wants
    (jargon, plain English, "is this clear"); every labelled language question has one."""
    return bool(r.pasted is not None or _spans(r.doc, "language") or STRONG_LANGUAGE_RE.search(r.question)
                or LANGUAGE_TERM_RE.search(r.question))


def certain(r) -> str | None:
    """Where the rules are certain and override the model: pasted text with a language cue, a
    question about one word or phrase; a change over time (a compare); "where did auditors...",
    "examples of..." (a search). Each held on every labelled question file (1,055 questions)."""
    if r.pasted is not None and (_spans(r.doc, "language") or STRONG_LANGUAGE_RE.search(r.question)):
        return "language"
    if r.pasted is None and LANGUAGE_TERM_RE.search(r.question):
        return "language"  # a question about one word: "alternatives to 'robust'"
    if r.named_intent == "language":
        return None
    if CHANGE_OVER_TIME_RE.search(r.question):
        return "compare"  # "are IRO challenges increasing?", "trend in drift over 2019"
    if FIND_WHERE_RE.search(r.question) and r.named_intent not in ("count", "compare"):
        return "search"  # "where did auditors praise...", "examples of..."
    return None


def decide(r, scores: dict[str, float], margin: float | None = None) -> tuple[str, list[str] | None]:
    """(intent, ambiguous): the override where certain, else the most probable intent; when the
    two most probable are search and summary and close (under the model's chosen margin),
    `ambiguous` is ["summary", "search"] and the chat answers with both."""
    forced = certain(r)
    if forced:
        return forced, None
    ranked = sorted(scores, key=scores.get, reverse=True)
    if ranked[0] == "compare" and not something_to_compare(r):
        ranked.remove("compare")  # "visits in October last year": a period, not a comparison
    if ranked[0] == "language" and not language_cue(r):
        ranked.remove("language")  # "what alternatives to care were considered": no text, no word asked about
    top, second = ranked[0], ranked[1]
    margin = model().margin if margin is None else margin
    ambiguous = None
    if {top, second} == {"search", "summary"} and scores[top] - scores[second] < margin:
        ambiguous = ["summary", "search"]
    return top, ambiguous
