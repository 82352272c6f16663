"""Importing participants from CSV and XLSX: template, preview, all-or-nothing
confirmation, encodings and delimiters, and every kind of bad input."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.common.tasks import periodic_tick
from mentoring.participants.io.columns import COLUMN_NAMES, MAX_ROWS, MAX_UPLOAD_BYTES
from mentoring.participants.io.reading import read_table
from mentoring.participants.io.validation import validate_table
from mentoring.participants.models import Invitation, Participation, PendingImport
from mentoring.programmes.models import Programme
from tests.conftest import logged_in_client
from tests.factories import UserFactory
from tests.participants.conftest import accept_invitations

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
HEADER = "email;full_name;role;language;region;capacity;goals;status"


def import_url(programme: Programme, name: str = "import", **kwargs: Any) -> str:
    return reverse(f"participants_io:{name}", kwargs={"slug": programme.slug, **kwargs})


def upload(
    client: Client, programme: Programme, content: bytes, name: str = "participants.csv"
) -> Any:
    return client.post(
        import_url(programme), {"file": SimpleUploadedFile(name, content)}, follow=False
    )


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return ("\r\n".join((header, *lines)) + "\r\n").encode("utf-8")


def preview(client: Client, programme: Programme, content: bytes, name: str = "p.csv") -> Any:
    """Upload and follow to the preview page; returns (preview url, response)."""
    response = upload(client, programme, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    assert url.startswith(import_url(programme))
    return url, client.get(url)


def form_errors(response: Any) -> list[str]:
    assert response.status_code == 200
    return [str(error) for error in response.context["form"].errors["file"]]


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def client(coordinator: User) -> Client:
    return logged_in_client(coordinator)


# --- Template ---------------------------------------------------------------


def test_import_page_documents_every_column_and_links_the_templates(
    client: Client, programme: Programme
) -> None:
    response = client.get(import_url(programme))
    assert response.status_code == 200
    page = response.content.decode()
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in page
    assert import_url(programme, "import_template_csv") in page
    assert import_url(programme, "import_template_xlsx") in page
    assert "<code>hovedstaden</code>" in page  # allowed values are listed
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_templates_download_and_parse_back_as_one_valid_row(
    client: Client, programme: Programme, file_format: str
) -> None:
    response = client.get(import_url(programme, f"import_template_{file_format}"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    if file_format == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        assert content.decode("utf-8-sig").splitlines()[0] == ";".join(COLUMN_NAMES)
    else:
        workbook = load_workbook(io.BytesIO(content))
        assert [cell.value for cell in workbook.worksheets[0][1]] == list(COLUMN_NAMES)
        documented = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
        assert documented[1:] == list(COLUMN_NAMES)
    table = read_table(data=content, filename=f"template.{file_format}")
    assert table.header == list(COLUMN_NAMES)
    result = validate_table(programme=programme, table=table)
    assert result.is_valid
    assert [row.action for row in result.rows] == ["create"]


# --- Valid files -------------------------------------------------------------


@pytest.mark.parametrize(
    "filename",
    [
        "participants_utf8_comma.csv",
        "participants_utf8_bom_semicolon.csv",
        "participants_cp1252_semicolon.csv",
    ],
)
def test_valid_csv_preview_then_confirm_creates_people_and_participations(
    client: Client, coordinator: User, programme: Programme, filename: str
) -> None:
    programme.default_mentor_capacity = 3
    programme.save(update_fields=["default_mentor_capacity"])
    url, response = preview(client, programme, (DATA / filename).read_bytes(), filename)
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Søren Ærø Ålund" in page
    assert 'value="confirm"' in page
    assert [row.action for row in response.context["preview"].rows] == ["create"] * 3
    assert not Participation.objects.exists()  # nothing before the confirmation

    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:detail", kwargs={"slug": programme.slug})

    soren = User.objects.get(email="soren.aero@example.org")
    assert soren.full_name == "Søren Ærø Ålund"
    assert soren.language == "da"
    assert not soren.has_usable_password()
    address = EmailAddress.objects.get(user=soren)
    assert (address.email, address.primary, address.verified) == (soren.email, True, False)
    # Invited, not enrolled: they join by accepting (tests/participants/test_invitations.py).
    assert not Participation.objects.exists()
    assert Invitation.objects.filter(programme=programme, status="pending").count() == 3
    accept_invitations(programme)
    mentee = Participation.objects.get(user=soren)
    assert (mentee.programme, mentee.role, mentee.status) == (programme, "mentee", "accepted")
    assert mentee.organisation == "Aarhus Kommune"
    assert mentee.region == "sjaelland"  # from the Danish label
    assert mentee.years_of_experience == 4
    assert mentee.languages == ["da", "en"]
    assert mentee.meeting_format == "virtual"
    assert mentee.change_situation == "new_job"
    assert mentee.goals == ["Lede mit første team", "Blive bedre til forandringskommunikation"]
    assert mentee.capacity is None
    assert mentee.submitted_at is not None
    assert (mentee.decided_by, mentee.decided_at is not None) == (coordinator, True)
    # Readiness was derived: the file holds no motivation or commitments.
    assert not mentee.is_ready
    assert "motivation" in mentee.readiness_issue_codes

    marianne = Participation.objects.select_related("user").get(
        user__email__iexact="marianne.mentor@example.org"
    )
    assert marianne.user.email == "marianne.mentor@example.org"
    assert marianne.user.language == "en"
    assert (marianne.role, marianne.status, marianne.capacity) == ("mentor", "waitlisted", 2)
    assert marianne.region == "hovedstaden"
    assert marianne.expertise == "Ledelse, forandring og forhandling"
    bo = Participation.objects.get(user__email="bo.blaabaer@example.org")
    assert (bo.capacity, bo.status, bo.region) == (3, "accepted", "midtjylland")

    entry = AuditEntry.objects.get(action="participants.imported")
    assert entry.actor == coordinator
    assert entry.programme == programme
    assert entry.data == {
        "format": "csv",
        "invited": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
    }
    assert "example.org" not in str(entry.data)
    # The pending import is gone: the preview link no longer works.
    assert client.get(url)["Location"] == import_url(programme)


def test_xlsx_import_round_trip(client: Client, programme: Programme) -> None:
    content = xlsx_bytes(
        [
            ["email", "full_name", "role", "years_of_experience", "capacity", "submitted_at"],
            ["mia@example.org", "Mia Mentor", "mentor", 12, 2.0, "2025-03-01 14:30"],
            [None, None, None, None, None, None],
            ["ole@example.org", "Ole Mentee", "mentee", 3.0, None, None],
        ]
    )
    url, response = preview(client, programme, content, "participants.xlsx")
    result = response.context["preview"]
    assert result.is_valid
    assert result.skipped == [3]
    client.post(url, {"action": "confirm"})
    accept_invitations(programme)
    mia = Participation.objects.get(user__email="mia@example.org")
    assert (mia.years_of_experience, mia.capacity) == (12, 2)
    assert mia.submitted_at.isoformat() == "2025-03-01T13:30:00+00:00"  # Danish time
    assert Participation.objects.get(user__email="ole@example.org").years_of_experience == 3
    assert AuditEntry.objects.get(action="participants.imported").data["format"] == "xlsx"


def test_existing_account_is_reused_and_participation_updated(
    client: Client, programme: Programme
) -> None:
    person = UserFactory(email="Mads.Mentor@Example.org", full_name="Mads Mentor", language="en")
    existing = Participation.objects.create(
        programme=programme,
        user=person,
        role="mentor",
        status="accepted",
        capacity=1,
        organisation="Gammel A/S",
    )
    users_before = User.objects.count()
    content = csv_bytes(
        "mads.mentor@example.org;Another Name;mentor;da;;3;;",
        "MADS.MENTOR@EXAMPLE.ORG;Mads Mentor;mentee;;;;Blive en bedre leder i mit team;submitted",
    )
    url, response = preview(client, programme, content)
    rows = response.context["preview"].rows
    assert [(row.action, row.user) for row in rows] == [("update", person), ("create", person)]
    client.post(url, {"action": "confirm"})
    accept_invitations(programme)

    assert User.objects.count() == users_before
    person.refresh_from_db()
    assert (person.full_name, person.language) == ("Mads Mentor", "en")  # the account's own
    existing.refresh_from_db()
    assert existing.capacity == 3
    assert existing.organisation == "Gammel A/S"  # an empty cell erases nothing
    assert existing.version == 2
    assert Participation.objects.get(user=person, role="mentee").status == "submitted"
    entry = AuditEntry.objects.get(action="participants.imported")
    assert (entry.data["invited"], entry.data["updated"]) == (1, 1)


def test_reimporting_the_same_file_changes_nothing(client: Client, programme: Programme) -> None:
    content = (DATA / "participants_utf8_comma.csv").read_bytes()
    url, _response = preview(client, programme, content)
    client.post(url, {"action": "confirm"})
    accept_invitations(programme)
    url, response = preview(client, programme, content)
    assert [row.action for row in response.context["preview"].rows] == ["unchanged"] * 3
    client.post(url, {"action": "confirm"})
    assert Participation.objects.count() == 3
    assert set(Participation.objects.values_list("version", flat=True)) == {1}


# --- All or nothing ------------------------------------------------------------


def test_one_bad_row_blocks_the_whole_import(client: Client, programme: Programme) -> None:
    content = csv_bytes(
        "a@example.org;Anna A;mentee;;;;;",
        "b@example.org;Bent B;mentee;;Atlantis;;;",
        "c@example.org;Carl C;mentor;;;;;",
    )
    url, response = preview(client, programme, content)
    result = response.context["preview"]
    assert not result.is_valid
    assert [(number, column) for number, column, _message in result.errors] == [(3, "region")]
    assert "Atlantis" in result.errors[0][2]
    page = response.content.decode()
    assert 'value="confirm"' not in page
    assert 'value="cancel"' in page

    # Posting the confirmation anyway imports nothing.
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    assert not Participation.objects.exists()
    assert not User.objects.filter(email__in=["a@example.org", "c@example.org"]).exists()
    assert not AuditEntry.objects.filter(action="participants.imported").exists()


def test_confirmation_checks_again_against_the_current_data(
    client: Client, programme: Programme
) -> None:
    url, response = preview(
        client, programme, csv_bytes("a@example.org;Anna A;mentee;;;;;submitted")
    )
    assert response.context["preview"].is_valid
    # Meanwhile Anna is accepted in the programme: accepted cannot go back to submitted.
    anna = UserFactory(email="a@example.org")
    Participation.objects.create(programme=programme, user=anna, role="mentee", status="accepted")
    response = client.post(url, {"action": "confirm"}, follow=True)
    assert Participation.objects.get(user=anna).status == "accepted"
    assert not AuditEntry.objects.filter(action="participants.imported").exists()
    errors = response.context["preview"].errors
    assert [(number, column) for number, column, _m in errors] == [(2, "status")]


def test_cancel_forgets_the_file(client: Client, programme: Programme) -> None:
    url, _response = preview(client, programme, csv_bytes("a@example.org;Anna A;mentee;;;;;"))
    response = client.post(url, {"action": "cancel"})
    assert response["Location"] == import_url(programme)
    assert client.post(url, {"action": "confirm"})["Location"] == import_url(programme)
    assert not Participation.objects.exists()


def test_the_pending_file_is_bound_to_its_owner_and_programme(
    client: Client, programme: Programme, superuser: User, other_programme: Programme
) -> None:
    url, _response = preview(client, programme, csv_bytes("a@example.org;Anna A;mentee;;;;;"))
    token = url.rstrip("/").rsplit("/", 1)[-1]
    # Another coordinator may not use the token.
    admin = logged_in_client(superuser)
    assert admin.post(url, {"action": "confirm"})["Location"] == import_url(programme)
    # The same token under another programme is refused too.
    other = import_url(other_programme, "import_preview", token=token)
    assert admin.get(other)["Location"] == import_url(other_programme)
    assert not Participation.objects.exists()


def test_the_pending_file_is_in_the_database_for_any_web_process(
    client: Client, coordinator: User, programme: Programme
) -> None:
    """Stateless web processes: the preview and the confirmation may land on
    another process or machine (another session, an emptied cache)."""
    url, _response = preview(client, programme, csv_bytes("a@example.org;Anna A;mentee;;;;;"))
    pending = PendingImport.objects.get()
    assert pending.owner == coordinator and pending.programme == programme
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert token not in pending.token_hash  # only the hash is stored
    cache.clear()
    elsewhere = logged_in_client(coordinator)
    response = elsewhere.post(url, {"action": "confirm"})
    assert response["Location"] == reverse("programmes:detail", kwargs={"slug": programme.slug})
    assert Invitation.objects.filter(email="a@example.org").exists()
    assert not PendingImport.objects.exists()  # forgotten once imported


def test_an_expired_pending_file_is_refused_and_deleted_by_the_tick(
    client: Client, programme: Programme
) -> None:
    preview(client, programme, csv_bytes("a@example.org;Anna A;mentee;;;;;"))
    fresh, _response = preview(client, programme, csv_bytes("b@example.org;Bo B;mentee;;;;;"))
    assert PendingImport.objects.count() == 1  # a new upload replaces the last
    PendingImport.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(fresh, {"action": "confirm"})["Location"] == import_url(programme)
    periodic_tick.call()
    assert not PendingImport.objects.exists()
    assert not Invitation.objects.exists()


def test_upload_and_confirmation_need_a_csrf_token(
    client: Client, coordinator: User, programme: Programme
) -> None:
    url, _response = preview(client, programme, csv_bytes("a@example.org;Anna A;mentee;;;;;"))
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    strict.cookies.update(client.cookies)  # the same session, holding the pending file
    assert strict.post(url, {"action": "confirm"}).status_code == 403
    response = strict.post(import_url(programme), {"file": SimpleUploadedFile("p.csv", b"x")})
    assert response.status_code == 403
    assert not Participation.objects.exists()


# --- Row errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("m@example.org;Mona;mentor;;;0;;", "capacity"),
        ("m@example.org;Mona;mentor;;;4;;", "capacity"),
        ("m@example.org;Mona;mentor;;;two;;", "capacity"),
        ("m@example.org;Mona;mentee;;;2;;", "capacity"),
        ("m@example.org;Mona;buddy;;;;;", "role"),
        ("m@example.org;Mona;;;;;;", "role"),
        ("not-an-email;Mona;mentee;;;;;", "email"),
        (";Mona;mentee;;;;;", "email"),
        ("m@example.org;Mona;mentee;fr;;;;", "language"),
        ("m@example.org;Mona;mentee;;;;;declined", "status"),
        ("m@example.org;Mona;mentee;;;;;draft", "status"),
        ("m@example.org;Mona;mentor;;;;Et mål for en mentor;", "goals"),
        ("m@example.org;Mona;mentee;;;;" + " | ".join(["Et konkret mål"] * 6) + ";", "goals"),
        ("m@example.org;Mona;mentee;;;;;accepted;extra value", ""),
    ],
)
def test_row_errors_name_the_row_and_column(
    client: Client, programme: Programme, line: str, column: str
) -> None:
    _url, response = preview(client, programme, csv_bytes("ok@example.org;Ok;mentee;;;;;", line))
    errors = response.context["preview"].errors
    assert [(number, col) for number, col, _message in errors] == [(3, column)]
    assert 'value="confirm"' not in response.content.decode()


def test_duplicate_person_and_role_in_the_file_is_an_error(
    client: Client, programme: Programme
) -> None:
    content = csv_bytes(
        "dup@example.org;Dorte;mentee;;;;;",
        "dup@example.org;Dorte;mentor;;;;;",  # another role: allowed
        "DUP@example.org;Dorte igen;mentee;;;;;",
    )
    _url, response = preview(client, programme, content)
    errors = response.context["preview"].errors
    assert [(number, column) for number, column, _m in errors] == [(4, "email")]
    assert "2" in errors[0][2]  # names the first row


def test_empty_rows_are_skipped_and_reported(client: Client, programme: Programme) -> None:
    content = csv_bytes(
        "a@example.org;Anna A;mentee;;;;;",
        ";;;;;;;",
        "",
        "b@example.org;Bent B;mentee;;;;;",
        ";;;;;;;",
    )
    url, response = preview(client, programme, content)
    result = response.context["preview"]
    assert result.skipped == [3, 4]  # the trailing empty row is not a row
    assert [row.number for row in result.rows] == [2, 5]
    client.post(url, {"action": "confirm"})
    assert AuditEntry.objects.get(action="participants.imported").data["skipped"] == 2


def test_formula_prefix_written_by_the_export_is_removed(
    client: Client, programme: Programme
) -> None:
    content = csv_bytes(
        "a@example.org;'=Anna;mentee;;;;'-Lede et team bedre;",
    )
    url, _response = preview(client, programme, content)
    client.post(url, {"action": "confirm"})
    accept_invitations(programme)
    participation = Participation.objects.select_related("user").get()
    assert participation.user.full_name == "=Anna"
    assert participation.goals == ["-Lede et team bedre"]


# --- File errors ---------------------------------------------------------------


def test_unknown_columns_are_named(client: Client, programme: Programme) -> None:
    content = csv_bytes(
        "a@example.org;Anna;mentee;x;y", header="email;full_name;role;shoe_size;Notes"
    )
    errors = form_errors(upload(client, programme, content))
    assert any("shoe_size" in error and "Notes" in error for error in errors)


def test_missing_required_and_repeated_columns(client: Client, programme: Programme) -> None:
    content = csv_bytes("a@example.org;x;y", header="email;region;region")
    errors = " ".join(form_errors(upload(client, programme, content)))
    assert "role" in errors
    assert "full_name" not in errors  # may be left out: the person gives their name later
    assert "region" in errors


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"", "p.csv"),
        (b"email;full_name;role\r\n", "p.csv"),
        ((DATA / "garbage.bin").read_bytes(), "participants.csv"),
        ((DATA / "garbage.bin").read_bytes(), "participants.xlsx"),
        ((DATA / "corrupt.xlsx").read_bytes(), "participants.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls"),
        (b"%PDF-1.7 not a spreadsheet", "participants.pdf"),
        (b"email;full_name;role\r\n\x00\x01\x02;x;y\r\n", "p.csv"),
    ],
)
def test_unreadable_files_give_a_clear_error_not_a_500(
    client: Client, programme: Programme, content: bytes, name: str
) -> None:
    assert form_errors(upload(client, programme, content, name))
    assert not Participation.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(client: Client, programme: Programme) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert form_errors(upload(client, programme, buffer.getvalue(), "p.xlsx"))


def test_oversize_file_is_refused(client: Client, programme: Programme) -> None:
    content = csv_bytes("a@example.org;Anna;mentee;;;;;") + b" " * MAX_UPLOAD_BYTES
    errors = form_errors(upload(client, programme, content))
    assert any("2 MB" in error for error in errors)


def test_too_many_rows_is_refused(client: Client, programme: Programme) -> None:
    lines = [f"p{n}@example.org;P {n};mentee;;;;;" for n in range(MAX_ROWS + 1)]
    errors = form_errors(upload(client, programme, csv_bytes(*lines)))
    assert any("5" in error and "000" in error for error in errors)


def test_max_rows_are_accepted_with_a_bounded_number_of_queries(
    client: Client, programme: Programme, django_assert_max_num_queries: Any
) -> None:
    lines = [f"p{n}@example.org;Person {n};mentee;;;;;" for n in range(MAX_ROWS)]
    table = read_table(data=csv_bytes(*lines), filename="p.csv")
    with django_assert_max_num_queries(40):
        result = validate_table(programme=programme, table=table)
    assert result.is_valid and result.creates == MAX_ROWS


# --- Access ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["import", "import_template_csv", "import_template_xlsx"])
def test_other_programmes_coordinator_gets_404_and_anonymous_the_login(
    other_coordinator: User, programme: Programme, name: str
) -> None:
    url = import_url(programme, name)
    assert logged_in_client(other_coordinator).get(url).status_code == 404
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_other_programmes_coordinator_cannot_upload(
    other_coordinator: User, programme: Programme
) -> None:
    client = logged_in_client(other_coordinator)
    response = upload(client, programme, csv_bytes("a@example.org;Anna;mentee;;;;;"))
    assert response.status_code == 404
    preview_url = import_url(programme, "import_preview", token="x" * 32)
    assert client.post(preview_url, {"action": "confirm"}).status_code == 404


def test_plain_user_gets_404(user: User, programme: Programme) -> None:
    assert logged_in_client(user).get(import_url(programme)).status_code == 404


def test_utf16_and_tab_separated_with_friendly_column_names(
    client: Client, programme: Programme
) -> None:
    text = "E-mail\tFull name\tRole*\r\naase@example.org\tÅse Øberg\tMentee\r\n"
    url, response = preview(client, programme, text.encode("utf-16"))
    assert response.context["preview"].is_valid
    client.post(url, {"action": "confirm"})
    assert User.objects.get(email="aase@example.org").full_name == "Åse Øberg"


def test_status_of_an_existing_participant_follows_the_state_machine(
    client: Client, coordinator: User, programme: Programme
) -> None:
    waiting = Participation.objects.create(
        programme=programme, user=UserFactory(email="w@example.org"), role="mentee",
        status="submitted",
    )  # fmt: skip
    declined = Participation.objects.create(
        programme=programme, user=UserFactory(email="d@example.org"), role="mentee",
        status="declined",
    )  # fmt: skip
    content = csv_bytes(
        "w@example.org;W;mentee;;;;;accepted", "d@example.org;D;mentee;;;;;declined"
    )
    url, response = preview(client, programme, content)
    assert [row.action for row in response.context["preview"].rows] == ["update", "unchanged"]
    client.post(url, {"action": "confirm"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by, waiting.version) == ("accepted", coordinator, 2)
    declined.refresh_from_db()
    assert (declined.status, declined.version) == ("declined", 1)

    _url, response = preview(client, programme, csv_bytes("d@example.org;D;mentee;;;;;accepted"))
    errors = response.context["preview"].errors
    assert [(number, column) for number, column, _m in errors] == [(2, "status")]


def test_a_file_too_large_for_the_session_must_be_split() -> None:
    import secrets

    from mentoring.participants.io.reading import ImportFileError, RawTable, encode_table

    rows = [(n, [f"p{n}@example.org", secrets.token_hex(2000)]) for n in range(2, 800)]
    with translation.override("en"), pytest.raises(ImportFileError, match="Split"):
        encode_table(RawTable(format="csv", header=["email", "full_name"], rows=rows))
