"""The endpoints' behaviour: pagination, filters, ETag, rate limits,
idempotent import, problem details in Danish and English, query counts."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.participants.io.reading import read_table
from mentoring.participants.io.validation import validate_table
from mentoring.participants.models import Invitation, Participation
from mentoring.programmes.models import Programme
from tests.api.helpers import api
from tests.factories import ParticipationFactory
from tests.reports.helpers import matching_run, pair

pytestmark = pytest.mark.django_db


def url(programme: Programme, tail: str = "") -> str:
    return f"/api/v1/programmes/{programme.slug}/{tail}"


def test_pagination_caps_the_page_size(coordinator: User, programme: Programme) -> None:
    ParticipationFactory.create_batch(5, programme=programme, status="submitted")
    client = api(coordinator)
    page = client.get(url(programme, "participants/?page_size=2")).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"]
    assert client.get(url(programme, "participants/?page_size=1000")).status_code == 200
    assert len(client.get(url(programme, "participants/?page_size=1000")).json()["results"]) == 5
    from mentoring.api.pagination import Pagination

    assert Pagination.max_page_size == 200
    missing = client.get(url(programme, "participants/?page=99"))
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_status_and_updated_since_filters(coordinator: User, programme: Programme) -> None:
    ParticipationFactory.create_batch(2, programme=programme, status="submitted")
    old = ParticipationFactory(programme=programme, status="accepted")
    Participation.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=9))
    client = api(coordinator)
    accepted = client.get(url(programme, "participants/?status=accepted")).json()
    assert [row["id"] for row in accepted["results"]] == [old.pk]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    recent = client.get(url(programme, "participants/"), **{}).json()
    assert recent["count"] == 3
    from urllib.parse import urlencode

    recent = client.get(url(programme, "participants/?" + urlencode({"updated_since": since})))
    assert recent.json()["count"] == 2
    bad = client.get(url(programme, "participants/?status=nonsense"))
    assert bad.status_code == 400 and "status" in bad.json()["errors"]
    bad = client.get(url(programme, "participants/?updated_since=yesterday"))
    assert bad.status_code == 400 and "updated_since" in bad.json()["errors"]
    # Offsets PostgreSQL cannot store (found by schemathesis) and the edges of time.
    for odd in ("0117-08-10T22:55:20-16:00", "0001-01-01T00:00:00+14:00", "9999-12-31"):
        answer = client.get(url(programme, "participants/?" + urlencode({"updated_since": odd})))
        assert answer.status_code in (200, 400), (odd, answer.content)
    far = client.get(url(programme, "participants/?updated_since=0117-08-10T22:55:20-16:00"))
    assert far.status_code == 200 and far.json()["count"] == 3


def test_etag_and_if_none_match(coordinator: User, programme: Programme) -> None:
    client = api(coordinator)
    first = client.get(url(programme))
    etag = first["ETag"]
    assert etag.startswith('"')
    again = client.get(url(programme), **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    Programme.objects.filter(pk=programme.pk).update(min_meetings=9)
    changed = client.get(url(programme), **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["min_meetings"] == 9


@override_settings(API_RATE_LIMIT="3/min")
def test_rate_limit_per_token(coordinator: User, programme: Programme) -> None:
    cache.clear()
    first, second = api(coordinator), api(coordinator)
    for _ in range(3):
        assert first.get(url(programme)).status_code == 200
    limited = first.get(url(programme))
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited["Content-Type"] == "application/problem+json"
    assert second.get(url(programme)).status_code == 200  # per token


def test_problems_in_danish_and_english(coordinator: User, programme: Programme) -> None:
    client = api(coordinator, ["programmes:read"])
    english = client.get(url(programme, "audit-log/"), **{"Accept-Language": "en"})
    danish = client.get(url(programme, "audit-log/"), **{"Accept-Language": "da-DK,da;q=0.9"})
    assert english.status_code == danish.status_code == 403
    assert english.json()["title"] == "Not allowed"
    assert danish.json()["title"] == "Ikke tilladt"
    assert english["Content-Language"] == "en" and danish["Content-Language"] == "da"
    problem = english.json()
    assert set(problem) >= {"type", "title", "status", "detail"} and problem["status"] == 403
    # Without the header: the owner's own language.
    User.objects.filter(pk=coordinator.pk).update(language="en")
    assert client.get(url(programme, "audit-log/")).json()["title"] == "Not allowed"


ROWS = [
    {"email": "ny.mentee@example.org", "full_name": "Nina Ny", "role": "mentee"},
    {"email": "ny.mentor@example.org", "full_name": "Nils Ny", "role": "mentor", "capacity": 2},
]


def test_import_dry_run_writes_nothing(coordinator: User, programme: Programme) -> None:
    client = api(coordinator)
    response = client.post(url(programme, "participants/"), {"rows": ROWS, "dry_run": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] and body["valid"] and body["invited"] == 2
    assert [row["action"] for row in body["rows"]] == ["create", "create"]
    assert not Invitation.objects.exists()
    assert not AuditEntry.objects.filter(action="participants.imported").exists()


def test_import_invites_and_is_idempotent(coordinator: User, programme: Programme) -> None:
    client = api(coordinator)
    key = {"Idempotency-Key": "import-2027-01"}
    first = client.post(url(programme, "participants/"), {"rows": ROWS}, **key)
    assert first.status_code == 201, first.content
    assert first.json()["invited"] == 2
    assert Invitation.objects.filter(programme=programme).count() == 2
    replay = client.post(url(programme, "participants/"), {"rows": ROWS}, **key)
    assert replay.status_code == 201 and replay.json() == first.json()
    assert replay["Idempotent-Replayed"] == "true"
    assert Invitation.objects.filter(programme=programme).count() == 2
    assert AuditEntry.objects.filter(action="participants.imported").count() == 1
    other = client.post(url(programme, "participants/"), {"rows": ROWS[:1]}, **key)
    assert other.status_code == 422


def test_import_validation_is_the_csv_imports(coordinator: User, programme: Programme) -> None:
    rows = [{"email": "not-an-address", "role": "mentee"}, {"email": "a@example.org", "role": "x"}]
    response = api(coordinator).post(url(programme, "participants/"), {"rows": rows})
    assert response.status_code == 422
    body = response.json()
    assert not body["valid"] and not Invitation.objects.exists()
    csv = b"email;role\r\nnot-an-address;mentee\r\na@example.org;x\r\n"
    preview = validate_table(programme=programme, table=read_table(data=csv, filename="p.csv"))
    from_csv = [
        [{"column": e.column, "message": e.message} for e in row.errors] for row in preview.rows
    ]
    assert [row["errors"] for row in body["rows"]] == from_csv
    assert all(from_csv)
    missing = api(coordinator).post(url(programme, "participants/"), {"rows": [{"x": "1"}]})
    assert missing.status_code == 400 and missing["Content-Type"] == "application/problem+json"


def _queries(client: Any, path: str) -> int:
    """The queries one request makes (counted by a wrapper on the connection:
    the log Django keeps is emptied when a request starts)."""
    statements: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, response.content
    assert statements, "no query counted"
    return len(statements)


LISTS = (
    "participants/",
    "matching-runs/",
    "mentorships/",
    "meetings/",
    "audit-log/",
)


def test_list_queries_do_not_grow_with_rows(coordinator: User, programme: Programme) -> None:
    run = matching_run(programme)
    pair(programme, run=run)
    client = api(coordinator)
    paths = [*(url(programme, tail) for tail in LISTS), "/api/v1/programmes/"]
    paths.append(url(programme, f"matching-runs/{run.number}/"))
    few = {path: _queries(client, path) for path in paths}
    for _ in range(4):
        pair(programme, run=run)
    matching_run(programme)
    other = api(coordinator)  # a fresh token: last use written for both
    many = {path: _queries(other, path) for path in paths}
    assert many == few, json.dumps({"few": few, "many": many})
    rows = other.get(url(programme, "mentorships/")).json()
    assert rows["count"] == 5 and rows["results"][0]["agreement"]["meetings_planned"] == 6


def test_evaluation_aggregates_are_suppressed_as_on_the_dashboard(
    coordinator: User, programme: Programme
) -> None:
    from mentoring.reports.dashboard import programme_dashboard
    from tests.privacy.helpers import seed_pair

    seed_pair(programme, mentee_tag="EVME", mentor_tag="EVMO")  # two answers: below 3
    body = api(coordinator).get(url(programme, "evaluations/"), **{"Accept-Language": "en"})
    data = body.json()
    assert data["min_respondents"] == programme.effective_min_respondents >= 3
    assert {s["key"] for s in data["sections"]} == {"benefits", "satisfaction", "learning"}
    cells = [
        cell
        for section in data["sections"]
        for table in section["tables"]
        for row in table["rows"]
        for cell in row["cells"]
    ]
    suppressed = [cell for cell in cells if cell["suppressed"]]
    assert suppressed and all(cell["value"] is None for cell in suppressed)
    # The same cells as the dashboard's own (the one place that decides).
    from django.utils import translation

    with translation.override("en"):
        dashboard = programme_dashboard(programme)
    expected = [
        (cell.value, cell.suppressed)
        for section in dashboard.sections
        if section.key in {"benefits", "satisfaction", "learning"}
        for table in section.tables
        for row in table.rows
        for cell in row.cells
    ]
    assert [(cell["value"], cell["suppressed"]) for cell in cells] == expected
    survey = {s["kind"]: s for s in data["surveys"]}
    assert survey["final"]["submitted"] == 2


def test_any_other_api_address_is_a_problem(coordinator: User) -> None:
    client = api(coordinator)
    for path in ("/api/v2/", "/api/v1/programmes/a%0Ab/meetings/", "/api/v1/x/%0A/"):
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert answer["Content-Type"] == "application/problem+json", path
