"""``count_together`` counts several querysets in one query, each exactly as
its own ``count()`` would: filters across joins, ``distinct``, a filter on an
annotation, an empty queryset."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from mentoring.accounts.models import User
from mentoring.common.counting import count_together
from mentoring.programmes.models import Programme
from tests.factories import ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_count_is_the_querysets_own_count_in_one_query() -> None:
    people = [UserFactory(full_name=f"Person {i}") for i in range(5)]
    ProgrammeFactory(coordinators=people[:3])
    ProgrammeFactory(coordinators=people[1:4])
    querysets = {
        "all": User.objects.all(),
        "named_2": User.objects.filter(full_name__contains="2"),
        # Two rows for people[1] and people[2] before distinct.
        "coordinators": User.objects.filter(coordinated_programmes__isnull=False)
        .values("pk")
        .distinct(),
        "joined": User.objects.filter(coordinated_programmes__isnull=False),
        "busy": User.objects.annotate(n=Count("coordinated_programmes")).filter(n__gte=2),
        "none": Programme.objects.filter(pk=-1),
    }
    expected = {name: queryset.count() for name, queryset in querysets.items()}
    assert expected == {
        "all": 5,
        "named_2": 1,
        "coordinators": 4,
        "joined": 6,
        "busy": 2,
        "none": 0,
    }
    with CaptureQueriesContext(connection) as captured:
        counted = count_together(querysets)
    assert counted == expected
    assert len(captured) == 1


def test_nothing_to_count_costs_nothing() -> None:
    with CaptureQueriesContext(connection) as captured:
        assert count_together({}) == {}
    assert len(captured) == 0
