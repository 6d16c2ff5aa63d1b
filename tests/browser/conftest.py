"""Browser tests: the real app, served by uvicorn in its own process on 127.0.0.1 over a
temporary store loaded from the demo corpus, driven by Playwright in Debian's Chromium
(/usr/bin/chromium, headless, background networking off), with axe-core checking each page.

Nothing leaves the machine: the server listens on 127.0.0.1, Chromium runs with its
background networking off, and every browser context refuses (and the test then fails on)
any request that is not to 127.0.0.1 or a local file.

Screenshots of every page a journey visits go to test-artifacts/screenshots/, and the full
axe results (every impact, not only those that fail a test) to test-artifacts/axe/.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import subprocess_env  # tests/conftest.py (tests/ is on sys.path)

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_RESULTS = ARTIFACTS / "axe"
CONSOLE_SCRIPT = Path(sys.executable).parent / "goldenthread"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmarks, heading
# order, skip link...). Any serious or critical violation fails the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


def _missing(what: str, fix: str):
    """In CI a missing browser or axe-core is a failure (the install step broke); on a
    developer's machine without them the browser tests are skipped, saying how to fix it."""
    message = f"{what} is missing: {fix}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the app, as a user runs it ---------------------------------------------------------------
# One fictional user per role, made with the CLI in the server's data dir before it starts.
ROLES = ("qa", "practice_lead", "ambassador", "admin")
PASSWORD = "browser-test-password-1"


