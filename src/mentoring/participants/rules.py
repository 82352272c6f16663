"""Object permissions for applications and participations.

- The applicant reads their own application and changes it while it is not
  decided (the window is checked by the service); they may withdraw it.
- Coordinators of its programme (and superusers) read a sent application and
  decide it; drafts stay the applicant's own.
- Mentee and mentor are people with an ACCEPTED participation in a programme
  (``is_mentee_in`` / ``is_mentor_in``, the programme as the object).

Views do not rely on these alone: selectors scope every queryset, so someone
else's application is a 404.
"""

from __future__ import annotations

from typing import Any

import rules

from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.programmes.rules import is_programme_coordinator

#: Statuses in which the applicant may still change the answers (not once decided).
APPLICANT_EDITABLE = frozenset(
    {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}
)
#: Statuses from which the applicant may withdraw.
APPLICANT_WITHDRAWABLE = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.ACCEPTED,
    }
)


@rules.predicate
def is_applicant(user: Any, participation: Any) -> bool:
    return bool(
        participation is not None and user.is_authenticated and participation.user_id == user.pk
    )


@rules.predicate
def is_sent(user: Any, participation: Any) -> bool:
    return participation is not None and participation.status != ApplicationStatus.DRAFT


@rules.predicate
def is_editable_by_applicant(user: Any, participation: Any) -> bool:
    return participation is not None and participation.status in APPLICANT_EDITABLE


@rules.predicate
def is_withdrawable(user: Any, participation: Any) -> bool:
    return participation is not None and participation.status in APPLICANT_WITHDRAWABLE


@rules.predicate
def coordinates_its_programme(user: Any, participation: Any) -> bool:
    return participation is not None and bool(
        is_programme_coordinator(user, participation.programme)
    )


def _accepted_in(user: Any, programme: Any, role: str) -> bool:
    if programme is None or not user.is_authenticated:
        return False
    return bool(
        programme.participations.filter(
            user=user, role=role, status=ApplicationStatus.ACCEPTED
        ).exists()
    )


@rules.predicate
def is_mentee_in(user: Any, programme: Any) -> bool:
    """The user is an accepted mentee of ``programme``."""
    return _accepted_in(user, programme, Role.MENTEE)


@rules.predicate
def is_mentor_in(user: Any, programme: Any) -> bool:
    """The user is an accepted mentor of ``programme``."""
    return _accepted_in(user, programme, Role.MENTOR)


is_superuser = rules.is_superuser
is_coordinator_or_superuser = coordinates_its_programme | is_superuser

rules.add_perm(
    "participants.view_participation",
    is_applicant | (is_sent & is_coordinator_or_superuser),
)
rules.add_perm("participants.change_application", is_applicant & is_editable_by_applicant)
rules.add_perm("participants.withdraw_application", is_applicant & is_withdrawable)
rules.add_perm("participants.decide_application", is_sent & is_coordinator_or_superuser)
rules.add_perm("participants.is_mentee", is_mentee_in)
rules.add_perm("participants.is_mentor", is_mentor_in)
