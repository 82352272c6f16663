"""A joiner, a mover and a leaver, driven by a SCIM client (``scim2-client``)
over HTTP against the live server, as an identity provider would: the
leaver's sessions end, login is refused, their mentorship ends early
(reason ``left_organisation``, through the transition service) and both
coordinators get a mail in their own language. Nothing is deleted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import (
    Email,
    EnterpriseUser,
    Error,
    Name,
    ResourceType,
    ScimProvider,
    User,
)

from mentoring.accounts.models import User as Account
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.meetings.enums import NoteVisibility
from mentoring.meetings.models import Note
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.provisioning.tokens import NewToken
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from tests.factories import PASSWORD, ProgrammeFactory, UserFactory
from tests.provisioning.conftest import scim_http

pytestmark = pytest.mark.django_db(transaction=True)

ScimUser = User[EnterpriseUser]


@pytest.fixture
def client_for(live_server: Any, scim_token: NewToken) -> Iterator[SyncSCIMClient]:
    with scim_http(live_server.url, scim_token.secret) as http:
        client = SyncSCIMClient(
            http,
            provider=ScimProvider([User, EnterpriseUser], [ResourceType.from_resource(ScimUser)]),
        )
        client.discover()
        yield client


@pytest.fixture
def programme() -> Programme:
    danish = UserFactory(email="karen@example.org", full_name="Karen Koordinator", language="da")
    english = UserFactory(email="cora@example.org", full_name="Cora Coordinator", language="en")
    return ProgrammeFactory(slug="leavers", name_da="Ordning", coordinators=[danish, english])


def test_joiner_mover_leaver(
    client_for: SyncSCIMClient, scim_token: NewToken, live_server: Any, programme: Programme
) -> None:
    scim = client_for
    # Joiner: the identity provider creates the account.
    joiner = ScimUser(
        user_name="mette@corp.example",
        external_id="entra-0001",
        name=Name(given_name="Mette", family_name="Hansen"),
        emails=[Email(value="mette@corp.example", type="work", primary=True)],
        preferred_language="en-GB",
        active=True,
    )
    joiner[EnterpriseUser] = EnterpriseUser(organization="Sales")
    created = scim.create(joiner)
    assert isinstance(created, ScimUser) and created.id
    account = Account.objects.get(pk=int(created.id))
    assert (account.email, account.full_name, account.organisation, account.language) == (
        "mette@corp.example",
        "Mette Hansen",
        "Sales",
        "en",
    )
    assert account.is_active and not account.has_usable_password()
    # The provider finds the account again by userName and by externalId.
    found = scim.query(ScimUser, query_parameters={"filter": 'userName eq "Mette@Corp.example"'})
    assert [r.id for r in found.resources or []] == [created.id]
    found = scim.query(ScimUser, query_parameters={"filter": 'externalId eq "entra-0001"'})
    assert [r.id for r in found.resources or []] == [created.id]

    # Mover: a new name and organisation (PUT), then a new address the way
    # Entra ID sends it (PATCH, capitalised ops, a filter path, and a value
    # without a path).
    created.name = Name(given_name="Mette", family_name="Jensen")
    created[EnterpriseUser] = EnterpriseUser(organization="Marketing")
    replaced = scim.replace(created)
    assert replaced.name.family_name == "Jensen"
    with scim_http(live_server.url, scim_token.secret) as http:
        response = http.patch(
            f"/Users/{created.id}",
            json={
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [
                    {
                        "op": "Replace",
                        "path": 'emails[type eq "work"].value',
                        "value": "mette.jensen@corp.example",
                    },
                    {"op": "Replace", "value": {"userName": "mette.jensen@corp.example"}},
                ],
            },
        )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/scim+json")
    account.refresh_from_db()
    assert (account.email, account.full_name, account.organisation) == (
        "mette.jensen@corp.example",
        "Mette Jensen",
        "Marketing",
    )

    # The person takes part: an accepted mentee in a running mentorship,
    # with a private note, logged in with a password.
    account.set_password(PASSWORD)
    account.save(update_fields=["password"])
    mentor = UserFactory(email="mentor@corp.example", full_name="Morten Mentor")
    mentee_part = Participation.objects.create(
        programme=programme, user=account, role="mentee", status="accepted"
    )
    mentor_part = Participation.objects.create(
        programme=programme, user=mentor, role="mentor", status="accepted", capacity=2
    )
    now = timezone.now()
    mentorship = Mentorship.objects.create(
        programme=programme,
        mentee=mentee_part,
        mentor=mentor_part,
        mentor_slot=1,
        status=MentorshipStatus.ACCEPTED,
        mentee_accepted_at=now,
        mentor_accepted_at=now,
        accepted_at=now,
    )
    note = Note.objects.create(
        mentorship=mentorship, author=account, visibility=NoteVisibility.PRIVATE, body="Privat."
    )
    browser = Client()
    assert browser.login(email="mette.jensen@corp.example", password=PASSWORD)
    assert browser.get("/me/profile/").status_code == 200
    sessions_before = Session.objects.count()

    # Leaver: Entra ID deactivates with the string "False".
    with scim_http(live_server.url, scim_token.secret) as http:
        response = http.patch(
            f"/Users/{created.id}",
            json={
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
            },
        )
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False

    account.refresh_from_db()
    assert not account.is_active and account.deactivated_at is not None
    # Sessions ended, login refused.
    assert Session.objects.count() == sessions_before - 1
    assert browser.get("/me/profile/").status_code == 302
    assert not Client().login(email="mette.jensen@corp.example", password=PASSWORD)
    # The mentorship ended early without blame, through the transition.
    mentorship.refresh_from_db()
    assert mentorship.status == MentorshipStatus.ENDED_EARLY
    entry = AuditEntry.objects.get(action="mentorship.ended_early", object_id=str(mentorship.pk))
    assert entry.data["reason"] == "left_organisation"
    mentee_part.refresh_from_db()
    assert mentee_part.status == "withdrawn"
    # Both coordinators are told, each in their language; nobody else.
    mails = {m.to_email: m for m in OutboxMessage.objects.filter(key__startswith="leaver-")}
    assert set(mails) == {"karen@example.org", "cora@example.org"}
    assert "har forladt organisationen" in mails["karen@example.org"].subject
    assert "has left the organisation" in mails["cora@example.org"].subject
    assert "Mette Jensen" in mails["cora@example.org"].body_text
    assert "Morten Mentor" in mails["cora@example.org"].body_text
    # Nothing confidential deleted: the private note is still there.
    assert Note.objects.filter(pk=note.pk, body="Privat.").exists()
    assert AuditEntry.objects.filter(
        action="account.deactivated", object_id=str(account.pk), data__via="scim"
    ).exists()

    # Deleted by the provider: hidden from SCIM (404), the account is kept.
    scim.delete(ScimUser, created.id)
    gone = scim.query(ScimUser, created.id, raise_scim_errors=False, expected_status_codes=None)
    assert isinstance(gone, Error) and gone.status == 404
    assert Account.objects.filter(pk=account.pk, is_active=False).exists()

    # Rehired: the provider creates the person again; the account comes back.
    again = ScimUser(
        user_name="mette.jensen@corp.example",
        emails=[Email(value="mette.jensen@corp.example", primary=True)],
        name=Name(formatted="Mette Jensen"),
    )
    back = scim.create(again)
    assert back.id == created.id
    account.refresh_from_db()
    assert account.is_active and account.deactivated_at is None
