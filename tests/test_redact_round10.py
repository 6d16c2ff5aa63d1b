"""Classes the generated development sets still let through after round 9 (issue 12, round 10),
one test each: a listed first name that is also a word or a place, as a clause's subject before
what only a person does ("that Georgia had not engaged", "; Victoria declined ..."); a word or place
joined by "and" to a name found before "seen together", or after "between" to a family word; a
word wordfreq does not know opening a sentence as a verb's subject; a whole name in an email's
From/To field even where one word is a family word, a title or a town. Kept: a town no name list
holds, compared by counts with another town, or owning a team. Every sentence and name is
fictional and written here, none a row of the sets; each case but the guards failed on the
redactor before this round (main 2dc9493).
"""
from __future__ import annotations

import pytest

from conftest import survives  # tests/ is on sys.path


@pytest.mark.parametrize("text, name", [
    ("The panel was told that Georgia had not engaged with the Youth Offending Service since May.", "Georgia"),
    ("Home visit cut short; Victoria declined the offer of a Family Group Conference.", "Victoria"),
    ("Message from nursery - India poorly, no contact today.", "India"),
    ("Supervision: Min is worried that the plan is drifting.", "Min"),
    ("Reflections. Sky built a trusting relationship with the foster carer over the summer.", "Sky"),
])
def test_a_word_name_as_the_subject_of_a_person_predicate(redact, text, name):
    assert not survives(name, redact(text))


def test_guard_an_object_after_a_preposition_stays(redact):
    out = redact("The family moved from Jersey; work with Jersey Children's Services declined after that.")
    assert "Jersey" in out


def test_a_word_or_place_joined_to_a_name_found(redact):
    out = redact("Early Help Team. Summary. Chelsea and Oluwadamilare seen together at the flat.")
    assert not survives("Chelsea", out)
    out = redact("Contact between Georgia and father Thaddeus Okonkwo-Reyes is now supervised.")
    assert not survives("Georgia", out)


def test_an_unknown_word_opening_a_sentence_before_a_verb(redact):
    out = redact("Adoption Panel notes. Present: the chair and the adviser. Tobenna was not discussed.")
    assert not survives("Tobenna", out)


def test_guard_a_known_word_opening_a_sentence_stays(redact):
    out = redact("Contact was not discussed. Respite was discussed briefly.")
    assert "Contact" in out and "Respite" in out


@pytest.mark.parametrize("text, gone", [
    ("From: Nana Boatemaa To: Priya Ghosh Subject: review date", ["Nana", "Boatemaa"]),
    ("From: Quilla Achterberg To: Clare Hollis Subject: Pathway Plan", ["Clare", "Hollis"]),
    ("From: Wendel Master To: Orla Finch Subject: transport", ["Wendel", "Master"]),
])
def test_a_whole_name_in_an_email_header_field(redact, text, gone):
    out = redact(text)
    assert not any(survives(w, out) for w in gone), out


def test_guard_a_team_in_an_email_header_field_stays(redact):
    out = redact("From: Leeds Hub To: Kirklees Council Subject: transfer")
    assert "Leeds Hub" in out and "Kirklees Council" in out


def test_a_town_compared_by_counts_or_owning_a_team_stays(redact):
    out = redact("The chair asked why Kettering has more Child in Need cases than Stockport this year.")
    assert "Kettering" in out and "Stockport" in out
    out = redact("Tamworth's Leaving Care Team and the Wigan Panel share one adviser.")
    assert "Tamworth" in out


def test_guard_a_town_that_is_a_name_compared_or_owning_still_goes(redact):
    out = redact("Nelson has more contact sessions than Preston, said the worker.")
    assert not survives("Nelson", out)
    out = redact("Leigh's Leaving Care Team contacted the worker twice.")
    assert not survives("Leigh", out)


def test_a_surname_the_tokenizer_joins_to_the_full_stop(redact):
    out = redact("The IRO has asked for an update on the pathway plan for Raghav Sen.")
    assert not survives("Sen", out)


def test_a_listed_first_name_opening_a_sentence_before_a_surname_found(redact):
    out = redact("Adoption Panel notes. Present: the chair. India Okwuosa-Thornbury was not discussed.")
    assert not survives("India", out)


def test_guard_a_greeting_before_a_name_found_stays(redact):
    out = redact("Hi Tobechi - can you send the minutes over?")
    assert out.startswith("Hi ") and not survives("Tobechi", out)


def test_a_name_with_one_letter_after_its_apostrophe(redact):
    out = redact("Can you chase the school re Wambu'i's attendance figures? Thanks")
    assert not survives("Wambu'i", out)


def test_a_rare_first_name_and_a_word_surname_before_a_team_in_brackets(redact):
    out = redact("Core group. Attendees: Ifeoluwa Lantern (Leaving Care Team); the school nurse.")
    assert not survives("Ifeoluwa", out) and not survives("Lantern", out)
    assert "Leaving Care Team" in out


def test_guard_an_organisation_before_a_team_in_brackets_stays(redact):
    out = redact("Attendees: Kirkholt Family Hub (Early Help Team) and the school nurse.")
    assert "Kirkholt Family Hub" in out
