"""What follows the window's width, in a real browser:

* A table region (``{% table_region %}``) is a tab stop and a named region only
  while its table scrolls sideways: on the results dashboard at 1280 px a table
  that fits is not reached with the Tab key; at 390 px the same table is, and the
  arrow keys scroll it; back at 1280 px it is out of the tab order again. Without
  JavaScript every region stays focusable (the server's markup).
* The dashboard's charts follow the width after the page has loaded: vertical
  bars at 1280 px turn horizontal at 390 px without a reload, and back.

(The error summary, focused once and without a live role: tests/e2e/test_focus.py.)

Screenshots: ``a11y-table-{fitted,scrolled}-390.png`` (390 px) and
``a11y-chart-{1280,390}.png`` (the same block before and after the window changed).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import Browser, Locator, Page, expect

from mentoring.accounts.models import User
from mentoring.demo import data as demo
from tests.e2e.test_phone_layout import sign_in

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
RESULTS = f"/coordinate/{demo.PILOT_2026_SLUG}/results/"

#: After a change of the window's size: two frames, so that resize observers and
#: media query listeners have run; then each table region's state.
REGIONS = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [...document.querySelectorAll('main .table-wrap')].map((el) => ({
    id: el.querySelector('table caption')?.textContent.trim() || '',
    scrolls: el.scrollWidth > el.clientWidth,
    tabindex: el.getAttribute('tabindex'),
    role: el.getAttribute('role'),
    labelledby: el.getAttribute('aria-labelledby'),
  }));
}"""

#: Each chart's bars, as drawn now (Chart.js's own record of the chart).
BARS = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return [...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
    const chart = window.Chart.getChart(canvas);
    return chart ? (chart.options.indexAxis === 'y' ? 'horizontal' : 'vertical') : null;
  });
}"""


def wrap_of(page: Page, caption: str) -> Locator:
    """The table region around the table with this caption."""
    return (
        page.locator("main .table-wrap").filter(has=page.locator("caption", has_text=caption)).first
    )


def shoot_block(page: Page, inside: Locator, path: Path) -> None:
    """A screenshot of the dashboard's block around a table region or chart
    (heading, chart, table) with a margin, so that a focus ring at its edges shows."""
    box = inside.locator("xpath=ancestor::section[1]").bounding_box()
    assert box is not None
    top = page.evaluate("() => window.scrollY")
    page.screenshot(
        path=path,
        full_page=True,
        clip={
            "x": max(0, box["x"] - 6),
            "y": max(0, box["y"] + top - 6),
            "width": min(box["width"] + 12, page.evaluate("() => innerWidth")),
            "height": box["height"] + 12,
        },
    )


def regions(page: Page) -> dict[str, dict[str, object]]:
    return {region["id"]: region for region in page.evaluate(REGIONS)}


def tab_reaches(page: Page, target: Locator, *, presses: int = 80) -> bool:
    """Press Tab from the top of the main content until ``target`` has focus
    (True) or the focus has left the main content (False)."""
    page.locator("main h1").click()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if target.evaluate("(el) => el === document.activeElement"):
            return True
        if not page.evaluate(
            "() => document.querySelector('main').contains(document.activeElement)"
        ):
            return False
    return False


def test_table_regions_and_charts_follow_the_width(
    live_server,
    page: Page,
    browser: Browser,
    console_errors: list[str],
    screenshot_dir: Path,
) -> None:
    base = live_server.url
    call_command("seed_demo", stdout=io.StringIO())
    coordinator = User.objects.get(email=demo.COORDINATOR.email)
    sign_in(page.context, base, coordinator)

    page.set_viewport_size(DESKTOP)
    page.goto(base + RESULTS)
    wide = regions(page)
    page.set_viewport_size(PHONE)
    narrow = regions(page)
    # A table that fits at 1280 px and scrolls at 390 px.
    name = next(key for key in wide if not wide[key]["scrolls"] and narrow[key]["scrolls"])
    region = wrap_of(page, name)
    # And one that fits at both.
    fitted = next(key for key in wide if not wide[key]["scrolls"] and not narrow[key]["scrolls"])

    # --- 1280 px: the table fits; not a tab stop, not a landmark.
    page.set_viewport_size(DESKTOP)
    assert regions(page)[name] == {
        "id": name,
        "scrolls": False,
        "tabindex": None,
        "role": None,
        "labelledby": None,
    }
    # Every region at this width is a tab stop exactly when it scrolls.
    for state in regions(page).values():
        assert (state["tabindex"] == "0") is state["scrolls"], state
    assert not tab_reaches(page, region)

    # --- 390 px, the same page without a reload: the table scrolls, is a named
    # region in the tab order, and the arrow keys scroll it.
    page.set_viewport_size(PHONE)
    state = regions(page)[name]
    assert state["scrolls"] and state["tabindex"] == "0" and state["role"] == "region"
    assert state["labelledby"]
    expect(region).to_have_role("region")
    expect(region).to_have_accessible_name(name)
    assert tab_reaches(page, region)
    expect(region).to_be_focused()
    region.scroll_into_view_if_needed()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=region.element_handle(), timeout=2000)
    for state in regions(page).values():
        assert (state["tabindex"] == "0") is state["scrolls"], state
    assert regions(page)[fitted]["tabindex"] is None
    # The scrolled table (focused, its ring drawn) and the fitted one, at 390 px.
    shoot_block(page, region, screenshot_dir / "a11y-table-scrolled-390.png")
    shoot_block(page, wrap_of(page, fitted), screenshot_dir / "a11y-table-fitted-390.png")

    # --- Back to 1280 px: out of the tab order again.
    page.set_viewport_size(DESKTOP)
    assert regions(page)[name]["tabindex"] is None

    # --- Charts: vertical bars at 1280 px become horizontal at 390 px, no reload.
    page.evaluate("() => window.scrollTo(0, 0)")
    wide_bars = page.evaluate(BARS)
    assert "vertical" in wide_bars and None not in wide_bars
    turning = page.locator("canvas[data-chart]").nth(wide_bars.index("vertical"))
    shoot_block(page, turning, screenshot_dir / "a11y-chart-1280.png")
    page.set_viewport_size(PHONE)
    narrow_bars = page.evaluate(BARS)
    assert narrow_bars == ["horizontal"] * len(wide_bars)
    expect(page.locator("canvas[data-bars=vertical]")).to_have_count(0)
    shoot_block(page, turning, screenshot_dir / "a11y-chart-390.png")
    page.set_viewport_size(DESKTOP)
    assert page.evaluate(BARS) == wide_bars
    # Vertical bars have the stylesheet's height again (horizontal ones set their own).
    assert turning.evaluate("(canvas) => canvas.parentElement.style.height") == ""
    assert console_errors == []

    # --- Without JavaScript every region keeps the server's markup: focusable.
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    try:
        plain = context.new_page()
        sign_in(context, base, coordinator)
        plain.set_viewport_size(DESKTOP)
        plain.goto(base + RESULTS)
        wraps = plain.locator("main .table-wrap")
        assert wraps.count() == len(wide)
        for index in range(wraps.count()):
            expect(wraps.nth(index)).to_have_attribute("tabindex", "0")
            expect(wraps.nth(index)).to_have_attribute("role", "region")
    finally:
        context.close()
