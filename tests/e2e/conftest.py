"""Browser tests: pytest-playwright driving Debian's chromium, headless.

Never ``playwright install``: the browser is the system package
(``scripts/ensure-system-deps.sh test`` installs it). Every test in this folder
is marked ``e2e`` (``make test-e2e`` runs only these). Pages come from
pytest-django's ``live_server`` (transactional database);
``DJANGO_ALLOW_ASYNC_UNSAFE`` is set in ``tests/conftest.py`` because
Playwright's sync API runs an event loop in the test thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page

CHROMIUM = Path("/usr/bin/chromium")
E2E_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = E2E_DIR.parents[1] / "test-artifacts" / "screenshots"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e with ``e2e`` (before ``-m`` selects)."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing. Install Debian's chromium with "
            "`scripts/ensure-system-deps.sh test` (never `playwright install`)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """Relative ``page.goto("/...")`` goes to the live server. (Also replaces
    pytest-playwright's fallback fixture, which pytest 9 warns about.)"""
    return str(live_server.url)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "da-DK"}


@pytest.fixture
def page(page: Page) -> Page:
    """Fail fast instead of waiting the default 30 s for a missing element."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    return page


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console errors (CSP violations and failed resources show up here) and
    uncaught exceptions on ``page``, in the order they happened."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: {message.text}")

    def on_page_error(error: Error) -> None:
        errors.append(f"{page.url}: uncaught {error.name}: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
