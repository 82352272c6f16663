"""The browser accepts our Permissions-Policy header: every feature in it is one
Chromium knows (an unknown name is a console error) and is switched off."""

from __future__ import annotations

from django.conf import settings
from playwright.sync_api import Page


def test_the_browser_switches_off_the_features_in_the_policy(
    live_server, page: Page, console_errors: list[str]
) -> None:
    for path in ("/", "/accounts/login/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        allowed = page.evaluate("document.featurePolicy.allowedFeatures()")
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert feature not in allowed, (path, feature)
        features = page.evaluate("document.featurePolicy.features()")
        unknown = [name for name in settings.PERMISSIONS_POLICY if name not in features]
        assert unknown == [], f"not known to Chromium: {unknown}"
    assert console_errors == []
