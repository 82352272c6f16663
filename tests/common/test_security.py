"""Browser security (CSP, headers, CSRF), production settings and the base layout."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.mail import mail_store
from mentoring.programmes.models import Programme

ROOT = Path(__file__).resolve().parents[2]


class PageParser(HTMLParser):
    """Collects what the CSP and accessibility checks look at."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.style_attributes: list[str] = []
        self.style_elements = 0
        self.inline_handlers: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "style":
            self.style_elements += 1
        if "style" in attributes:
            self.style_attributes.append(tag)
        self.inline_handlers += [name for name in attributes if name.startswith("on")]


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.strip().split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_csp_header_is_strict_and_nonce_matches_the_scripts() -> None:
    response = Client().get("/")
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    nonces = [v for v in csp["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    page = parse(response.content.decode())
    assert page.scripts, "the layout loads htmx"
    for script in page.scripts:
        assert script.get("src"), "no inline scripts"
        assert script.get("nonce") == nonce


@pytest.mark.django_db
def test_nonce_changes_per_response() -> None:
    client = Client()
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "user", "coordinator", "superuser"])
def test_pages_have_no_inline_styles_or_handlers_and_a_layout(
    role: str, user: User, coordinator: User, superuser: User, programme: Programme
) -> None:
    client = Client()
    person = {"anonymous": None, "user": user, "coordinator": coordinator, "superuser": superuser}[
        role
    ]
    if person is not None:
        client.force_login(person)
    urls = ["/", reverse("account_login"), reverse("account_signup")]
    if person is not None:
        urls = ["/", reverse("accounts:profile")]
    if role in ("coordinator", "superuser"):
        urls += [
            reverse("programmes:list"),
            reverse("programmes:detail", args=[programme.slug]),
            reverse("programmes:audit_log", args=[programme.slug]),
        ]
    if role == "superuser":
        urls.append(reverse("common:outbox"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse(response.content.decode())
        assert page.style_attributes == [], f"{url}: style= attributes on {page.style_attributes}"
        assert page.style_elements == 0, f"{url}: inline <style>"
        assert page.inline_handlers == [], f"{url}: inline event handlers"
        tags = [tag for tag, _attrs in page.tags]
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in tags, f"{url}: no <{landmark}>"
        html_attrs = dict(page.tags)["html"]
        assert html_attrs["lang"] == "da"
        skip = [a for t, a in page.tags if t == "a" and a.get("class") == "skip-link"]
        assert skip and skip[0]["href"] == "#main"
        assert ("main", {"id": "main", "class": "container", "tabindex": "-1"}) in page.tags
        # The English switch is on every page.
        assert re.search(
            r'<button type="submit" name="language" value="en"', response.content.decode()
        )


@pytest.mark.django_db
def test_form_fields_have_labels(user: User) -> None:
    client = Client()
    client.force_login(user)
    page = parse(client.get(reverse("accounts:profile")).content.decode())
    inputs = [
        a["id"]
        for t, a in page.tags
        if t in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit")
    ]
    labels = {a.get("for") for t, a in page.tags if t == "label"}
    assert inputs
    assert set(inputs) <= labels


@pytest.mark.django_db
def test_security_headers() -> None:
    response = Client().get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def permissions_policy(header: str) -> dict[str, str]:
    features = {}
    for part in header.split(","):
        name, _, allow = part.strip().partition("=")
        features[name] = allow
    return features


@pytest.mark.django_db
def test_permissions_policy_denies_the_browser_features_the_app_does_not_use(user: User) -> None:
    client = Client()
    responses = [client.get("/"), client.get(reverse("account_login"))]
    client.force_login(user)
    responses.append(client.get(reverse("accounts:profile")))
    for response in responses:
        features = permissions_policy(response["Permissions-Policy"])
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "fullscreen"):
            assert features[feature] == "()", (feature, response["Permissions-Policy"])
        assert all(allow == "()" for allow in features.values()), response["Permissions-Policy"]


@pytest.mark.django_db
def test_state_changes_need_a_csrf_token(user: User, superuser: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:set_language"), {"language": "en"})
    assert response.status_code == 403
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "X", "language": "en"})
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.full_name != "X"
    message = mail_store(
        key="k", to_email="a@example.org", subject="s", body_text="b", language="da"
    )
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(superuser)
    assert staff.post(reverse("common:outbox_retry", args=[message.pk])).status_code == 403


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MENTORING_"))}
    base.pop("SECRET_KEY", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "MENTORING_ENV": "production",
    "ALLOWED_HOSTS": "mentor.example.org",
    "SMTP_HOST": "smtp.example.org",
    "SITE_URL": "https://mentor.example.org",
    "DJANGO_SETTINGS_MODULE": "mentoring.settings",
}


