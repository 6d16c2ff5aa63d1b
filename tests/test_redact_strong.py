"""Classes eval/data/redaction_fresh8.jsonl showed (issue 12, round 9), one test each: a word,
month or place opening a sentence before a predicate only a person takes; an apposition of a
family or role word; the object of asking before a question word; "contact with" a word-name;
"known locally as"; a quoted nickname between names; spaced initials before a surname; a
capital-letter word beside a capital-letter name; a lower-case name before a passive in a note;
dates under a table's DOB column. Kept: a rare word after "round the", a city after "journey
from", the "Outcome Star". Every sentence and name is fictional and written here, none a row of
the set; each case failed on the redactor before this round (9b77fb2).
"""
from __future__ import annotations

import pytest

from conftest import survives  # tests/ is on sys.path


@pytest.mark.parametrize("text, name", [
    ("Valour has been suspended from the pupil referral unit again.", "Valour"),
    ("August is not yet toilet trained and wears nappies at night.", "August"),
    ("Kendal will start at the new primary after half-term.", "Kendal"),
])
def test_a_person_only_predicate_after_an_opening_word(redact, text, name):
    assert not survives(name, redact(text))


def test_guard_a_common_noun_before_a_predicate_stays(redact):
    out = redact("Attendance has been poor; Work will start at the family centre.")
    assert "Attendance" in out and "Work" in out


def test_an_apposition_of_a_family_or_role_word(redact):
    out = redact("Chastity, the baby's paternal aunt, offered to help with the school run.")
    assert not survives("Chastity", out)


def test_guard_a_month_before_an_apposition_stays(redact):
    out = redact("In October, the social worker, Ms Hale, visited twice.")
    assert "October" in out and not survives("Hale", out)


def test_the_object_of_asking_before_a_question_word(redact):
    out = redact("The worker asked April whether she wanted to stay.")
    assert not survives("April", out)


def test_contact_with_a_word_name(redact):
    out = redact("The court ordered supervised contact with Spring every other weekend.")
    assert not survives("Spring", out)


def test_known_locally_as(redact):
    out = redact("Her uncle, known locally as Diesel, drives the boys to town.")
    assert not survives("Diesel", out)


def test_a_quoted_nickname_between_names(redact):
    out = redact("Fenwick 'Fen' Oduwole-Marsh has asked to see the children.")
    assert not survives("Fenwick", out) and not survives("Fen", out)


def test_spaced_initials_before_a_surname(redact):
    out = redact("Statement taken by P K Sandhar for the police.")
    assert not survives("Sandhar", out)


def test_a_capital_letter_word_beside_a_capital_letter_name(redact):
    out = redact("RE: ZAINAB OKONJO-HALE. MOTHER: TAMSINE OKONJO-HALE.")
    assert not survives("TAMSINE", out) and not survives("OKONJO", out)


def test_a_lower_case_name_before_a_passive_in_a_note(redact):
    out = redact("joint visit w/ police, benji found at his mate's flat")
    assert not survives("benji", out)


def test_dates_under_a_dob_column(redact):
    out = redact("Child | Gender | DOB\nKofi | M | 03/04/2017\nAbena | F | 2019-11-21")
    assert "03/04/2017" not in out and "2019-11-21" not in out


def test_guard_a_date_under_a_visit_column_stays(redact):
    out = redact("Visit | Date\nHome visit | 03/04/2024")
    assert "03/04/2024" in out


@pytest.mark.parametrize("text, kept", [
    ("She sat outside the Galleria with older girls.", "Galleria"),
    ("Their journey from Mazar to the coast took eleven months.", "Mazar"),
    ("The Outcome Star was repeated at the review and showed progress.", "Outcome Star"),
])
def test_places_and_tools_stay(redact, text, kept):
    assert kept in redact(text)


# After fresh9 (written after the rules above, measured once, then read): the eldest or youngest
# in apposition, an opening word joined to a family word, a title then a lower-case particle, a
# sign-off on its own line, "Bank" as a street; kept: languages, a building's name after "the".
def test_an_apposition_of_birth_order(redact):
    assert not survives("Tempest", redact("Tempest, the youngest, sleeps in mum's room."))


def test_an_opening_word_joined_to_a_family_word(redact):
    assert not survives("Gucci", redact("Gucci and her sister were collected by their aunt."))


def test_a_title_then_a_lower_case_particle(redact):
    assert not survives("Wit", redact("Later Mr de Wit rang the duty line."))


def test_a_name_on_the_line_after_a_sign_off(redact):
    assert not survives("Gurnam", redact("Cheers,\nGurnam\nFamily Support Worker"))


def test_a_bank_is_a_street(redact):
    assert "9 Mill Bank" not in redact("She now lives at 9 Mill Bank with her aunt.")


@pytest.mark.parametrize("text, kept", [
    ("Dad speaks only Hausa and a little Arabic.", "Hausa"),
    ("The Sandy Lodge respite unit has no beds this month.", "Sandy Lodge"),
])
def test_languages_and_buildings_stay(redact, text, kept):
    assert kept in redact(text)
