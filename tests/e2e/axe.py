"""axe-core in the browser tests: inject the engine into a page and run the WCAG
2.0, 2.1 and 2.2 level A and AA rules.

axe-core comes from the npm registry, pinned by ``tests/peers/axe/package-lock.json``
and installed by ``scripts/ensure-axe.sh`` (``npm ci``) the first time a session
needs it. The engine is evaluated through Playwright's ``page.evaluate`` (the
DevTools protocol), which the page's Content-Security-Policy does not govern: no
inline ``<script>`` is added and the CSP stays on, so the pages are checked exactly
as they are served.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = ROOT / "tests" / "peers" / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"

#: The rule sets of WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe's tags).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING = frozenset({"critical", "serious"})


@cache
def axe_source() -> str:
    """The engine's source, installed first when missing (``npm ci``)."""
    subprocess.run([str(ROOT / "scripts" / "ensure-axe.sh")], check=True)  # noqa: S603
    return AXE_JS.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    """One rule broken by one element of one page."""

    page: str
    language: str
    size: str
    rule: str
    impact: str
    target: str
    summary: str

    def __str__(self) -> str:
        return (
            f"[{self.impact}] {self.rule} on {self.page} ({self.language}, {self.size}): "
            f"{self.target} — {self.summary}"
        )


def axe_run(page: Page, *, name: str, language: str, size: str) -> list[Violation]:
    """Run axe's WCAG A/AA rules on the page as it is now (once the page has
    followed a change of the window's size); one ``Violation`` per element per
    rule broken."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results: dict[str, Any] = page.evaluate(
        """async (tags) => {
            // Two frames first: what the page's scripts do after a change of the
            // window's size (table regions, charts) has been done.
            await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return {violations: r.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(" "), impact: n.impact, summary: n.failureSummary,
                })),
            }))};
        }""",
        list(WCAG_TAGS),
    )
    return [
        Violation(
            page=name,
            language=language,
            size=size,
            rule=rule["id"],
            impact=node["impact"] or rule["impact"] or "minor",
            target=node["target"],
            summary=" ".join((node["summary"] or "").split())[:300],
        )
        for rule in results["violations"]
        for node in rule["nodes"]
    ]
