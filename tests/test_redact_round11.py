"""Classes eval/data/redaction_dev5.jsonl let through or lost on round 11's start commit (issue 12,
round 11), one test each: dates of birth in system forms and in an identity strip; file names
with dotted stems or rare capitalised words; lower-case names no list holds; initials signing a
note; a reader addressed; a name beside a school or its own identifier, or before a colon; a name
joined by "and" to a job title (and a team pattern that swallowed it); non-ASCII names in the age
frame; a person's verb of recording. Kept: job titles with "Student", "School Nurse" after FAO, a
gerund naming an assessment, Adult Social Care, a town joined to another before the team's verb. Every sentence and name is fictional and written
here, none a row of the sets; each case but the guards failed on the start commit (bb13952).
"""
from __future__ import annotations

import pytest

from conftest import survives  # tests/ is on sys.path


@pytest.mark.parametrize("text, dob", [
    ("Child in Need review for the younger girl, DOB 14-Feb-2013, held at the office.", "14-Feb-2013"),
    ("Transfer summary. D.O.B. 03JUN2016; allocated to the duty worker.", "03JUN2016"),
    ("Chronology entry: dob 2014/11/30, moved schools twice.", "2014/11/30"),
    ("Strip: LAC-88231 / Tamsin Orrell / 12/06/14 / WF3 1LB - closed.", "12/06/14"),
])
def test_a_date_of_birth_in_system_forms_and_identity_strips(redact, text, dob):
    assert dob not in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("Attached Vukovic.Ianthe.review.pdf for the panel.", ["Vukovic", "Ianthe"]),
    ("Uploaded Tevorah_Osgairne_chronology_v3.docx to the shared folder.", ["Tevorah", "Osgairne"]),
])
def test_names_in_dotted_file_names_and_rare_capitalised_stems(redact, text, gone):
    out = redact(text)
    assert not any(survives(w, out) for w in gone), out


def test_guard_a_file_name_of_words_stays(redact):
    out = redact("Saved Chronology_Final_v3.docx and Signs_of_Safety_Map.pdf today.")
    assert "Chronology_Final_v3.docx" in out and "Signs_of_Safety_Map.pdf" in out


@pytest.mark.parametrize("text, gone", [
    ("cn: seen qilani alone in her room, quiet.", ["qilani"]),
    ("tc from nana re tovuzhe not in school today.", ["tovuzhe"]),
    ("Ref 4471 - kaszuba, thandekile - file closed today.", ["kaszuba", "thandekile"]),
    ("tc: sw spoke to ignatius wrobleska about school.", ["ignatius", "wrobleska"]),
])
def test_lower_case_names_no_list_holds(redact, text, gone):
    out = redact(text)
    assert not any(survives(w, out) for w in gone), out


def test_guard_lower_case_note_words_stay(redact):
    out = redact("hv done, saw the baby alone, cot clean, sw to ring gp re meds.")
    assert out == "hv done, saw the baby alone, cot clean, sw to ring gp re meds."


def test_initials_signing_a_note(redact):
    assert not survives("RQ", redact("Boy seen in his room, tidy, no worries raised. RQ"))
    assert "NFA" in redact("Boy seen in his room, tidy, no worries raised. NFA")


@pytest.mark.parametrize("text, name", [
    ("Hi all. Tzivia, could you chair on Monday?", "Tzivia"),
    ("Annual health check. Ebunoluwa - NHS 401 223 9876 - weight fine.", "Ebunoluwa"),
    ("Core group. Zellivan: wants to see dad more often.", "Zellivan"),
    ("Şirin (aged 9): 'I like my new room'.", "Şirin"),
])
def test_a_name_addressed_or_beside_its_school_identifier_or_colon(redact, text, name):
    assert not survives(name, redact(text))


