"""Exporting participants as CSV and XLSX: contents, formula neutralisation,
re-import, audit, access and a constant number of queries."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.participants.io.columns import COLUMN_NAMES
from mentoring.participants.io.reading import read_table
from mentoring.participants.io.validation import validate_table
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from tests.conftest import logged_in_client
from tests.factories import UserFactory
from tests.participants.conftest import accept_invitations

pytestmark = pytest.mark.django_db

SUBMITTED = datetime(2025, 2, 3, 9, 15, 42, 123456, tzinfo=UTC)
DANGEROUS = {
    "full_name": '=HYPERLINK("http://evil.example","klik")',
    "organisation": "+45 12 34 56 78",
    "job_title": "-2+3",
    "industry": "@SUM(A1:A2)",
    "expertise": "\tcmd|' /C calc'!A0",
}


def body(response: Any) -> bytes:
    """The response's bytes, also when it streams (the CSV export does)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def export_url(programme: Programme, file_format: str) -> str:
    return reverse(f"participants_io:export_{file_format}", kwargs={"slug": programme.slug})


def participant(programme: Programme, email: str, role: str, **fields: Any) -> Participation:
    user_fields = {key: fields.pop(key) for key in ("full_name", "language") if key in fields}
    user = UserFactory(email=email, **user_fields)
    defaults: dict[str, Any] = {"status": "accepted", "submitted_at": SUBMITTED}
    if role == "mentor":
        defaults["capacity"] = 2
    return Participation.objects.create(
        programme=programme, user=user, role=role, **{**defaults, **fields}
    )


