"""The evaluations say "mentorskab", the flyer's word for the relationship
(DANSK HR's flyer says "Mentorskab", "mentorskabet"), never "mentorforløb": in the app's
Danish catalogue, in the default questions of the three surveys, and on the
survey page. Questionnaires created before keep the texts they stored (the
coordinator may have reworded them): ``questionnaires_ensure`` changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from mentoring.evaluations.defaults import (
    final_questions,
    follow_up_questions,
    midway_questions,
    questionnaires_ensure,
)
from mentoring.evaluations.enums import QuestionCode, SurveyKind
from mentoring.evaluations.models import Question
from tests.common.test_formats import visible_text
from tests.conftest import logged_in_client
from tests.evaluations.helpers import invited, make_pair, questionnaire

CATALOGUE = (
    Path(__file__).resolve().parents[2]
    / "src/mentoring/evaluations/locale/da/LC_MESSAGES/django.po"
)
OTHER_WORD = re.compile(r"mentorforløb", re.I)
OUR_WORD = re.compile(r"mentorskab", re.I)


def test_the_catalogue_says_mentorskab() -> None:
    entries = [e for e in polib.pofile(str(CATALOGUE)) if e.translated() and not e.obsolete]
    texts = [e.msgstr or " ".join(e.msgstr_plural.values()) for e in entries]
    assert not [t for t in texts if OTHER_WORD.search(t)]
    assert len([t for t in texts if OUR_WORD.search(t)]) >= 8
    by_id = {(e.msgctxt, e.msgid): e.msgstr for e in entries}
    assert by_id[("evaluations", "Your mentorship with %(name)s")] == "Dit mentorskab med %(name)s"
    assert by_id[("evaluations", "mentorship")] == "mentorskab"


def test_the_default_questions_say_mentorskab() -> None:
    questions = [*midway_questions(), *final_questions(), *follow_up_questions()]
    texts = [q.text_da + " " + q.help_da for q in questions]
    assert not [t for t in texts if OTHER_WORD.search(t)]
    overall = next(q for q in final_questions() if "Alt i alt" in q.text_da)
    assert overall.text_da == "Alt i alt: Hvor tilfreds er du med mentorskabet?"
    assert sum(1 for t in texts if OUR_WORD.search(t)) >= 10


@pytest.mark.django_db
def test_the_survey_page_says_mentorskab_and_stored_texts_stay(programme) -> None:
    pair = make_pair(programme, language="da")
    survey = questionnaire(programme, SurveyKind.FINAL)
    stored = Question.objects.get(questionnaire=survey, code=QuestionCode.SATISFACTION)
    # A questionnaire made before this wording (or reworded by the coordinator)
    # keeps its text: ensuring the defaults again changes nothing.
    Question.objects.filter(pk=stored.pk).update(
        text_da="Alt i alt: Hvor tilfreds er du med mentorforløbet?"
    )
    questionnaires_ensure(programme)
    stored.refresh_from_db()
    assert stored.text_da == "Alt i alt: Hvor tilfreds er du med mentorforløbet?"

    invited(pair)  # the midway check-in, with today's default texts
    response = logged_in_client(pair.mentee.user).get(
        reverse("evaluations:respond", args=[pair.pk, "midway"])
    )
    text = visible_text(response.content.decode())
    assert "Dit mentorskab med Mads Madsen" in text
    assert "mentorskabet indtil nu" in text
    assert not OTHER_WORD.search(text)
