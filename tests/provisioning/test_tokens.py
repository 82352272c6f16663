"""SCIM bearer tokens: stored only as a keyed hash, shown once, scoped,
expiring, revocable, last use recorded; every refusal is a SCIM error body."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.provisioning.enums import TokenScope
from mentoring.provisioning.models import ScimToken
from mentoring.provisioning.tokens import scim_token_create, scim_token_revoke, token_hash
from tests.conftest import logged_in_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SCIM = "application/scim+json"


def get(secret: str | None, path: str = "/scim/v2/Users") -> tuple[int, dict, str]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret is not None else {}
    response = Client().get(path, **headers)
    return response.status_code, response.json(), response["Content-Type"]


def post_user(secret: str) -> int:
    response = Client().post(
        "/scim/v2/Users",
        data={
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "new@example.org",
            "emails": [{"value": "new@example.org", "primary": True}],
        },
        content_type=SCIM,
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    return response.status_code


def make(owner: User, scopes: list[str], days: int = 30) -> tuple[ScimToken, str]:
    new = scim_token_create(name="IdP", scopes=scopes, lifetime_days=days, by=owner)
    return new.token, new.secret


def test_only_a_keyed_hash_is_stored(superuser: User) -> None:
    token, secret = make(superuser, [TokenScope.READ])
    row = ScimToken.objects.values().get(pk=token.pk)
    assert secret not in str(row)
    assert row["token_hash"] == token_hash(secret) != secret
    assert len(row["token_hash"]) == 64
    # Never in the audit log either.
    assert not any(secret in str(e.data) for e in AuditEntry.objects.all())


def test_no_or_wrong_token_is_401_in_scim_format(user: User) -> None:
    for secret in (None, "mscim_not-a-token", "Basic abc"):
        status, body, content_type = get(secret)
        assert status == 401
        assert content_type == SCIM
        assert body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        assert body["status"] == "401"
    # A logged-in session does not open SCIM.
    response = logged_in_client(user).get("/scim/v2/Users")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_expired_and_revoked_tokens_are_refused(superuser: User) -> None:
    token, secret = make(superuser, [TokenScope.READ])
    assert get(secret)[0] == 200
    ScimToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert get(secret)[0] == 401
    token, secret = make(superuser, [TokenScope.READ])
    assert scim_token_revoke(token=token, by=superuser)
    assert get(secret)[0] == 401
    assert AuditEntry.objects.filter(action="provisioning.token_revoked").count() == 1


def test_wrong_scope_is_403_in_scim_format(superuser: User) -> None:
    _token, reader = make(superuser, [TokenScope.READ])
    response = Client().delete("/scim/v2/Users/1", HTTP_AUTHORIZATION=f"Bearer {reader}")
    assert response.status_code == 403
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert post_user(reader) == 403
    assert not User.objects.filter(email="new@example.org").exists()
    _token, writer = make(superuser, [TokenScope.WRITE])
    assert get(writer)[0] == 403
    assert post_user(writer) == 201
    assert User.objects.filter(email="new@example.org").exists()


def test_last_use_is_recorded(superuser: User) -> None:
    token, secret = make(superuser, [TokenScope.READ])
    assert token.last_used_at is None
    get(secret)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_staff_accounts_are_invisible_to_scim(superuser: User, user: User) -> None:
    _token, secret = make(superuser, [TokenScope.READ])
    status, body, _ = get(secret)
    assert status == 200
    emails = {r["userName"] for r in body["Resources"]}
    assert user.email in emails and superuser.email not in emails
    assert get(secret, f"/scim/v2/Users/{superuser.pk}")[0] == 404


def test_superuser_creates_a_token_shown_once(superuser: User) -> None:
    client = logged_in_client(superuser)
    response = client.post(
        "/staff/provisioning/",
        {"name": "Entra ID", "scopes": ["scim:read", "scim:write"], "lifetime_days": "90"},
    )
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret.startswith("mscim_")
    assert secret in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    token = ScimToken.objects.get(name="Entra ID")
    assert token.scope_list == ["scim:read", "scim:write"]
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    # It works, and the list never shows it again.
    assert get(secret)[0] == 200
    page = client.get("/staff/provisioning/").content.decode()
    assert secret not in page and token.prefix in page
    # Revoke from the page.
    response = client.post(f"/staff/provisioning/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert get(secret)[0] == 401


def test_staff_who_are_not_superusers_get_404() -> None:
    from tests.factories import activate_totp

    staff = UserFactory(is_staff=True)
    activate_totp(staff)
    assert logged_in_client(staff).get("/staff/provisioning/").status_code == 404


def test_scim_answers_filters_paging_and_errors(superuser: User) -> None:
    _token, secret = make(superuser, [TokenScope.READ])
    people = [UserFactory(email=f"p{i}@example.org") for i in range(5)]
    status, body, _ = get(secret, "/scim/v2/Users?startIndex=2&count=2")
    assert (status, body["totalResults"], body["startIndex"], body["itemsPerPage"]) == (
        200,
        5,
        2,
        2,
    )
    assert [r["id"] for r in body["Resources"]] == [str(people[1].pk), str(people[2].pk)]
    status, body, _ = get(secret, '/scim/v2/Users?filter=emails.value eq "P3@example.org"')
    assert [r["id"] for r in body["Resources"]] == [str(people[3].pk)]
    status, body, _ = get(secret, '/scim/v2/Users?filter=displayName co "x"')
    assert (status, body["scimType"]) == (400, "invalidFilter")
    status, body, _ = get(secret, "/scim/v2/Groups")
    assert status == 404 and body["status"] == "404"


def test_user_list_query_count_does_not_grow(
    superuser: User, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _token, secret = make(superuser, [TokenScope.READ])
    UserFactory()
    with django_assert_max_num_queries(4):
        get(secret)
    for _ in range(10):
        UserFactory()
    with django_assert_max_num_queries(4):
        assert len(get(secret)[1]["Resources"]) == 11
