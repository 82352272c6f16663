"""The project's only ``rules`` permissions (``participants/rules.py``) say the
same as the selectors that scope the pages, for every role of the permission
matrix: a coordinator decides exactly the sent applications of the programmes
``programmes_for_user`` gives them, and an applicant changes and withdraws
exactly their own applications (``applications_for_user``) in the statuses
the rules name. (Django grants every permission to an active superuser before
any rule is asked, so a superuser's ``has_perm`` is always true.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from mentoring.accounts.models import User
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.participants.rules import APPLICANT_EDITABLE, APPLICANT_WITHDRAWABLE
from mentoring.participants.selectors import applications_for_user
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import programmes_for_user
from tests.permission_matrix import ROLES


@pytest.fixture
def people(
    user: User,
    mentee: User,
    mentor: User,
    coordinator: User,
    other_coordinator: User,
    superuser: User,
) -> dict[str, Any]:
    return {
        "anonymous": AnonymousUser(),
        "user": user,
        "mentee": mentee,
        "mentor": mentor,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "superuser": superuser,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", list(ApplicationStatus))
def test_application_rules_agree_with_the_selectors(
    role: str, status: str, people: dict[str, Any], programme: Programme, mentee: User
) -> None:
    person = people[role]
    application = Participation.objects.get(user=mentee, programme=programme)
    Participation.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()

    coordinates = programmes_for_user(person).filter(pk=programme.pk).exists()
    own = applications_for_user(person).filter(pk=application.pk).exists()
    superuser = role == "superuser"

    assert person.has_perm("participants.decide_application", application) == (
        superuser or (coordinates and status != ApplicationStatus.DRAFT)
    )
    assert person.has_perm("participants.change_application", application) == (
        superuser or (own and status in APPLICANT_EDITABLE)
    )
    assert person.has_perm("participants.withdraw_application", application) == (
        superuser or (own and status in APPLICANT_WITHDRAWABLE)
    )
