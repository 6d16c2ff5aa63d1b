"""Findings: what a QA officer cites one by one, from the real pipeline's sentences."""
from __future__ import annotations

import pytest


def findings(nlp, text: str) -> list[str]:
    return [f.text for f in nlp(text)._.findings]


def test_each_sentence_is_a_finding(nlp):
    text = ("The assessment was completed within 45 working days. Visits were regular and purposeful. "
            "The chronology was up to date and used in the analysis.")
    assert findings(nlp, text) == [
        "The assessment was completed within 45 working days.",
        "Visits were regular and purposeful.",
        "The chronology was up to date and used in the analysis.",
    ]


def test_a_lead_in_ending_in_a_colon_joins_what_follows(nlp):
    text = ("Areas for development:\nthe plan has no timescales and the contingency is not recorded. "
            "Supervision was monthly and reflective.")
    assert findings(nlp, text) == [
        "Areas for development:\nthe plan has no timescales and the contingency is not recorded.",
        "Supervision was monthly and reflective.",
    ]


def test_a_fragment_joins_the_next_sentence(nlp):
    text = "Good. The child's voice is clear throughout the assessment and shapes the plan."
    assert findings(nlp, text) == [text]


def test_a_trailing_fragment_joins_the_sentence_before(nlp):
    text = "The plan was reviewed within timescales and every action had an owner. Good."
    assert findings(nlp, text) == [text]


def test_a_short_follow_on_joins_the_sentence_before(nlp):
    text = ("The school raised concerns about bruising to her arm in March. This was not followed up. "
            "Core group meetings were held monthly.")
    assert findings(nlp, text) == [
        "The school raised concerns about bruising to her arm in March. This was not followed up.",
        "Core group meetings were held monthly.",
    ]


def test_a_long_sentence_starting_however_stands_alone(nlp):
    text = ("Overall the work was good. However, the plan lacked timescales for several of the actions "
            "that were agreed at the initial child protection conference.")
    assert len(findings(nlp, text)) == 2


@pytest.mark.parametrize("text", [
    "The school raised concerns about bruising to her arm in March.\n\nThis was not followed up.",
    "Areas for development:\n\nThe plan has no timescales and the contingency is not recorded.",
    "The plan was reviewed within timescales and every action had an owner.\n\nGood.",
    "Good.\n\nThe child's voice is clear throughout the assessment and shapes the plan.",
    "Visits were regular.\r\n\r\nThis was not recorded.",
])
def test_never_across_a_paragraph_break(nlp, text):
    found = findings(nlp, text)
    assert len(found) == 2, found
    assert all("\n\n" not in f.replace("\r", "") for f in found)


def test_findings_are_in_order_and_do_not_overlap(nlp):
    text = ("Strengths:\nThe child was seen alone. Good. The plan was clear.\n\n"
            "Areas for development: timescales. This was noted. Supervision was not recorded for four "
            "months and the case drifted as a result of staff changes in the team.")
    doc = nlp(text)
    spans = doc._.findings
    assert spans, "no findings"
    assert all(a.end_char <= b.start_char for a, b in zip(spans, spans[1:]))
    assert all(len(s) <= len(doc) for s in spans)
    # nothing but whitespace and lone punctuation falls between findings
    covered = "".join(text[s.start_char:s.end_char] for s in spans)
    assert "".join(covered.split()) == "".join(text.split())


def test_findings_redacted_text_carries_placeholders(nlp):
    text = ("Tyler Okafor (case ref 4418203) was seen alone. Tyler's mum, Leanne Okafor, was spoken to "
            "on 07700 900123.\n\nThe social worker visited 14 Larkspur Close, GL1 2AB, unannounced. "
            "This was good practice.")
    doc = nlp(text)
    redacted = [f._.redacted_text for f in doc._.findings]
    assert redacted == [
        "[NAME] (case ref [CASE-REF]) was seen alone.",
        "[NAME]'s mum, [NAME], was spoken to on [PHONE].",
        "The social worker visited [ADDRESS], [POSTCODE], unannounced. This was good practice.",
    ]
    joined = " ".join(redacted)
    for planted in ("Tyler", "Okafor", "Leanne", "4418203", "07700 900123", "14 Larkspur Close", "GL1 2AB"):
        assert planted not in joined
    # each finding's redacted text is a piece of the narrative's redacted text
    assert all(r in doc._.redacted_text for r in redacted)
