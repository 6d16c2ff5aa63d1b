"""Name forms found on the second development set (eval/data/redaction_dev2.jsonl,
nlp/redact/forms.py) and the keep-terms it showed being lost: names in capitals, listed first
names in lower case before a verb of speech, two initials, a name after a job title, a name
before an action verb anywhere, a name after a word that points at a person, a surname before
"family"/"household"; programmes, courts and inspectorates, team names with "in", more job
titles, a fictional place after "moved to", a council's Pupil Referral Unit.

Each sentence is fictional and written here (other names than the generator's); each case
got through (or was lost) on the redactor before this round.
"""
from __future__ import annotations

import pytest

from conftest import survives  # tests/ is on sys.path


NAMES = [
    # capitals in minutes; a surname in capitals that is a word ("YOUNG") or a verb ("SAID")
    ("Attendees: PRIYANKA HALDANE (aunt), the IRO and the DSL.", ["PRIYANKA", "HALDANE"]),
    ("Carer named on the plan: HEATHER LOVE (nan).", ["HEATHER", "LOVE"]),
    ("OLUWASEGUN-JAMES ADEBOWALE is the named carer.", ["OLUWASEGUN", "JAMES", "ADEBOWALE"]),
    ("MR AND MRS HAVILAND-OKORO did not attend the review.", ["HAVILAND", "OKORO"]),
    ("Name on the referral: TERENCE McALINDEN-ROWE.", ["TERENCE", "McALINDEN", "ROWE"]),
    # a first name (a word too) before "from" an organisation; lower-case initials before a family word in brackets
    ("Mark from the Youth Justice Service phoned about the order.", ["Mark"]),
    ("tj (cousin) was at the house again.", ["tj"]),
    # an alias: "known as", a name in brackets after a family word, a short name before a bracketed full name
    ("Her new partner, known as Tiger, has convictions for violence.", ["Tiger"]),
    ("The supervisor watched Dad (Gwilym) and the baby play.", ["Gwilym"]),
    ("Al (Alistair Brough) has an EHCP.", ["Al", "Alistair", "Brough"]),
    # a listed first name in lower case (a word too) before a verb of speech, every mention
    ("call with grace - grace says the new flat is cold", ["grace"]),
    ("call with eirlys - eirlys says she is ok", ["eirlys"]),
    # two initials where a person stands
    ("TW to be told the outcome by Friday.", ["TW"]),
    # a name right after a job title
    ("Feedback from the Child in Care Nurse Oonagh Brannigan was positive.", ["Oonagh", "Brannigan"]),
    # a run of capitalised words before an action verb, after a clause break
    ("Nobody answered; Lloyd Ng rang me back later.", ["Lloyd", "Ng"]),
    ("Zenon showed me the garden and his rabbits.", ["Zenon"]),
    ("Holly showed me her new room.", ["Holly"]),
    # after a word that points at a person
    ("Email from the school re Honour: the taxi is booked.", ["Honour"]),
    ("The worker raised concerns about Honour with the school.", ["Honour"]),
    ("The children's guardian spoke warmly of Ebunoluwa.", ["Ebunoluwa"]),
    ("Oversight was regular, though the plan for Hiba Ng drifted.", ["Hiba", "Ng"]),
    # a surname before a family word, a place's name too
    ("Moderator comment - Love household: drift since May.", ["Love"]),
    ("Halifax's family were not told the outcome.", ["Halifax"]),
    ("Families like the Kendal family found it helpful.", ["Kendal"]),
    # Sunday's abbreviation is a surname too; a surname that is a domain word, after a first name
    ("Next visit booked with Ling Sun.", ["Ling", "Sun"]),
    ("Marcus Young was sober when the worker called.", ["Marcus", "Young"]),
    # an apostrophe surname after a first name found
    ("Rating: requires improvement. O'Rourke's family were not told.", ["O'Rourke"]),
    ("W. Young, a Youth Worker, knew him well.", ["Young"]),
]


@pytest.mark.parametrize("text,names", NAMES, ids=[t[:40] for t, _ in NAMES])
def test_name_forms_are_redacted(redact, text, names):
    out = redact(text)
    for name in names:
        assert not survives(name, out), (name, out)


KEPT = [
    ("The service uses Signs of Safety, Mockingbird and the Outcomes Star.",
     ["Signs of Safety", "Mockingbird", "Outcomes Star"]),
    ("The worker should have recorded why the Safe and Together stalled.", ["Safe and Together"]),
    ("Leaders have introduced Staying Put; families like it.", ["Staying Put"]),
    ("Leaders have introduced Family Valued across the service.", ["Family Valued"]),
    ("Good challenge from the Missing Coordinator Ines Baptista about the plan.", ["Missing Coordinator"]),
    ("The plan drifted after the move to Stanecliffe.", ["Stanecliffe"]),
]


@pytest.mark.parametrize("text,kept", KEPT, ids=[t[:40] for t, _ in KEPT])
def test_programmes_courts_titles_and_places_stay(redact, text, kept):
    out = redact(text)
    for term in kept:
        assert term in out, (term, out)


# Kept before this round too: guards against its rules reaching too far (capitals, "family",
# a named Pupil Referral Unit, "in" inside a team's name, the person's object after "for").
GUARDS = [
    ("Hunter's behaviour at Rotherham Pupil Referral Unit improved.", ["Rotherham Pupil Referral Unit"]),
    ("The Bolton family support team met the Bolton families.", ["Bolton family support team", "Bolton families"]),
    ("CHILD PROTECTION PLAN REVIEW: the MASH and the LADO agreed.", ["CHILD PROTECTION PLAN REVIEW", "MASH", "LADO"]),
    ("The Calderbrook Children in Care Team held the review.", ["Calderbrook Children in Care Team"]),
    ("The Central Family Court and the Care Quality Commission were told.", ["Central Family Court", "Care Quality Commission"]),
    ("A referral for Early Help was made in Wakefield.", ["Early Help", "Wakefield"]),
    ("Summer from the age of six was hard.", ["Summer"]),
    ("The social worker (Locality 2) and the Team Manager (Duty) met.", ["Team Manager (Duty)"]),
    # an acronym in capitals before "is", a lower-case verb before a verb of speech, a team after a name
    ("JOSIE is used to score the carers' reflections.", ["JOSIE"]),
    ("One parent the auditors met spoke warmly of the service.", ["met"]),
    ("Actions open: 4 for Maria Duffy, 6 for Tewkesbury North 11-25.", ["North 11-25"]),
]


@pytest.mark.parametrize("text,kept", GUARDS, ids=[t[:40] for t, _ in GUARDS])
def test_kept_terms_this_round_must_not_lose(redact, text, kept):
    out = redact(text)
    for term in kept:
        assert term in out, (term, out)


def test_a_named_pupil_referral_unit_is_a_school(nlp):
    doc = nlp("Tia now attends Larchmont Pupil Referral Unit.")
    assert "Larchmont" not in doc._.redacted_text and "[SCHOOL]" in doc._.redacted_text


def test_the_new_rules_are_named(nlp):
    doc = nlp("Attendees: PRIYANKA HALDANE (aunt).")
    assert {r.rule for r in doc._.redactions} == {"capitals"}
    doc = nlp("Moderator comment - Love household: drift since May.")
    assert [r.rule for r in doc._.redactions] == ["family-name"]
