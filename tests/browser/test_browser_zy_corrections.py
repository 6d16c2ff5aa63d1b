"""Correct where you read (issue 13), in Chromium against the real server: a QA officer
corrects a finding's fundamental and stance in the search results, the theme summary's
counts change at once, and `goldenthread corrections export` holds the row; a practice
lead may not correct (403) until an admin switches the setting on.

Named to run after the other journeys (files run in name order) and before the logs check:
it changes stored labels, which the earlier journeys read as loaded."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import subprocess_env  # tests/conftest.py (tests/ is on sys.path)

REPO = Path(__file__).resolve().parents[2]
CONSOLE_SCRIPT = Path(sys.executable).parent / "goldenthread"

COUNTS = re.compile(r"(\d+) findings from (\d+) audits: (\d+) concerns, (\d+) strengths and (\d+) neutral")
QUERY = "visits"


def theme_counts(page, server, theme: str) -> dict:
    page.goto(server(f"/themes/{theme}/view"))
    found = COUNTS.search(page.locator("main").inner_text())
    assert found, f"no counts on the {theme} theme page"
    return dict(zip(("findings", "audits", "concern", "strength", "neutral"), map(int, found.groups())))


def first_result_labels(result) -> tuple[list[str], str]:
    chips = result.locator(".finding-labels").inner_text()
    funds = re.search(r"Fundamentals:\s*(.*?)\s*Stance:", chips, re.S).group(1)
    stance = re.search(r"Stance:\s*(\w+)", chips).group(1)
    return [f.strip() for f in funds.split(",") if f.strip() and f.strip() != "none"], stance


def test_qa_corrects_a_finding_in_search_results(page, server, sign_in, shoot, axe, keyboard_walk):
    sign_in(page, "qa")
    page.goto(server(f"/?q={QUERY}"))
    result = page.locator("article.hit").first
    text = result.locator(".finding-text").inner_text()
    names, stance = first_result_labels(result)
    # a fundamental the finding does not carry, and another stance
    theme, theme_name = next((t, n) for t, n in (("permanence", "Permanence & living arrangements"),
                                                 ("partnership", "Multi-agency & partnership working"),
                                                 ("recording", "Recording")) if n not in names)
    new_stance = "strength" if stance != "strength" else "concern"
    before = theme_counts(page, server, theme)

    page.goto(server(f"/?q={QUERY}"))
    result = page.locator("article.hit").first
    assert result.locator(".finding-text").inner_text() == text
    summary = result.locator("summary", has_text="Correct the labels")
    summary.focus()
    page.keyboard.press("Enter")  # a <details> opens from the keyboard
    form = result.locator("form")
    assert form.is_visible()
    shoot(page, "qa-correct-1-open")
    axe(page, "search-results-correction-open")
    form.get_by_label(theme_name).check()
    form.get_by_label(new_stance.capitalize(), exact=True).check()
    form.get_by_label("Right", exact=True).check()
    form.get_by_label(re.compile("^Why")).fill("The plan named Kayden Pike's new school placement")
    with page.expect_navigation():
        form.get_by_role("button", name="Save correction").click()
    assert "Correction saved" in page.get_by_role("status").inner_text()
    corrected = page.locator("article.hit").filter(has_text=text).first
    names_after, stance_after = first_result_labels(corrected)
    assert theme_name in names_after and stance_after == new_stance
    assert "corrected by a person" in corrected.inner_text()
    shoot(page, "qa-correct-2-saved")
    axe(page, "search-results-corrected")

    after = theme_counts(page, server, theme)
    assert after["findings"] == before["findings"] + 1
    assert after[new_stance] == before[new_stance] + 1

    exported = subprocess.run([str(CONSOLE_SCRIPT), "corrections", "export", "--data", str(server.data)], cwd=REPO,
                              env=subprocess_env(), capture_output=True, text=True, timeout=300)
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    row = next(r for r in rows if r["text"] == text)
    assert theme in row["fundamentals"] and row["stance"] == new_stance and row["source"]
    # the reason was redacted before it was kept
    listed = page.request.get(server("/corrections")).json()["corrections"]
    assert all("Kayden" not in (c["reason"] or "") for c in listed) and any("[NAME]" in (c["reason"] or "")
                                                                             for c in listed)

    page.goto(server("/corrections/check"))
    shoot(page, "qa-correct-3-check-these")
    axe(page, "check-these")
    assert keyboard_walk(page) > 3
    page.goto(server("/corrections/learned/view"))
    assert theme_name in page.locator("main").inner_text()
    shoot(page, "qa-correct-4-what-it-learned")
    axe(page, "what-it-learned")


def test_practice_lead_needs_the_admin_setting(new_context, page, server, sign_in, shoot, axe):
    sign_in(page, "practice_lead")
    page.goto(server(f"/?q={QUERY}"))
    result = page.locator("article.hit").first
    assert result.locator(".finding-labels").count() == 1
    assert result.locator("summary", has_text="Correct the labels").count() == 0
    page.goto(server("/chat/view"))
    token = page.locator("input[name=csrf_token]").first.input_value()
    page.goto(server(f"/?q={QUERY}"))
    finding_id = page.request.post(server("/search"), data=json.dumps({"query": QUERY, "k": 1}), headers={
        "Content-Type": "application/json", "X-CSRF-Token": token}).json()["results"][0]["id"]
    form = {"csrf_token": token, "finding_id": finding_id, "fundamentals": "planning", "stance": "neutral",
            "next": "/"}
    refused = page.request.post(server("/corrections/form"), form=form, max_redirects=0)
    assert refused.status == 403

    admin = new_context().new_page()
    sign_in(admin, "admin")
    admin.goto(server("/admin/settings"))
    admin.get_by_label("Let practice leads correct the labels of findings").check()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Save settings").click()
    assert "Saved" in admin.get_by_role("status").inner_text()
    axe(admin, "settings-lead-corrections")
    try:
        page.goto(server(f"/?q={QUERY}"))
        assert page.locator("article.hit").first.locator("summary", has_text="Correct the labels").count() == 1
        allowed = page.request.post(server("/corrections/form"), form=form, max_redirects=0)
        assert allowed.status == 303
    finally:
        admin.goto(server("/admin/settings"))
        admin.get_by_label("Let practice leads correct the labels of findings").uncheck()
        with admin.expect_navigation():
            admin.get_by_role("button", name="Save settings").click()