@pytest.fixture
def people(programme: Programme, other_programme: Programme) -> dict[str, Participation]:
    return {
        "mentee": participant(
            programme,
            "mette@example.org",
            "mentee",
            full_name="Mette Ærø",
            organisation="Aarhus Kommune",
            job_title="HR-konsulent",
            industry="Offentlig",
            region="sjaelland",
            years_of_experience=4,
            languages=["da", "en"],
            meeting_format="virtual",
            change_situation="new_job",
            goals=["Lede mit første team", "Blive tydeligere"],
        ),
        "mentor": participant(
            programme,
            "morten@example.org",
            "mentor",
            full_name="Morten Østergaard",
            language="en",
            expertise="Ledelse; forandring",
            status="waitlisted",
            capacity=3,
        ),
        "submitted": participant(
            programme, "sofie@example.org", "mentee", full_name="Sofie Sendt", status="submitted"
        ),
        "draft": participant(
            programme, "dorthe@example.org", "mentee", full_name="Dorthe Draft", status="draft"
        ),
        "elsewhere": participant(
            other_programme, "else@example.org", "mentee", full_name="Anders Andetsteds"
        ),
    }


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def by_email(rows: list[list[Any]]) -> dict[str, dict[str, Any]]:
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_csv_export_has_the_import_columns_and_every_non_draft_participant(
    coordinator: User, programme: Programme, people: dict[str, Participation]
) -> None:
    response = logged_in_client(coordinator).get(export_url(programme, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "programme-a" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = csv_rows(body(response))
    assert rows[0] == list(COLUMN_NAMES)
    assert "status" in rows[0] and "submitted_at" in rows[0]
    found = by_email(rows)
    assert set(found) == {"mette@example.org", "morten@example.org", "sofie@example.org"}
    mette = found["mette@example.org"]
    assert mette["full_name"] == "Mette Ærø"
    assert mette["role"] == "mentee"
    assert mette["language"] == "da"
    assert mette["region"] == "sjaelland"
    assert mette["years_of_experience"] == "4"
    assert mette["languages"] == "da,en"
    assert mette["goals"] == "Lede mit første team | Blive tydeligere"
    assert mette["capacity"] == ""
    assert mette["status"] == "accepted"
    assert mette["submitted_at"] == "2025-02-03 10:15:42"  # Danish time
    morten = found["morten@example.org"]
    assert (morten["capacity"], morten["status"], morten["language"]) == ("3", "waitlisted", "en")
    assert morten["expertise"] == "Ledelse; forandring"  # quoted, not split


def test_xlsx_export_has_the_same_content(
    coordinator: User, programme: Programme, people: dict[str, Participation]
) -> None:
    response = logged_in_client(coordinator).get(export_url(programme, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response.content)
    assert rows[0] == list(COLUMN_NAMES)
    found = by_email(rows)
    assert set(found) == {"mette@example.org", "morten@example.org", "sofie@example.org"}
    assert found["mette@example.org"]["years_of_experience"] == 4
    assert found["morten@example.org"]["capacity"] == 3
    assert found["mette@example.org"]["goals"] == "Lede mit første team | Blive tydeligere"


def test_export_is_audited_without_personal_data(
    coordinator: User, programme: Programme, people: dict[str, Participation]
) -> None:
    client = logged_in_client(coordinator)
    client.get(export_url(programme, "csv"))
    client.get(export_url(programme, "xlsx"))
    entries = AuditEntry.objects.filter(action="participants.exported").order_by("pk")
    assert [(e.actor, e.programme, e.data) for e in entries] == [
        (coordinator, programme, {"format": "csv", "count": 3}),
        (coordinator, programme, {"format": "xlsx", "count": 3}),
    ]


def test_csv_neutralises_formulas(coordinator: User, programme: Programme) -> None:
    participant(programme, "@evil@example.org", "mentor", **DANGEROUS)
    response = logged_in_client(coordinator).get(export_url(programme, "csv"))
    content = body(response)
    text = content.decode("utf-8-sig")
    row = by_email(csv_rows(content))["'@evil@example.org"]
    assert row["full_name"] == "'" + DANGEROUS["full_name"]
    assert row["organisation"] == "'+45 12 34 56 78"
    assert row["job_title"] == "'-2+3"
    assert row["industry"] == "'@SUM(A1:A2)"
    assert row["expertise"] == "'\tcmd|' /C calc'!A0"
    # In the raw text no cell starts with a formula character.
    for line in text.splitlines():
        for cell in line.split(";"):
            assert not cell.lstrip('"').startswith(("=", "+", "-", "@"))


def test_xlsx_writes_text_cells_never_formulas(coordinator: User, programme: Programme) -> None:
    participant(programme, "evil@example.org", "mentor", **DANGEROUS)
    content = logged_in_client(coordinator).get(export_url(programme, "xlsx")).content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    for name, value in DANGEROUS.items():
        assert cells[name].value == "'" + value
        assert cells[name].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_imports_again(
    coordinator: User,
    superuser: User,
    programme: Programme,
    other_programme: Programme,
    people: dict[str, Participation],
    file_format: str,
) -> None:
    participant(programme, "evil@example.org", "mentor", **DANGEROUS)
    content = body(logged_in_client(coordinator).get(export_url(programme, file_format)))
    table = read_table(data=content, filename=f"export.{file_format}")

    # Into the same programme: nothing changes.
    same = validate_table(programme=programme, table=table)
    assert same.is_valid
    assert {row.action for row in same.rows} == {"unchanged"}, [
        (r.email, r.fields) for r in same.rows if r.fields
    ]

    # Into another programme, through the pages: the same participants appear.
    client = logged_in_client(superuser)
    upload = client.post(
        reverse("participants_io:import", kwargs={"slug": other_programme.slug}),
        {"file": SimpleUploadedFile(f"export.{file_format}", content)},
    )
    assert upload.status_code == 302, upload.content.decode()[:2000]
    client.post(upload["Location"], {"action": "confirm"})
    # Into another programme the people are invited (they may already have
    # accounts): the same participations appear once they accept.
    assert (
        not Participation.objects.filter(programme=other_programme)
        .exclude(user__email="else@example.org")
        .exists()
    )
    accept_invitations(other_programme)
    fields = (
        "user__email", "role", "status", "organisation", "job_title", "industry", "region",
        "years_of_experience", "languages", "meeting_format", "capacity", "change_situation",
        "goals", "expertise", "submitted_at",
    )  # fmt: skip
    original = Participation.objects.filter(programme=programme).exclude(status="draft")
    copied = Participation.objects.filter(programme=other_programme).exclude(
        user__email="else@example.org"
    )

    def normalised(queryset: Any) -> list[tuple[Any, ...]]:
        values = [
            tuple(v.replace(microsecond=0) if isinstance(v, datetime) else v for v in row)
            for row in queryset.values_list(*fields)
        ]
        return sorted(values, key=lambda row: (row[0], row[1]))

    assert normalised(copied) == normalised(original)
    assert User.objects.get(email="evil@example.org").full_name == DANGEROUS["full_name"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_participants(
    coordinator: User, programme: Programme, file_format: str
) -> None:
    client = logged_in_client(coordinator)
    participant(programme, "first@example.org", "mentee")
    client.get(export_url(programme, file_format))  # warm up the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(export_url(programme, file_format))
        assert response.status_code == 200
        return len(queries)

    one = count()
    for number in range(29):
        participant(programme, f"p{number}@example.org", "mentor" if number % 2 else "mentee")
    assert count() == one


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_access(
    user: User,
    other_coordinator: User,
    superuser: User,
    programme: Programme,
    people: dict[str, Participation],
    file_format: str,
) -> None:
    url = export_url(programme, file_format)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert logged_in_client(user).get(url).status_code == 404
    assert logged_in_client(other_coordinator).get(url).status_code == 404
    assert logged_in_client(superuser).get(url).status_code == 200
    assert logged_in_client(superuser).post(url).status_code == 405
    assert AuditEntry.objects.filter(action="participants.exported").count() == 1


def _imported(programme: Programme, coordinator: User, line: str) -> None:
    """Bring a person in through the import, as a coordinator does."""
    from mentoring.participants.io.apply import participants_import

    header = "email;full_name;role;status"
    table = read_table(data=f"{header}\r\n{line}\r\n".encode(), filename="in.csv")
    participants_import(programme=programme, actor=coordinator, table=table)
    accept_invitations(programme)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_unchanged_export_imports_again_for_every_kind_of_participant(
    coordinator: User, programme: Programme, file_format: str
) -> None:
    """Issue 16.4: docs/import.md promises the round trip, also for people who
    signed up without a name and for every status and role."""
    for role in ("mentee", "mentor"):
        for status in ("submitted", "accepted", "waitlisted", "declined", "withdrawn"):
            for named in (True, False):
                participant(
                    programme,
                    f"{role}.{status}.{'named' if named else 'anonymous'}@example.org",
                    role,
                    status=status,
                    full_name=f"{role.title()} {status.title()}" if named else "",
                )
        _imported(programme, coordinator, f"imported.{role}@example.org;Indlæst Person;{role};")
        _imported(programme, coordinator, f"imported.noname.{role}@example.org;;{role};")
    content = body(logged_in_client(coordinator).get(export_url(programme, file_format)))
    table = read_table(data=content, filename=f"export.{file_format}")
    assert len(table.rows) == 2 * (5 * 2 + 2)

    again = validate_table(programme=programme, table=table)

    assert again.errors == []
    assert {row.action for row in again.rows} == {"unchanged"}
