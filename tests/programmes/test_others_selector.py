"""``coordinated_programme_and_others_or_404`` (the results dashboard's guard and
its "compare with" list in one query): the programme as the guard finds it, the
user's other programmes newest first and at most ``others`` of them, 404 for
anybody else's programme."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import coordinated_programme_and_others_or_404
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_the_programme_and_the_users_other_programmes_newest_first(
    programme, other_programme, coordinator, other_coordinator, superuser
) -> None:
    now = timezone.now()
    mine = [ProgrammeFactory(slug=f"mine-{n}", coordinators=[coordinator]) for n in range(3)]
    for age, item in enumerate([programme, *mine]):
        Programme.objects.filter(pk=item.pk).update(created_at=now - timedelta(days=age))
    with CaptureQueriesContext(connection) as queries:
        found, others = coordinated_programme_and_others_or_404(user=coordinator, slug=mine[1].slug)
    assert len(queries) == 1
    assert found == mine[1]
    assert [p.slug for p in others] == ["programme-a", "mine-0", "mine-2"]
    # Limited to the newest ``others``, and the programme itself is always found.
    found, others = coordinated_programme_and_others_or_404(
        user=coordinator, slug=mine[2].slug, others=1
    )
    assert found == mine[2] and [p.slug for p in others] == ["programme-a"]
    # Another coordinator's programme: 404, and never in the list.
    with pytest.raises(Http404):
        coordinated_programme_and_others_or_404(user=coordinator, slug=other_programme.slug)
    found, others = coordinated_programme_and_others_or_404(
        user=other_coordinator, slug=other_programme.slug
    )
    assert found == other_programme and others == []
    # A superuser: every programme.
    found, others = coordinated_programme_and_others_or_404(user=superuser, slug=programme.slug)
    assert found == programme and len(others) == 4
