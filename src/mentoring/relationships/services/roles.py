"""Writes of the "Mentor's Many Roles" exercise: each side's answers, and the
roles the pair agrees on. Keyword-only, typed, atomic; side effects listed.

Each side answers once (``RolesExerciseAnswer``, one per side: a database
constraint); neither sees the other's answers until both exist (the views
see to that). Then either side records the roles the two agree on, on the
mentorship. Only while the mentorship is accepted: after it ended early its
pages stay readable, and every write here is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import (
    ROLE_COMMENT_MAX,
    ROLE_RATING_MAX,
    ROLE_RATING_MIN,
    MentorshipStatus,
    Side,
)
from mentoring.relationships.models import Mentorship, RolesExerciseAnswer
from mentoring.relationships.progress import ordered_roles
from mentoring.relationships.services.mentorship import MentorshipError


class RolesError(MentorshipError):
    """The roles exercise refused the change; ``message`` is for the user."""


class RolesAlreadySubmitted(RolesError):
    pass


class RolesConflict(RolesError):
    """The other side recorded the agreed roles while this side was editing."""


def _locked(mentorship: Mentorship) -> Mentorship:
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("programme", "mentee__user", "mentor__user")
        .get(pk=mentorship.pk)
    )


def _check_open(mentorship: Mentorship) -> None:
    if mentorship.status != MentorshipStatus.ACCEPTED:
        raise RolesError(
            _("This mentorship has ended. Its pages can still be read, but not changed.")
        )


def _clean_ratings(ratings: Mapping[str, Any]) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for code in MentorRole.values:
        value = ratings.get(code)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not ROLE_RATING_MIN <= value <= ROLE_RATING_MAX
        ):
            raise RolesError(_("Please rate each of the ten roles."))
        cleaned[code] = value
    return cleaned


def _clean_comments(comments: Mapping[str, Any]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for code in MentorRole.values:
        text = str(comments.get(code) or "").strip()
        if len(text) > ROLE_COMMENT_MAX:
            raise RolesError(
                _("A comment can be at most %(max)d characters long.") % {"max": ROLE_COMMENT_MAX}
            )
        if text:
            cleaned[code] = text
    return cleaned


def _mail_roles_submitted(*, mentorship: Mentorship, side: Side, both: bool) -> None:
    """Tell the other side that ``side`` has answered; when both have, tell both."""
    responder = mentorship.mentee if side == Side.MENTEE else mentorship.mentor
    other = mentorship.mentor if side == Side.MENTEE else mentorship.mentee
    recipients = [other, responder] if both else [other]
    for participation in recipients:
        mail_queue(
            key=f"roles-{'both' if both else 'submitted'}:{mentorship.pk}:{participation.pk}",
            template="roles_submitted",
            recipient=participation.user,
            context={
                "mentorship": mentorship,
                "programme": mentorship.programme,
                "responder": responder.user,
                "is_responder": participation.pk == responder.pk,
                "both": both,
            },
        )


@transaction.atomic
def roles_answer_submit(
    *,
    mentorship: Mentorship,
    side: Side,
    ratings: Mapping[str, Any],
    comments: Mapping[str, Any],
    by: Any,
) -> RolesExerciseAnswer:
    """``side`` of ``mentorship`` submits their answers to the roles
    exercise: a rating (``ROLE_RATING_MIN``-``ROLE_RATING_MAX``) for each of
    the ten roles and an optional comment per role (at most
    ``ROLE_COMMENT_MAX`` characters; empty ones are dropped). Once only.

    Raises RolesAlreadySubmitted when the side has answered before (also
    when two submissions race: the database keeps one per side),
    RolesError when the mentorship is not accepted (e.g. ended early) or an
    answer is missing or out of range. Side effects: one RolesExerciseAnswer;
    audit entry ``roles.submitted`` (the side only); an e-mail to the other
    side that the answers are in, or, when both have answered now, an e-mail
    to both.
    """
    mentorship = _locked(mentorship)
    _check_open(mentorship)
    side = Side(side)
    clean_ratings = _clean_ratings(ratings)
    clean_comments = _clean_comments(comments)
    try:
        with transaction.atomic():
            answer = RolesExerciseAnswer.objects.create(
                mentorship=mentorship,
                side=side,
                ratings=clean_ratings,
                comments=clean_comments,
                submitted_at=timezone.now(),
            )
    except IntegrityError as error:
        # The side has answered before: the database keeps one answer per side
        # (this also settles two submissions racing each other).
        raise RolesAlreadySubmitted(
            _("You have already sent your answers to the roles exercise. They cannot be changed.")
        ) from error
    log_action(
        actor=by,
        action="roles.submitted",
        obj=mentorship,
        programme=mentorship.programme,
        data={"side": str(side)},
    )
    both = mentorship.roles_answers.count() == 2
    _mail_roles_submitted(mentorship=mentorship, side=side, both=both)
    return answer


@transaction.atomic
def roles_agree(
    *,
    mentorship: Mentorship,
    roles: list[str],
    by: Any,
    expected_agreed_at: datetime | None,
) -> Mentorship:
    """Record the roles the pair agrees on (MentorRole codes, stored in the
    method's order) and when. Either side may record them, and change them
    later; ``expected_agreed_at`` is the ``roles_agreed_at`` the person saw
    when they opened the form, so a change by the other side in between is
    never silently overwritten.

    Raises RolesError when the mentorship is not accepted, not both sides
    have answered the exercise, or no (known) role is chosen; RolesConflict
    when the agreed roles changed since ``expected_agreed_at``. Side effects:
    ``Mentorship.agreed_roles`` and ``roles_agreed_at``; audit entry
    ``roles.agreed`` (the role codes only). No e-mail.
    """
    mentorship = _locked(mentorship)
    _check_open(mentorship)
    if mentorship.roles_answers.count() < 2:
        raise RolesError(
            _("You can agree on the roles when both of you have answered the roles exercise.")
        )
    codes = ordered_roles(roles)
    if not codes:
        raise RolesError(_("Choose at least one role you agree on."))
    if mentorship.roles_agreed_at != expected_agreed_at:
        raise RolesConflict(
            _(
                "The agreed roles were changed while you were choosing. Look at the roles "
                "recorded now, and save again if you want to change them."
            )
        )
    mentorship.agreed_roles = codes
    mentorship.roles_agreed_at = timezone.now()
    mentorship.save(update_fields=["agreed_roles", "roles_agreed_at"])
    log_action(
        actor=by,
        action="roles.agreed",
        obj=mentorship,
        programme=mentorship.programme,
        data={"roles": ",".join(codes)},
    )
    return mentorship
