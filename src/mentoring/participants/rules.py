"""Object permissions for applications, checked by the participants views
with ``user.has_perm``:

- ``change_application``: the applicant changes their own application while it
  is not decided (the window is checked by the service);
- ``withdraw_application``: the applicant withdraws it;
- ``decide_application``: coordinators of its programme (and superusers)
  decide a sent application; drafts stay the applicant's own.

These are the only rules of the project; every other object is scoped by a
selector (``*_for_user``, ``*_or_404``). Views do not rely on these alone:
selectors scope every queryset, so someone else's application is a 404.
"""

from __future__ import annotations

from typing import Any

import rules

from mentoring.participants.enums import ApplicationStatus
from mentoring.programmes.selectors import programmes_for_user

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
    """The user may open the participation's programme as a coordinator: the
    same selector as every coordinator page (superusers coordinate all)."""
    return participation is not None and (
        programmes_for_user(user).filter(pk=participation.programme_id).exists()
    )


rules.add_perm("participants.change_application", is_applicant & is_editable_by_applicant)
rules.add_perm("participants.withdraw_application", is_applicant & is_withdrawable)
rules.add_perm("participants.decide_application", is_sent & coordinates_its_programme)
