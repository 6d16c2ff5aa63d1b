"""Ambassador review packs and the lexicon suggestion queue, over the real demo store and
the real pipelines. reviews.db goes to this module's own folder; the demo store is shared
(read only). Every name and narrative is fictional (the bundled demo corpus)."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from assistant import lexicon_queue, packs, service
from nlp.analysis import analyse
from nlp.pipeline import build, load_analysis

PII = json.loads((Path(__file__).parent / "fixtures" / "demo_pii.json").read_text(encoding="utf-8"))
TODAY = date(2019, 12, 10)  # "last month" is then November 2019 (8 demo narratives)
TERM_TEXT = "Management oversight"  # in demo-001; not flagged by the shipped lexicon


@pytest.fixture(scope="module", autouse=True)
def _lexicons_put_back(restore_lexicons):
    """Accepting a word here must not change what other test modules see."""


@pytest.fixture(scope="module")
def ws(demo_store_workspace):
    return demo_store_workspace


@pytest.fixture(scope="module")
def meta(demo_workspace):
    return {m["narrative_id"]: m for m in demo_workspace.store.narrative_metadatas()}


def text_of(ws, narrative_id):
    return service.narrative_json(ws, narrative_id)["text"]


def mark_for(ws, narrative_id, phrase, kind="didnt_understand", **extra):
    text = text_of(ws, narrative_id)
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "phrase": phrase, "kind": kind, **extra}


ALL_YES = {"know_child": "yes", "voice": "yes", "language": "yes"}


# --------------------------------------------------------------------------- choosing

def test_pack_by_filters_matches_the_store(ws, meta):
    filters = service.make_filters(team="harrowfield cp team 1", date_from="Jan 2019")
    made = packs.create_pack(ws, "CP 2019", "qa.lead", ["amb.one"], filters=filters)
    expected = sorted(i for i, m in meta.items() if m["team"] == "Harrowfield CP Team 1" and m["date"] >= "2019-01")
    assert expected and made["narrative_ids"] == expected
    assert made["selection"]["mode"] == "filters"
    assert packs.pack(ws, made["id"])["narrative_ids"] == expected


def test_pack_by_finding_level_filter_keeps_narratives_with_such_a_finding(ws, demo_workspace):
    filters = service.make_filters(stance="concern", date_from="2019-11", date_to="2019-11")
    made = packs.create_pack(ws, "Concerns Nov", "qa.lead", ["amb.one"], filters=filters)
    with_concern = {m["narrative_id"] for m in demo_workspace.store.snapshot().metadatas
                    if m.get("stance") == "concern" and m.get("date") == "2019-11"}
    assert with_concern and set(made["narrative_ids"]) == with_concern


def test_pack_by_hand_and_unknown_ids(ws):
    made = packs.create_pack(ws, "Hand", "qa.lead", ["amb.one", "amb.two", "amb.one"],
                             narrative_ids=["demo-003", "demo-001"])
    assert made["narrative_ids"] == ["demo-003", "demo-001"]
    assert [a["username"] for a in made["ambassadors"]] == ["amb.one", "amb.two"]
    with pytest.raises(ValueError, match="2 narrative id"):
        packs.create_pack(ws, "Bad", "qa.lead", ["amb.one"], narrative_ids=["demo-001", "nope-1", "nope-2"])
    with pytest.raises(ValueError, match="Ambassador"):
        packs.create_pack(ws, "Nobody", "qa.lead", [], narrative_ids=["demo-001"])
    with pytest.raises(ValueError, match="choose narratives"):
        packs.create_pack(ws, "Nothing", "qa.lead", ["amb.one"])


def test_random_from_last_month_is_reproducible_and_excludes_teams(ws, meta):
    november = sorted(i for i, m in meta.items() if m["date"] == "2019-11")
    assert len(november) == 8
    first = packs.create_pack(ws, "Nov sample", "qa.lead", ["amb.one"], random_n=3, seed=11,
                              last_month=True, today=TODAY)
    again = packs.create_pack(ws, "Nov sample again", "qa.lead", ["amb.two"], random_n=3, seed=11,
                              last_month=True, today=TODAY)
    assert first["narrative_ids"] == again["narrative_ids"]
    assert len(first["narrative_ids"]) == 3 and set(first["narrative_ids"]) <= set(november)
    assert first["selection"] == {"mode": "random", "month": "2019-11", "filters": None, "random_n": 3,
                                  "seed": 11, "pool": 8}
    unseeded = packs.create_pack(ws, "Nov any", "qa.lead", ["amb.one"], random_n=2, last_month=True, today=TODAY)
    assert isinstance(unseeded["selection"]["seed"], int)  # stored, so the draw can be repeated

    excluded_team = meta[november[0]]["team"]
    everything = packs.create_pack(ws, "Nov all but one team", "qa.lead", ["amb.one"], random_n=50, seed=1,
                                   last_month=True, today=TODAY, exclude_teams=[excluded_team.upper()])
    expected = [i for i in november if meta[i]["team"] != excluded_team]
    assert everything["narrative_ids"] == expected and len(expected) < 8
    assert everything["exclude_teams"] == [excluded_team.upper()]


def test_hand_picked_narrative_of_an_excluded_team_is_refused(ws, meta):
    team = meta["demo-001"]["team"]
    with pytest.raises(ValueError) as err:
        packs.create_pack(ws, "Conflict", "qa.lead", ["amb.one"], narrative_ids=["demo-001", "demo-002"],
                          exclude_teams=[team])
    message = str(err.value)
    assert "1 of the chosen narratives" in message
    assert "Hope" not in message and text_of(ws, "demo-001")[:30] not in message


# --------------------------------------------------------------------------- viewing

def test_can_view_only_narratives_in_own_packs(ws):
    made = packs.create_pack(ws, "View", "qa.lead", ["amb.view"], narrative_ids=["demo-010"])
    assert packs.can_view(ws, "amb.view", "demo-010")
    assert not packs.can_view(ws, "amb.view", "demo-011")
    assert not packs.can_view(ws, "someone.else", "demo-010")
    (mine,) = packs.packs_for(ws, "amb.view")
    assert mine["id"] == made["id"] and mine["narrative_ids"] == ["demo-010"] and mine["reviewed"] == 0
    assert "ambassadors" not in mine and "exclude_teams" not in mine
    assert packs.packs_for(ws, "someone.else") == []


def test_review_view_is_redacted_and_flags_jargon(ws):
    made = packs.create_pack(ws, "Read", "qa.lead", ["amb.read"], narrative_ids=["demo-001", "demo-002"])
    view = packs.review_view(ws, made["id"], "demo-001", username="amb.read")
    text = view["narrative"]["text"]
    for name in PII["demo-001"]["names"]:
        assert not re.search(rf"\b{re.escape(name)}\b", text), "a demo name reached the review view"
    for ref in PII["demo-001"]["case_refs"] + PII["demo-001"]["dobs"]:
        assert ref not in text
    assert "[NAME]" in text
    flags = {f["span"].lower(): f for f in view["analysis"]["jargon"]}
    assert "chronology" in flags and flags["chronology"]["plain"]
    for f in view["analysis"]["jargon"]:
        assert text[f["start"]:f["end"]] == f["span"]
    assert view["analysis"]["readability"]["words"] > 50
    assert view["analysis"]["child_voice"]["label"] in {"present", "partial", "absent", "not_applicable"}
    assert set(view["questions"]) == {"know_child", "voice", "language"}
    assert view["review"] is None
    with pytest.raises(LookupError):
        packs.review_view(ws, made["id"], "demo-050")
    with pytest.raises(PermissionError):
        packs.review_view(ws, made["id"], "demo-001", username="not.assigned")


# --------------------------------------------------------------------------- answering

def test_save_review_validates(ws):
    made = packs.create_pack(ws, "Validate", "qa.lead", ["amb.val"], narrative_ids=["demo-001"])
    pid = made["id"]
    length = len(text_of(ws, "demo-001"))
    good = mark_for(ws, "demo-001", "chronology")
    cases = [
        ({**good, "start": length - 2, "end": length + 5}, "outside the text"),
        ({**good, "start": -1}, "outside the text"),
        ({**good, "start": good["start"] + 1, "end": good["end"] + 1}, "does not match"),
        ({**good, "phrase": "a phrase that is nowhere"}, "not in the narrative"),
        ({**good, "kind": "rude"}, "kind must be"),
        ({**good, "start": "4"}, "whole numbers"),
        ({**good, "better_wording": "x" * 500}, "longer than"),
    ]
    for bad, message in cases:
        with pytest.raises(ValueError, match=message):
            packs.save_review(ws, pid, "demo-001", "amb.val", ALL_YES, [bad])
    with pytest.raises(ValueError, match="repeats"):
        packs.save_review(ws, pid, "demo-001", "amb.val", ALL_YES, [good, good])
    with pytest.raises(ValueError, match="know_child"):
        packs.save_review(ws, pid, "demo-001", "amb.val", {"know_child": "maybe"}, [])
    with pytest.raises(PermissionError):
        packs.save_review(ws, pid, "demo-001", "intruder", ALL_YES, [])
    with pytest.raises(LookupError):
        packs.save_review(ws, pid, "demo-002", "amb.val", ALL_YES, [])
    saved = packs.save_review(ws, pid, "demo-001", "amb.val", ALL_YES, [good])
    assert saved["marks"][0]["phrase"] == "chronology"


def test_results_are_aggregated_and_submit_needs_every_answer(ws):
    made = packs.create_pack(ws, "Aggregate", "qa.lead", ["amb.a", "amb.b"], narrative_ids=["demo-001", "demo-002"])
    pid = made["id"]
    packs.save_review(ws, pid, "demo-001", "amb.a", {**ALL_YES, "comment": "Clear and warm."},
                      [mark_for(ws, "demo-001", "chronology", better_wording="timeline")])
    with pytest.raises(ValueError, match="1 of 2 narratives"):
        packs.submit(ws, pid, "amb.a")
    packs.save_review(ws, pid, "demo-002", "amb.a", {"know_child": "partly", "voice": "no", "language": "partly"})
    packs.save_review(ws, pid, "demo-001", "amb.b", {"know_child": "yes", "voice": "partly", "language": "no"},
                      [mark_for(ws, "demo-001", "chronology", "doesnt_feel_right")])
    done = packs.submit(ws, pid, "amb.a")
    assert next(a for a in done["ambassadors"] if a["username"] == "amb.a")["submitted_at"]
    with pytest.raises(ValueError, match="already submitted"):
        packs.save_review(ws, pid, "demo-001", "amb.a", ALL_YES)

    results = packs.pack_results(ws, pid)
    assert results["answers"] == {"know_child": {"yes": 2, "partly": 1, "no": 0},
                                  "voice": {"yes": 1, "partly": 1, "no": 1},
                                  "language": {"yes": 1, "partly": 1, "no": 1}}
    per = {r["narrative_id"]: r for r in results["by_narrative"]}
    assert per["demo-001"]["reviews"] == 2 and per["demo-001"]["answers"]["know_child"]["yes"] == 2
    assert per["demo-001"]["comments"] == ["Clear and warm."]
    assert per["demo-002"]["answers"]["voice"] == {"yes": 0, "partly": 0, "no": 1}
    (chronology,) = [m for m in results["marks"] if m["phrase"] == "chronology"]
    assert chronology["count"] == 2
    assert chronology["kinds"] == {"didnt_understand": 1, "doesnt_feel_right": 1}
    assert chronology["better_wordings"] == ["timeline"]
    assert {c["username"]: (c["reviewed"], c["submitted"]) for c in results["completion"]} == {
        "amb.a": (2, True), "amb.b": (1, False)}


def test_comments_are_redacted_before_they_are_stored(ws):
    made = packs.create_pack(ws, "Redact comments", "qa.lead", ["amb.r"], narrative_ids=["demo-002"])
    saved = packs.save_review(ws, made["id"], "demo-002", "amb.r",
                              {**ALL_YES, "comment": "I think Kayden Pike was let down, ref 6620841."})
    assert "Kayden" not in saved["answers"]["comment"] and "6620841" not in saved["answers"]["comment"]


# --------------------------------------------------------------------------- the lexicon queue

def test_marks_vote_and_accepted_term_is_flagged_live(ws):
    sample = f"{TERM_TEXT} was recorded at the start."
    before = analyse(load_analysis(), [{"id": "x", "text": sample}])[0]["jargon"]
    assert not any(f["span"].lower() == "management oversight" for f in before)

    made = packs.create_pack(ws, "Queue", "qa.lead", ["amb.q1", "amb.q2"], narrative_ids=["demo-001"])
    for who, wording in (("amb.q1", "a manager checking the work"), ("amb.q2", "a manager checking the work")):
        packs.save_review(ws, made["id"], "demo-001", who, ALL_YES,
                          [mark_for(ws, "demo-001", TERM_TEXT, better_wording=wording, comment="Means what?")])
    pending = [s for s in lexicon_queue.suggestions(ws) if s["term"] == "management oversight"]
    assert len(pending) == 1, "the second mark votes for the pending suggestion, it does not add one"
    (suggestion,) = pending
    assert suggestion["votes"] == 2 and suggestion["voters"] == 2
    assert suggestion["suggested_plain"] == "a manager checking the work"
    assert suggestion["source_narrative_id"] == "demo-001" and suggestion["created_by"] == "amb.q1"

    # saving a review again replaces that reviewer's marks: no double vote
    packs.save_review(ws, made["id"], "demo-001", "amb.q1", ALL_YES,
                      [mark_for(ws, "demo-001", TERM_TEXT, better_wording="a manager checking the work")])
    assert lexicon_queue.suggestion(ws, suggestion["id"])["votes"] == 2

    accepted = lexicon_queue.accept(ws, suggestion["id"], by="qa.lead")
    assert accepted["status"] == "accepted" and accepted["plain"] == "a manager checking the work"
    assert not any(s["id"] == suggestion["id"] for s in lexicon_queue.suggestions(ws))
    with pytest.raises(ValueError, match="already accepted"):
        lexicon_queue.accept(ws, suggestion["id"], by="qa.lead")

    after = analyse(load_analysis(), [{"id": "x", "text": sample.lower().capitalize()}])[0]["jargon"]
    (flag,) = [f for f in after if f["span"].lower() == "management oversight"]
    assert flag["category"] == "ambassador" and flag["plain"] == "a manager checking the work"
    mid = analyse(load_analysis(), [{"id": "y", "text": "The plan had no management oversight at all."}])[0]
    assert any(f["span"] == "management oversight" for f in mid["jargon"])


def test_reject_and_withdrawn_marks(ws):
    made = packs.create_pack(ws, "Reject", "qa.lead", ["amb.x"], narrative_ids=["demo-001"])
    packs.save_review(ws, made["id"], "demo-001", "amb.x", ALL_YES,
                      [mark_for(ws, "demo-001", "unannounced", "doesnt_feel_right")])
    (s,) = [s for s in lexicon_queue.suggestions(ws) if s["term"] == "unannounced"]
    assert s["kinds"] == {"doesnt_feel_right": 1}
    with pytest.raises(ValueError, match="reason"):
        lexicon_queue.reject(ws, s["id"], by="qa.lead", reason="  ")
    rejected = lexicon_queue.reject(ws, s["id"], by="qa.lead", reason="Plain enough for families.")
    assert rejected["status"] == "rejected" and rejected["votes_at_decision"] == 1
    assert s["id"] in [r["id"] for r in lexicon_queue.suggestions(ws, status="rejected")]

    # a whole sentence, or a placeholder, is kept with the review but is no lexicon term
    text = text_of(ws, "demo-001")
    sentence = next(line for line in text.split("\n") if len(line.split()) > 10).split(". ")[0]
    before = len(lexicon_queue.suggestions(ws))
    saved = packs.save_review(ws, made["id"], "demo-001", "amb.x", ALL_YES,
                              [mark_for(ws, "demo-001", sentence, "doesnt_feel_right"),
                               mark_for(ws, "demo-001", "[NAME]", "doesnt_feel_right")])
    assert [m["suggestion_id"] for m in saved["marks"]] == [None, None]
    assert len(lexicon_queue.suggestions(ws)) == before

    # a pending suggestion whose only mark is withdrawn leaves the queue
    packs.save_review(ws, made["id"], "demo-001", "amb.x", ALL_YES,
                      [mark_for(ws, "demo-001", "sign-off")])
    assert any(p["term"] == "sign-off" for p in lexicon_queue.suggestions(ws))
    packs.save_review(ws, made["id"], "demo-001", "amb.x", ALL_YES, [])
    assert not any(p["term"] == "sign-off" for p in lexicon_queue.suggestions(ws))
    # no plain wording suggested and none given: cannot be accepted
    packs.save_review(ws, made["id"], "demo-001", "amb.x", ALL_YES, [mark_for(ws, "demo-001", "sign-off")])
    (p,) = [p for p in lexicon_queue.suggestions(ws) if p["term"] == "sign-off"]
    with pytest.raises(ValueError, match="plain wording"):
        lexicon_queue.accept(ws, p["id"], by="qa.lead")


def test_apply_accepted_after_a_restart(ws):
    """A fresh pipeline (as in a new process) knows only the shipped lexicon until
    apply_accepted puts the accepted terms back."""
    if not any(s["term"] == "management oversight" for s in lexicon_queue.suggestions(ws, status="accepted")):
        test_marks_vote_and_accepted_term_is_flagged_live(ws)
    fresh = build(redact=False)
    text = "There was no management oversight of the plan."
    assert not any(f["span"] == "management oversight" for f in analyse(fresh, [{"id": "r", "text": text}])[0]["jargon"])
    assert lexicon_queue.apply_accepted(ws, pipelines=[fresh]) >= 1
    (flag,) = [f for f in analyse(fresh, [{"id": "r", "text": text}])[0]["jargon"]
               if f["span"] == "management oversight"]
    assert flag["category"] == "ambassador" and flag["plain"] == "a manager checking the work"

    # another worker accepts a term: sync() brings this pipeline up to date, once
    assert lexicon_queue.sync(ws, pipelines=[fresh]) == 0
    made = packs.create_pack(ws, "Worker", "qa.lead", ["amb.w"], narrative_ids=["demo-001"])
    packs.save_review(ws, made["id"], "demo-001", "amb.w", ALL_YES, [mark_for(ws, "demo-001", "sign-off")])
    (pending,) = [p for p in lexicon_queue.suggestions(ws) if p["term"] == "sign-off"]
    lexicon_queue.accept(ws, pending["id"], by="qa.lead", plain="final approval", category="process")
    other = "The manager gave sign-off on Friday."
    assert not any(f["span"] == "sign-off" for f in analyse(fresh, [{"id": "w", "text": other}])[0]["jargon"])
    assert lexicon_queue.sync(ws, pipelines=[fresh]) >= 2
    (flag,) = [f for f in analyse(fresh, [{"id": "w", "text": other}])[0]["jargon"] if f["span"] == "sign-off"]
    assert flag["plain"] == "final approval" and flag["category"] == "process"
    assert lexicon_queue.sync(ws, pipelines=[fresh]) == 0
