"""The client address behind a reverse proxy: one helper (common.http.client_ip)
for allauth's rate limits, the login lockout and the audit log, driven by
TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER (ALLAUTH_TRUSTED_*)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from tests.accounts.helpers import is_signed_in, log_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY_DA = "Der er for mange mislykkede logonforsøg. Prøv igen senere."
PROXY = "10.0.0.2"


def visitor(address: str, forwarded_for: str | None = None) -> Client:
    """A browser whose requests reach us through the proxy at ``PROXY``, which
    appends the browser's address to X-Forwarded-For."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for or address)


def ten_failed_logins(client: Client) -> None:
    for number in range(10):  # "10/m/ip"
        log_in(client, f"guess{number}@example.org", "not the password")


def login_ip(user: User) -> str:
    return AuditEntry.objects.filter(action="account.login", actor=user).latest("pk").data["ip"]


def test_behind_a_trusted_proxy_one_visitors_failures_do_not_block_the_others(
    user: User, settings
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    guesser = visitor("203.0.113.5")
    ten_failed_logins(guesser)

    member = visitor("198.51.100.7")
    log_in(member, user.email)

    assert is_signed_in(member)
    assert login_ip(user) == "198.51.100.7"
    blocked = log_in(guesser, user.email)
    assert TOO_MANY_DA in blocked.content.decode()
    assert not is_signed_in(guesser)


def test_a_forged_forwarded_for_entry_does_not_escape_the_limit(user: User, settings) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    ten_failed_logins(visitor("203.0.113.5"))

    # The proxy appends the real address; what the client sent before it is ignored.
    forged = visitor("203.0.113.5", forwarded_for="192.0.2.99, 203.0.113.5")
    response = log_in(forged, user.email)

    assert TOO_MANY_DA in response.content.decode()
    assert not is_signed_in(forged)


def test_without_a_trusted_proxy_forwarded_for_is_ignored(user: User, settings) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for number in range(10):
        log_in(visitor(f"192.0.2.{number}"), f"guess{number}@example.org", "not the password")

    # Every request came from the same socket address: the spoofed header changes nothing.
    response = log_in(visitor("198.51.100.7"), user.email)
    assert TOO_MANY_DA in response.content.decode()

    # The audit log, too, records the socket address, not the forwarded one.
    direct = Client(REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="192.0.2.1")
    log_in(direct, user.email)
    assert is_signed_in(direct)
    assert login_ip(user) == "198.51.100.20"


def test_a_trusted_client_ip_header_names_the_visitor(user: User, settings) -> None:
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    client = Client(
        REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.8", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )

    log_in(client, user.email)

    assert is_signed_in(client)
    assert login_ip(user) == "198.51.100.8"


def test_fewer_forwarded_entries_than_trusted_proxies_falls_back_to_the_socket(
    user: User, settings
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9")

    response = log_in(client, user.email)

    assert response.status_code == 302
    assert is_signed_in(client)
    assert login_ip(user) == PROXY


def test_the_environment_drives_the_trusted_proxy_settings() -> None:
    script = (
        "from django.conf import settings;"
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("TRUSTED_")}

    def run(**env: str) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", script],
            env={**base, "MENTORING_ENV": "test", **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert run() == "0 None"
    assert run(TRUSTED_PROXY_COUNT="1") == "1 None"
    assert run(TRUSTED_CLIENT_IP_HEADER="X-Real-IP") == "0 X-Real-IP"