def test_guard_a_name_before_a_school_in_a_record(redact):
    """`beside-school` is a backstop: in isolation the gazetteer already takes these (so this
    passes on the start commit too); in dev5's longer rows it took four names nothing else did."""
    assert not survives("Marisol", redact("Referral 2231: Marisol, St Bede's RC Academy; please allocate."))


def test_guard_a_heading_before_a_colon_stays(redact):
    out = redact("Analysis: the plan is drifting. Actions: review in May.")
    assert "Analysis" in out and "Actions" in out


@pytest.mark.parametrize("text, gone", [
    ("Present: R. Ostrowska and Service Manager Ilse Brandt.", ["Ostrowska"]),
    ("Present: Bolaji Ekwueme and Service Manager Ilse Brandt.", ["Bolaji", "Ekwueme"]),
    ("The visit went well. Quillon recorded the visit on the system.", ["Quillon"]),
])
def test_a_name_joined_to_a_job_title_or_recording(redact, text, gone):
    out = redact(text)
    assert not any(survives(w, out) for w in gone), out


@pytest.mark.parametrize("text, kept", [
    ("Supervision: Ilse Brandt and Student Social Worker Tamsin Orrell.", "Student Social Worker"),
    ("FAO School Nurse, Early Help Hub. Referral attached.", "School Nurse"),
    ("The team evidenced Parenting Assessment, but the father's views are missing.", "Parenting Assessment"),
    ("A joint visit by Ilse Brandt and Adult Social Care is booked.", "Adult Social Care"),
    ("The Family Hub in Elland and Todmorden runs all three groups.", "Todmorden"),
])
def test_keep_terms_round_eleven(redact, text, kept):
    assert kept in redact(text)


@pytest.mark.parametrize("text, gone", [
    ("Tobiah Wrenfield (Personal Adviser, the local authority) chaired the review.", ["Tobiah", "Wrenfield"]),
    ("The plan was agreed at a joint visit by Ilsabet and Children's Services.", ["Ilsabet"]),
    ("To: duty. Subject: jorge castañeda - Staying Put. Thanks.", ["jorge", "castañeda"]),
    ("Case 88: walker, birsen - file closed.", ["walker", "birsen"]),
])
def test_a_name_with_its_role_and_service_or_in_lower_case_fields(redact, text, gone):
    out = redact(text)
    assert not any(survives(w, out) for w in gone), out


def test_guard_a_service_joined_to_a_service_and_a_plain_subject_stay(redact):
    out = redact("Work with Housing and the police continues. Subject: school uniform - costs.")
    assert "Housing" in out and "school uniform" in out


@pytest.mark.parametrize("text, gone", [
    ("tc from gran re alfred not in school again.", ["alfred"]),
    ("cn: sw called, jhalak sheth not home, note left.", ["jhalak", "sheth"]),
    ("The meeting agreed a joint visit by Elphas and Women's Aid; the aunt to be seen.", ["Elphas"]),
])
def test_a_listed_name_in_a_notes_slot_or_joined_to_a_service(redact, text, gone):
    out = redact(text)
    assert not any(survives(w, out) for w in gone), out


def test_child_sexual_exploitation_stays(redact):
    out = redact("Supervision 3 May: Ilse Brandt and Team Manager Ama Bello. Discussed Kofi - Child Sexual "
                 "Exploitation risk assessment to continue.")
    assert "Child Sexual Exploitation" in out


def test_a_name_after_a_notes_opening_verb_and_the_verb_stays(redact):
    out = redact("Supervision: Ama Bello. Discussed Tariq - the risk assessment to continue, review booked.")
    assert not survives("Tariq", out)
    out = redact("Supervision 3 May: Ilse Brandt. Discussed Kofi - plan.")
    assert "Discussed" in out and not survives("Kofi", out)


def test_an_address_on_a_northern_street_word(redact):
    out = redact("Letter sent to 73 Ravel Side and a copy to 4 Thornton Carr.")
    assert "73 Ravel Side" not in out and "4 Thornton Carr" not in out
