"""gt_readability: reading ease, UK reading age, sentence length, passive voice and the
accessibility score. Every name in these texts is fictional."""
from __future__ import annotations

import pytest
import spacy
import textstat

import nlp.jargon  # noqa: F401
import nlp.readability  # noqa: F401
from nlp.readability import TARGETS, WEIGHTS, accessibility, passive_phrases, readability

SHORT_ACTIVE = "I visited Mia at home. She showed me her room. We made a plan together."
LONG_PASSIVE = ("It was decided at the multi-agency strategy discussion that the child protection plan "
                "would be discontinued and that the case would be stepped down to early help, although "
                "the rationale for this decision was not clearly evidenced and was not shared with the "
                "family in a timely manner.")


@pytest.fixture(scope="module")
def nlp_full():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("gt_jargon")
    pipeline.add_pipe("gt_readability")
    return pipeline


@pytest.fixture(scope="module")
def nlp_plain():
    """No gt_jargon: the accessibility score goes without its jargon part."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe("gt_readability")
    return pipeline


def test_numbers_are_sane(nlp_full):
    r = nlp_full(SHORT_ACTIVE)._.readability
    assert r["words"] == 15 and r["sentences"] == 3
    assert r["words_per_sentence"] == {"mean": 5.0, "longest": 5}
    assert 80 <= r["flesch_reading_ease"] <= 121
    assert r["reading_age"] == pytest.approx(max(5.0, r["flesch_kincaid_grade"] + 5), abs=0.11)
    assert 5 <= r["reading_age"] <= 11
    assert r["passive_voice"] == {"sentences": 0, "share": 0.0, "phrases": []}


def test_formulas_agree_with_textstat(nlp_plain):
    text = "The social worker met Tia at school and asked her what she wanted."
    r = nlp_plain(text)._.readability
    assert r["flesch_reading_ease"] == pytest.approx(textstat.flesch_reading_ease(text), abs=0.1)
    assert r["flesch_kincaid_grade"] == pytest.approx(textstat.flesch_kincaid_grade(text), abs=0.1)


def test_long_passive_scores_worse_than_short_active(nlp_full):
    easy = nlp_full(SHORT_ACTIVE)._.readability
    hard = nlp_full(LONG_PASSIVE)._.readability
    assert hard["flesch_reading_ease"] < easy["flesch_reading_ease"]
    assert hard["reading_age"] > easy["reading_age"]
    assert hard["words_per_sentence"]["longest"] > 40
    assert hard["passive_voice"]["share"] == 1.0
    assert "was decided" in hard["passive_voice"]["phrases"]
    assert hard["jargon_per_100_words"] > 0
    assert hard["accessibility"]["score"] < easy["accessibility"]["score"]
    for part in ("reading_ease", "sentence_length", "passive_voice", "jargon_density"):
        assert hard["accessibility"]["parts"][part] <= easy["accessibility"]["parts"][part]
    assert easy["accessibility"]["score"] >= 90
    assert hard["accessibility"]["score"] <= 40


def test_accessibility_parts_present(nlp_full):
    acc = nlp_full(SHORT_ACTIVE)._.readability["accessibility"]
    assert set(acc) == {"score", "parts", "weights"}
    assert set(acc["parts"]) == {"reading_ease", "sentence_length", "passive_voice", "jargon_density"}
    assert all(0 <= v <= 100 for v in acc["parts"].values())
    assert sum(acc["weights"].values()) == pytest.approx(1.0)
    assert 0 <= acc["score"] <= 100


def test_without_jargon_component_weights_rescale(nlp_plain):
    r = nlp_plain(LONG_PASSIVE)._.readability
    assert r["jargon_per_100_words"] is None
    acc = r["accessibility"]
    assert acc["parts"]["jargon_density"] is None
    assert "jargon_density" not in acc["weights"]
    assert sum(acc["weights"].values()) == pytest.approx(1.0)


def test_accessibility_formula():
    assert accessibility(70, 15, 0.1, 0.0)["score"] == 100
    assert accessibility(20, 40, 0.6, 10.0)["score"] == 0
    mid = accessibility(45, 27.5, 0.35, 5.0)
    assert mid["parts"] == {"reading_ease": 50, "sentence_length": 50, "passive_voice": 50, "jargon_density": 50}
    assert mid["score"] == 50
    assert set(WEIGHTS) == set(mid["weights"])
    assert TARGETS["reading_age"] == (9, 11) and TARGETS["flesch_reading_ease"] == (60, 70)


@pytest.mark.parametrize("text,passive", [
    ("It was decided to close the case.", True),
    ("Ada was not seen for six weeks.", True),
    ("The plans are being reviewed.", True),
    ("The case has been fully closed.", True),
    ("Noor wasn't told about the meeting.", True),
    ("She was concerned about her brother.", False),
    ("The children were happy at home.", False),
    ("The worker visited the family.", False),
    ("It is often difficult to say.", False),
])
def test_passive_heuristic(nlp_plain, text, passive):
    assert bool(passive_phrases(nlp_plain(text))) is passive


def test_finding_span_readability(nlp_full):
    doc = nlp_full(SHORT_ACTIVE + " " + LONG_PASSIVE)
    sents = list(doc.sents)
    first = doc[sents[0].start:sents[2].end]
    last = sents[-1]
    assert first._.readability["sentences"] == 3
    assert last._.readability["passive_voice"]["share"] == 1.0
    assert first._.readability["accessibility"]["score"] > last._.readability["accessibility"]["score"]
    whole = doc._.readability
    assert whole["words"] == first._.readability["words"] + last._.readability["words"]
    assert whole["passive_voice"]["sentences"] == 1


def test_empty_and_punctuation_only(nlp_full):
    for text in ("", "...", " \n "):
        r = nlp_full(text)._.readability
        assert r["words"] == 0 and r["accessibility"] is None and r["flesch_reading_ease"] is None


def test_no_sentence_boundaries():
    pipeline = spacy.blank("en")
    doc = pipeline("Jo was seen. She was fine.")
    r = readability(doc)
    assert r["sentences"] == 1 and r["words"] == 6


def test_json_serialisable(nlp_full):
    import json
    json.dumps(nlp_full(LONG_PASSIVE)._.readability)
