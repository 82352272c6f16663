"""The minimum number of respondents behind a survey result: a floor no
coordinator can lower (3, or higher where the deployer says so), frozen once
the first answer is in, and obeyed by every aggregate and export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from mentoring.programmes.models import Programme
from mentoring.programmes.services import programme_update
from mentoring.relationships.enums import Side
from mentoring.reports.dashboard import programme_dashboard
from tests.conftest import logged_in_client
from tests.programmes.helpers import form_data
from tests.reports.helpers import answer_final, pair, questionnaires


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _satisfaction(programme: Programme) -> list[str]:
    dashboard = programme_dashboard(programme)
    tables = {t.key: t for s in dashboard.sections for t in s.tables}
    rows = {row.key: [cell.text for cell in row.cells] for row in tables["satisfaction"].rows}
    return rows["all"]


@pytest.mark.parametrize("value", [0, 1, 2])
def test_the_service_refuses_a_threshold_below_three(programme, coordinator, value) -> None:
    with pytest.raises(ValidationError) as error:
        programme_update(programme=programme, by=coordinator, min_respondents=value)
    assert "min_respondents" in error.value.message_dict
    programme.refresh_from_db()
    assert programme.min_respondents == 3


def test_the_edit_form_refuses_one_in_danish(programme, coordinator) -> None:
    client = logged_in_client(coordinator)
    url = reverse("programmes:edit", args=[programme.slug])
    with translation.override("da"):
        response = client.post(url, form_data(min_respondents="1"))
        page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv et tal fra 3 til 20." in page
    programme.refresh_from_db()
    assert programme.min_respondents == 3


@override_settings(MENTORING_MIN_RESPONDENTS_FLOOR=5)
def test_a_deployer_may_raise_the_floor(programme, coordinator) -> None:
    with pytest.raises(ValidationError):
        programme_update(programme=programme, by=coordinator, min_respondents=4)
    programme_update(programme=programme, by=coordinator, min_respondents=6)
    programme.refresh_from_db()
    assert programme.min_respondents == 6


@override_settings(MENTORING_MIN_RESPONDENTS_FLOOR=1)
def test_a_deployer_cannot_lower_the_floor_below_three(programme, coordinator) -> None:
    with pytest.raises(ValidationError):
        programme_update(programme=programme, by=coordinator, min_respondents=2)
    assert programme.effective_min_respondents == 3


def test_the_database_refuses_a_threshold_below_three(programme) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(min_respondents=1)


def test_the_threshold_is_frozen_once_the_first_answer_is_in(programme, coordinator) -> None:
    programme_update(programme=programme, by=coordinator, min_respondents=4)  # still free
    surveys = questionnaires(programme)
    answer_final(surveys, pair(programme), Side.MENTEE)
    for value in (3, 5):
        with pytest.raises(ValidationError) as error:
            programme_update(programme=programme, by=coordinator, min_respondents=value)
        assert "min_respondents" in error.value.message_dict
    programme.refresh_from_db()
    assert programme.min_respondents == 4
    # Other settings can still change.
    programme_update(programme=programme, by=coordinator, inactivity_days=30)
    programme.refresh_from_db()
    assert programme.inactivity_days == 30


def test_the_edit_form_shows_the_frozen_threshold_and_keeps_it(programme, coordinator) -> None:
    surveys = questionnaires(programme)
    answer_final(surveys, pair(programme), Side.MENTEE)
    client = logged_in_client(coordinator)
    url = reverse("programmes:edit", args=[programme.slug])
    with translation.override("da"):
        page = client.get(url).content.decode()
        frozen = translation.gettext(
            "The first answers have come in, so the number can no longer be changed."
        )
    assert frozen in page
    client.post(url, form_data(min_respondents="7"))
    programme.refresh_from_db()
    assert programme.min_respondents == 3


@override_settings(MENTORING_MIN_RESPONDENTS_FLOOR=5)
def test_aggregates_and_exports_use_the_floor_when_it_is_higher(programme, coordinator) -> None:
    surveys = questionnaires(programme)
    for _ in range(4):
        answer_final(surveys, pair(programme), Side.MENTEE, satisfaction=8)
    assert programme.min_respondents == 3 and programme.effective_min_respondents == 5
    assert _satisfaction(programme) == ["fewer than 5 answers"] * 6
    response = logged_in_client(coordinator).get(
        reverse("reports:export", args=[programme.slug, "csv"])
    )
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    # The coordinator reads Danish.
    overall = [r for r in rows if r[1] == "Samlet tilfredshed (0–10)" and r[2] == "Mentees"]
    assert overall and all(r[4] == "færre end 5 svar" for r in overall)
    assert ["Nøgletal", "", "Tilfredshed (0–10)", "", "færre end 5 svar"] in rows
