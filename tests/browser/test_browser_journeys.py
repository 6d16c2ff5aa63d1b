"""The users' main journeys through the real app in Chromium, with axe-core on every page
and a screenshot of every step (test-artifacts/screenshots/)."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit


def test_qa_officer_searches_and_opens_a_finding_in_context(page, server, sign_in, shoot, axe):
    sign_in(page, "qa", shoot)
    page.goto(server("/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Search audit findings"
    shoot(page, "qa-1-search")
    axe(page, "search")

    page.get_by_label("What are you looking for?").fill("management oversight")
    page.get_by_label("Legal status").select_option("CP")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["q"] == ["management oversight"] and query["legal_status"] == ["CP"]
    results = page.locator("article.hit")
    assert results.count() > 0
    assert re.match(r"\d+ findings? for", page.get_by_role("heading", level=2).first.inner_text())
    # Every result says in words what each tag is, and its legal status is the one asked for.
    assert all("Legal status: CP" in text for text in results.locator(".meta").all_inner_texts())
    shoot(page, "qa-2-results")
    axe(page, "search-results")

    first = results.nth(0)
    finding = first.locator(".finding-text").inner_text()
    with page.expect_navigation():
        first.get_by_role("link", name=re.compile("^Show in context")).click()
    assert re.search(r"/narratives/[^/]+/view\?finding=\d+#f\d+$", page.url)
    position = urlsplit(page.url).fragment
    highlighted = page.locator("li[aria-current='true']")
    assert highlighted.count() == 1 and highlighted.get_attribute("id") == position
    # The finding is marked, and said in words, not by colour alone.
    assert highlighted.locator("mark").inner_text() == finding
    assert "The finding you opened" in highlighted.inner_text()
    assert highlighted.is_visible() and highlighted.bounding_box()["y"] < page.viewport_size["height"] * 2
    shoot(page, "qa-3-finding-in-context")
    axe(page, "narrative-in-context")


def test_practice_lead_reads_the_planning_report(page, server, sign_in, shoot, axe, artifacts):
    """The HTML report is a download (Content-Disposition: attachment): fetched with the
    signed-in browser's cookies, saved, and opened from disk as a reader would open it."""
    sign_in(page, "practice_lead")
    response = page.request.get(server("/themes/planning/report?format=html"))
    assert response.ok and "attachment" in response.headers["content-disposition"]
    saved = artifacts / "goldenthread-planning-report.html"
    saved.write_bytes(response.body())
    page.goto(saved.as_uri())
    assert "Planning" in page.get_by_role("heading", level=1).inner_text()
    shoot(page, "lead-1-planning-report")
    axe(page, "report-planning")


def test_sign_in_page(page, server, shoot, axe):
    page.goto(server("/"))
    assert "/login" in page.url  # signed out: sent to sign in, and back afterwards
    shoot(page, "sign-in-page")
    axe(page, "sign-in")
    page.get_by_label("Username").fill("nobody-here")
    page.get_by_label("Password").fill("not the password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
    shoot(page, "sign-in-wrong-password")
    axe(page, "sign-in-error")


def test_admin_adds_a_user_who_can_then_sign_in(new_context, page, server, sign_in, shoot, axe):
    sign_in(page, "admin")
    assert page.url.endswith("/admin/users")
    shoot(page, "admin-1-users")
    axe(page, "admin-users")
    page.get_by_label("Username").fill("new-qa-officer")
    page.get_by_label("Role", exact=True).select_option("qa")
    with page.expect_navigation():
        page.get_by_role("button", name="Add user").click()
    shown = page.get_by_role("status")
    assert "new-qa-officer" in shown.inner_text()
    password = shown.locator("code").inner_text().strip()
    assert len(password) >= 12
    shoot(page, "admin-2-user-added")
    axe(page, "admin-user-added")

    # The new QA officer signs in (own browser context) and lands on the search page.
    mine = new_context().new_page()
    mine.goto(server("/login"))
    mine.get_by_label("Username").fill("new-qa-officer")
    mine.get_by_label("Password").fill(password)
    with mine.expect_navigation():
        mine.get_by_role("button", name="Sign in").click()
    assert mine.url == server("/") and mine.get_by_role("heading", level=1).inner_text() == "Search audit findings"


def test_ambassador_lands_on_their_packs_and_not_the_search(page, server, sign_in, shoot, axe):
    sign_in(page, "ambassador")
    assert page.url.endswith("/my-packs")
    shoot(page, "ambassador-1-my-packs")
    axe(page, "my-packs")
    with page.expect_navigation():
        page.get_by_role("navigation").get_by_role("link", name=re.compile("^Your account")).click()
    assert "ambassador" in page.get_by_role("main").inner_text()
    shoot(page, "ambassador-2-account")
    axe(page, "account")
    response = page.goto(server("/"))
    assert response.status == 403 and "Not allowed" in page.get_by_role("heading", level=1).inner_text()
    shoot(page, "ambassador-3-search-not-allowed")
    axe(page, "not-allowed")
    page.goto(server("/account"))
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert "/login" in page.url
    assert "/login" in page.goto(server("/account")).url  # signed out: the account page asks to sign in


def test_qa_makes_a_review_pack_and_the_ambassador_opens_a_record(new_context, page, server, sign_in, shoot, axe):
    sign_in(page, "qa")
    page.goto(server("/packs"))
    page.get_by_label("Name of the pack").fill("Browser test pack")
    page.get_by_label("Ambassadors").fill("browser-ambassador")
    page.get_by_label("By hand").check()
    page.get_by_label("Record ids").fill("demo-001, demo-002")
    with page.expect_navigation():
        page.get_by_role("button", name="Make the pack").click()
    assert "Browser test pack" in page.get_by_role("status").inner_text()
    shoot(page, "qa-4-review-pack-made")
    axe(page, "review-pack-made")

    # The Ambassador, in their own browser, finds the pack and opens its first record.
    mine = new_context().new_page()
    sign_in(mine, "ambassador")
    assert mine.url.endswith("/my-packs") and "Browser test pack" in mine.get_by_role("main").inner_text()
    shoot(mine, "ambassador-5-pack-waiting")
    axe(mine, "my-packs-with-a-pack")
    with mine.expect_navigation():
        mine.get_by_role("link", name=re.compile(r"^Read the record 1 of 2")).click()
    assert re.search(r"/packs/[^/]+/review/demo-00[12]$", mine.url)
    assert mine.get_by_role("group", name="Your answers about this record").count() == 1
    shoot(mine, "ambassador-6-reading-a-record")
    axe(mine, "review-record")