def test_check_deploy_with_production_settings_reports_nothing(tmp_path: Path) -> None:
    env = {
        **PRODUCTION,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MENTORING_VAR_DIR": str(tmp_path),
    }
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    # HSTS preload is off by default, so Django's reminder (security.W021) is silenced.
    assert "System check identified no issues (1 silenced)." in result.stdout


HEADERS_SCRIPT = """
import django
django.setup()
from django.test import Client
from django.urls import reverse
# Signed out: a redirect to the login page, no template and no database needed.
response = Client().get(reverse("accounts:profile"), secure=True)
print(response.headers.get("Strict-Transport-Security"))
print(response.headers.get("Permissions-Policy"))
"""


def production_headers(tmp_path: Path, **extra: str) -> list[str]:
    env = {
        **PRODUCTION,
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MENTORING_VAR_DIR": str(tmp_path),
        **extra,
    }
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MENTORING_"))}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", HEADERS_SCRIPT],
        env={**base, **env, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def test_hsts_preload_is_an_opt_in_for_the_deployer(tmp_path: Path) -> None:
    hsts, policy = production_headers(tmp_path)
    assert hsts == "max-age=31536000; includeSubDomains"
    assert "camera=()" in policy

    hsts, _policy = production_headers(tmp_path, SECURE_HSTS_PRELOAD="true")
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_check_deploy_with_hsts_preload_silences_nothing(tmp_path: Path) -> None:
    env = {
        **PRODUCTION,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MENTORING_VAR_DIR": str(tmp_path),
        "SECURE_HSTS_PRELOAD": "1",
    }
    result = run_manage("check", "--deploy", "--fail-level", "DEBUG", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_missing_secret_key_in_production_is_a_clear_start_up_error(tmp_path: Path) -> None:
    result = run_manage("check", env={**PRODUCTION, "MENTORING_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: SECRET_KEY is not set.")
    assert "Traceback" not in result.stderr


def test_production_without_smtp_refuses_to_start(tmp_path: Path) -> None:
    env = {
        **PRODUCTION,
        "SMTP_HOST": "",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MENTORING_VAR_DIR": str(tmp_path),
    }
    result = run_manage("check", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: SMTP_HOST is not set.")


def test_production_without_its_address_refuses_to_start(tmp_path: Path) -> None:
    """Links in e-mails and calendar files need the site's real address; the
    development default (127.0.0.1:8000) would send people nowhere."""
    env = {
        **PRODUCTION,
        "SITE_URL": "",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MENTORING_VAR_DIR": str(tmp_path),
    }
    result = run_manage("check", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error: SITE_URL is not set.")


def test_unknown_environment_name_is_a_clear_error(tmp_path: Path) -> None:
    result = run_manage("check", env={"MENTORING_ENV": "prod", "MENTORING_VAR_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "MENTORING_ENV must be" in result.stderr


@pytest.mark.django_db
def test_form_errors_and_help_are_tied_to_their_fields(user: User) -> None:
    client = Client()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "Ny", "language": "xx"})
    page = parse(response.content.decode())
    ids = {a.get("id") for _t, a in page.tags}
    select = next(a for t, a in page.tags if t == "select" and a.get("name") == "language")
    assert select.get("aria-invalid") == "true"
    described = (select.get("aria-describedby") or "").split()
    assert described and all(target in ids for target in described)
    user.refresh_from_db()
    assert user.full_name != "Ny"


@pytest.mark.django_db
def test_not_found_page_is_friendly_and_translated(settings) -> None:
    settings.DEBUG = False
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden blev ikke fundet" in html
    assert 'class="skip-link"' in html  # our layout
    response = Client().get("/no-such-page/", HTTP_COOKIE="mentoring_language=en")
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_friendly(user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "genindlæs siden" in response.content.decode()