def _add_users(data: Path, env: dict) -> dict[str, tuple[str, str]]:
    """{role: (username, password)}: `goldenthread users add NAME --role ROLE --password-stdin`."""
    users = {}
    for role in ROLES:
        name = f"browser-{role.replace('_', '-')}"
        made = subprocess.run([str(CONSOLE_SCRIPT), "users", "add", name, "--role", role, "--password-stdin",
                               "--data", str(data)], input=PASSWORD + "\n", cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, f"users add {name} failed:\n{made.stdout}\n{made.stderr}"
        users[role] = (name, PASSWORD)
    return users


class Server:
    def __init__(self, url: str, data: Path, proc: subprocess.Popen, log: Path, users: dict):
        self.url, self.data, self.proc, self.log, self.users = url, data, proc, log, users

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def _wait_for_health(url: str, proc: subprocess.Popen, log: Path, limit_s: float = 300) -> None:
    """Until GET /health answers 200; fails at once, with the server's output, if it exits."""
    import httpx

    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited with {proc.returncode}:\n{log.read_text()}", pytrace=False)
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the server did not answer {url}/health in {limit_s:.0f} s:\n{log.read_text()}", pytrace=False)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`goldenthread load-demo` into a temporary data dir, then `goldenthread serve` on a
    free port of 127.0.0.1 in its own process (what `make run` does); stopped at the end."""
    if not CONSOLE_SCRIPT.exists():
        pytest.fail(f"console script not installed at {CONSOLE_SCRIPT} (make install)")
    data = tmp_path_factory.mktemp("browser-store")
    env = subprocess_env()
    timings, started = {}, time.monotonic()
    # The users are made (accounts.db) while the demo corpus loads (the Chroma store).
    load = subprocess.Popen([str(CONSOLE_SCRIPT), "load-demo", "--data", str(data)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        users = _add_users(data, env)
    except BaseException:
        load.kill()
        load.communicate()
        raise
    timings["users_add_s"] = round(time.monotonic() - started, 1)
    output = load.communicate(timeout=900)[0]
    assert load.returncode == 0, f"load-demo failed:\n{output}"
    timings["load_demo_s"] = round(time.monotonic() - started, 1)
    port = _free_port()
    log = tmp_path_factory.mktemp("browser-server") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(CONSOLE_SCRIPT), "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--data", str(data)], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_for_health(url, proc, log)
        timings["server_up_s"] = round(time.monotonic() - started, 1)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "browser-server-timings.json").write_text(json.dumps(timings) + "\n")
        yield Server(url, data, proc, log, users)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --- the browser ----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless. Playwright starts it with a new, empty user-data dir
    (a fresh temporary profile each launch) and removes it afterwards."""
    if not CHROMIUM.exists():
        _missing("Debian's Chromium (/usr/bin/chromium)", "apt-get install chromium (.ci/run does this)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python", "pip install -e '.[test]' (make install does this)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.hostname == "127.0.0.1"


def keep_local(ctx) -> list[str]:
    """Abort every request of this browser context that is not to 127.0.0.1 (or a local
    file, data: or blob: URL); returns the list the refused URLs are added to."""
    refused: list[str] = []

    def guard(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    return refused


@pytest.fixture(scope="session")
def local_only():
    """local_only(context) -> the list of refused URLs (see keep_local)."""
    return keep_local


@pytest.fixture
def context(browser):
    """A fresh browser context (no cookies) per test, English, 1280x900. Requests to any
    host but 127.0.0.1 are aborted and fail the test."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    ctx.set_default_timeout(30_000)
    refused = keep_local(ctx)
    try:
        yield ctx
    finally:
        ctx.close()
    assert not refused, f"the browser tried to reach outside 127.0.0.1: {refused}"


@pytest.fixture
def new_context(browser):
    """new_context(): another fresh, guarded context in the same test (a second user)."""
    made: list = []
    csp: list[str] = []

    def make():
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        ctx.set_default_timeout(30_000)
        ctx.on("page", lambda new: watch_csp(new, csp))
        made.append((ctx, keep_local(ctx)))
        return ctx

    yield make
    for ctx, _ in made:
        ctx.close()
    refused = [url for _, urls in made for url in urls]
    assert not refused, f"the browser tried to reach outside 127.0.0.1: {refused}"
    assert not csp, "the page's Content-Security-Policy refused its own content:\n" + "\n".join(csp)


def watch_csp(page, seen: list[str]) -> None:
    """Collect the browser's Content-Security-Policy violation reports (the page's and its
    frames'), so a test fails when the site's own script, style or frame is refused."""
    page.on("console", lambda message: seen.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)


@pytest.fixture
def page(context):
    seen: list[str] = []
    made = context.new_page()
    watch_csp(made, seen)
    yield made
    assert not seen, "the page's Content-Security-Policy refused its own content:\n" + "\n".join(seen)


@pytest.fixture
def sign_in(server):
    """sign_in(page, role): through the sign-in page, as a person would (labels, button)."""
    def run(page, role: str, shoot=None) -> None:
        username, password = server.users[role]
        page.goto(server("/login"))
        if shoot:
            shoot(page, "sign-in")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "/login" not in page.url, f"sign-in as {role} failed: {page.url}"

    return run


# --- what a reviewer looks at -----------------------------------------------------------------
@pytest.fixture(scope="session")
def screenshots() -> Path:
    """test-artifacts/screenshots/, emptied at the start of the session."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def shoot(screenshots):
    """shoot(page, name): a full-page PNG of what the user sees now, named for the step."""
    def take(page, name: str) -> Path:
        path = screenshots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# --- axe-core ----------------------------------------------------------------------------------
def run_axe(page) -> dict:
    """axe-core (node_modules/axe-core, pinned in package-lock.json) injected into the page
    and run over the whole document with the WCAG 2.0/2.1/2.2 A+AA and best-practice rules."""
    if not AXE_JS.exists():
        _missing("axe-core (node_modules/axe-core)", "npm ci (make install does this)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: the pages'
        # Content-Security-Policy (rightly) refuses a script tag without its nonce.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
        return {url: r.url, testEngine: r.testEngine.version, violations: r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, tags: v.tags,
            nodes: v.nodes.map(n => ({target: n.target, impact: n.impact, summary: n.failureSummary}))}))};
    }""", AXE_TAGS)


@pytest.fixture(scope="session")
def axe():
    """axe(page, name): runs axe-core, writes the results to test-artifacts/axe/NAME.json and
    fails listing the rule ids and targets of every serious or critical violation."""
    shutil.rmtree(AXE_RESULTS, ignore_errors=True)
    AXE_RESULTS.mkdir(parents=True)

    def check(page, name: str) -> list[dict]:
        result = run_axe(page)
        (AXE_RESULTS / f"{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        bad = [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]
        if bad:
            lines = [f"{v['id']} ({v['impact']}): {v['help']} -> "
                     + "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"]) for v in bad]
            pytest.fail(f"axe-core found {len(bad)} serious/critical violation(s) on {name} "
                        f"({page.url}):\n  " + "\n  ".join(lines), pytrace=False)
        return result["violations"]

    return check


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# --- keyboard ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def focused():
    """focused(page): the focused element's id, tag, name, text and computed outline."""
    return _focused


