"""The results pages: dashboard, exports, PDF and comparison; who may see
them, empty programmes, suppression, and that no free text is shown."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import Side
from tests.conftest import logged_in_client as _logged_in_client
from tests.factories import ProgrammeFactory
from tests.reports.helpers import SECRET_TEXT, answer_final, matching_run, pair, questionnaires

pytestmark = pytest.mark.django_db


def logged_in_client(person: User) -> Client:
    """A signed-in client that reads the pages in English."""
    person.language = "en"
    person.save(update_fields=["language"])
    return _logged_in_client(person)


def urls(slug: str) -> list[str]:
    return [
        reverse("reports:dashboard", args=[slug]),
        reverse("reports:export", args=[slug, "csv"]),
        reverse("reports:export", args=[slug, "xlsx"]),
        reverse("reports:compare", args=[slug]),
    ]


def with_results(programme: Programme, pairs: int = 3) -> None:
    surveys = questionnaires(programme)
    run = matching_run(programme)
    for index in range(pairs):
        mentorship = pair(programme, run=run, score=0.5 + 0.1 * (index % 4))
        answer_final(surveys, mentorship, Side.MENTEE, benefit=4 + index % 2, satisfaction=9)
        answer_final(surveys, mentorship, Side.MENTOR, benefit=3, satisfaction=8)


def test_another_programmes_coordinator_gets_404(
    programme: Programme, other_coordinator: User, other_programme: Programme
) -> None:
    client = logged_in_client(other_coordinator)
    for url in urls(programme.slug):
        assert client.get(url).status_code == 404, url
    # nor can they pull programme A into a comparison with their own
    response = client.get(
        reverse("reports:compare", args=[other_programme.slug]), {"with": programme.slug}
    )
    assert response.status_code == 404


def test_people_without_a_coordinator_role_are_kept_out(programme: Programme, user: User) -> None:
    anonymous = logged_in_client(user)
    for url in urls(programme.slug):
        assert anonymous.get(url).status_code == 404
    assert Client().get(urls(programme.slug)[0]).status_code == 302


def test_an_unknown_export_format_is_404(programme: Programme, coordinator: User) -> None:
    client = logged_in_client(coordinator)
    assert client.get(reverse("reports:export", args=[programme.slug, "json"])).status_code == 404


def test_an_empty_programme_shows_empty_states(programme: Programme, coordinator: User) -> None:
    client = logged_in_client(coordinator)
    for url in urls(programme.slug):
        assert client.get(url).status_code == 200, url
    page = client.get(urls(programme.slug)[0]).content.decode()
    assert "No applications yet." in page
    assert "No submitted answers yet." in page
    assert "<canvas" not in page


def test_dashboard_shows_figures_charts_and_tables(programme: Programme, coordinator: User) -> None:
    with_results(programme)
    response = logged_in_client(coordinator).get(
        reverse("reports:dashboard", args=[programme.slug])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Expected and achieved benefits" in page
    assert 'data-chart="benefits"' in page
    # the chart data is JSON in the page, not a script
    data = re.search(r'<script id="results-charts" type="application/json">(.*?)</script>', page)
    assert data is not None
    charts = json.loads(data.group(1))
    assert charts["satisfaction"]["datasets"][0]["data"] == [9.0, 8.0, 8.5]
    # the table under the chart has the same figures
    assert '<td class="num">8.5</td>' in page
    # every script is a file with the response's nonce (strict CSP)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce is not None
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'type="application/json"' in tag or (
            "src=" in tag and f'nonce="{nonce.group(1)}"' in tag
        ), tag
    assert "chart-4.6.1.umd.min.js" in page
    assert SECRET_TEXT not in page


def test_suppressed_figures_say_so_on_the_page(programme: Programme, coordinator: User) -> None:
    with_results(programme, pairs=2)
    page = (
        logged_in_client(coordinator)
        .get(reverse("reports:dashboard", args=[programme.slug]))
        .content.decode()
    )
    assert "fewer than 3 answers" in page
    assert 'class="num suppressed"' in page


def test_the_dashboard_makes_the_same_number_of_queries_for_5_and_50_pairs(
    coordinator: User,
) -> None:
    small = ProgrammeFactory(slug="small", coordinators=[coordinator])
    large = ProgrammeFactory(slug="large", coordinators=[coordinator])
    with_results(small, pairs=5)
    with_results(large, pairs=50)
    client = logged_in_client(coordinator)
    counts = []
    for programme in (small, large):
        client.get(reverse("reports:dashboard", args=[programme.slug]))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reports:dashboard", args=[programme.slug]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 30


def test_csv_export_has_the_figures_and_no_free_text(
    programme: Programme, coordinator: User
) -> None:
    with_results(programme)
    response = logged_in_client(coordinator).get(
        reverse("reports:export", args=[programme.slug, "csv"])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    assert SECRET_TEXT not in raw
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert rows[0] == ["Section", "Table", "Row", "Column", "Value"]
    satisfaction = [
        row for row in rows if row[1] == "Overall satisfaction (0–10)" and row[3] == "Average"
    ]
    assert [row[4] for row in satisfaction] == ["9.0", "8.0", "8.5"]
    assert AuditEntry.objects.filter(action="reports.exported", programme=programme).exists()


def test_xlsx_export_writes_numbers_and_neutralises_formulas(coordinator: User) -> None:
    from openpyxl import load_workbook

    programme = ProgrammeFactory(
        slug="formula", name_en='=HYPERLINK("http://evil.example","x")', coordinators=[coordinator]
    )
    with_results(programme)
    response = logged_in_client(coordinator).get(
        reverse("reports:export", args=[programme.slug, "xlsx"])
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary = workbook.worksheets[0]
    assert summary["A1"].value == "'" + programme.name_en
    assert summary["A1"].data_type == "s"
    satisfaction = workbook["Satisfaction and the process"]
    values = [[cell.value for cell in row] for row in satisfaction.iter_rows()]
    mentees = next(row for row in values if row[0] == "Mentees")
    assert mentees[1:3] == [3, 9.0]
    text = " ".join(str(value) for row in values for value in row)
    assert SECRET_TEXT not in text


def test_comparison_shows_two_coordinated_programmes_side_by_side(coordinator: User) -> None:
    first = ProgrammeFactory(slug="year-2026", name_en="Programme 2026", coordinators=[coordinator])
    second = ProgrammeFactory(
        slug="year-2027", name_en="Programme 2027", coordinators=[coordinator]
    )
    with_results(first, pairs=4)
    with_results(second, pairs=3)
    client = logged_in_client(coordinator)
    chooser = client.get(reverse("reports:compare", args=[first.slug])).content.decode()
    assert '<option value="year-2027"' in chooser
    page = client.get(
        reverse("reports:compare", args=[first.slug]), {"with": second.slug}
    ).content.decode()
    assert "Programme 2026" in page and "Programme 2027" in page
    # pairs completed: 4 against 3, next to each other
    assert re.search(r'Pairs completed</th><td class="num">4</td><td class="num">3</td>', page)
    assert SECRET_TEXT not in page
    # a programme the coordinator does not coordinate
    stranger = ProgrammeFactory(slug="stranger")
    assert (
        client.get(
            reverse("reports:compare", args=[first.slug]), {"with": stranger.slug}
        ).status_code
        == 404
    )


def test_superusers_may_read_anonymous_people_log_in_and_posts_are_refused(
    programme: Programme, superuser: User, coordinator: User
) -> None:
    admin = logged_in_client(superuser)
    anonymous = Client()
    for url in urls(programme.slug):
        assert admin.get(url).status_code == 200, url
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert logged_in_client(coordinator).post(url).status_code == 405


def test_the_programme_page_links_to_the_results(programme: Programme, coordinator: User) -> None:
    page = logged_in_client(coordinator).get(reverse("programmes:detail", args=[programme.slug]))
    assert reverse("reports:dashboard", args=[programme.slug]) in page.content.decode()


def test_xlsx_export_writes_shares_as_percentages_with_the_unit_in_the_header(
    coordinator: User,
) -> None:
    from openpyxl import load_workbook

    programme = ProgrammeFactory(slug="shares", coordinators=[coordinator])
    with_results(programme)
    response = logged_in_client(coordinator).get(
        reverse("reports:export", args=[programme.slug, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["From application to completion"]
    rows = list(sheet.iter_rows())
    header = next(row for row in rows if row[0].value == "Step")
    assert [cell.value for cell in header[:3]] == [
        "Step",
        "Mentees",
        "Share of the applications (%)",
    ]
    applications = next(row for row in rows if row[0].value == "Applications from mentees")
    # 100 % is the number 1 shown as a percentage, not the number 100.
    assert applications[2].value == 1
    assert "%" in applications[2].number_format
    assert applications[1].number_format == "General"
    # The key figures: a share is a percentage too, with the unit in its label.
    summary = {row[0].value: row[1] for row in workbook.worksheets[0].iter_rows() if len(row) > 1}
    homework = summary["Homework done (%)"]
    assert isinstance(homework.value, float) and 0 <= homework.value <= 1
    assert "%" in homework.number_format
    # The CSV says the unit in its column name as well.
    streamed = logged_in_client(coordinator).get(
        reverse("reports:export", args=[programme.slug, "csv"])
    )
    raw = b"".join(streamed.streaming_content).decode("utf-8-sig")
    assert ";Share of the applications (%);100.0\r\n" in raw


def test_a_share_column_names_its_unit_even_when_every_figure_is_suppressed(
    coordinator: User,
) -> None:
    from openpyxl import load_workbook

    programme = ProgrammeFactory(slug="few", coordinators=[coordinator])
    with_results(programme, pairs=1)  # below the minimum of three respondents
    response = logged_in_client(coordinator).get(
        reverse("reports:export", args=[programme.slug, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    headers = {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.font is not None and cell.font.b and isinstance(cell.value, str)
    }
    assert "Much (4–5), share (%)" in headers
    assert "Much (4–5), share" not in headers
