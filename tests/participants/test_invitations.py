"""The participant import invites; it never enrols (issue 18.3), and never
shows whether an e-mail address has an account. Imported people get an
invitation with a link that sets their password and verifies the address
(issue 16.8)."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.participants.invitations import InvitationError, invitation_accept
from mentoring.participants.io.apply import participants_import
from mentoring.participants.io.reading import read_table
from mentoring.participants.models import Invitation, Participation
from mentoring.programmes.models import Programme
from tests.accounts.helpers import RESET_LINK, is_signed_in, link_in, log_in
from tests.conftest import logged_in_client
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "email;full_name;role;organisation;status"
INVITE_LINK = re.compile(r"https?://[^/\s]+(/invitation/[^/\s]+/)")
NEW_PASSWORD = "Mentorforloeb-i-HR-2025!"


@pytest.fixture
def member(other_programme: Programme) -> User:
    """Someone with an account, a stored name and a place in programme B."""
    person = UserFactory(email="hemmelig@example.org", full_name="Hemmelig Helle", language="en")
    Participation.objects.create(
        programme=other_programme, user=person, role="mentee", status="accepted"
    )
    return person


def csv_file(*lines: str) -> bytes:
    return ("\r\n".join((HEADER, *lines)) + "\r\n").encode()


def import_through_pages(client: Client, programme: Programme, content: bytes) -> Any:
    url = reverse("participants_io:import", kwargs={"slug": programme.slug})
    upload = client.post(url, {"file": SimpleUploadedFile("p.csv", content)})
    assert upload.status_code == 302, upload.content.decode()[:2000]
    preview = client.get(upload["Location"])
    confirmed = client.post(upload["Location"], {"action": "confirm"}, follow=True)
    return preview, confirmed


def test_the_import_reveals_nothing_about_existing_accounts_and_enrols_nobody(
    coordinator: User, programme: Programme, member: User
) -> None:
    client = logged_in_client(coordinator)
    preview, confirmed = import_through_pages(
        client,
        programme,
        csv_file(
            "HEMMELIG@example.org;Helle fra filen;mentee;Firma A;accepted",
            "ny.person@example.org;Ny Person;mentee;Firma B;accepted",
        ),
    )

    html = preview.content.decode()
    assert "Eksisterende konto" not in html and "Ny konto" not in html
    assert "Hemmelig Helle" not in html
    rows = preview.context["preview"].rows
    # The two rows look the same to the coordinator.
    assert [(row.action_label, row.status_label) for row in rows] == [("Inviter", "Optaget")] * 2

    # Nobody is enrolled; both are invited with what the file said.
    assert not Participation.objects.filter(programme=programme).exists()
    invitations = {i.email: i for i in Invitation.objects.filter(programme=programme)}
    assert set(invitations) == {"hemmelig@example.org", "ny.person@example.org"}
    assert invitations["hemmelig@example.org"].user == member
    assert invitations["hemmelig@example.org"].status == "pending"
    member.refresh_from_db()
    assert member.full_name == "Hemmelig Helle"  # the file does not rename anyone

    # The coordinator's list shows the file's data only, and no stored name.
    listing = client.get(reverse("participants:list", kwargs={"slug": programme.slug}))
    page = listing.content.decode()
    assert "Helle fra filen" in page and "Inviteret" in page
    assert "Hemmelig Helle" not in page
    assert "Hemmelig Helle" not in confirmed.content.decode()
    entry = AuditEntry.objects.get(action="participants.imported")
    assert entry.data["invited"] == 2 and "accounts_created" not in entry.data

    # Each gets an invitation mail in their own language, with a link.
    to_member = OutboxMessage.objects.get(to_email="hemmelig@example.org")
    assert to_member.language == "en"
    assert "invites you to take part as a mentee" in to_member.body_text
    assert "log in with your usual password" in to_member.body_text
    assert INVITE_LINK.search(to_member.body_text)
    to_new = OutboxMessage.objects.get(to_email="ny.person@example.org")
    assert to_new.language == "da"
    assert "vælg en adgangskode" in to_new.body_text


def test_an_existing_person_accepts_after_logging_in(
    coordinator: User, programme: Programme, member: User, other_coordinator: User
) -> None:
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(data=csv_file("hemmelig@example.org;;mentee;Firma A;"), filename="p.csv"),
    )
    path = link_in(OutboxMessage.objects.get(to_email=member.email), INVITE_LINK)

    anonymous = Client().get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    # Someone else's invitation: 404, and their answer does nothing.
    stranger = logged_in_client(other_coordinator)
    assert stranger.get(path).status_code == 404
    assert stranger.post(path, {"action": "accept"}).status_code == 404
    assert not Participation.objects.filter(programme=programme).exists()

    client = logged_in_client(member)
    page = client.get(path).content.decode()
    assert "invites you to take part as a mentee" in page and 'value="accept"' in page
    assert "new_password1" not in page
    response = client.post(path, {"action": "accept"})
    assert response["Location"] == reverse("participants:my_applications")

    joined = Participation.objects.get(programme=programme, user=member)
    assert (joined.role, joined.status, joined.organisation) == ("mentee", "accepted", "Firma A")
    assert joined.decided_by == coordinator
    assert Invitation.objects.get(user=member).status == "accepted"
    assert AuditEntry.objects.filter(
        action="participants.invitation_accepted", actor=member
    ).exists()
    # The link is used up.
    assert client.get(path).status_code == 404


def test_an_existing_person_may_decline_and_nothing_of_theirs_reaches_the_programme(
    coordinator: User, programme: Programme, member: User
) -> None:
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(data=csv_file("hemmelig@example.org;;mentee;Firma A;"), filename="p.csv"),
    )
    path = link_in(OutboxMessage.objects.get(to_email=member.email), INVITE_LINK)

    logged_in_client(member).post(path, {"action": "decline"})

    invitation = Invitation.objects.get(user=member)
    assert invitation.status == "declined" and invitation.answers == {}
    assert not Participation.objects.filter(programme=programme).exists()
    listing = logged_in_client(coordinator).get(
        reverse("participants:list", kwargs={"slug": programme.slug})
    )
    assert "Afslået" in listing.content.decode()
    assert "Hemmelig Helle" not in listing.content.decode()


def test_the_service_refuses_the_wrong_person_and_an_expired_invitation(
    coordinator: User, programme: Programme, member: User, mentee: User
) -> None:
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(data=csv_file("hemmelig@example.org;;mentor;;"), filename="p.csv"),
    )
    invitation = Invitation.objects.get(user=member)

    with pytest.raises(InvitationError):
        invitation_accept(invitation=invitation, user=mentee)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    with pytest.raises(InvitationError):
        invitation_accept(invitation=invitation, user=member)
    assert not Participation.objects.filter(programme=programme, user=member).exists()


def test_importing_the_same_person_again_does_not_invite_twice(
    coordinator: User, programme: Programme, member: User
) -> None:
    table = read_table(data=csv_file("hemmelig@example.org;;mentee;;"), filename="p.csv")
    participants_import(programme=programme, actor=coordinator, table=table)
    result = participants_import(programme=programme, actor=coordinator, table=table)

    assert (result.invited, result.unchanged) == (0, 1)
    assert Invitation.objects.filter(user=member).count() == 1
    assert OutboxMessage.objects.filter(to_email=member.email).count() == 1


def test_an_imported_person_sets_a_password_which_verifies_the_address(
    coordinator: User, programme: Programme
) -> None:
    """Issue 16.8: the first mail is a welcome with a set-password link."""
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(
            data=csv_file("ny.person@example.org;Ny Person;mentor;;accepted"), filename="p.csv"
        ),
    )
    person = User.objects.get(email="ny.person@example.org")
    assert not person.has_usable_password()
    message = OutboxMessage.objects.get(to_email=person.email)
    assert message.subject == "[Mentorordning] Du er inviteret til Mentorordning A"
    assert message.body_text.startswith("Kære Ny\n")
    path = link_in(message, INVITE_LINK)

    client = Client()
    page = client.get(path).content.decode()
    assert 'name="new_password1"' in page and "ny.person@example.org" in page
    # A weak password is refused by the same validators as everywhere.
    weak = client.post(
        path, {"action": "accept", "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200
    assert not Participation.objects.filter(programme=programme).exists()

    response = client.post(
        path, {"action": "accept", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"].startswith(reverse("account_login"))
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=person).verified
    assert Participation.objects.get(programme=programme, user=person).status == "accepted"

    # Logging in works straight away: no "verify your e-mail" detour.
    login = log_in(client, person.email, NEW_PASSWORD)
    assert login["Location"] == reverse("home")
    assert is_signed_in(client)


def test_a_password_reset_also_verifies_an_imported_address(
    coordinator: User, programme: Programme
) -> None:
    """Issue 16.8: someone who uses "forgot password" instead of the
    invitation is not asked to verify the address once more."""
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(data=csv_file("glemsom@example.org;Glemsom;mentee;;"), filename="p.csv"),
    )
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "glemsom@example.org"})
    reset = OutboxMessage.objects.filter(to_email="glemsom@example.org").latest("pk")
    path = link_in(reset, RESET_LINK)
    form_url = client.get(path)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert EmailAddress.objects.get(email="glemsom@example.org").verified
    response = log_in(client, "glemsom@example.org", NEW_PASSWORD)
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)


def test_a_bad_link_says_so(client: Client) -> None:
    response = Client().get(reverse("participants:invitation", kwargs={"token": "x" * 40}))
    assert response.status_code == 404
    assert "udløbet, allerede brugt eller ugyldigt" in response.content.decode()


def test_someone_invited_who_has_a_password_cannot_set_one_through_the_link(
    coordinator: User, programme: Programme, member: User
) -> None:
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(data=csv_file("hemmelig@example.org;;mentee;;"), filename="p.csv"),
    )
    path = link_in(OutboxMessage.objects.get(to_email=member.email), INVITE_LINK)

    Client().post(
        path, {"action": "accept", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert not Participation.objects.filter(programme=programme).exists()


def test_the_list_of_invitations_costs_the_same_queries_for_one_or_many(
    coordinator: User, programme: Programme
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in_client(coordinator)
    url = reverse("participants:list", kwargs={"slug": programme.slug})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(data=csv_file("en@example.org;En;mentee;;"), filename="p.csv"),
    )
    one = queries()
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(
            data=csv_file(*(f"p{n}@example.org;P {n};mentor;;" for n in range(5))),
            filename="p.csv",
        ),
    )
    assert queries() == one


def test_two_addresses_of_one_account_give_one_invitation(
    coordinator: User, programme: Programme, member: User
) -> None:
    EmailAddress.objects.create(user=member, email="helle.privat@example.org", verified=True)
    participants_import(
        programme=programme,
        actor=coordinator,
        table=read_table(
            data=csv_file("hemmelig@example.org;;mentee;;", "helle.privat@example.org;;mentee;;"),
            filename="p.csv",
        ),
    )
    assert Invitation.objects.filter(user=member, programme=programme).count() == 1
