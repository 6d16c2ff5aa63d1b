"""The pages for QA officers and practice leads (themes, a theme's summary, report drafting,
chat) and the language review, in process, signed in as real users."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from assistant.service import Workspace
from conftest import session_client  # tests/ is on sys.path


@pytest.fixture(scope="module")
def app(demo_workspace, tmp_path_factory):
    copy = tmp_path_factory.mktemp("pages-store")
    shutil.copytree(demo_workspace.data_dir, copy, dirs_exist_ok=True)
    (copy / "accounts.db").unlink(missing_ok=True)
    return create_app(Workspace(copy))


def signed_in(app, role: str) -> tuple[TestClient, str]:
    """One user per role for this module (two calls for one role: two sessions of one user)."""
    return session_client(app, role, name=f"pages-{role.replace('_', '-')}")


class Controls(HTMLParser):
    """Form controls and the labels that name them."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_for = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a)


def unlabelled(html: str) -> list[dict]:
    parser = Controls()
    parser.feed(html)
    return [c for c in parser.controls if c.get("id") not in parser.label_for and not c.get("aria-label")]


def test_themes_page_lists_every_fundamental_with_a_trend_in_words(app):
    client, _ = signed_in(app, "practice_lead")
    page = client.get("/themes/view", params={"date_from": "2019-09", "date_to": "2019-11"})
    assert page.status_code == 200
    assert page.text.count('<th scope="row">') == 10
    assert re.search(r'aria-label="findings by month: 2019-09: \d+, 2019-10: \d+, 2019-11: \d+"', page.text)
    assert 'href="/themes/planning/view?from=2019-09&amp;to=2019-11"' in page.text or "/themes/planning/view?" in page.text
    assert not unlabelled(page.text)
    bad = client.get("/themes/view", params={"date_from": "soon"})
    assert bad.status_code == 400 and "Problem:" in bad.text


def test_theme_page_shows_figures_charts_and_quotes_in_context(app):
    client, _ = signed_in(app, "qa")
    page = client.get("/themes/planning/view", params={"date_from": "2019-09", "date_to": "2019-11"})
    assert page.status_code == 200
    for heading in ("How are we doing?", "Recurring concerns", "What good looks like", "What are we doing about it?"):
        assert heading in page.text
    assert page.text.count('src="data:image/png;base64,') >= 3
    assert re.search(r'href="/narratives/demo-\d{3}/view\?finding=\d+#f\d+"', page.text)
    assert "does not score risk to any child" in page.text
    assert client.get("/themes/nonsense/view").status_code == 404


