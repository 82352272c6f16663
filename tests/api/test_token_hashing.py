"""The one token mechanism (``common.tokens``) under the API's and SCIM's
tokens: what is stored, tokens made before the upgrade (the API's old scheme),
and a rotated ``SECRET_KEY`` with and without ``SECRET_KEY_FALLBACKS``."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils.crypto import salted_hmac

from mentoring.accounts.models import User
from mentoring.api.enums import HashScheme
from mentoring.api.models import ApiToken
from mentoring.api.selectors import API_TOKENS
from mentoring.api.services import token_create, token_revoke
from mentoring.common.models import AuditEntry
from mentoring.common.tokens import TokenKind
from mentoring.programmes.models import Programme
from mentoring.provisioning.models import ScimToken
from mentoring.provisioning.tokens import SCIM_TOKENS, scim_token_create
from tests.api.helpers import ApiClient

pytestmark = pytest.mark.django_db

PROGRAMMES = "/api/v1/programmes/"
OLD_KEY = "old-secret-key-of-the-deployment-" + "x" * 30
NEW_KEY = "new-secret-key-of-the-deployment-" + "y" * 30


def old_scheme_digest(key: str, secret_key: str) -> str:
    """What the API stored before the upgrade (api.selectors.key_digest of
    release 0001): HMAC-SHA256 keyed with SECRET_KEY itself."""
    return hmac.new(secret_key.encode(), key.encode(), hashlib.sha256).hexdigest()


def token_as_before_the_upgrade(coordinator: User, secret_key: str) -> tuple[str, ApiToken]:
    """A token row as the upgrade finds it: the old scheme's hash, and
    ``hash_scheme`` 1 (the migration's value for existing rows)."""
    new = token_create(user=coordinator, name="From 2026", scopes=["programmes:read"])
    ApiToken.objects.filter(pk=new.token.pk).update(
        key_hash=old_scheme_digest(new.key, secret_key), hash_scheme=HashScheme.HMAC_SECRET_KEY
    )
    return new.key, ApiToken.objects.get(pk=new.token.pk)


def test_a_secret_has_the_prefix_256_bits_and_only_its_keyed_hash_is_stored() -> None:
    new = API_TOKENS.generate()
    assert new.secret.startswith("mnt_") and len(new.secret) == len("mnt_") + 43
    assert new.display_prefix == new.secret[:10]
    assert len(new.digest) == 64 and new.secret not in new.digest
    # The hash is HMAC-SHA256 with a key derived from SECRET_KEY and the kind's salt.
    expected = salted_hmac("mentoring.api.ApiToken", new.secret, algorithm="sha256")
    assert new.digest == expected.hexdigest()
    assert new.digest != old_scheme_digest(new.secret, settings.SECRET_KEY)
    assert API_TOKENS.generate().secret != new.secret


def test_each_kind_has_its_own_key() -> None:
    """The same secret hashes differently for another kind and another SECRET_KEY."""
    secret = "mnt_" + "a" * 43
    other_kind = TokenKind(prefix="mnt_", salt="mentoring.other.Token")
    assert API_TOKENS.digest(secret) != other_kind.digest(secret)
    assert API_TOKENS.digest(secret, secret_key=OLD_KEY) != API_TOKENS.digest(
        secret, secret_key=NEW_KEY
    )
    assert API_TOKENS.digest(secret) != SCIM_TOKENS.digest(secret)


@pytest.mark.parametrize(
    "value",
    ["", "mnt_", "mscim_abc", "mnt_" + "a" * 197, "mnt_abc def", "mnt_abc%00", "mnt_æøå"],
)
def test_malformed_secrets_are_refused_before_hashing(value: str) -> None:
    assert not API_TOKENS.well_formed(value)


def test_a_token_made_with_the_old_scheme_works_and_is_upgraded(
    coordinator: User, programme: Programme
) -> None:
    key, row = token_as_before_the_upgrade(coordinator, settings.SECRET_KEY)
    client = ApiClient(key)
    response = client.get(PROGRAMMES)
    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == programme.slug
    row.refresh_from_db()
    assert row.hash_scheme == HashScheme.SALTED_HMAC
    assert row.key_hash == API_TOKENS.digest(key) != old_scheme_digest(key, settings.SECRET_KEY)
    rehashed = AuditEntry.objects.get(action="api.token_rehashed")
    assert rehashed.data == {"from_scheme": 1} and key not in str(rehashed.data)
    # Used again: found by the current hash; no second upgrade.
    assert client.get(PROGRAMMES).status_code == 200
    assert AuditEntry.objects.filter(action="api.token_rehashed").count() == 1


def test_the_old_scheme_matches_only_rows_still_marked_old(
    coordinator: User, programme: Programme
) -> None:
    key, row = token_as_before_the_upgrade(coordinator, settings.SECRET_KEY)
    ApiToken.objects.filter(pk=row.pk).update(hash_scheme=HashScheme.SALTED_HMAC)
    assert ApiClient(key).get(PROGRAMMES).status_code == 401


def test_a_revoked_old_token_stays_refused_and_is_not_upgraded(
    coordinator: User, programme: Programme
) -> None:
    key, row = token_as_before_the_upgrade(coordinator, settings.SECRET_KEY)
    token_revoke(token=row, by=coordinator)
    assert ApiClient(key).get(PROGRAMMES).status_code == 401
    row.refresh_from_db()
    assert row.hash_scheme == HashScheme.HMAC_SECRET_KEY
    assert not AuditEntry.objects.filter(action="api.token_rehashed").exists()


def test_rotating_secret_key_with_a_fallback_keeps_api_tokens(
    coordinator: User, programme: Programme, settings: Any
) -> None:
    settings.SECRET_KEY = OLD_KEY
    made_before = token_create(user=coordinator, name="A", scopes=["programmes:read"])
    old_key, old_row = token_as_before_the_upgrade(coordinator, OLD_KEY)
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = []
    # Without the old key nothing is recognised.
    assert ApiClient(made_before.key).get(PROGRAMMES).status_code == 401
    assert ApiClient(old_key).get(PROGRAMMES).status_code == 401
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    for key, row in ((made_before.key, made_before.token), (old_key, old_row)):
        assert ApiClient(key).get(PROGRAMMES).status_code == 200
        row.refresh_from_db()
        assert row.key_hash == API_TOKENS.digest(key, secret_key=NEW_KEY)
        assert row.hash_scheme == HashScheme.SALTED_HMAC
    # Re-hashed with the new key: the fallback can go.
    settings.SECRET_KEY_FALLBACKS = []
    assert ApiClient(made_before.key).get(PROGRAMMES).status_code == 200
    assert ApiClient(old_key).get(PROGRAMMES).status_code == 200


def scim(secret: str) -> Any:
    return Client().get("/scim/v2/Users", headers={"Authorization": f"Bearer {secret}"})


def test_scim_tokens_keep_their_scheme_and_follow_a_rotated_key(
    superuser: User, settings: Any
) -> None:
    settings.SECRET_KEY = OLD_KEY
    created = scim_token_create(name="Entra", scopes=["scim:read"], lifetime_days=30, by=superuser)
    row = ScimToken.objects.get(pk=created.token.pk)
    # The hash SCIM stored before common.tokens existed: nothing to upgrade.
    assert (
        row.token_hash
        == salted_hmac(
            "mentoring.provisioning.ScimToken", created.secret, secret=OLD_KEY, algorithm="sha256"
        ).hexdigest()
    )
    assert row.prefix == created.secret[:10] and created.secret.startswith("mscim_")
    assert scim(created.secret).status_code == 200
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = []
    assert scim(created.secret).status_code == 401
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    assert scim(created.secret).status_code == 200
    row.refresh_from_db()
    assert row.token_hash == SCIM_TOKENS.digest(created.secret, secret_key=NEW_KEY)
    assert AuditEntry.objects.filter(action="provisioning.token_rehashed").count() == 1
    settings.SECRET_KEY_FALLBACKS = []
    assert scim(created.secret).status_code == 200
    # An API key is no SCIM token and the other way round.
    api_key = token_create(user=superuser, name="A", scopes=["programmes:read"]).key
    assert scim(api_key).status_code == 401
    assert ApiClient(created.secret).get(PROGRAMMES).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_tokens_made_before_the_upgrade(
    coordinator: User, programme: Programme
) -> None:
    """Back to the API's first migration, a token stored as release 0001 stored
    it, forward again: the token works and is upgraded at its first use."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("api", "0001_api_tokens")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("api")
    executor.migrate(before)
    old_model = executor.loader.project_state(before).apps.get_model("api", "ApiToken")
    key = "mnt_" + "k" * 43
    old_model.objects.create(
        user_id=coordinator.pk,
        name="Made in 2026",
        prefix=key[:10],
        key_hash=old_scheme_digest(key, settings.SECRET_KEY),
        scopes=["programmes:read"],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    row = ApiToken.objects.get(name="Made in 2026")
    assert row.hash_scheme == HashScheme.HMAC_SECRET_KEY and row.mfa_route == "totp"
    assert ApiClient(key).get(PROGRAMMES).status_code == 200
    row.refresh_from_db()
    assert row.hash_scheme == HashScheme.SALTED_HMAC and row.key_hash == API_TOKENS.digest(key)


def test_secret_key_fallbacks_come_from_the_environment() -> None:
    """Rotation is configured like every secret here: in the environment."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    show = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.SECRET_KEY_FALLBACKS))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(DJANGO_SETTINGS_MODULE="mentoring.settings", MENTORING_ENV="test")
    for value, expected in (("", []), (f"{OLD_KEY} {NEW_KEY}", [OLD_KEY, NEW_KEY])):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", show],
            env={**environment, "SECRET_KEY_FALLBACKS": value, "PYTHONPATH": str(root / "src")},
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
        )
        assert json.loads(result.stdout) == expected
