"""The CSV downloads of a coordinator stream (``StreamingHttpResponse``, written
line by line), with the same bytes as the files made in one piece before: the
results' CSV of the demo's pilot programme and the participants' CSV (byte
order mark, semicolons, CRLF, the formula guard). The participants are read
from the database a chunk at a time, with the same queries for few or many."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.demo import data as demo
from mentoring.demo.management.commands.seed_demo import seed_demo
from mentoring.participants.io import exporting as participants_io
from mentoring.programmes.models import Programme
from mentoring.reports.dashboard import programme_dashboard
from mentoring.reports.exporting import _csv_value, _headers
from mentoring.reports.tables import with_unit
from tests.conftest import logged_in_client
from tests.reports.helpers import participant

pytestmark = pytest.mark.django_db


def _old_results_csv(programme: Programme) -> bytes:
    """The results' CSV as it was made before it streamed: one buffer."""
    from django.utils.translation import gettext as _

    dashboard = programme_dashboard(programme)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def line(*values: str) -> None:
        writer.writerow([participants_io.neutralise(value) for value in values])

    line(_("Section"), _("Table"), _("Row"), _("Column"), _("Value"))
    for figure in dashboard.key_figures:
        line(
            _("Key figures"),
            "",
            with_unit(figure.label, [figure.cell]),
            "",
            _csv_value(figure.cell),
        )
    for section in dashboard.sections:
        for table in section.tables:
            columns = _headers(table.columns, [row.cells for row in table.rows])
            for row in table.rows:
                for column, cell in zip(columns, row.cells, strict=True):
                    line(section.title, table.caption, row.label, column, _csv_value(cell))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _old_participants_csv(programme: Programme) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(participants_io.COLUMN_NAMES)
    for participation in participants_io.participations_for_export(programme=programme):
        writer.writerow(
            [
                "" if value is None else participants_io.neutralise(str(value))
                for value in participants_io._row(participation)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def test_the_results_csv_of_the_demo_streams_the_same_bytes() -> None:
    seed_demo()
    programme = Programme.objects.get(slug=demo.PILOT_2026_SLUG)
    coordinator = programme.coordinators.first()
    assert coordinator is not None
    client = logged_in_client(coordinator)
    for language in ("da", "en"):
        response = client.get(
            reverse("reports:export", args=[programme.slug, "csv"]),
            headers={"accept-language": language},
        )
        assert response.status_code == 200
        assert response.streaming
        chunks = list(response.streaming_content)
        assert len(chunks) > 10  # line by line, not one piece
        body = b"".join(chunks)
        assert body.startswith("\ufeff".encode())
        active = response.headers.get("Content-Language") or language
        with translation.override(active):
            assert body == _old_results_csv(programme)
    assert AuditEntry.objects.filter(action="reports.exported").count() == 2


def _export(client: object, programme: Programme) -> tuple[bytes, int, bool]:
    url = reverse("participants_io:export_csv", args=[programme.slug])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
    return body, len(queries), response.streaming


def test_the_participants_csv_streams_in_chunks_with_constant_queries(
    programme: Programme, coordinator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(participants_io, "EXPORT_CHUNK", 2)
    client = logged_in_client(coordinator)
    person = participant(programme, "mentee", status="submitted")
    person.organisation = "=HYPERLINK(evil)"
    person.save(update_fields=["organisation"])
    few, few_queries, streaming = _export(client, programme)
    assert streaming
    assert few == _old_participants_csv(programme)
    assert b"'=HYPERLINK(evil)" in few
    for _ in range(9):
        participant(programme, "mentor", status="accepted")
    many, many_queries, _streaming = _export(client, programme)
    assert many == _old_participants_csv(programme)
    assert many.count(b"\r\n") == 11  # header and ten participants
    # Ten rows at two a chunk cost the same queries as one row: on PostgreSQL one
    # server-side cursor, on SQLite one query read in chunks.
    assert many_queries == few_queries
    entry = AuditEntry.objects.filter(action="participants.exported").latest("pk")
    assert entry.data == {"format": "csv", "count": 10}