def test_report_page_previews_and_downloads(app):
    client, _ = signed_in(app, "practice_lead")
    page = client.get("/reports/view", params={"theme": "planning", "date_from": "2019-09", "date_to": "2019-11"})
    assert page.status_code == 200 and not unlabelled(page.text)
    link = re.search(r'id="download-docx" href="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    docx = client.get(link)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    preview = re.search(r'<iframe title="Report preview" src="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    shown = client.get(preview)
    assert "How are we doing?" in shown.text
    assert shown.headers.get("content-disposition", "").startswith("inline")


def test_chat_page_answers_with_links_and_lets_the_reading_be_corrected(app):
    client, token = signed_in(app, "practice_lead")
    start = client.get("/chat/view")
    cid = re.search(r'name="conversation_id" value="([^"]+)"', start.text).group(1)
    asked = client.post("/chat/view", data={"csrf_token": token, "conversation_id": cid, "today": "2019-12-01",
                                            "question": "how many concerns about planning in October?"})
    assert asked.status_code == 200
    assert re.search(r'<a href="/narratives/demo-\d{3}/view\?finding=\d+#finding-\d+">\[1\]', asked.text)
    assert re.search(r'<option value="count" selected>', asked.text)
    assert re.search(r'<option value="planning" selected>', asked.text)
    corrected = client.post("/chat/view", data={
        "csrf_token": token, "conversation_id": cid, "today": "2019-12-01", "corrected": "1",
        "question": "how many concerns about planning in October?", "intent": "count", "theme": "recording",
        "date_from": "2019-10", "date_to": "2019-10"})
    assert "(corrected)" in corrected.text and "on recording" in corrected.text
    assert not unlabelled(corrected.text)
    refused = client.post("/chat/view", data={"conversation_id": cid, "question": "hello"})
    assert refused.status_code == 403


def test_chat_page_conversations_belong_to_one_session(app):
    """The same user signed in twice (two browsers): one session cannot continue the other's
    conversation by posting its id."""
    first, first_token = signed_in(app, "practice_lead")
    cid = re.search(r'name="conversation_id" value="([^"]+)"', first.get("/chat/view").text).group(1)
    asked = first.post("/chat/view", data={"csrf_token": first_token, "conversation_id": cid, "today": "2019-12-01",
                                           "question": "how many concerns about planning in October?"})
    assert re.search(rf'name="conversation_id" value="{cid}"', asked.text)
    second, second_token = signed_in(app, "practice_lead")
    other = second.post("/chat/view", data={"csrf_token": second_token, "conversation_id": cid,
                                            "today": "2019-12-01", "question": "and in November?"})
    assert other.status_code == 200 and cid not in other.text
    assert not re.search(r'<option value="planning" selected>', other.text)
    assert "how many concerns about planning" not in other.text


def test_language_review_redacts_marks_jargon_and_states_a_missing_voice(app):
    client, token = signed_in(app, "ambassador")
    text = ("Kayleigh Brennan's LAC review agreed step down. The chronology was updated and the plan is robust.")
    page = client.post("/language", data={"csrf_token": token, "text": text})
    assert page.status_code == 200
    assert "Brennan" not in page.text and "[NAME]" in page.text
    assert re.search(r'<mark class="jargon" tabindex="0" aria-describedby="j1"', page.text)
    assert 'id="j1"' in page.text and "try “" in page.text
    assert "No evidence of the child's voice" in page.text
    assert not unlabelled(page.text)
    # an Ambassador opens records only through their packs
    assert client.get("/language", params={"narrative": "demo-001"}).status_code == 403
    qa, _ = signed_in(app, "qa")
    opened = qa.get("/language", params={"narrative": "demo-001"})
    assert opened.status_code == 200 and "record demo-001" in opened.text


def test_search_page_never_shows_a_typed_name_back(app):
    client, _ = signed_in(app, "qa")
    page = client.get("/", params={"q": "what did Leanne Harper say about the plan"})
    assert page.status_code == 200
    assert "Leanne" not in page.text and "Harper" not in page.text and "[NAME]" in page.text


def test_theme_api_errors_are_plain_json(app, bearer):
    client = TestClient(app, headers=bearer(app, "practice_lead"))
    assert client.get("/themes/nonsense/summary").status_code == 404
    assert "error" in client.get("/themes/nonsense/report").json()
    bad = client.get("/themes/planning/summary", params={"from": "whenever"})
    assert bad.status_code == 422 and "error" in bad.json()
    custom = client.get("/themes/custom/summary", params={"text": "return home interviews"})
    assert custom.status_code == 200 and custom.json()["theme"]["kind"] == "free_text"


def test_language_page_shows_both_kinds_of_the_jargon_policy(app):
    """A hard word and language that may not feel right: each marked its own way (class, a ◇,
    words for screen readers) and listed under its own heading with its reason and source."""
    client, token = signed_in(app, "ambassador")
    text = "The care leavers met their IRO to talk about the plan."
    page = client.post("/language", data={"csrf_token": token, "text": text})
    assert page.status_code == 200
    html = page.text
    assert re.search(r'<mark class="feel"[^>]*>care leavers<sup>◇1</sup><span class="visually-hidden"> '
                     r'\(language that may not feel right\)</span></mark>', html)
    assert re.search(r'<mark class="jargon" tabindex="0" aria-describedby="j2"[^>]*>IRO<sup>2</sup>', html)
    hard = html.index("Words that may be hard to understand (1)")
    feel = html.index("Language that may not feel right (1)")
    assert hard < html.index('id="j2"') < feel < html.index('id="j1"')
    assert "source: TACT" in html or "source: Surrey" in html or "source: " in html[feel:]
    assert not unlabelled(html)
