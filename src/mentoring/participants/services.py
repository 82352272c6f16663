"""Writes for applications and participations. Keyword-only, typed, atomic;
side effects listed in each docstring.

An application's life (``ApplicationStatus``): the applicant saves drafts and
submits while the programme's application window is open, and may edit or
withdraw; only a coordinator decides (accept, wait-list, decline). Every
change of status goes through ``_set_status``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.accounts.services import user_update_profile
from mentoring.common.audit import log_action
from mentoring.common.errors import ServiceError
from mentoring.common.limits import length_error, list_error
from mentoring.common.mail import mail_queue
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.participants.readiness import MAX_GOALS, apply_readiness
from mentoring.participants.rules import APPLICANT_EDITABLE, APPLICANT_WITHDRAWABLE
from mentoring.participants.signals import application_decided
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme

#: Answers both roles give.
COMMON_FIELDS: tuple[str, ...] = (
    "organisation",
    "job_title",
    "industry",
    "region",
    "years_of_experience",
    "languages",
    "meeting_format",
    "availability",
    "motivation",
    "commits_to_meetings",
    "note_to_coordinator",
    "consent_contact_after",
)
MENTEE_FIELDS: tuple[str, ...] = (
    "change_situation",
    "change_description",
    "goals",
    "benefit_wishes",
    "role_wishes",
    "commits_to_homework",
)
MENTOR_FIELDS: tuple[str, ...] = (
    "expertise",
    "expertise_tags",
    "industries",
    "change_situations_lived",
    "role_comfort",
    "capacity",
    "commits_to_presence",
)
#: The answers an applicant may write, per role. Nothing else is ever taken
#: from the applicant's data (status, readiness and decisions are not).
APPLICANT_FIELDS: dict[str, tuple[str, ...]] = {
    Role.MENTEE: COMMON_FIELDS + MENTEE_FIELDS,
    Role.MENTOR: COMMON_FIELDS + MENTOR_FIELDS,
}

#: What must be answered before an application can be sent. The commitments
#: are deliberately not here: an unticked commitment is flagged by the
#: readiness screening for the coordinator, it does not block sending.
REQUIRED_TO_SUBMIT: dict[str, tuple[str, ...]] = {
    Role.MENTEE: (
        "organisation",
        "job_title",
        "industry",
        "years_of_experience",
        "region",
        "languages",
        "meeting_format",
        "motivation",
        "change_situation",
        "change_description",
        "goals",
        "benefit_wishes",
        "role_wishes",
    ),
    Role.MENTOR: (
        "organisation",
        "job_title",
        "industries",
        "years_of_experience",
        "region",
        "languages",
        "meeting_format",
        "motivation",
        "expertise",
        "role_comfort",
        "capacity",
    ),
}

#: The coordinator's decisions, and the statuses they may be taken from.
DECISIONS = frozenset(
    {ApplicationStatus.ACCEPTED, ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED}
)
DECIDABLE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED})
#: Decisions that must be explained to the applicant.
REASON_REQUIRED = frozenset({ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED})

#: The one transition table of the application state machine.
TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.DRAFT: frozenset(
        {ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.SUBMITTED: frozenset(
        {
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.WITHDRAWN,
            *DECISIONS,
        }
    ),
    ApplicationStatus.WAITLISTED: frozenset(
        {ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.ACCEPTED: frozenset({ApplicationStatus.WITHDRAWN}),
    ApplicationStatus.DECLINED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset({ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED}),
}


class ApplicationError(ServiceError):
    """A business rule stopped the change; ``message`` is for the user."""


class ApplicationWindowClosed(ApplicationError):
    pass


class ApplicationLocked(ApplicationError):
    pass


class StaleApplication(ApplicationError):
    """Someone saved the application after the form was opened."""


class InvalidTransition(ApplicationError):
    pass


def closed_message(programme: Programme) -> str:
    return _(
        "Applications to %(programme)s are not open now, so nothing was saved. "
        "Applications can only be written and changed while the application window is open."
    ) % {"programme": programme.name}


def _stale_message() -> str:
    return _(
        "This application was changed after you opened it (perhaps by you in another "
        "window), so your changes were not saved. Open the application again to see the "
        "latest version, then make your changes once more."
    )


def locked_message(participation: Participation) -> str:
    return _(
        "Your application has been decided (“%(status)s”), so it can no longer be "
        "changed. Contact the coordinator if something has changed."
    ) % {"status": ApplicationStatus(participation.status).label}


def _set_status(participation: Participation, status: str) -> list[str]:
    """Move ``participation`` to ``status`` (not saved). Raises InvalidTransition.

    Returns the names of the fields it changed.
    """
    if status not in TRANSITIONS.get(participation.status, frozenset()):
        raise InvalidTransition(
            _("An application that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": ApplicationStatus(participation.status).label,
                "new": ApplicationStatus(status).label,
            }
        )
    changed = ["status"]
    if status == ApplicationStatus.SUBMITTED and participation.status != status:
        participation.submitted_at = timezone.now()
        changed.append("submitted_at")
    elif status == ApplicationStatus.DRAFT:
        participation.submitted_at = None
        changed.append("submitted_at")
    participation.status = status
    return changed


def participations_withdraw(*, participations: QuerySet[Participation]) -> int:
    """Withdraw, in one statement, every participation of ``participations``
    whose status may become "withdrawn" by ``TRANSITIONS`` (the others stay as
    they are): a step of a larger operation such as an erasure, which audits
    it. Returns how many were withdrawn."""
    may_withdraw = [
        status
        for status, targets in TRANSITIONS.items()
        if ApplicationStatus.WITHDRAWN in targets and status != ApplicationStatus.WITHDRAWN
    ]
    return participations.filter(status__in=may_withdraw).update(status=ApplicationStatus.WITHDRAWN)


def missing_for_submit(participation: Participation) -> list[str]:
    """The names of the answers that must be given before sending."""
    missing = []
    for name in REQUIRED_TO_SUBMIT[participation.role]:
        value = getattr(participation, name)
        if name in ("benefit_wishes", "role_wishes", "role_comfort"):
            codes = BenefitArea.values if name == "benefit_wishes" else MentorRole.values
            complete = isinstance(value, dict) and all(
                isinstance(value.get(code), int) and 0 <= value[code] <= 3 for code in codes
            )
            if not complete:
                missing.append(name)
        elif name == "goals":
            goals = [g for g in (value or []) if str(g).strip()]
            if not 1 <= len(goals) <= MAX_GOALS:
                missing.append(name)
        elif value in (None, "", [], {}):
            missing.append(name)
    return missing


#: Upper limits of the texts (the application forms and the model say the same).
TEXT_LIMITS: dict[str, int] = {
    "organisation": 200,
    "job_title": 200,
    "industry": 100,
    "availability": 1000,
    "motivation": 4000,
    "note_to_coordinator": 2000,
    "change_description": 4000,
    "expertise": 4000,
}
#: The coordinator's reason for a decision (the decision form says the same).
DECISION_REASON_LIMIT = 2000
#: Lists of short texts: (most items, longest item).
LIST_LIMITS: dict[str, tuple[int, int]] = {
    "goals": (MAX_GOALS, 300),
    "expertise_tags": (20, 100),
    "industries": (10, 100),
}


def _length_errors(participation: Participation) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, limit in TEXT_LIMITS.items():
        message = length_error(getattr(participation, name), limit)
        if message:
            errors[name] = message
    for name, (max_items, max_length) in LIST_LIMITS.items():
        message = list_error(
            getattr(participation, name), max_items=max_items, max_item_length=max_length
        )
        if message:
            errors[name] = message
    return errors


def _validate_answers(participation: Participation) -> None:
    """Format rules that hold for drafts as well (the forms check them first)."""
    errors: dict[str, str] = _length_errors(participation)
    if len(participation.goals or []) > MAX_GOALS:
        errors["goals"] = _("Give at most five goals.")
    capacity = participation.capacity
    if participation.role == Role.MENTOR and capacity is not None and not 1 <= capacity <= 3:
        errors["capacity"] = _("A mentor can take 1, 2 or 3 mentees.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def application_save(
    *,
    data: Mapping[str, Any],
    submit: bool,
    expected_version: int | None,
    participation: Participation | None = None,
    programme: Programme | None = None,
    user: User | None = None,
    role: str | None = None,
    full_name: str | None = None,
) -> Participation:
    """Save the applicant's answers as a draft, or submit them.

    ``full_name`` names an account that has no name yet (the form asks for it
    then); an application is never sent without the applicant's name.

    Pass the existing ``participation``, or ``programme``, ``user`` and ``role``
    (the one row for that programme, person and role is created or edited:
    never a second one). ``expected_version`` is the version the applicant's
    form was opened with (None for a new application); a different stored
    version raises StaleApplication and nothing is saved.

    Raises ApplicationWindowClosed outside the programme's window,
    ApplicationLocked once a coordinator has decided, ValidationError when a
    submitted application lacks a required answer.

    Side effects: the row is created or updated (status draft or submitted,
    ``submitted_at`` on the first submission, version + 1, readiness
    re-assessed); audit entry ``application.draft_saved`` or
    ``application.submitted`` (role and version, never the answers).
    """
    if participation is not None:
        programme, user, role = participation.programme, participation.user, participation.role
    if programme is None or user is None or role not in APPLICANT_FIELDS:
        raise ValueError("application_save needs a participation, or programme, user and role")
    unknown = set(data) - set(APPLICANT_FIELDS[role])
    if unknown:
        raise ValueError(f"Not an applicant's answer for a {role}: {sorted(unknown)}")
    if not programme.applications_open():
        raise ApplicationWindowClosed(closed_message(programme))

    current = (
        Participation.objects.select_for_update()
        .filter(programme=programme, user=user, role=role)
        .first()
    )
    if current is None:
        if expected_version is not None:
            raise StaleApplication(_stale_message())
        current = Participation(programme=programme, user=user, role=role, version=0)
    else:
        if current.status not in APPLICANT_EDITABLE:
            raise ApplicationLocked(locked_message(current))
        if expected_version != current.version:
            raise StaleApplication(_stale_message())

    for name, value in data.items():
        setattr(current, name, value)
    _validate_answers(current)
    name = " ".join((full_name or "").split())
    if submit:
        missing = missing_for_submit(current)
        if missing:
            raise ValidationError(
                dict.fromkeys(missing, _("This answer is needed to send the application."))
            )
        if not (user.full_name.strip() or name):
            raise ValidationError(
                {"full_name": _("Give your name: the coordinator and your mentor need it.")}
            )
    if name and not user.full_name.strip():
        user_update_profile(user=user, full_name=name, language=user.language)
    changed = list(data)
    changed += _set_status(
        current, ApplicationStatus.SUBMITTED if submit else ApplicationStatus.DRAFT
    )
    changed += apply_readiness(current)
    current.version += 1
    changed += ["version", "updated_at"]

    if current.pk is None:
        try:
            with transaction.atomic():
                current.save(force_insert=True)
        except IntegrityError as exc:
            # Another request created the row at the same moment.
            raise StaleApplication(_stale_message()) from exc
    else:
        current.save(update_fields=sorted(set(changed)))

    log_action(
        actor=user,
        action="application.submitted" if submit else "application.draft_saved",
        obj=current,
        programme=programme,
        data={"role": role, "version": current.version},
    )
    return current


@transaction.atomic
def application_decide(
    *,
    participation: Participation,
    decision: str,
    reason: str,
    by: User,
    expected_version: int | None = None,
) -> Participation:
    """The coordinator accepts, wait-lists or declines a submitted application.

    A reason is required to wait-list or decline; it is sent to the applicant.
    ``expected_version`` (the version the coordinator reviewed) guards against
    deciding on answers that changed meanwhile (StaleApplication).

    Side effects: status, ``decided_at``, ``decided_by``, ``decision_reason``,
    version + 1; audit entry ``application.decided`` (status, never the
    reason's text); an e-mail to the applicant in their language, once per
    decision and version (key ``application-decided:{id}:{status}:{version}``).
    """
    if decision not in DECISIONS:
        raise ValueError(f"Not a decision: {decision!r}")
    reason = reason.strip()
    if decision in REASON_REQUIRED and not reason:
        raise ValidationError(
            {"reason": _("Give a reason: the applicant is told why in the e-mail.")}
        )
    if length_error(reason, DECISION_REASON_LIMIT):
        raise ValidationError({"reason": length_error(reason, DECISION_REASON_LIMIT)})
    current = Participation.objects.select_for_update().select_related("user", "programme")
    participation = current.get(pk=participation.pk)
    if expected_version is not None and expected_version != participation.version:
        raise StaleApplication(
            _("The application was changed after you opened it. Read it again before you decide.")
        )
    if participation.status not in DECIDABLE or decision == participation.status:
        raise InvalidTransition(
            _("An application that is “%(status)s” cannot be decided now.")
            % {"status": ApplicationStatus(participation.status).label}
        )
    old_status = participation.status
    changed = _set_status(participation, decision)
    participation.decided_at = timezone.now()
    participation.decided_by = by
    participation.decision_reason = reason
    participation.version += 1
    changed += ["decided_at", "decided_by", "decision_reason", "version", "updated_at"]
    participation.save(update_fields=changed)

    log_action(
        actor=by,
        action="application.decided",
        obj=participation,
        programme=participation.programme,
        data={"status": decision, "role": participation.role, "version": participation.version},
    )
    mail_queue(
        key=f"application-decided:{participation.pk}:{decision}:{participation.version}",
        template="application_decided",
        recipient=participation.user,
        context={
            "participation": participation,
            "programme": participation.programme,
            "status": decision,
            "role": participation.role,
            "reason": reason,
        },
    )
    application_decided.send(
        sender=Participation, participation=participation, old=old_status, new=decision, by=by
    )
    return participation


@transaction.atomic
def application_withdraw(*, participation: Participation, by: User) -> Participation:
    """The applicant withdraws their application (at any time, also after
    acceptance). Only the applicant may do this.

    Side effects: status withdrawn, version + 1; audit ``application.withdrawn``.
    """
    participation = (
        Participation.objects.select_for_update()
        .select_related("programme")
        .get(pk=participation.pk)
    )
    if by.pk != participation.user_id:
        raise PermissionError("Only the applicant can withdraw an application.")
    if participation.status not in APPLICANT_WITHDRAWABLE:
        raise InvalidTransition(
            _("An application that is “%(status)s” cannot be withdrawn.")
            % {"status": ApplicationStatus(participation.status).label}
        )
    changed = _set_status(participation, ApplicationStatus.WITHDRAWN)
    participation.version += 1
    changed += ["version", "updated_at"]
    participation.save(update_fields=changed)
    log_action(
        actor=by,
        action="application.withdrawn",
        obj=participation,
        programme=participation.programme,
        data={"role": participation.role, "version": participation.version},
    )
    return participation


def application_log_view(*, participation: Participation, by: User) -> None:
    """Record that ``by`` opened an application (who and which; never content).

    Side effects: audit entry ``application.viewed``.
    """
    log_action(
        actor=by,
        action="application.viewed",
        obj=participation,
        programme=participation.programme,
        data={"role": participation.role, "status": participation.status},
    )
