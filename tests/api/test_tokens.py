"""Tokens: a keyed hash only, shown once, scopes, expiry, client addresses,
last use, revocation, and the owner's role checked on every request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.api.models import ApiToken
from mentoring.api.services import token_create, token_revoke
from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme
from tests.api.helpers import ApiClient, api, new_key
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

PROGRAMMES = "/api/v1/programmes/"


def test_only_a_keyed_hash_is_stored_and_the_key_works(
    coordinator: User, programme: Programme
) -> None:
    new = token_create(user=coordinator, name="Power BI", scopes=["programmes:read"])
    row = ApiToken.objects.get(pk=new.token.pk)
    assert new.key.startswith("mnt_") and len(new.key) > 40
    stored = [str(value) for value in ApiToken.objects.values_list().get(pk=row.pk)]
    assert not any(new.key in value for value in stored)
    assert row.key_hash != new.key and len(row.key_hash) == 64
    response = ApiClient(new.key).get(PROGRAMMES)
    assert response.status_code == 200
    audit = AuditEntry.objects.get(action="api.token_created")
    assert new.key not in str(audit.data) and audit.actor == coordinator


def test_the_key_is_shown_once_on_the_page(coordinator: User, programme: Programme) -> None:
    client = logged_in_client(coordinator)
    response = client.post(
        reverse("api:token_new"),
        {
            "name": "HR-system",
            "scope_programmes": "read",
            "scope_participants": "write",
            "allowed_networks": "127.0.0.1\n10.0.0.0/8",
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=coordinator)
    assert token.scopes == ["participants:write", "programmes:read"]
    assert token.allowed_networks == ["127.0.0.1/32", "10.0.0.0/8"]
    listing = client.get(reverse("api:tokens")).content.decode()
    assert "HR-system" in listing and key not in listing and token.prefix in listing
    assert ApiClient(key).get(PROGRAMMES).json()["results"][0]["slug"] == programme.slug


def test_a_token_form_without_any_scope_is_refused(coordinator: User, programme: Programme) -> None:
    client = logged_in_client(coordinator)
    response = client.post(
        reverse("api:token_new"),
        {"name": "Nothing", **{f"scope_{r}": "" for r in ("programmes", "participants")}},
    )
    assert response.status_code == 200 and "key" not in response.context
    assert not ApiToken.objects.exists()


def test_revoked_and_expired_tokens_are_refused(coordinator: User, programme: Programme) -> None:
    new = token_create(user=coordinator, name="A", scopes=["programmes:read"])
    client = ApiClient(new.key)
    assert client.get(PROGRAMMES).status_code == 200
    logged_in_client(coordinator).post(reverse("api:token_revoke", args=[new.token.pk]))
    response = client.get(PROGRAMMES)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    expiring = token_create(
        user=coordinator,
        name="B",
        scopes=["programmes:read"],
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert ApiClient(expiring.key).get(PROGRAMMES).status_code == 401
    assert ApiClient("mnt_not-a-token").get(PROGRAMMES).status_code == 401
    assert ApiClient("").get(PROGRAMMES).status_code == 401


def test_a_token_dies_when_its_owner_loses_the_role(
    coordinator: User, programme: Programme
) -> None:
    client = api(coordinator)
    assert client.get(PROGRAMMES).status_code == 200
    programme.coordinators.remove(coordinator)
    assert client.get(PROGRAMMES).status_code == 401
    programme.coordinators.add(coordinator)
    assert client.get(PROGRAMMES).status_code == 200
    Authenticator.objects.filter(user=coordinator).delete()
    assert client.get(PROGRAMMES).status_code == 401


def test_a_deactivated_owner_token_is_refused(coordinator: User, programme: Programme) -> None:
    client = api(coordinator)
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    assert client.get(PROGRAMMES).status_code == 401


def test_allowed_client_addresses(coordinator: User, programme: Programme) -> None:
    inside = api(coordinator, allowed_networks=["127.0.0.0/8"])
    outside = api(coordinator, allowed_networks=["192.0.2.0/24"])
    assert inside.get(PROGRAMMES).status_code == 200
    assert outside.get(PROGRAMMES).status_code == 401
    # Behind one trusted proxy the client's address comes from X-Forwarded-For.
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert outside.get(PROGRAMMES, **{"X-Forwarded-For": "192.0.2.7"}).status_code == 200
        assert inside.get(PROGRAMMES, **{"X-Forwarded-For": "192.0.2.7"}).status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(
    coordinator: User, programme: Programme
) -> None:
    new = token_create(user=coordinator, name="A", scopes=["programmes:read"])
    client = ApiClient(new.key)
    client.get(PROGRAMMES)
    first = ApiToken.objects.get(pk=new.token.pk)
    assert first.last_used_at is not None and first.last_used_ip == "127.0.0.1"
    client.get(PROGRAMMES)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at == first.last_used_at
    ApiToken.objects.filter(pk=new.token.pk).update(
        last_used_at=timezone.now() - timedelta(minutes=2)
    )
    client.get(PROGRAMMES)
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at > first.last_used_at


def test_scopes_are_enforced(coordinator: User, programme: Programme) -> None:
    client = api(coordinator, ["programmes:read", "participants:read"])
    base = f"{PROGRAMMES}{programme.slug}/"
    assert client.get(base).status_code == 200
    assert client.get(base + "participants/").status_code == 200
    denied = client.get(base + "audit-log/")
    assert denied.status_code == 403
    assert "audit:read" in denied.json()["detail"]
    post = client.post(base + "participants/", {"rows": [], "dry_run": True})
    assert post.status_code == 403 and "participants:write" in post.json()["detail"]
    writer = api(coordinator, ["participants:write"])
    assert writer.get(base + "participants/").status_code == 200  # write includes read


def test_a_token_sees_only_its_owners_programmes(
    coordinator: User,
    other_coordinator: User,
    superuser: User,
    programme: Programme,
    other_programme: Programme,
) -> None:
    mine = api(coordinator).get(PROGRAMMES).json()
    assert [p["slug"] for p in mine["results"]] == [programme.slug]
    theirs = api(other_coordinator)
    assert theirs.get(f"{PROGRAMMES}{programme.slug}/").status_code == 404
    assert theirs.get(f"{PROGRAMMES}{programme.slug}/participants/").status_code == 404
    everything = api(superuser).get(PROGRAMMES).json()
    assert {p["slug"] for p in everything["results"]} == {programme.slug, other_programme.slug}


def test_revoking_someone_elses_token_is_404(coordinator: User, other_coordinator: User) -> None:
    new = token_create(user=coordinator, name="A", scopes=["programmes:read"])
    response = logged_in_client(other_coordinator).post(
        reverse("api:token_revoke", args=[new.token.pk])
    )
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=new.token.pk).revoked_at is None
    token_revoke(token=new.token, by=coordinator)
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1


def test_a_mentee_cannot_use_a_token(mentee: User) -> None:
    assert ApiClient(new_key(mentee)).get(PROGRAMMES).status_code == 401


def test_seed_demo_prints_a_working_demo_token() -> None:
    from io import StringIO

    from django.core.management import call_command

    from mentoring.demo import data as demo

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert demo.API_TOKEN_KEY in out.getvalue()
    call_command("seed_demo", stdout=StringIO())  # again: still one token
    assert ApiToken.objects.filter(name=demo.API_TOKEN_NAME).count() == 1
    answer = ApiClient(demo.API_TOKEN_KEY).get(PROGRAMMES).json()
    assert demo.PROGRAMME_SLUG in {programme["slug"] for programme in answer["results"]}


def test_stored_idempotent_answers_expire_with_the_retention_job(
    coordinator: User, programme: Programme
) -> None:
    from mentoring.api.models import IdempotencyRecord
    from mentoring.api.services import idempotency_store
    from mentoring.privacy.services import retention_expire

    token = token_create(user=coordinator, name="A", scopes=["participants:write"]).token
    assert idempotency_store(token=token, key="k1", fingerprint="f", status_code=201, body={})
    assert not idempotency_store(token=token, key="k1", fingerprint="f", status_code=201, body={})
    assert retention_expire() == {}
    deleted = retention_expire(now=timezone.now() + timedelta(days=2))
    assert deleted == {"api.IdempotencyRecord": 1}
    assert not IdempotencyRecord.objects.exists()
