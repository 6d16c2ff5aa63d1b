"""Names in the frames the sixth hand-written check set showed (issue 12, round 6;
eval/data/redaction_fresh6.jsonl, nlp/redact/frames.py): a first name that is also a place, a month
or a word opening a sentence before a person's verb, after an opening "For", before "'s" and a
family word; a full name before ", known as"; lower-case names in informal notes; surname
particles ("van der", "dos", "bin"); and tools, programmes, refuges and languages kept.

Each sentence is fictional and written here (other names and wordings than the check set's);
each name got through, or each kept term was lost, on the redactor before this round.
"""
from __future__ import annotations

import pytest

from conftest import survives  # tests/ is on sys.path


NAMES = [
    ("Dallas has been going missing most weekends.", ["Dallas"]),
    ("June missed her appointment with the dentist.", ["June"]),
    ("For Dallas, the plan did not name a lead professional.", ["Dallas"]),
    ("The health visitor met June's mother at the clinic.", ["June"]),
    ("Abdulrahman, known as Abdi, is in Year 10.", ["Abdulrahman", "Abdi"]),
    ("dropped in, saw baby poppy, dad tired", ["poppy"]),
    ("nan rang, grandad vince is back in hospital", ["vince"]),
    ("home visit, baby aziela asleep, mum coping", ["aziela"]),
    ("says carly she wont go back to school", ["carly"]),
    ("txt from tia at 3am asking for a lift", ["tia"]),
    ("Ms van den Broek asked for an interpreter.", ["van", "den", "Broek"]),
    ("Joana dos Reis is the named nurse.", ["Joana", "dos", "Reis"]),
    ("Mum said a statement from Okwuosa was read out at the conference.", ["Okwuosa"]),
    ("PM told us the heating had been off for a week.", ["PM"]),
]


@pytest.mark.parametrize("text,names", NAMES, ids=[t[:40] for t, _ in NAMES])
def test_names_in_the_sixth_rounds_frames_go(redact, text, names):
    out = redact(text)
    for name in names:
        assert not survives(name, out), (name, out)


KEPT = [
    ("The IDVA went through the SafeLives Dash with Mum on the phone.", ["SafeLives Dash"]),
    ("Mum finished the Mellow Parenting course and Baby Steps.", ["Baby Steps"]),
    ("The Ivy House refuge had no space that weekend.", ["Ivy House"]),
    ("The worker wrote the letter in Punjabi and in English.", ["Punjabi"]),
]


@pytest.mark.parametrize("text,kept", KEPT, ids=[t[:40] for t, _ in KEPT])
def test_tools_refuges_and_languages_stay(redact, text, kept):
    out = redact(text)
    for term in kept:
        assert term in out, (term, out)


def test_a_month_opening_a_sentence_as_a_month_stays(redact):
    """"May was a hard month": a month before "was" alone is the month; the rule wants more."""
    out = redact("May was a difficult month for the team; April saw fewer referrals.")
    assert out.startswith("May was"), out
