"""Names in no list and in no person's context (issue 12, round 7; nlp/redact/unlisted.py), the kind
eval/data/redaction_dev3.jsonl (names drawn from Faker's person lists) showed getting through: a
capitalised word English hardly uses, in no name list, after "that", "between", "to", in a list.
Places, organisations' runs, acronyms' plurals, compounds of English words and places cut short
stay. Every sentence and name is fictional and written here; each name got through on the
redactor before this round.
"""
from __future__ import annotations

import pytest

from conftest import survives  # tests/ is on sys.path


NAMES = [
    ("The case will be handed over to Wrzesniewska next month.", ["Wrzesniewska"]),
    ("Seen at home: Nyambura, the baby and Anwuli.", ["Anwuli"]),
    ("Attendees: Anwuli, Tsegereda and the IRO.", ["Anwuli", "Tsegereda"]),
    ("The letter was sent to Tsegereda and to the school.", ["Tsegereda"]),
    ("Only Ikwuemesi and the health visitor attended.", ["Ikwuemesi"]),
    ("A review by Wrzesniewska found no drift.", ["Wrzesniewska"]),
    ("In the room: Tyler Okafor, Seren, Vũ.", ["Vũ"]),
    ("The strategy meeting was chaired by Sister Okwuosa-Bell and PC Lowe.", ["Okwuosa", "Bell"]),
    ("rang nkemjika back, she was at school.", ["nkemjika"]),
    ("Seen at home: Ashworth Pike, Christian, Ivo and the baby.", ["Christian"]),
    ("From: Ikenna Obi To: Na Gu Subject: review", ["Na", "Gu"]),
    ("Moderator queries the date; TSEGEREDA WRZESNIEWSKA is named as the carer.", ["TSEGEREDA", "WRZESNIEWSKA"]),
    ("Hi Billy - can you chase the school? Thanks, Sean", ["Billy", "Sean"]),
]


@pytest.mark.parametrize("text,names", NAMES, ids=[t[:40] for t, _ in NAMES])
def test_unlisted_rare_capitalised_names_go(redact, text, names):
    out = redact(text)
    for name in names:
        assert not survives(name, out), (name, out)


KEPT = [
    ("The visits took place at Brackenthwaite and went well.", ["Brackenthwaite"]),
    ("Actions are outstanding from Forest, Quenby, Tewkesbury and Gloucester.", ["Quenby"]),
    ("The Ashcombe Family Hub offered a parenting course.", ["Ashcombe Family Hub"]),
    ("The LCPPs were not reviewed on time.", ["LCPPs"]),
    ("From: Leeds City Council To: the duty team", ["Leeds City Council"]),
    ("Dear All, the Kirklees Council panel meets on Friday.", ["All", "Kirklees Council"]),
    ("The CAMHS and ICPC minutes were late.", ["CAMHS", "ICPC"]),
    ("STRATEGY MEETING NOTES follow below.", ["STRATEGY MEETING NOTES"]),
    ("The careexperienced young people met the panel.", ["careexperienced"]),
    ("Overoptimism about the parents' progress delayed the plan.", ["Overoptimism"]),
]


@pytest.mark.parametrize("text,kept", KEPT, ids=[t[:40] for t, _ in KEPT])
def test_places_organisations_and_words_stay(redact, text, kept):
    out = redact(text)
    for term in kept:
        assert term in out, (term, out)


# Keep-terms and identifiers of shapes dev3 showed lost or missed (each failed before this round).
KEPT_SHAPES = [
    ("Signed by the Community Psychiatric Nurse, Gregor Bell, Mossvale Looked After Children Team.",
     ["Mossvale Looked After Children Team"]),
    ("Kind regards, Gregor Bell, Community Psychiatric Nurse", ["Community Psychiatric Nurse"]),
    ("Contact with dad is supervised at Keighley on Saturdays.", ["Keighley"]),
]


@pytest.mark.parametrize("text,kept", KEPT_SHAPES, ids=[t[:40] for t, _ in KEPT_SHAPES])
def test_team_job_title_and_town_shapes_stay(redact, text, kept):
    out = redact(text)
    for term in kept:
        assert term in out, (term, out)


@pytest.mark.parametrize("text,address", [
    ("The police attended 14 Weavers Fold after a neighbour called.", "14 Weavers Fold"),
    ("The family moved to 3 Ashgrove Croft last year.", "3 Ashgrove Croft"),
])
def test_addresses_on_more_street_types_go(redact, text, address):
    out = redact(text)
    assert address not in out and "[ADDRESS]" in out, out
