"""The review-pack and suggested-words pages (api/pack_pages/), through the real app, real
sign-in and the real packs, lexicon queue and pipelines. reviews.db and accounts.db go to
this module's own folder; the demo store is shared (read only). Every name, username and
narrative is fictional (the bundled demo corpus)."""
from __future__ import annotations

import re
from html import escape, unescape
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pack_pages import annotate, find_phrase
from assistant import lexicon_queue, packs, service


PASSWORD = "correct horse battery staple"
NOVEMBER = "2019-11"  # 8 demo narratives


@pytest.fixture(scope="module", autouse=True)
def _lexicons_put_back(restore_lexicons):
    """Accepting a word here must not change what other test modules see."""


@pytest.fixture(scope="module")
def ws(demo_store_workspace):
    return demo_store_workspace


@pytest.fixture(scope="module")
def app(ws):
    return create_app(ws)


@pytest.fixture(scope="module")
def meta(demo_workspace):
    return {m["narrative_id"]: m for m in demo_workspace.store.narrative_metadatas()}


def form_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app, username: str, role: str) -> TestClient:
    """A new user of that role, signed in through the real /login form."""
    app.state.accounts.add_user(username, role, PASSWORD)
    client = TestClient(app)
    token = form_token(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture(scope="module")
def qa(app):
    return signed_in(app, "qa-lead", "qa")


@pytest.fixture(scope="module")
def amb1(app):
    return signed_in(app, "amb-river", "ambassador")


@pytest.fixture(scope="module")
def amb2(app):
    return signed_in(app, "amb-willow", "ambassador")


def token_of(client: TestClient) -> str:
    """The session's CSRF token, as every signed-in page's forms carry it."""
    return form_token(client.get("/account").text)


def post(client: TestClient, url: str, data: dict):
    """POST a form as a browser does: with the session's CSRF token."""
    return client.post(url, data={**data, "csrf_token": token_of(client)}, follow_redirects=False)


def make_pack(qa: TestClient, **fields):
    return post(qa, "/packs", fields)


def made_id(response) -> int:
    assert response.status_code == 303, response.text
    return int(re.search(r"made=(\d+)", response.headers["location"]).group(1))


def text_of(ws, narrative_id: str) -> str:
    return service.narrative_json(ws, narrative_id)["text"]


@pytest.fixture(scope="module")
def river_packs(qa, amb1, amb2):
    """Pack A (demo-001, demo-002) for amb-river; pack B (demo-003) for amb-willow only."""
    a = made_id(make_pack(qa, name="River pack", ambassadors="amb-river", how="hand",
                          narrative_ids="demo-001, demo-002"))
    b = made_id(make_pack(qa, name="Willow pack", ambassadors="amb-willow", how="hand", narrative_ids="demo-003"))
    return a, b


ALL_YES = {"know_child": "yes", "voice": "yes", "language": "yes"}


def row(header: str, *cells: str) -> re.Pattern:
    """A table row: its header cell, then these cells, whatever the whitespace between."""
    parts = [rf'<th scope="row">{re.escape(escape(header, quote=False))}</th>']
    parts += [rf"<td>{re.escape(escape(c, quote=False))}</td>" for c in cells]
    return re.compile(r"\s*".join(parts))


# --------------------------------------------------------------------------- QA makes packs

def test_qa_makes_a_pack_by_filters(ws, qa, amb1, meta):
    response = make_pack(qa, name="CP team 2019", ambassadors="AMB-RIVER", how="filters",
                         team="Harrowfield CP Team 1", date_from="2019-01")
    pid = made_id(response)
    expected = sorted(i for i, m in meta.items() if m["team"] == "Harrowfield CP Team 1" and m["date"] >= "2019-01")
    made = packs.pack(ws, pid)
    assert expected and made["narrative_ids"] == expected
    assert [a["username"] for a in made["ambassadors"]] == ["amb-river"]  # spelt as the account is
    listing = qa.get(response.headers["location"])
    assert listing.status_code == 200
    assert "Pack “CP team 2019” made" in listing.text and f"/packs/{pid}/results" in listing.text


def test_qa_makes_a_random_pack_from_a_month_leaving_out_a_team(ws, qa, amb1, meta):
    november = sorted(i for i, m in meta.items() if m["date"] == NOVEMBER)
    team = meta[november[0]]["team"]
    pid = made_id(make_pack(qa, name="November sample", ambassadors="amb-river", how="random", random_n="50",
                            month="November 2019", seed="7", exclude_teams=team))
    made = packs.pack(ws, pid)
    assert made["narrative_ids"] == [i for i in november if meta[i]["team"] != team]
    assert made["selection"]["month"] == NOVEMBER and made["selection"]["seed"] == 7
    assert made["exclude_teams"] == [team]
    again = made_id(make_pack(qa, name="Three from November", ambassadors="amb-river", how="random",
                              random_n="3", month=NOVEMBER, seed="7"))
    three = packs.pack(ws, again)["narrative_ids"]
    assert len(three) == 3 and set(three) <= set(november)
    # the form offers last month by default
    assert f'value="{packs.previous_month()}"' in qa.get("/packs").text


def test_bad_pack_form_keeps_the_input_and_says_why(ws, qa, amb1):
    before = len(packs.all_packs(ws))
    response = make_pack(qa, name="Typo pack", ambassadors="amb-river, amb-nobody", how="hand",
                         narrative_ids="demo-001")
    assert response.status_code == 400
    assert "There is no user called “amb-nobody”" in response.text
    assert 'value="Typo pack"' in response.text and "demo-001</textarea>" in response.text
    response = make_pack(qa, name="Wrong ids", ambassadors="amb-river", how="hand", narrative_ids="demo-001 nope-9")
    assert response.status_code == 400 and "not in the store" in response.text
    response = make_pack(qa, name="Lead as ambassador", ambassadors="qa-lead", how="hand", narrative_ids="demo-001")
    assert response.status_code == 400 and "is not an Ambassador" in response.text
    response = make_pack(qa, name="No count", ambassadors="amb-river", how="random", random_n="lots")
    assert response.status_code == 400 and "whole number" in response.text
    # no month given: last month, in which the demo corpus has nothing
    response = make_pack(qa, name="Last month", ambassadors="amb-river", how="random", random_n="3")
    assert response.status_code == 400 and "No narratives match that choice" in response.text
    assert len(packs.all_packs(ws)) == before


def test_forms_need_the_csrf_token_and_the_right_role(qa, amb1, river_packs):
    assert qa.post("/packs", data={"name": "No token", "ambassadors": "amb-river", "how": "hand",
                                   "narrative_ids": "demo-001"}, follow_redirects=False).status_code == 403
    assert amb1.get("/packs").status_code == 403
    assert amb1.get(f"/packs/{river_packs[0]}/results").status_code == 403
    assert amb1.get("/lexicon/suggestions").status_code == 403
    assert qa.get("/my-packs").status_code == 403
    assert TestClient(qa.app).get("/my-packs", follow_redirects=False).status_code == 303  # to /login


# --------------------------------------------------------------------------- Ambassadors

def test_ambassador_sees_only_their_packs(amb1, amb2, river_packs):
    a, b = river_packs
    mine = amb1.get("/my-packs")
    assert mine.status_code == 200 and "Your review packs" in mine.text
    assert "River pack" in mine.text and "Willow pack" not in mine.text
    assert f"/packs/{a}/review/demo-001" in mine.text and f"/packs/{b}/" not in mine.text
    theirs = amb2.get("/my-packs").text
    assert "Willow pack" in theirs and "River pack" not in theirs


def test_a_record_outside_your_packs_shows_nothing_of_it(ws, amb1, river_packs):
    a, b = river_packs
    secret = text_of(ws, "demo-003")
    pieces = [secret[:40], secret[len(secret) // 2:len(secret) // 2 + 40], "demo-003"]
    for url in (f"/packs/{b}/review/demo-003", f"/packs/{a}/review/demo-003", f"/packs/9999/review/demo-003",
                "/narratives/demo-003/view", "/narratives/demo-003", "/language?narrative=demo-003"):
        response = amb1.get(url)
        assert response.status_code in (403, 404), url
        assert not any(p in response.text for p in pieces), url
    assert amb1.get(f"/packs/{b}/review/demo-003").status_code == 403  # someone else's pack
    assert amb1.get(f"/packs/9999/review/demo-003").status_code == 403  # same answer: no such pack
    assert amb1.get(f"/packs/{a}/review/demo-003").status_code == 404  # not in this pack
    assert amb1.post("/search", json={"query": "school"}, headers={"X-CSRF-Token": token_of(amb1)}).status_code == 403
    denied = post(amb1, f"/packs/{b}/review/demo-003", ALL_YES)
    assert denied.status_code == 403 and secret[:40] not in denied.text
    assert packs.pack(ws, b)["ambassadors"][0]["reviewed"] == 0


def test_review_page_shows_the_redacted_record_with_help(ws, amb1, river_packs):
    a, _ = river_packs
    page = amb1.get(f"/packs/{a}/review/demo-001")
    assert page.status_code == 200
    html = page.text
    assert "Read the record: 1 of 2" in html and "[NAME]" in html
    for question in packs.QUESTIONS.values():
        assert f"<legend>{question.replace(chr(39), '&#39;')}</legend>" in html
    # a flagged word: marked, with its plain words as the accessible description of a focusable link and in a
    # note. "chronology" is outside the labelling guide's lexicon, so under the jargon policy it is the second
    # kind ("may not feel right": dashed, a ◇ by its number, listed under its own heading with its source).
    assert re.search(r'<mark class="feel"><span data-o="\d+">chronology</span></mark><a class="note-ref" '
                     r'href="#note-1" aria-describedby="tip-1"', html)
    assert 'role="tooltip" id="tip-1">May not feel right. Try: timeline of important events' in html
    assert re.search(r'id="note-1"><span aria-hidden="true">◇ </span><strong>chronology</strong>: '
                     r'try “timeline of important events”', html)
    assert html.index("Language that may not feel right") < html.index('id="note-1"')
    # the child's voice, underlined and said in words
    assert 'class="voice"' in html and "The child&#39;s own words or views are in this record" in html
    assert "Reading age (years)" in html
    assert f'href="/packs/{a}/review/demo-002">Next record (2 of 2)' in html


def test_saving_answers_and_a_typed_mark_queues_a_suggestion(ws, qa, amb1, river_packs):
    a, _ = river_packs
    url = f"/packs/{a}/review/demo-001"
    no_token = amb1.post(url, data=ALL_YES, follow_redirects=False)
    assert no_token.status_code == 403
    assert packs.pack_results(ws, a)["answers"]["know_child"]["yes"] == 0

    saved = post(amb1, url, {**ALL_YES, "voice": "partly", "comment": "I felt I knew her by the end.",
                             "mark_phrase": "LONE PARENT", "mark_kind": "doesnt_feel_right",
                             "mark_comment": "Sounds like a label.", "mark_better": "single parent", "go": "next"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/packs/{a}/review/demo-002"
    page = amb1.get(url).text
    assert 'id="voice-partly" name="voice" value="partly" checked' in page
    assert "“lone parent”: This language doesn&#39;t feel right. Better: “single parent”." in page
    (suggestion,) = [s for s in lexicon_queue.suggestions(ws) if s["term"] == "lone parent"]
    assert suggestion["votes"] == 1 and suggestion["suggested_plain"] == "single parent"

    # a selected phrase: the script sends its offsets; saving again keeps the first mark
    text = text_of(ws, "demo-001")
    start = text.index("working days")
    keep = {**ALL_YES, "comment": "I felt I knew her by the end."}
    post(amb1, url, {**keep, "mark_phrase": "working days", "mark_start": str(start),
                     "mark_end": str(start + 12), "mark_kind": "didnt_understand"})
    marks = packs.review_view(ws, a, "demo-001", "amb-river")["review"]["marks"]
    assert [(m["phrase"], m["start"]) for m in marks] == [("lone parent", text.index("lone parent")),
                                                          ("working days", start)]
    # ticking "Remove this mark" withdraws it (and its only vote)
    post(amb1, url, {**keep, "remove_mark": f"{start}-{start + 12}-didnt_understand"})
    marks = packs.review_view(ws, a, "demo-001", "amb-river")["review"]["marks"]
    assert [m["phrase"] for m in marks] == ["lone parent"]
    assert not any(s["term"] == "working days" for s in lexicon_queue.suggestions(ws))


def test_a_bad_mark_is_refused_with_the_input_kept(ws, amb1, river_packs):
    a, _ = river_packs
    url = f"/packs/{a}/review/demo-002"
    response = post(amb1, url, {"know_child": "no", "comment": "Hard to follow.",
                                "mark_phrase": "a phrase that is not there", "mark_kind": "didnt_understand"})
    assert response.status_code == 400
    assert "Not saved yet. We couldn&#39;t find that phrase in the record" in response.text
    assert 'value="a phrase that is not there"' in response.text and "Hard to follow.</textarea>" in response.text
    assert 'id="know_child-no" name="know_child" value="no" checked' in response.text
    no_kind = post(amb1, url, {"mark_phrase": "[NAME]"})
    assert no_kind.status_code == 400 and "Choose what is wrong with the phrase" in no_kind.text
    assert packs.review_view(ws, a, "demo-002", "amb-river")["review"] is None


def test_results_accept_and_live_flagging(ws, qa, amb1, amb2, river_packs):
    a, _ = river_packs
    # amb-willow joins a pack with demo-001 and marks the same phrase
    shared = made_id(make_pack(qa, name="Shared", ambassadors="amb-willow", how="hand", narrative_ids="demo-001"))
    post(amb2, f"/packs/{shared}/review/demo-001", {**ALL_YES, "mark_phrase": "lone parent",
                                                     "mark_kind": "didnt_understand"})
    results = qa.get(f"/packs/{a}/results")
    assert results.status_code == 200
    html = results.text
    assert row("Do I know this child by the end?", "1", "0", "0").search(html)
    assert row("lone parent", "1", "0", "1", "single parent", "Sounds like a label.", "demo-001").search(html)
    assert row("amb-river", "1 of 2", "Not yet").search(html)
    assert "I felt I knew her by the end." in html

    queue = qa.get("/lexicon/suggestions").text
    (suggestion,) = [s for s in lexicon_queue.suggestions(ws) if s["term"] == "lone parent"]
    assert suggestion["votes"] == 2
    assert "Marked 2 times by 2 Ambassadors" in queue and "“single parent” (1)" in queue
    assert f'id="plain-{suggestion["id"]}" name="plain" maxlength="200" value="single parent"' in queue

    sample = {"text": "She lives with her mum, a lone parent, and her cat."}
    before = qa.post("/analyse", json=sample, headers={"X-CSRF-Token": token_of(qa)}).json()
    assert not any(f["span"] == "lone parent" for f in before["jargon"])

    too_long = post(qa, f"/lexicon/suggestions/{suggestion['id']}/accept",
                    {"plain": "x" * 250, "category": "labels", "why": "kept"})
    assert too_long.status_code == 400 and "longer than 200" in too_long.text and "kept</textarea>" in too_long.text
    assert lexicon_queue.suggestion(ws, suggestion["id"])["status"] == "pending"
    accepted = post(qa, f"/lexicon/suggestions/{suggestion['id']}/accept",
                    {"plain": "a parent bringing up children on their own", "category": "labels", "severity": "low"})
    assert accepted.status_code == 303
    after_page = qa.get(accepted.headers["location"]).text
    assert "Accepted." in after_page and "a parent bringing up children on their own" in after_page
    after = qa.post("/analyse", json=sample, headers={"X-CSRF-Token": token_of(qa)}).json()
    (flag,) = [f for f in after["jargon"] if f["span"] == "lone parent"]
    assert flag["plain"] == "a parent bringing up children on their own" and flag["category"] == "labels"
    # an accepted suggestion is beyond the labelling guide's lexicon: the jargon policy's second kind
    assert flag["kind"] == "may_not_feel_right"
    # and in the Ambassadors' review view, with the new wording as the words to try
    review = amb1.get(f"/packs/{a}/review/demo-001").text
    assert "May not feel right. Try: a parent bringing up children on their own" in review
    again = post(qa, f"/lexicon/suggestions/{suggestion['id']}/accept", {"plain": "x"})
    assert again.status_code == 400 and "already accepted" in again.text


def test_reject_says_why(ws, qa, amb1, river_packs):
    a, _ = river_packs
    post(amb1, f"/packs/{a}/review/demo-002", {"know_child": "partly", "mark_phrase": "[NAME]",
                                              "mark_kind": "doesnt_feel_right"})
    post(amb1, f"/packs/{a}/review/demo-001", {**ALL_YES, "mark_phrase": "unannounced",
                                              "mark_kind": "didnt_understand"})
    (s,) = [s for s in lexicon_queue.suggestions(ws) if s["term"] == "unannounced"]
    url = f"/lexicon/suggestions/{s['id']}/reject"
    empty = post(qa, url, {"reason": "  "})
    assert empty.status_code == 400 and "Say why you are rejecting it." in empty.text
    done = post(qa, url, {"reason": "A plain word already."})
    assert done.status_code == 303
    assert lexicon_queue.suggestion(ws, s["id"])["status"] == "rejected"
    page = qa.get(done.headers["location"]).text
    assert "Rejected." in page and "A plain word already." in page
    assert post(qa, "/lexicon/suggestions/99999/reject", {"reason": "x"}).status_code == 404


def test_submit_needs_every_answer_then_locks_the_pack(ws, qa, amb1, river_packs):
    a, _ = river_packs
    assert amb1.post(f"/packs/{a}/submit", follow_redirects=False).status_code == 403  # no CSRF token
    early = post(amb1, f"/packs/{a}/submit", {})
    assert early.status_code == 400 and "Not sent yet. 1 of 2 records still need all three answers" in early.text
    assert re.search(r"Read the record 1 of 2.*?</a>:\s*all three questions answered", early.text, re.S)
    assert re.search(r"Read the record 2 of 2.*?</a>:\s*started, some questions still to answer", early.text, re.S)
    post(amb1, f"/packs/{a}/review/demo-002", {"know_child": "no", "voice": "no", "language": "partly"})
    sent = post(amb1, f"/packs/{a}/submit", {})
    assert sent.status_code == 303 and "Thank you" in amb1.get(sent.headers["location"]).text
    locked = post(amb1, f"/packs/{a}/review/demo-002", ALL_YES)
    assert locked.status_code == 400 and "already sent this pack" in locked.text
    assert "Yes, on" in qa.get(f"/packs/{a}/results").text


# --------------------------------------------------------------------------- accessibility

class Controls(HTMLParser):
    """Every form control, and the ids that a <label for> names or a <label> wraps."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_for, self.in_label, self.wrapped = [], set(), 0, set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.controls.append(a)
            if self.in_label:
                self.wrapped.add(id(a))

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def unlabelled(html: str) -> list[dict]:
    parser = Controls()
    parser.feed(html)
    return [c for c in parser.controls if not (c.get("id") in parser.label_for or id(c) in parser.wrapped
                                               or c.get("aria-label") or c.get("aria-labelledby"))]


def test_every_control_has_a_label(ws, qa, amb1, amb2, river_packs):
    a, b = river_packs
    post(amb2, f"/packs/{b}/review/demo-003", {"mark_phrase": "the", "mark_kind": "didnt_understand",
                                                "mark_better": "that"})
    assert any(s["status"] == "pending" for s in lexicon_queue.suggestions(ws))
    pages = {url: client.get(url) for client, url in (
        (qa, "/packs"), (qa, f"/packs/{a}/results"), (qa, "/lexicon/suggestions"),
        (amb2, "/my-packs"), (amb2, f"/packs/{b}/review/demo-003"))}
    for url, response in pages.items():
        assert response.status_code == 200, url
        parser = Controls()
        parser.feed(response.text)
        assert parser.controls or url.endswith("results") or url == "/my-packs", url
        assert unlabelled(response.text) == [], url
        ids = re.findall(r'\sid="([^"]+)"', response.text)
        assert len(ids) == len(set(ids)), f"repeated ids on {url}"
    review = pages[f"/packs/{b}/review/demo-003"].text
    assert review.count("<fieldset") >= 5 and review.count("<legend") == review.count("<fieldset")


# --------------------------------------------------------------------------- helpers

def test_find_phrase_prefers_sent_offsets_then_the_first_occurrence():
    text = "The plan.\nThe Plan was\nreviewed."
    assert find_phrase(text, "plan") == (4, 8, "plan")
    assert find_phrase(text, "Plan", "14", "18") == (14, 18, "Plan")
    assert find_phrase(text, "Plan", "4", "8") == (4, 8, "plan")  # offsets that no longer match are ignored
    assert find_phrase(text, "was reviewed") == (19, 31, "was\nreviewed")
    with pytest.raises(ValueError, match="couldn't find"):
        find_phrase(text, "care plan")
    with pytest.raises(ValueError, match="Type or select"):
        find_phrase(text, "  ")


def test_annotate_keeps_offsets_and_escapes_text():
    text = "Her chronology said <b>'I like cats'</b> & more."
    jargon = [{"start": 4, "end": 14, "span": "chronology", "plain": "timeline"}]
    voice = [{"start": 10, "end": 40, "text": "..."}]  # starts inside the hard word: widened to it
    html = str(annotate(text, jargon, voice))
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp; more" in html
    pieces = re.findall(r'<span data-o="(\d+)">([^<]*)</span>', html)
    assert "".join(unescape(p) for _, p in pieces) == text
    for offset, piece in pieces:
        assert text[int(offset):int(offset) + len(unescape(piece))] == unescape(piece)
    assert html.index('class="voice"') < html.index("<mark>")
    assert "(end of the child's voice)" in html


def test_annotate_marks_the_two_kinds_of_the_jargon_policy_differently():
    """Hard words and language that may not feel right: distinct markup (class, dashed line, a ◇
    by the number, said in words), not colour alone; numbers follow the text."""
    text = "The care leavers met their IRO."
    jargon = [{"start": 27, "end": 30, "span": "IRO", "plain": "independent reviewing officer",
               "kind": "hard_to_understand"},
              {"start": 4, "end": 16, "span": "care leavers", "plain": "care-experienced young people",
               "kind": "may_not_feel_right"}]
    html = str(annotate(text, jargon, []))
    assert re.search(r'<mark class="feel"><span data-o="4">care leavers</span></mark>'
                     r'<a class="note-ref" href="#note-1"[^>]*aria-label="care leavers: note 1, language that '
                     r'may not feel right">\[◇1\]</a>', html)
    assert "May not feel right. Try: care-experienced young people" in html
    assert re.search(r'<mark><span data-o="27">IRO</span></mark><a class="note-ref" href="#note-2"[^>]*>\[2\]</a>', html)
