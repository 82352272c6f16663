"""Focus, to the letter (issue 17, point 5), in a real browser:

- after a rejected submit, focus is on the error summary at the top of the form,
  whose links lead to the fields in error (Danish and English); the summary has
  no live role (it is read once, on focus) and is focusable only until left;
- the two-factor page opens with the cursor in the code field (Danish and English);
- the focus ring has at least 3:1 contrast against the colours around it on every
  element reached with the Tab key on a handful of pages (header, forms, buttons,
  cards, tables), at desktop and phone sizes: measured in the browser with the WCAG
  contrast formula, against the colour painted just outside the ring (sampled at
  the four sides) and against the halo between the ring and the element.

Screenshots: test-artifacts/screenshots/ux-a11y-*.png.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    enter_totp,
    expect_signed_in,
    fresh_totp,
    log_in,
    shoot,
    submit,
    switch_language,
)
from tests.e2e.test_establishment import log_out
from tests.factories import PASSWORD, ProgrammeFactory, UserFactory, activate_totp

ACTIVE_NAME = "() => document.activeElement && document.activeElement.getAttribute('name')"


#: Whether the focused element is the error summary, and whether it (or anything
#: around or inside it) is also a live region: focus and a live role together made
#: some screen readers read it twice.
SUMMARY_STATE = """() => {
  const summary = document.querySelector('main .error-summary');
  const live = '[role=alert], [role=status], [role=log], [aria-live]';
  return {
    focused: document.activeElement === summary,
    tabindex: summary.getAttribute('tabindex'),
    live: Boolean(summary.closest(live) || summary.querySelector(live)),
    summaries: document.querySelectorAll('.error-summary').length,
  };
}"""


def active_is_error_summary(page: Page) -> bool:
    """The summary has the focus (made focusable for it), is the page's only
    summary and is announced once: no live role on it, around it or in it."""
    state = page.evaluate(SUMMARY_STATE)
    assert state["live"] is False, state
    assert state["summaries"] == 1, state
    return bool(state["focused"] and state["tabindex"] == "-1")


def test_rejected_submit_moves_focus_to_the_error_summary(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    UserFactory(email="taken@example.org")

    # Danish: sign-up with a taken address and passwords that differ.
    # The session's first page may take a while on a busy machine.
    page.goto(f"{base}/accounts/signup/", timeout=60_000)
    page.fill("main input[name=email]", "taken@example.org")
    page.fill("main input[name=password1]", "en lang adgangssætning 1")
    page.fill("main input[name=password2]", "en anden adgangssætning")
    submit(page, "password1")
    summary = page.locator("main .error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("h2")).to_have_text("Nogle svar kræver din opmærksomhed")
    assert active_is_error_summary(page)
    # One link per field in error; following one puts the cursor in that field.
    links = summary.locator("a[href^='#']")
    assert links.count() >= 1
    targets = links.evaluate_all("links => links.map(a => a.getAttribute('href').slice(1))")
    for target in targets:
        expect(page.locator(f"main [id='{target}']")).to_have_attribute("aria-invalid", "true")
    shoot(page, screenshot_dir, "ux-a11y-error-summary-da", console_errors)
    links.first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == targets[0]
    # Once left, the summary is no longer focusable (a click in it later does
    # not take the focus back).
    assert page.evaluate(SUMMARY_STATE)["tabindex"] is None

    # English: a wrong password at login (an error of the whole form).
    switch_language(page, "English")
    page.goto(f"{base}/accounts/login/")
    page.fill("main input[name=login]", "taken@example.org")
    page.fill("main input[name=password]", "not the password at all")
    submit(page, "password")
    summary = page.locator("main .error-summary")
    expect(summary.locator("h2")).to_have_text("Some answers need your attention")
    expect(summary).to_contain_text("password")
    assert active_is_error_summary(page)
    shoot(page, screenshot_dir, "ux-a11y-error-summary-en", console_errors)
    # A page without errors leaves the focus alone.
    page.goto(f"{base}/accounts/signup/")
    assert page.evaluate("() => document.activeElement === document.body")


def test_an_app_form_rejected_focuses_its_summary(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    """A coordinator's form with the app's own summary (a new webhook endpoint
    without an address), then the import through the shared field template:
    focus on the summary there too."""
    base = live_server.url
    coordinator = UserFactory(email="fie.fokus@example.org", full_name="Fie Fokus")
    secret = activate_totp(coordinator)
    ProgrammeFactory(slug="fokus", coordinators=[coordinator])
    log_in(page, base, coordinator.email)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    page.goto(f"{base}/coordinate/fokus/webhooks/new/")
    page.locator(
        "main form.stacked-form button[type=submit], main form button[type=submit]"
    ).last.click()
    expect(page.locator("main .error-summary")).to_be_visible()
    assert active_is_error_summary(page)

    # The shared field template (common/form_fields.html), in English: the import
    # of participants refuses a file without the columns.
    switch_language(page, "English")
    page.goto(f"{base}/coordinate/fokus/participants/import/")
    page.set_input_files(
        "main input[name=file]",
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": b"nonsense\n"}],
    )
    submit(page, "file")
    summary = page.locator("main .error-summary")
    expect(summary.locator("h2")).to_have_text("Some answers need your attention")
    assert active_is_error_summary(page)
    assert console_errors == []


def test_two_factor_page_focuses_the_code_field(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    user = UserFactory(email="tove.totp@example.org", full_name="Tove Totp")
    secret = activate_totp(user)

    log_in(page, base, user.email)
    expect(page.locator("main input[name=code]")).to_be_visible()
    assert page.evaluate(ACTIVE_NAME) == "code"
    # Typing goes straight into the field.
    page.keyboard.type("000000")
    expect(page.locator("main input[name=code]")).to_have_value("000000")
    page.keyboard.press("Enter")
    # A rejected code: the summary has focus, and it leads back to the field.
    expect(page.locator("main .error-summary")).to_be_visible()
    assert active_is_error_summary(page)
    page.locator("main .error-summary a[href='#id_code']").click()
    assert page.evaluate(ACTIVE_NAME) == "code"
    page.locator("main input[name=code]").fill("")
    page.goto(f"{base}/accounts/2fa/authenticate/")
    assert page.evaluate(ACTIVE_NAME) == "code"
    shoot(page, screenshot_dir, "ux-a11y-2fa-da", console_errors)
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)

    switch_language(page, "English")
    log_out(page)
    log_in(page, base, user.email)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Two-factor authentication")
    assert page.evaluate(ACTIVE_NAME) == "code"
    shoot(page, screenshot_dir, "ux-a11y-2fa-en", console_errors)


#: For the element that has focus: the ring's colour and width, the halo's colour,
#: and the colour painted just outside the ring on each side (the topmost element
#: there that is not the focused one, its background composited over its
#: ancestors' down to an opaque one; the canvas is white).
MEASURE = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (c) => {
    const lin = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  };
  const contrast = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const backgroundOf = (node) => {
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const style = getComputedStyle(el);
  const ring = parse(style.outlineColor);
  const width = parseFloat(style.outlineWidth) || 0;
  const offset = parseFloat(style.outlineOffset) || 0;
  const halo = parse(style.boxShadow);
  const rect = el.getBoundingClientRect();
  const d = width + Math.max(offset, 0) + 2;
  const midX = rect.left + rect.width / 2, midY = rect.top + rect.height / 2;
  const points = [
    [rect.left - d, midY], [rect.right + d, midY], [midX, rect.top - d], [midX, rect.bottom + d],
  ];
  const around = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const under = document.elementsFromPoint(x, y).find(n => n !== el && !el.contains(n));
    if (under) around.push(backgroundOf(under));
  }
  const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
  const text = (el.innerText || el.getAttribute("aria-label") || el.name || "").trim();
  const describe = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    classes.filter(Boolean).map(c => "." + c).join("") + " " + JSON.stringify(text.slice(0, 40));
  return {
    element: describe,
    inHeader: !!el.closest(".site-header"),
    style: style.outlineStyle, width,
    ring: ring && ring.slice(0, 3), halo: halo && halo.slice(0, 3),
    ringOnHalo: ring && halo ? contrast(ring, halo) : null,
    ringOnAround: ring ? around.map(bg => contrast(ring, bg)) : [],
  };
}
"""


