"""``open_responses_for_user`` (the home page's inbox of surveys to answer) gives
the same invitations as the former ``responses_for_user(user)`` restricted to
``pk IN open_responses()``, and finds them through the respondent's index: the
former ``IN`` over every open invitation in the database made SQLite scan the
whole table on each mentee's and mentor's home page (issue 19)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from mentoring.evaluations.enums import SurveyKind
from mentoring.evaluations.models import Response
from mentoring.evaluations.selectors import (
    open_responses,
    open_responses_for_user,
    responses_for_user,
)
from tests.evaluations.helpers import invited
from tests.factories import UserFactory
from tests.query_plans import query_plan
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db


def _pair(programme, n: int):
    mentee = accepted_mentee(programme, name=f"Mentee{n} Hansen", email=f"mentee{n}@example.org")
    mentor = accepted_mentor(
        programme, name=f"Mentor{n} Jensen", email=f"mentor{n}@example.org", organisation="Novo"
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def _former(user, now):
    return list(responses_for_user(user).filter(pk__in=open_responses(now=now).values("pk")))


def test_same_invitations_as_the_former_query(programme) -> None:
    now = timezone.now()
    pairs = [_pair(programme, n) for n in range(3)]
    for pair in pairs:
        invited(pair, SurveyKind.MIDWAY)
        invited(pair, SurveyKind.FINAL)
    mentee = pairs[0].mentee.user
    # One answered, one past its deadline: neither is open any more.
    answered, past = Response.objects.filter(respondent__user=mentee)[:2]
    Response.objects.filter(pk=answered.pk).update(submitted_at=now)
    Response.objects.filter(pk=past.pk).update(closes_at=now - timedelta(minutes=1))
    for user in [mentee, pairs[1].mentor.user, pairs[2].mentee.user, UserFactory()]:
        assert list(open_responses_for_user(user, now=now)) == _former(user, now)
    assert open_responses_for_user(mentee, now=now).count() == 0
    assert open_responses_for_user(pairs[1].mentor.user, now=now).count() == 2


def test_the_query_does_not_read_every_open_invitation(programme) -> None:
    pair = _pair(programme, 1)
    invited(pair, SurveyKind.MIDWAY)
    plan = query_plan(open_responses_for_user(pair.mentee.user))
    if connection.vendor == "sqlite":
        # The former query's subquery showed as "SCAN U0" (every invitation).
        assert "SCAN" not in plan, plan
        assert "evaluations_response_respondent_id" in plan, plan
    else:
        assert "Seq Scan" not in plan, plan
