"""Writes for programmes. Keyword-only, typed, atomic; side effects listed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.errors import ServiceError
from mentoring.common.mail import mail_queue
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import PHASE_ORDER, Phase, ProgrammeKind
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import programme_has_survey_answers
from mentoring.programmes.validation import RESERVED_SLUGS, SETTINGS_FIELDS, settings_errors

#: Application statuses that count as "submitted" for the step back to the
#: decision phase: anything an applicant has sent in and not withdrawn.
SUBMITTED_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.DECLINED,
)


class TransitionError(ServiceError):
    """A phase change that the method does not allow. ``reasons`` holds one
    translated sentence per unmet condition; ``reason`` is the first and
    ``message`` all of them."""

    def __init__(self, *reasons: str) -> None:
        self.reasons = [str(reason) for reason in reasons]
        super().__init__(" ".join(self.reasons))

    @property
    def reason(self) -> str:
        return self.reasons[0] if self.reasons else ""


# --- Coordinators ----------------------------------------------------------


@transaction.atomic
def programme_add_coordinator(
    *, programme: Programme, user: User, by: Any, notify: bool = True
) -> bool:
    """Make ``user`` a coordinator of ``programme``.

    Side effects: audit entry ``programme.coordinator_added``; unless
    ``notify`` is False, an e-mail to the new coordinator in their language
    (once per programme and person), telling them that two-factor
    authentication is required. Returns False when the user already was a
    coordinator.
    """
    if programme.coordinators.filter(pk=user.pk).exists():
        return False
    programme.coordinators.add(user)
    log_action(
        actor=by,
        action="programme.coordinator_added",
        obj=user,
        programme=programme,
        data={"user_id": user.pk},
    )
    if notify:
        mail_queue(
            key=f"coordinator-added:{programme.pk}:{user.pk}",
            template="coordinator_added",
            recipient=user,
            context={
                "programme_name_da": programme.name_da,
                "programme_name_en": programme.name_en,
            },
        )
    return True


@transaction.atomic
def programme_remove_coordinator(*, programme: Programme, user: User, by: Any) -> bool:
    """Take ``user`` off the coordinators of ``programme``.

    Side effects: audit entry ``programme.coordinator_removed``. Raises
    ValidationError when ``user`` is the last coordinator (a programme always
    has one). Returns False when the user was not a coordinator.
    """
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.coordinators.filter(pk=user.pk).exists():
        return False
    if programme.coordinators.count() <= 1:
        raise ValidationError(
            {"coordinators": _("A programme must keep at least one coordinator.")}
        )
    programme.coordinators.remove(user)
    log_action(
        actor=by,
        action="programme.coordinator_removed",
        obj=user,
        programme=programme,
        data={"user_id": user.pk},
    )
    return True


# --- Settings -----------------------------------------------------------------


def _unique_slug(base: str) -> str:
    root = (slugify(base) or "programme")[:70].strip("-") or "programme"
    candidate, number = root, 1
    while candidate in RESERVED_SLUGS or Programme.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{root}-{number}"
    return candidate


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(SETTINGS_FIELDS) - {"coordinators"}
    if unknown:
        raise TypeError(f"Unknown programme fields: {sorted(unknown)}")


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    for field in ("name_da", "name_en", "description_da", "description_en", "organisation"):
        if field in values:
            values[field] = str(values[field] or "").strip()
    if values.get("kind") == ProgrammeKind.OPEN:
        values["organisation"] = ""
    return values


@transaction.atomic
def programme_create(
    *, by: User, slug: str = "", coordinators: Sequence[User] = (), **fields: Any
) -> Programme:
    """Create a programme in the decision phase with ``fields`` (the
    settings in ``validation.SETTINGS_FIELDS``; omitted ones take the model's
    defaults, e.g. the flyer's recommendation).

    ``slug`` defaults to one made from the Danish name. ``by`` becomes a
    coordinator (without an e-mail); each of ``coordinators`` is added through
    ``programme_add_coordinator`` and gets an e-mail.

    Side effects: audit entries ``programme.created`` (with the slug) and
    ``programme.coordinator_added``; e-mails to the added coordinators.
    Raises ValidationError {field: message} when the settings break a rule.
    """
    _check_fields(fields)
    programme = Programme()
    values = {field: getattr(programme, field) for field in SETTINGS_FIELDS}
    values.update(_normalise(fields))
    errors: dict[str, Any] = dict(settings_errors(values))
    slug = slug.strip()
    if slug in RESERVED_SLUGS:
        errors["slug"] = _(
            "The short name “%(slug)s” is reserved: the site uses it in its own addresses. "
            "Choose another one."
        ) % {"slug": slug}
    elif slug and Programme.objects.filter(slug=slug).exists():
        errors["slug"] = _("This short name is already taken. Choose another one.")
    if errors:
        raise ValidationError(errors)
    for field, value in values.items():
        setattr(programme, field, value)
    programme.slug = slug or _unique_slug(values["name_da"])
    programme.phase = Phase.DECISION
    programme.save(force_insert=True)
    log_action(
        actor=by,
        action="programme.created",
        obj=programme,
        programme=programme,
        data={"slug": programme.slug},
    )
    programme_add_coordinator(programme=programme, user=by, by=by, notify=False)
    for person in coordinators:
        programme_add_coordinator(programme=programme, user=person, by=by)
    return programme


def _audit_field_chunks(changed: Iterable[str]) -> dict[str, str]:
    """Field names for the audit log, split so no value exceeds 200 characters."""
    chunks: list[str] = []
    for name in changed:
        if chunks and len(chunks[-1]) + 1 + len(name) <= 200:
            chunks[-1] = f"{chunks[-1]},{name}"
        else:
            chunks.append(name)
    return {("fields" if i == 0 else f"fields_{i + 1}"): chunk for i, chunk in enumerate(chunks)}


@transaction.atomic
def programme_update(
    *,
    programme: Programme,
    by: User,
    coordinators: Sequence[User] | None = None,
    **fields: Any,
) -> Programme:
    """Change a programme's settings (``validation.SETTINGS_FIELDS``) and,
    when ``coordinators`` is given, make it the programme's coordinators.

    The settings are checked together with the values that stay unchanged.
    ``min_respondents`` is at least the deployment's floor (3 or more) and is
    frozen once a survey answer of the programme has been submitted.
    After the decision phase the application window and period can be
    changed but not removed. New coordinators are added through
    ``programme_add_coordinator`` (an e-mail each); removed ones through
    ``programme_remove_coordinator``; the list may not be empty.

    Side effects: audit entry ``programme.updated`` with the changed field
    names (only when something changed); coordinator entries and e-mails.
    Raises ValidationError {field: message}.
    """
    _check_fields(fields)
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    values = {field: getattr(locked, field) for field in SETTINGS_FIELDS}
    values.update(_normalise(fields))
    errors: dict[str, Any] = dict(settings_errors(values, phase=locked.phase))
    if coordinators is not None and not coordinators:
        errors["coordinators"] = _("A programme must keep at least one coordinator.")
    if errors:
        raise ValidationError(errors)

    changed = [field for field in SETTINGS_FIELDS if getattr(locked, field) != values[field]]
    if "min_respondents" in changed and programme_has_survey_answers(programme=locked):
        # Changing it after answers are in could reveal one person's answers.
        raise ValidationError(
            {
                "min_respondents": _(
                    "The first answers have come in, so the number can no longer be changed."
                )
            }
        )
    if changed:
        for field in changed:
            setattr(locked, field, values[field])
        locked.save(update_fields=changed)
        log_action(
            actor=by,
            action="programme.updated",
            obj=locked,
            programme=locked,
            data=_audit_field_chunks(changed),
        )
    if coordinators is not None:
        wanted = {person.pk: person for person in coordinators}
        current = {person.pk: person for person in locked.coordinators.all()}
        for pk, person in wanted.items():
            if pk not in current:
                programme_add_coordinator(programme=locked, user=person, by=by)
        for pk, person in current.items():
            if pk not in wanted:
                programme_remove_coordinator(programme=locked, user=person, by=by)
    # The caller's instance shows the saved state.
    for field in SETTINGS_FIELDS:
        setattr(programme, field, getattr(locked, field))
    return locked


# --- Phases ----------------------------------------------------------------------


def _has_submitted_applications(programme: Programme) -> bool:
    return Participation.objects.filter(programme=programme, status__in=SUBMITTED_STATUSES).exists()


def _accepted_roles(programme: Programme) -> set[str]:
    return set(
        Participation.objects.filter(programme=programme, status=ApplicationStatus.ACCEPTED)
        .values_list("role", flat=True)
        .distinct()
    )


def transition_blockers(
    *, programme: Programme, to_phase: str, accepted_roles: set[str] | None = None
) -> list[str]:
    """Why ``programme`` cannot move to ``to_phase`` now: one translated
    sentence per unmet condition, or an empty list when the move is allowed.

    ``accepted_roles`` (roles with at least one accepted participant) may be
    given by a caller that already counted them, to save a query.
    """
    if to_phase not in PHASE_ORDER:
        return [_("That is not a phase of a programme.")]
    current = PHASE_ORDER.index(programme.phase)
    target = PHASE_ORDER.index(to_phase)
    if target == current:
        return [_("The programme is already in this phase.")]
    if target < current:
        if not (programme.phase == Phase.PREPARATION and to_phase == Phase.DECISION):
            return [
                _(
                    "A programme can only go back from preparation to decision. "
                    "Later phases cannot be undone."
                )
            ]
        if _has_submitted_applications(programme):
            return [
                _(
                    "The programme cannot go back to the decision phase: applications have "
                    "already been submitted."
                )
            ]
        return []
    if target > current + 1:
        return [_("A programme moves one phase at a time. Complete the current phase first.")]

    reasons: list[str] = []
    if to_phase == Phase.PREPARATION:
        if programme.applications_open_at is None or programme.applications_close_at is None:
            reasons.append(_("Set the application window (when applications open and close)."))
        if programme.starts_on is None or programme.ends_on is None:
            reasons.append(_("Set the programme period (start and end date)."))
    elif to_phase == Phase.ESTABLISHING:
        close = programme.applications_close_at
        if close is None or close > timezone.now():
            reasons.append(
                _(
                    "The application window must have closed before the pairs are established. "
                    "Trial runs of the matching are allowed before that, but the proposals can "
                    "only be published once applications have closed."
                )
            )
        roles = _accepted_roles(programme) if accepted_roles is None else accepted_roles
        if Role.MENTEE not in roles:
            reasons.append(_("Accept at least one mentee first."))
        if Role.MENTOR not in roles:
            reasons.append(_("Accept at least one mentor first."))
    elif to_phase == Phase.LEARNING:
        if programme.starts_on is None or programme.starts_on > timezone.localdate():
            reasons.append(_("The programme period has not started yet."))
    elif to_phase == Phase.ENDING and programme.phase != Phase.LEARNING:
        reasons.append(_("Only a programme in the learning phase can move to ending."))
    return reasons


@transaction.atomic
def programme_transition(*, programme: Programme, to_phase: str, by: User) -> Programme:
    """Move ``programme`` to ``to_phase``: the one way a phase changes.

    Allowed: one step forward (decision → preparation → establishing →
    learning → ending) when the step's conditions hold (see
    ``transition_blockers``), and back from preparation to decision while no
    application has been submitted.

    Side effects: the phase is saved; audit entry ``programme.phase_changed``
    with ``from`` and ``to``. Raises TransitionError with the reasons otherwise.
    """
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    reasons = transition_blockers(programme=locked, to_phase=to_phase)
    if reasons:
        raise TransitionError(*reasons)
    from_phase = locked.phase
    locked.phase = to_phase
    locked.save(update_fields=["phase"])
    log_action(
        actor=by,
        action="programme.phase_changed",
        obj=locked,
        programme=locked,
        data={"from": from_phase, "to": to_phase},
    )
    programme.phase = to_phase
    return locked