def tab_through(page: Page, *, limit: int = 80) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until the focus comes round again (or
    ``limit`` stops); the measurement of each element reached."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    seen: list[dict[str, Any]] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        measured = page.evaluate(MEASURE)
        if measured is None:
            continue
        if measured["element"] == first:
            break
        first = first or measured["element"]
        seen.append(measured)
    return seen


def ring_failures(page_name: str, measured: list[dict[str, Any]]) -> list[str]:
    failures = []
    for m in measured:
        where = f"{page_name}: {m['element']}"
        if m["style"] == "none" or m["width"] < 2:
            failures.append(f"{where}: no visible ring ({m['style']}, {m['width']}px)")
            continue
        # A two-colour ring (WCAG technique C40): 9:1 between its two colours.
        if m["ringOnHalo"] is None or m["ringOnHalo"] < 9:
            failures.append(f"{where}: ring {m['ring']} on halo {m['halo']}: {m['ringOnHalo']}")
        low = [round(c, 2) for c in m["ringOnAround"] if c < 3]
        if low:
            failures.append(f"{where}: ring {m['ring']} on the background around it: {low}")
    return failures


def test_focus_ring_contrast_on_every_background(
    live_server, page: Page, console_errors: list[str], screenshot_dir: Path
) -> None:
    base = live_server.url
    coordinator = UserFactory(email="rikke.ring@example.org", full_name="Rikke Ring")
    secret = activate_totp(coordinator)
    ProgrammeFactory(slug="ring", coordinators=[coordinator])
    measured: dict[str, list[dict[str, Any]]] = {}

    page.goto(f"{base}/")
    measured["front page"] = tab_through(page)
    page.goto(f"{base}/accounts/login/")
    measured["login"] = tab_through(page)
    page.fill("main input[name=login]", coordinator.email)
    page.fill("main input[name=password]", PASSWORD)
    submit(page, "password")
    enter_totp(page, fresh_totp(secret))
    expect_signed_in(page, base)
    for name, path in {
        "home": "/",
        "programme": "/coordinate/ring/",
        "programme settings": "/coordinate/ring/edit/",
        "results": "/coordinate/ring/results/",
        "profile": "/me/profile/",
    }.items():
        page.goto(base + path)
        measured[name] = tab_through(page)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/coordinate/ring/")
    measured["programme (phone)"] = tab_through(page)

    # The skip link and a header link, photographed with their rings.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/coordinate/ring/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.screenshot(path=screenshot_dir / "ux-a11y-focus-ring-skip-link.png")
    page.keyboard.press("Tab")
    page.screenshot(
        path=screenshot_dir / "ux-a11y-focus-ring-header.png",
        clip={"x": 0, "y": 0, "width": 1280, "height": 120},
    )
    button = page.locator("main button[type=submit], main .button").first
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    button.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "ux-a11y-focus-ring-button.png")

    everything = [m for ms in measured.values() for m in ms]
    failures = [f for name, ms in measured.items() for f in ring_failures(name, ms)]
    assert failures == [], "\n".join(failures)
    # The walk reached the light areas and the blue header, and measured around each.
    assert len(everything) >= 60, len(everything)
    assert any(m["inHeader"] for m in everything)
    assert any(not m["inHeader"] for m in everything)
    assert all(m["ringOnAround"] for m in everything)
    lowest = min(c for m in everything for c in m["ringOnAround"])
    print(
        f"focus ring: {len(everything)} elements on {len(measured)} pages, "
        f"lowest contrast against the background {lowest:.2f}:1"
    )
    assert console_errors == []
