"""The CSV fallback: preview first (nothing changes), then apply through the
same services as SCIM; errors are reported per row and block the apply."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from tests.conftest import logged_in_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def upload(client: Client, text: str) -> object:
    return client.post(
        "/staff/provisioning/users/",
        {"file": SimpleUploadedFile("people.csv", text.encode(), content_type="text/csv")},
    )


def test_preview_then_apply_creates_updates_and_deactivates(superuser: User) -> None:
    mover = UserFactory(email="mover@example.org", full_name="Old Name", language="da")
    leaver = UserFactory(email="leaver@example.org", full_name="Lea Ver")
    leaver_session = logged_in_client(leaver)
    assert leaver_session.get("/me/profile/").status_code == 200
    client = logged_in_client(superuser)
    client.post("/me/language/", {"language": "en", "next": "/"})
    text = (
        "email;full_name;organisation;language;active\n"
        "new@example.org;Nina Ny;Sales;en;yes\n"
        "MOVER@example.org;New Name;Finance;;\n"
        "leaver@example.org;Lea Ver;;;no\n"
    )
    response = upload(client, text)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.has_errors
    assert [row.actions for row in preview.rows] == [["create"], ["update"], ["deactivate"]]
    # Nothing has changed yet.
    assert not User.objects.filter(email="new@example.org").exists()
    assert User.objects.get(pk=leaver.pk).is_active
    response = client.post(
        "/staff/provisioning/users/apply/", {"token": response.context["token"]}, follow=True
    )
    assert "1 created, 1 updated, 1 deactivated" in response.content.decode()
    new = User.objects.get(email="new@example.org")
    assert (new.full_name, new.organisation, new.language, new.is_active) == (
        "Nina Ny",
        "Sales",
        "en",
        True,
    )
    mover.refresh_from_db()
    assert (mover.full_name, mover.organisation, mover.language) == ("New Name", "Finance", "da")
    leaver.refresh_from_db()
    assert not leaver.is_active and leaver.deactivated_at is not None
    assert leaver_session.get("/me/profile/").status_code == 302
    assert not any(
        str(s.get_decoded().get("_auth_user_id")) == str(leaver.pk) for s in Session.objects.all()
    )
    entry = AuditEntry.objects.get(action="account.deactivated", object_id=str(leaver.pk))
    assert entry.data["via"] == "csv" and entry.actor == superuser
    # The same token cannot apply twice.
    response = client.post("/staff/provisioning/users/apply/", {"token": "again"}, follow=True)
    assert "The upload has expired" in response.content.decode()


def test_row_errors_are_shown_and_block_the_apply(superuser: User) -> None:
    client = logged_in_client(superuser)
    client.post("/me/language/", {"language": "en", "next": "/"})
    text = (
        "email,full_name,language,active\n"
        "ok@example.org,Ok,da,yes\n"
        "not-an-address,X,da,yes\n"
        "ok@example.org,Twice,da,yes\n"
        "lang@example.org,L,fr,maybe\n"
        f"{superuser.email},Admin,da,no\n"
    )
    response = upload(client, text)
    preview = response.context["preview"]
    assert preview.has_errors
    errors = {row.number: row.errors for row in preview.rows}
    assert errors[2] == []
    assert "is not an e-mail address" in errors[3][0]
    assert errors[4] == ["The address appears twice in the file."]
    assert "“active” must be yes or no." in errors[5]
    assert "“language” must be da or en." in errors[5]
    assert errors[6] == ["Staff accounts are not changed by an upload."]
    page = response.content.decode()
    assert (
        "Some rows have errors" in page and 'action="/staff/provisioning/users/apply/"' not in page
    )
    # Even a forged apply changes nothing.
    client.post("/staff/provisioning/users/apply/", {"token": response.context["token"]})
    assert not User.objects.filter(email="ok@example.org").exists()
    assert User.objects.get(pk=superuser.pk).is_active


def test_a_file_without_the_email_column_is_refused(superuser: User) -> None:
    client = logged_in_client(superuser)
    client.post("/me/language/", {"language": "en", "next": "/"})
    response = upload(client, "name,active\nX,yes\n")
    assert response.context["preview"] is None
    assert "The file has no column email" in response.content.decode()
