"""Keyboard use of the search page: a skip link first, then every control in reading order,
each with a clear focus outline; and the page still works at a phone's width."""
from __future__ import annotations

import pytest

CONTROLS = ["q", "date_from", "date_to", "team", "legal_status", "rating", "mode", "search-button"]


def tab_through(page, focused, presses: int = 40) -> list[dict]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "body" or (seen and now == seen[0]):
            break  # past the last stop: focus has left the page, or wrapped round
        seen.append(now)
    return seen


def test_search_page_by_keyboard(page, server, sign_in, focused, shoot):
    sign_in(page, "qa")
    page.goto(server("/"))
    page.locator("body").focus()
    stops = tab_through(page, focused)
    assert stops, "Tab reached nothing"

    # First stop: the skip link, visible once focused; Enter takes focus to the main content.
    assert stops[0]["text"] == "Skip to main content", stops[0]
    # The query box, the filters and the submit button, in that order, with nothing between.
    ids = [s["id"] for s in stops]
    assert all(c in ids for c in CONTROLS), f"not reached by Tab: {set(CONTROLS) - set(ids)} in {ids}"
    start = ids.index("q")
    assert ids[start:start + len(CONTROLS)] == CONTROLS, ids
    # Every stop shows a clear outline (computed style), not only a colour change.
    for stop in stops:
        assert stop["focusVisible"], stop
        assert stop["outlineStyle"] not in ("none", "hidden") and stop["outlineWidth"] >= 2, stop

    page.goto(server("/"))
    page.locator("body").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.is_visible() and skip.bounding_box()["height"] >= 24
    shoot(page, "keyboard-1-skip-link")
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "main"
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "q"

    # Type a search and send it with the keyboard alone.
    page.keyboard.type("contingency plan")
    for _ in range(CONTROLS.index("search-button")):
        page.keyboard.press("Tab")
    assert focused(page)["id"] == "search-button"
    shoot(page, "keyboard-2-focus-on-search-button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=contingency+plan" in page.url and page.locator("article.hit").count() > 0
    page.locator("article.hit a").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/view?finding=" in page.url


def test_search_page_at_phone_width(page, server, sign_in, shoot, axe):
    """WCAG 1.4.10 reflow: at 320 CSS pixels nothing needs scrolling sideways."""
    sign_in(page, "qa")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(server("/?q=family+time&rating=good"))
    assert page.locator("article.hit").count() > 0
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 320px wide"
    shoot(page, "phone-search-results")
    axe(page, "search-results-phone")


# Every other page a user works in: Tab visits every control and link once, in reading order
# (no trap, nothing skipped, nothing reachable only by mouse), each with a visible outline.
KEYBOARD_PAGES = [
    ("practice_lead", "/themes/view"),
    ("practice_lead", "/themes/planning/view"),
    ("practice_lead", "/reports/view"),
    ("practice_lead", "/chat/view"),
    ("ambassador", "/language"),
    ("ambassador", "/my-packs"),
    ("qa", "/packs"),
    ("qa", "/lexicon/suggestions"),
    ("admin", "/admin/users"),
    ("admin", "/admin/settings"),
    ("admin", "/admin/access-log"),
]

@pytest.mark.parametrize("role,path", KEYBOARD_PAGES, ids=[p[1].strip("/").replace("/", "-") for p in KEYBOARD_PAGES])
def test_page_by_keyboard(page, server, sign_in, keyboard_walk, role, path):
    sign_in(page, role)
    assert page.goto(server(path)).status == 200
    keyboard_walk(page)
