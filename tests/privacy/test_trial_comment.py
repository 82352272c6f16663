"""The private comment written when ending at the trial gate is the writer's
own data: it is in their export and goes with their erasure."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.common.models import OutboxMessage
from mentoring.privacy.services import erase_person
from mentoring.relationships.enums import Side, TrialAnswer
from mentoring.relationships.models import TrialResponse
from mentoring.relationships.services.trial import first_meeting_mark_held, trial_answer
from tests.conftest import logged_in_client
from tests.privacy.helpers import assert_absent, database_texts
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

COMMENT = "Vi har KOMMENTARX42 forskellige forventninger til møderne."


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _ended_pair(programme):  # type: ignore[no-untyped-def]
    mentee = accepted_mentee(programme, name="Anna Andersen")
    mentor = accepted_mentor(programme, name="Mads Madsen", organisation="Novo")
    pair = accepted_pair(programme, mentee=mentee, mentor=mentor)
    first_meeting_mark_held(mentorship=pair, by=mentee.user, held_on=timezone.localdate())
    trial_answer(mentorship=pair, by=mentee.user, answer=TrialAnswer.NOT_A_FIT, comment=COMMENT)
    return pair


def _export(user) -> str:  # type: ignore[no-untyped-def]
    response = logged_in_client(user).post(reverse("privacy:export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    return json.dumps(data, ensure_ascii=False) + archive.read("summary.html").decode()


def test_the_trial_comment_is_in_the_writers_export_only(programme, coordinator) -> None:
    pair = _ended_pair(programme)
    response = TrialResponse.objects.get(mentorship=pair, side=Side.MENTEE)
    assert response.comment == COMMENT
    assert "KOMMENTARX42" in _export(pair.mentee.user)
    assert "KOMMENTARX42" not in _export(pair.mentor.user)


def test_erasure_removes_the_trial_comment_also_from_the_coordinators_mail(
    programme, coordinator
) -> None:
    pair = _ended_pair(programme)
    assert OutboxMessage.objects.filter(body_text__contains="KOMMENTARX42").exists()
    programme.coordinators.add(coordinator)
    erase_person(user=pair.mentee.user, by=coordinator)
    assert_absent(database_texts(), ["KOMMENTARX42"])
    assert TrialResponse.objects.filter(mentorship=pair, side=Side.MENTEE).exists()