@pytest.fixture(scope="session")
def keyboard_walk():
    """keyboard_walk(page): Tab from the top of the page visits every visible link and control
    (one stop per radio group) once, in reading (DOM) order, with no trap and nothing reachable only by mouse, and each stop
    shows a focus outline at least 2px wide. Returns the number of stops."""
    return _keyboard_walk


MARK_FOCUSABLE = """() => {
    const all = [...document.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex]')];
    // A radio group is one Tab stop (its checked button, else its first); arrows move inside it.
    const stopOf = {};
    for (const r of all.filter(e => e.type === 'radio')) {
        const key = (r.form ? 'f' : 'd') + ':' + r.name;
        if (!(key in stopOf) || (r.checked && !stopOf[key].checked)) stopOf[key] = r;
    }
    // Inside a closed <details> only its own <summary> shows (Chromium keeps layout boxes for the
    // hidden content, so getClientRects alone would count controls nobody can see or reach).
    const shown = e => { const closed = e.closest('details:not([open])');
                         return !closed || (e.tagName === 'SUMMARY' && e.parentElement === closed); };
    const usable = all.filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0 && shown(e)
                                   && getComputedStyle(e).visibility !== 'hidden'
                                   && (e.type !== 'radio' || stopOf[(e.form ? 'f' : 'd') + ':' + e.name] === e));
    usable.forEach((e, i) => e.setAttribute('data-kb', String(i)));
    return usable.length;
}"""


def _keyboard_walk(page) -> int:
    expected = page.evaluate(MARK_FOCUSABLE)
    page.locator("body").focus()
    order = []
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {kb: e.getAttribute('data-kb'), tag: e.tagName.toLowerCase(), text: (e.innerText || '').slice(0, 40),
                    focusVisible: e.matches(':focus-visible'), outlineStyle: s.outlineStyle,
                    outlineWidth: parseFloat(s.outlineWidth) || 0}; }""")
        if state["tag"] == "body" or (order and state["kb"] == order[0]["kb"]):
            break
        order.append(state)
        if state["kb"] == str(expected - 1):
            break  # the last stop (an iframe's own document comes next, then the browser's toolbar)
    visited = [int(s["kb"]) if s["kb"] is not None else s["tag"] for s in order]
    assert visited == list(range(expected)), f"{page.url}: Tab order {visited}, expected 0..{expected - 1}"
    for stop in order:
        if stop["tag"] == "iframe":
            # Focus went into the framed document (arrow keys scroll it). Chromium draws no ring
            # for a frame itself, so only where focus is can be checked here.
            inner = next(f for f in page.frames if f != page.main_frame)
            assert inner.evaluate("() => document.hasFocus()"), f"{page.url}: Tab did not enter the frame"
            continue
        assert stop["focusVisible"] and stop["outlineStyle"] not in ("none", "hidden") and stop["outlineWidth"] >= 2, \
            f"{page.url}: no clear focus outline on {stop}"
    return len(order)


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement; const s = getComputedStyle(e);
        return {id: e.id, tag: e.tagName.toLowerCase(), name: e.getAttribute('name'),
                text: (e.innerText || e.value || '').trim().slice(0, 60),
                outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
                outlineColor: s.outlineColor, focusVisible: e.matches(':focus-visible')};
    }""")
