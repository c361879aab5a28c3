"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.
Every page visited is checked with axe-core (WCAG 2.1 A/AA) and for requests that leave
the server's own origin."""

import os
import re
import shutil
from pathlib import Path

import pytest

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_browser():
    """Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    make themselves are synchronous and safe, so Django's async guard is lifted here only."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class Visitor:
    """A page plus the checks every visit gets."""

    def __init__(self, page, base_url: str, javascript: bool = True):
        self.page = page
        self.javascript = javascript
        self.base_url = base_url
        self.foreign_requests: list[str] = []
        self.checked: list[str] = []
        # Every document the page shows, in order, and whether axe-core looked at it: the
        # fixture fails a story that leaves a page unchecked ("every page visited").
        self.documents: list[list] = []
        page.on("request", self._record)
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame and not frame.url.startswith("about:"):
            self.documents.append([frame.url, False])

    def unchecked(self) -> list[str]:
        return [url for url, checked in self.documents if not checked]

    def _record(self, request) -> None:
        url = request.url
        if not (url.startswith(self.base_url) or url.startswith("data:")):
            self.foreign_requests.append(url)

    def goto(self, path: str, *, check: bool = True):
        """Opens a page and checks it (axe-core, origin) unless told not to."""
        response = self.page.goto(self.base_url + path)
        if check:
            self.axe()
        return response

    def follow(self, locator, *, check: bool = True) -> None:
        """Clicks a link or submit button that loads a new page, waits for it, checks it."""
        with self.page.expect_navigation():
            locator.click()
        if check:
            self.axe()

    def axe(self) -> None:
        """Runs axe-core on the current page; fails with the violations listed. Without
        JavaScript axe cannot run in the page: only the origin check applies (the same
        pages are checked with JavaScript in the other stories)."""
        assert not self.foreign_requests, f"requests off-origin: {self.foreign_requests}"
        if not self.javascript:
            return
        self.page.evaluate(AXE_SOURCE)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        if self.documents:
            self.documents[-1][1] = True
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        self.checked.append(self.page.url)
        assert not violations, f"axe-core on {self.page.url}:\n" + "\n".join(violations)
        assert not self.foreign_requests, f"requests off-origin: {self.foreign_requests}"

    def path(self) -> str:
        return re.sub(r"^https?://[^/]+", "", self.page.url)


@pytest.fixture
def visitor_factory(playwright_browser, live_server):
    contexts, visitors = [], []

    def make(*, javascript: bool = True, locale: str = "de-DE") -> Visitor:
        context = playwright_browser.new_context(
            java_script_enabled=javascript, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        visitor = Visitor(context.new_page(), live_server.url, javascript=javascript)
        visitors.append(visitor)
        return visitor

    yield make
    unchecked = [url for v in visitors if v.javascript for url in v.unchecked()]
    for context in contexts:
        context.close()
    assert not unchecked, f"pages visited without an axe-core check: {unchecked}"


@pytest.fixture
def visitor(visitor_factory):
    return visitor_factory()
