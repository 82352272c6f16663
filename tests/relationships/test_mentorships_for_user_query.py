"""``mentorships_for_user`` finds the user's mentorships through the indexes on
the mentee and mentor columns (issue 19: the OR over two joins scanned every
mentorship in the database on each home page), with the same result as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import mentorships_for_user
from tests.factories import UserFactory
from tests.query_plans import query_plan
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db


def _old(user):
    return Mentorship.objects.filter(Q(mentee__user=user) | Q(mentor__user=user)).order_by(
        "-created_at", "-pk"
    )


def _pair(programme, n: int, *, mentee_user=None, mentor_user=None) -> Mentorship:
    mentee = accepted_mentee(
        programme, name=f"Mentee{n} Hansen", email=f"mentee{n}@example.org", user=mentee_user
    )
    mentor = accepted_mentor(
        programme,
        name=f"Mentor{n} Jensen",
        email=f"mentor{n}@example.org",
        organisation="Novo",
        user=mentor_user,
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def test_same_mentorships_as_the_old_or_filter(programme, other_programme) -> None:
    pairs = [_pair(programme, n) for n in range(4)]
    # One person who is a mentee in one programme and a mentor in another.
    both = UserFactory()
    as_mentee = _pair(programme, 10, mentee_user=both)
    as_mentor = _pair(other_programme, 11, mentor_user=both)
    nobody = UserFactory()
    for user in [both, nobody, pairs[0].mentee.user, pairs[3].mentor.user]:
        assert list(mentorships_for_user(user)) == list(_old(user))
    assert set(mentorships_for_user(both)) == {as_mentee, as_mentor}
    assert list(mentorships_for_user(nobody)) == []


def test_the_query_uses_the_mentee_and_mentor_indexes(programme) -> None:
    user = _pair(programme, 1).mentee.user
    plan = query_plan(mentorships_for_user(user))
    if connection.vendor == "sqlite":
        # No full scan of the mentorships: each side is searched by its index.
        assert "SCAN relationships_mentorship" not in plan, plan
        assert "INDEX" in plan, plan
    else:
        assert "Seq Scan on relationships_mentorship" not in plan, plan
