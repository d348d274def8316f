"""Tier 3: Playwright driving Debian's Chromium against pytest-django's live server.

Each persona gets its own browser context (its own cookies, so its own session) and
one page. Screenshots land in .test-artifacts/browser/<test>/: at the steps a test
asks for, and of every open page when a test fails.

pytest-django's live_server serves from threads that share the test's in-memory SQLite
connection. That has held up here; should it ever report "database table is locked",
run the tier with TEST_DATABASE_NAME=/tmp/pw-browser-test.sqlite3 (philosophy/settings.py)
so each thread gets its own connection to a file database.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / ".test-artifacts" / "browser"
DEFAULT_TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so fixtures can tell whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in the main thread; Django's async-safety
    # check would otherwise refuse the ORM calls the tests and their fixtures make.
    # Set only while the browser runs, so tier 1 (same conftest, browser tests
    # deselected) keeps the check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def artifacts_dir(request):
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    path = ARTIFACTS / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


class Persona:
    """One person at their own screen: a browser context with one page."""

    def __init__(self, name, context, page, artifacts_dir):
        self.name = name
        self.context = context
        self.page = page
        self.errors = []
        self.dialogs = []
        self._artifacts_dir = artifacts_dir
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("console", self._on_console)
        page.on("response", self._on_response)

    def _on_console(self, message):
        # Chromium logs every 4xx as "Failed to load resource"; some are answers the app
        # means (409 on a conflicting save, 404 for the favicon it has none of), so HTTP
        # statuses are judged in _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console error: {message.text} ({message.location})")

    def _on_response(self, response):
        if response.status >= 500:
            self.errors.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def _on_dialog(self, dialog):
        # Record every prompt (a test can assert there were none), then answer it as a
        # person who wants to go on would.
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.accept()

    def snap(self, step: str) -> Path:
        """Save a full-page screenshot of this persona's screen for a step of the test."""
        existing = len(list(self._artifacts_dir.glob("*.png")))
        slug = re.sub(r"[^\w.-]+", "-", step).strip("-")
        path = self._artifacts_dir / f"{existing:02d}-{self.name}-{slug}.png"
        # caret="initial": hiding the caret leaves style="" on every input and textarea,
        # which htmx then copies while settling and the CSP (style-src 'self') reports.
        self.page.screenshot(path=str(path), full_page=True, caret="initial")
        return path


@pytest.fixture
def persona(request, browser, live_server, transactional_db, artifacts_dir):
    """Make a fresh, anonymous persona: `alice = persona("alice")`, then `alice.page`.

    Depends on the live server and the database so the pages close before they go away.
    """
    # Screens left open by an earlier test would still be polling during this one.
    assert not browser.contexts, "an earlier test left browser contexts open"
    personas = []

    def make(name: str, **context_options) -> Persona:
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        who = Persona(name, context, page, artifacts_dir)
        personas.append(who)
        return who

    yield make

    report = getattr(request.node, "report_call", None)
    failed = report is None or report.failed
    if failed:
        for who in personas:
            try:
                who.snap("at-failure")
            except Exception as error:  # noqa: BLE001 - a screenshot must not hide the failure
                print(f"[{who.name}] no screenshot at failure: {error}")
            for line in who.errors + who.dialogs:
                print(f"[{who.name}] {line}")
        if personas:
            print(f"screenshots: {artifacts_dir}")
    # Close every screen after every test: a page left open keeps polling, and its requests
    # would share the live server (and the two cores) with the next test's timings.
    for who in personas:
        try:
            who.context.close()
        except Exception as error:  # noqa: BLE001 - one stuck context must not keep the rest open
            print(f"[{who.name}] context did not close: {error}")
