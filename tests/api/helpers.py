"""Helpers for the API tests: a token for a person, a client that sends it."""

from __future__ import annotations

from typing import Any

from django.test import Client

from mentoring.accounts.models import User
from mentoring.api.enums import ALL_SCOPES
from mentoring.api.services import token_create


def new_key(person: User, scopes: list[str] | None = None, **kwargs: Any) -> str:
    scopes = list(ALL_SCOPES) if scopes is None else scopes
    return token_create(user=person, name="Test", scopes=scopes, **kwargs).key


class ApiClient:
    """A Django test client that sends ``Authorization: Bearer <key>``."""

    def __init__(self, key: str, **headers: str) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}", **headers}

    def get(self, url: str, **headers: str) -> Any:
        return self.client.get(url, headers={**self.headers, **headers})

    def post(self, url: str, data: Any, **headers: str) -> Any:
        return self.client.post(
            url, data, content_type="application/json", headers={**self.headers, **headers}
        )


def api(person: User, scopes: list[str] | None = None, **kwargs: Any) -> ApiClient:
    return ApiClient(new_key(person, scopes, **kwargs))
