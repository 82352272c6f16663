"""Helpers for the accounts tests: real logins through allauth, links from the
outbox, and a small HTML inspector for the accessibility and CSP checks."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser

import pyotp
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from mentoring.common.models import OutboxMessage
from tests.factories import PASSWORD

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")
RESET_LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/key/[^/\s]+/)")


def log_in(client: Client, email: str, password: str = PASSWORD) -> HttpResponse:
    """Post allauth's login form, as a browser does."""
    return client.post(reverse("account_login"), {"login": email, "password": password})


def reauthenticate(client: Client, next_url: str = "", password: str = PASSWORD) -> HttpResponse:
    """Confirm the password again (allauth asks before MFA and e-mail changes)."""
    data = {"password": password, **({"next": next_url} if next_url else {})}
    return client.post(reverse("account_reauthenticate"), data)


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def link_in(message: OutboxMessage, pattern: re.Pattern[str]) -> str:
    """The path of the first link matching ``pattern`` in a stored mail."""
    found = pattern.search(message.body_text)
    assert found, f"no link in: {message.body_text}"
    return found[1]


def wrong_totp_code(secret: str) -> str:
    """A six-digit code that is valid in none of the nearby time windows."""
    totp = pyotp.TOTP(secret)
    now = time.time()
    valid = {totp.at(int(now) + offset) for offset in (-60, -30, 0, 30, 60)}
    return next(code for code in ("000000", "111111", "222222") if code not in valid)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    inside_label: bool = False


class Page(HTMLParser):
    """The elements of a page, for checks on markup rather than on text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.inline_scripts = 0
        self._label_depth = 0
        self._in_script = False

    @classmethod
    def parse(cls, response: HttpResponse) -> Page:
        page = cls()
        page.feed(response.content.decode())
        page.close()
        return page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs), inside_label=self._label_depth > 0))
        if tag == "label":
            self._label_depth += 1
        elif tag == "script":
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth = max(self._label_depth - 1, 0)
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements ``tag`` whose attributes have the given values (``class_`` for class)."""
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    @property
    def ids(self) -> set[str]:
        return {str(e.attrs["id"]) for e in self.elements if e.attrs.get("id")}

    def problems(self, nonce: str) -> list[str]:
        """Everything on the page that breaks our CSP or labelling rules."""
        ids = self.ids
        label_targets = {
            str(e.attrs["for"]) for e in self.elements if e.tag == "label" and e.attrs.get("for")
        }
        found: list[str] = []
        if self.inline_scripts:
            found.append(f"{self.inline_scripts} inline script(s)")
        for e in self.elements:
            if "style" in e.attrs:
                found.append(f"style attribute on <{e.tag}>")
            if e.tag in {"script", "style"} and e.attrs.get("nonce") != nonce:
                found.append(f"<{e.tag}> without the page's nonce: {e.attrs}")
            if any(name.startswith("on") for name in e.attrs):
                found.append(f"inline event handler on <{e.tag}>: {e.attrs}")
            for ref in str(e.attrs.get("aria-describedby") or "").split():
                if ref not in ids:
                    found.append(f"aria-describedby points to a missing id {ref!r}")
            control = e.tag in {"select", "textarea"} or (
                e.tag == "input" and e.attrs.get("type") not in {"hidden", "submit", "button"}
            )
            labelled = (
                e.attrs.get("id") in label_targets
                or e.inside_label
                or bool(e.attrs.get("aria-label") or e.attrs.get("aria-labelledby"))
            )
            if control and not labelled:
                found.append(f"<{e.tag} name={e.attrs.get('name')!r}> has no label")
        return found


def csp_nonce(response: HttpResponse) -> str:
    header = response.headers["Content-Security-Policy"]
    found = re.search(r"'nonce-([^']+)'", header)
    assert found, header
    return found[1]
