"""The harness itself: axe-core fails a page with a serious violation, naming the rule and
the element, and the browser cannot reach past 127.0.0.1. No server needed."""
from __future__ import annotations

import pytest

BAD_PAGE = """<!doctype html><html lang="en"><title>bad</title><main><h1>Bad form</h1>
<form><input id="unlabelled" name="q"><button type="submit"></button></form></main></html>"""


def test_axe_fails_serious_and_critical_violations_with_rule_and_target(page, axe):
    page.set_content(BAD_PAGE)
    with pytest.raises(pytest.fail.Exception) as failed:
        axe(page, "harness-bad-page")
    message = str(failed.value)
    assert "label (critical)" in message and "#unlabelled" in message
    assert "button-name (critical)" in message


def test_axe_passes_a_clean_page(page, axe):
    page.set_content('<!doctype html><html lang="en"><title>fine</title><main><h1>Fine</h1>'
                     '<label for="q">Search</label><input id="q"><button>Go</button></main></html>')
    assert all(v["impact"] not in ("serious", "critical") for v in axe(page, "harness-clean-page"))


def test_requests_beyond_loopback_are_refused(browser, local_only):
    ctx = browser.new_context()
    try:
        refused = local_only(ctx)
        page = ctx.new_page()
        page.set_content('<img src="http://example.invalid/pixel.png" alt="">'
                         '<img src="http://127.0.0.1:9/local.png" alt="">')
        page.wait_for_timeout(500)
        assert refused == ["http://example.invalid/pixel.png"]
    finally:
        ctx.close()
