"""Every page a signed-in user reaches, checked with axe-core and photographed, and the
practice lead's and Ambassador's main journeys through them."""
from __future__ import annotations

import re

import pytest

PAGES = [
    ("practice_lead", "/themes/view", "themes"),
    ("practice_lead", "/themes/planning/view", "theme-planning"),
    ("practice_lead", "/reports/view", "reports"),
    ("practice_lead", "/chat/view", "ask"),
    ("ambassador", "/language", "language-check"),
    ("qa", "/account", "account-qa"),
    ("qa", "/packs", "review-packs"),
    ("qa", "/lexicon/suggestions", "word-suggestions"),
    ("ambassador", "/my-packs", "my-review-packs"),
    ("admin", "/admin/users", "admin-users"),
    ("admin", "/admin/settings", "admin-settings"),
    ("admin", "/admin/access-log", "admin-access-log"),
    ("qa", "/docs", "api-reference"),
]


REFUSALS = [
    ("ambassador", "/", 403, "refused-search"),
    ("ambassador", "/narratives/any/view", 403, "refused-narrative"),
    ("practice_lead", "/narratives/no-such-record/view", 404, "narrative-not-found"),
    ("practice_lead", "/themes/no-such-theme/view", 404, "theme-not-found"),
    ("qa", "/admin/settings", 403, "refused-settings"),
]


@pytest.mark.parametrize("role,path,status,name", REFUSALS, ids=[p[3] for p in REFUSALS])
def test_refusal_and_not_found_pages_are_accessible(page, server, sign_in, shoot, axe, role, path, status, name):
    sign_in(page, role)
    assert page.goto(server(path)).status == status
    assert page.get_by_role("main").count() == 1 and page.get_by_role("heading", level=1).count() == 1
    shoot(page, f"page-{name}")
    axe(page, f"page-{name}")


@pytest.mark.parametrize("role,path,name", PAGES, ids=[p[2] for p in PAGES])
def test_page_has_no_serious_accessibility_problems(page, server, sign_in, shoot, axe, role, path, name):
    sign_in(page, role)
    response = page.goto(server(path))
    assert response.status == 200, f"{path}: {response.status}"
    assert page.get_by_role("heading", level=1).count() == 1
    shoot(page, f"page-{name}")
    axe(page, f"page-{name}")


def test_practice_lead_opens_a_theme_and_previews_its_report(page, server, sign_in, shoot, axe):
    sign_in(page, "practice_lead")
    page.get_by_role("navigation").get_by_role("link", name="Themes").click()
    page.wait_for_url(re.compile(r"/themes/view"))
    # Where you are is said to assistive technology, and shown in bold, not by colour alone.
    here = page.get_by_role("navigation").locator("[aria-current='page']")
    assert here.inner_text() == "Themes" and here.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=re.compile(r"^Planning", re.I)).first.click()
    assert re.search(r"/themes/planning/view", page.url)
    shoot(page, "lead-2-theme-planning")
    axe(page, "lead-theme-planning")

    page.get_by_role("navigation").get_by_role("link", name="Reports").click()
    page.wait_for_url(re.compile(r"/reports/view"))
    page.get_by_label("Theme").select_option("planning")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()
    assert "theme=planning" in page.url
    shoot(page, "lead-3-report-preview")
    axe(page, "lead-report-preview")


def test_practice_lead_asks_a_question_and_gets_cited_findings(page, server, sign_in, shoot, axe):
    sign_in(page, "practice_lead")
    page.goto(server("/chat/view"))
    page.get_by_label("Your question").fill("Show me findings about contingency planning for children in care")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask", exact=True).click()
    cited = page.get_by_role("main").locator("a[href*='/narratives/']")
    assert cited.count() > 0, "the answer cites no finding"
    shoot(page, "lead-4-ask-answer")
    axe(page, "lead-ask-answer")
    with page.expect_navigation():
        cited.first.click()
    assert re.search(r"/narratives/[^/]+/view", page.url)


def test_ambassador_checks_the_language_of_a_text(page, server, sign_in, shoot, axe):
    sign_in(page, "ambassador")
    page.goto(server("/language"))
    page.get_by_label("Text to check").fill(
        "The LAC review was held and the PEP was updated. The s47 enquiry found that threshold was met. "
        "Tom said he wants to see his sister more often.")
    with page.expect_navigation():
        page.get_by_role("button", name="Check").click()
    main = page.get_by_role("main").inner_text()
    assert "Tom" not in main  # pasted text is shown redacted
    shoot(page, "ambassador-4-language-checked")
    axe(page, "ambassador-language-checked")
