"""Fixtures of the provisioning tests: a SCIM token and a SCIM client that
talks HTTP to the live server (pytest-django ``live_server``), as an
identity provider would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient

from mentoring.accounts.models import User
from mentoring.provisioning.enums import TokenScope
from mentoring.provisioning.tokens import NewToken, scim_token_create
from tests.factories import UserFactory


@pytest.fixture
def token_owner(db: None) -> User:
    return UserFactory(email="it@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def scim_token(token_owner: User) -> NewToken:
    return scim_token_create(
        name="Identity provider",
        scopes=[TokenScope.READ, TokenScope.WRITE],
        lifetime_days=30,
        by=token_owner,
    )


def scim_http(base_url: str, secret: str) -> httpx2.Client:
    return httpx2.Client(
        base_url=f"{base_url}/scim/v2",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    )


@pytest.fixture
def scim_client(live_server: Any, scim_token: NewToken) -> Iterator[SyncSCIMClient]:
    """A scim2-client that discovers the server's schemas and resource types."""
    with scim_http(live_server.url, scim_token.secret) as http:
        client = SyncSCIMClient(http)
        client.discover()
        yield client
