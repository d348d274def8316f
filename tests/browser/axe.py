"""axe-core (npm, pinned in package.json) run inside the tests' pages.

The site's Content-Security-Policy refuses injected scripts, as it should; the scanning
contexts are opened with `bypass_csp=True`, so only they can run axe. `npm ci` at the
repository's root installs it (scripts/test.sh does so before the browser tier).
"""

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# What a scan refuses; moderate and minor findings are printed but do not fail.
BLOCKING = ("serious", "critical")

_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.join(" "),
      html: n.html.slice(0, 160),
      summary: (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300),
    })),
  }));
}"""


@cache
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is not installed ({AXE_JS} is missing): run `npm ci` first")
    return AXE_JS.read_text()


def violations(page) -> list[dict]:
    """Every axe violation on the page as it is now (all impacts)."""
    try:
        return _run(page)
    except PlaywrightError:
        # The live region re-rendered under the scan (someone's presence changed): once
        # htmx has settled, the page holds still for another.
        expect(page.locator(".htmx-request, .htmx-settling")).to_have_count(0)
        return _run(page)


def _run(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    return page.evaluate(_RUN)


def describe(found: list[dict]) -> str:
    lines = []
    for violation in found:
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:8]:
            lines.append(f"      {node['target']}  {node['html']}")
            if node["summary"]:
                lines.append(f"        {node['summary']}")
        if len(violation["nodes"]) > 8:
            lines.append(f"      … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


class Audit:
    """Scan many screens, then fail once, listing every screen's serious violations."""

    def __init__(self):
        self.failures: dict[str, list[dict]] = {}
        self.minor: dict[str, list[dict]] = {}
        self.screens = 0

    def check(self, page, screen: str) -> None:
        found = violations(page)
        self.screens += 1
        screen = f"{screen} ({urlsplit(page.url).path})"
        blocking = [v for v in found if v["impact"] in BLOCKING]
        if blocking:
            self.failures[screen] = blocking
        if len(blocking) < len(found):
            self.minor[screen] = [v for v in found if v["impact"] not in BLOCKING]

    def assert_clean(self) -> None:
        for screen, found in self.minor.items():
            print(f"[axe, not failing] {screen}:\n{describe(found)}")
        report = "\n".join(
            f"{screen}:\n{describe(found)}" for screen, found in self.failures.items()
        )
        assert not self.failures, (
            f"serious or critical accessibility violations on {len(self.failures)} of"
            f" {self.screens} screens:\n{report}"
        )
