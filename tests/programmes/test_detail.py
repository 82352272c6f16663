"""The coordinator's programme page: phases, settings, counts, links."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import application_counts
from tests.conftest import logged_in_client
from tests.programmes.helpers import participate, set_period, set_phase, set_window

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def detail(programme: Programme) -> str:
    return reverse("programmes:detail", kwargs={"slug": programme.slug})


def test_the_phase_indicator_is_an_ordered_list_with_the_current_step(
    coordinator: User, programme: Programme
) -> None:
    set_phase(programme, "establishing")
    page = logged_in_client(coordinator).get(detail(programme)).content.decode()
    steps = re.search(r'<ol class="phase-steps">(.*?)</ol>', page, re.S)
    assert steps is not None
    items = re.findall(r"<li[^>]*>.*?</li>", steps.group(1), re.S)
    assert len(items) == 5
    assert [("aria-current" in item) for item in items] == [False, False, True, False, False]
    assert "Etablering af relationerne" in items[2] and "(nuværende fase)" in items[2]
    assert "(gennemført)" in items[0] and "(ikke begyndt)" in items[4]
    assert 'name="to_phase" value="learning"' in page
    assert "Ordningens periode er ikke begyndt endnu." in page  # what blocks the next step


def test_settings_recommendation_window_period_and_coordinators_are_shown(
    coordinator: User, programme: Programme
) -> None:
    set_window(
        programme,
        opens=datetime(2030, 1, 6, 9, 0, tzinfo=CPH),
        closes=datetime(2030, 2, 1, 12, 0, tzinfo=CPH),
    )
    set_period(programme, starts=date(2030, 3, 1), ends=date(2030, 4, 30))
    page = logged_in_client(coordinator).get(detail(programme)).content.decode()
    assert "Mindst 5 møder à 90–120 minutter over 6–8 måneder" in page
    assert "6. januar 2030" in page and "1. februar 2030" in page
    assert "1. marts 2030" in page and "30. april 2030" in page
    assert "Perioden er kortere end de 6 måneder, ordningen anbefaler." in page
    assert "Karen Koordinator" in page
    assert "Åben på tværs af organisationer" in page
    assert "1 mentee, medmindre mentor angiver andet" in page
    assert reverse("programmes:edit", kwargs={"slug": programme.slug}) in page
    assert reverse("programmes:audit_log", kwargs={"slug": programme.slug}) in page
    try:
        participants = reverse("participants:list", kwargs={"slug": programme.slug})
    except NoReverseMatch:  # the participants app is not there yet
        participants = None
    if participants is not None:
        assert participants in page
    # In the decision phase there is no public page to link to yet.
    assert reverse("programmes:public", kwargs={"slug": programme.slug}) not in page
    set_phase(programme, "preparation")
    page = logged_in_client(coordinator).get(detail(programme)).content.decode()
    assert reverse("programmes:public", kwargs={"slug": programme.slug}) in page


def test_the_page_in_english(coordinator: User, programme: Programme) -> None:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    page = logged_in_client(coordinator).get(detail(programme)).content.decode()
    assert "At least 5 meetings of 90–120 minutes over 6–8 months" in page
    assert "Move to “Preparation”" in page
    assert "Set the application window (when applications open and close)." in page


def test_application_counts_by_role_and_status(coordinator: User, programme: Programme) -> None:
    for _ in range(3):
        participate(programme, "mentee", "submitted")
    participate(programme, "mentee", "accepted")
    participate(programme, "mentor", "accepted")
    participate(programme, "mentor", "declined")
    counts = application_counts(programme=programme)
    assert counts.get("mentee", "submitted") == 3
    assert counts.get("mentee", "accepted") == 1
    assert counts.get("mentor", "declined") == 1
    assert counts.get("mentor", "submitted") == 0
    assert counts.total == 6
    assert {row.role: row.total for row in counts.rows} == {"mentee": 4, "mentor": 2}
    page = logged_in_client(coordinator).get(detail(programme)).content.decode()
    table = re.search(r'<table class="counts-table">(.*?)</table>', page, re.S)
    assert table is not None
    mentee_row = re.search(r"<tr>\s*<th scope=\"row\">Mentee</th>(.*?)</tr>", table.group(1), re.S)
    assert mentee_row is not None
    cells = re.findall(r"<td>(\d+)</td>", mentee_row.group(1))
    # draft, submitted, accepted, wait-listed, declined, withdrawn, total
    assert cells == ["0", "3", "1", "0", "0", "0", "4"]


def test_no_applications_yet(coordinator: User, programme: Programme) -> None:
    page = logged_in_client(coordinator).get(detail(programme)).content.decode()
    assert "Ingen ansøgninger endnu." in page


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("phase", ["decision", "preparation", "establishing"])
def test_query_count_does_not_grow_with_participations(
    coordinator: User, programme: Programme, phase: str
) -> None:
    set_phase(programme, phase)
    client = logged_in_client(coordinator)
    participate(programme, "mentee", "submitted")
    one = _queries(client, detail(programme))
    for status in ("draft", "submitted", "accepted", "waitlisted", "declined", "withdrawn"):
        for role in ("mentee", "mentor"):
            for _ in range(5):
                participate(programme, role, status)
    many = _queries(client, detail(programme))
    assert one == many


def test_programme_list_links_to_create(coordinator: User, programme: Programme) -> None:
    page = logged_in_client(coordinator).get(reverse("programmes:list")).content.decode()
    assert reverse("programmes:create") in page
    assert "Beslutning" in page  # the phase of each programme
