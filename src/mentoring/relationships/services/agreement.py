"""Writes for the collaboration agreement (samarbejdsaftale): saving a draft
or a change, and each side's acceptance. Keyword-only, typed, atomic; side
effects listed.

Versions (``models.AgreementVersion``): the newest version is the working
one. While both have not accepted it, either side edits it in place; each
change raises its ``revision`` and clears any acceptance, so an acceptance is
always of exactly the text the person read. Once both have accepted it, it
is frozen: a change creates version n+1, which both must accept again.

Concurrency: a form carries the version number and revision it was opened
at. A save or an acceptance with a stale pair is refused with a clear
message (AgreementConflict / AgreementStale) and records nothing, so nobody's
changes are silently overwritten. Writers lock the mentor's participation and
then the mentorship (the order every mentorship writer uses), so two saves of
the same agreement run one after the other.

Only while the mentorship is accepted by both (not after it ended early).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.relationships import agreement
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.services.mentorship import MentorshipError
from mentoring.relationships.services.pair import lock_mentorship, other_side, participation_of
from mentoring.relationships.signals import agreement_accepted


class AgreementError(MentorshipError):
    """The agreement cannot be changed or accepted; ``message`` is for the user."""


class AgreementClosed(AgreementError):
    """The mentorship is not (or no longer) accepted by both."""


class AgreementConflict(AgreementError):
    """The other person saved the agreement after this form was opened.
    ``current`` is the version as it is now."""

    def __init__(self, message: str, current: AgreementVersion | None) -> None:
        super().__init__(message)
        self.current = current


class AgreementStale(AgreementError):
    """The version someone tried to accept has changed or been replaced."""


@dataclass(frozen=True)
class SavedAgreement:
    version: AgreementVersion
    #: False when the values were the same as the stored version's (nothing saved).
    changed: bool
    #: True when this save created a new version (1, or n+1 after acceptance).
    created: bool


def _check_open(mentorship: Mentorship) -> None:
    if mentorship.status == MentorshipStatus.ENDED_EARLY:
        raise AgreementClosed(
            _("This mentorship has ended, so the agreement can no longer be changed.")
        )
    if mentorship.status != MentorshipStatus.ACCEPTED:
        raise AgreementClosed(
            _("The agreement can only be changed while the mentorship is accepted by both.")
        )


def latest_version(mentorship: Mentorship) -> AgreementVersion | None:
    return mentorship.agreement_versions.order_by("-number").first()


def conflict_message() -> str:
    return _(
        "The other person changed the agreement while you were editing, so your changes were "
        "not saved. Their version is shown above; your changes are kept in the form below. "
        "Compare the two, and save again to replace their version with yours."
    )


def _validate(mentorship: Mentorship, values: Mapping[str, Any]) -> None:
    errors, _warnings = agreement.check_against_recommendation(
        mentorship.programme, values, matched=agreement.matched_on(mentorship)
    )
    missing = [
        name
        for name in ("meetings_planned", "meeting_minutes", "starts_on", "ends_on")
        if values.get(name) is None
    ]
    for name in missing:
        errors.setdefault(name, _("This field is required."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_save(
    *,
    mentorship: Mentorship,
    side: Side | str,
    values: Mapping[str, Any],
    expected_number: int | None,
    expected_revision: int | None,
) -> SavedAgreement:
    """``side`` (the mentee or the mentor) saves the agreement's ``values``
    (model field names, as from ``AgreementForm.values``).

    ``expected_number``/``expected_revision`` are the version and revision the
    form was opened at (None for a first draft). With no version yet, version
    1 is created. If the newest version is not accepted by both, it is edited
    in place (revision + 1, both acceptances cleared); if it is, version n+1
    is created. Saving values equal to the stored ones changes nothing.

    Raises AgreementConflict when the newest version is no longer the one
    the form was opened at (nothing saved), AgreementClosed when the
    mentorship is not accepted by both, ValidationError for values that break
    the agreement's rules (``agreement.check_against_recommendation``).

    Side effects: the version row is created or updated; audit entry
    ``agreement.saved`` (number, revision, side; never the text); an e-mail
    to the other person asking them to read and accept (their language).
    """
    mentorship = lock_mentorship(mentorship)
    _check_open(mentorship)
    values = {name: values[name] for name in agreement.FIELDS if name in values}
    _validate(mentorship, values)
    current = latest_version(mentorship)
    if current is not None and agreement.values_of(current) == {
        **agreement.values_of(current),
        **values,
    }:
        # Nothing to save (and nothing of anybody's to overwrite).
        return SavedAgreement(version=current, changed=False, created=False)
    if current is None:
        if expected_number is not None:  # pragma: no cover - versions are never deleted
            raise AgreementConflict(conflict_message(), None)
    elif expected_number != current.number or expected_revision != current.revision:
        raise AgreementConflict(conflict_message(), current)

    by = participation_of(mentorship, side).user
    now = timezone.now()
    created = False
    if current is None or current.is_accepted:
        version = AgreementVersion(
            mentorship=mentorship,
            number=1 if current is None else current.number + 1,
            revision=1,
            updated_by=by,
        )
        if current is not None:
            # A new version starts from the accepted one: fields the caller
            # did not give keep their accepted value.
            for name, value in agreement.values_of(current).items():
                setattr(version, name, value)
        for name, value in values.items():
            setattr(version, name, value)
        version.full_clean(exclude=["mentorship", "updated_by"])
        version.save()
        created = True
    else:
        version = current
        for name, value in values.items():
            setattr(version, name, value)
        version.revision += 1
        version.mentee_accepted_at = None
        version.mentor_accepted_at = None
        version.updated_by = by
        version.updated_at = now
        version.full_clean(exclude=["mentorship", "updated_by"])
        version.save(
            update_fields=[
                *values,
                "revision",
                "mentee_accepted_at",
                "mentor_accepted_at",
                "updated_by",
                "updated_at",
            ]
        )
    log_action(
        actor=by,
        action="agreement.saved",
        obj=mentorship,
        programme=mentorship.programme,
        data={"number": version.number, "revision": version.revision, "side": str(side)},
    )
    other = participation_of(mentorship, other_side(side))
    mail_queue(
        key=f"agreement-changed:{version.pk}:{version.revision}:{other.pk}",
        template="agreement_changed",
        recipient=other.user,
        context={
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "version": version,
            "author": by,
            "is_new": created,
        },
    )
    return SavedAgreement(version=version, changed=True, created=created)


@transaction.atomic
def agreement_accept(
    *,
    mentorship: Mentorship,
    side: Side | str,
    number: int,
    revision: int,
) -> AgreementVersion:
    """``side`` accepts version ``number`` at ``revision``: exactly the text
    they read. Accepting twice changes nothing. When both have accepted, the
    version is agreed (``accepted_at``) and frozen.

    Raises AgreementStale when that version has been changed or replaced
    since it was read (nothing recorded), AgreementClosed when the mentorship
    is not accepted by both.

    Side effects: the side's ``*_accepted_at`` (and ``accepted_at`` when both
    have); ``accepted_content``: a copy of what the side accepted while the
    other has not (emptied once both have); audit entry ``agreement.accepted``
    (number, revision, side, both);
    an e-mail to the other person, or, when both have accepted, to both, and
    the signal ``agreement_accepted`` (the ``meetings`` receiver adds the
    agreement's goals to the pair's goals).
    """
    mentorship = lock_mentorship(mentorship)
    _check_open(mentorship)
    current = latest_version(mentorship)
    if current is None or current.number != number or current.revision != revision:
        raise AgreementStale(
            _(
                "The agreement has changed since you read it, so your acceptance was not "
                "recorded. Please read the current version and accept that."
            )
        )
    field = "mentee_accepted_at" if side == Side.MENTEE else "mentor_accepted_at"
    if getattr(current, field) is not None:
        return current
    now = timezone.now()
    setattr(current, field, now)
    fields = [field, "accepted_content"]
    if current.mentee_accepted_at and current.mentor_accepted_at:
        current.accepted_at = now
        current.accepted_content = {}
        fields.append("accepted_at")
    else:
        # What this side accepted, to show what changes after (a JSON copy).
        current.accepted_content = {
            **(current.accepted_content or {}),
            str(side): json.loads(json.dumps(agreement.values_of(current), cls=DjangoJSONEncoder)),
        }
    # update_fields without updated_at: accepting does not change the text.
    current.save(update_fields=fields)
    by = participation_of(mentorship, side).user
    both = current.accepted_at is not None
    log_action(
        actor=by,
        action="agreement.accepted",
        obj=mentorship,
        programme=mentorship.programme,
        data={
            "number": current.number,
            "revision": current.revision,
            "side": str(side),
            "both": both,
        },
    )
    context = {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "version": current,
        "acceptor": by,
    }
    if both:
        # The agreement's goals become the pair's goals (a meetings receiver).
        agreement_accepted.send(sender=Mentorship, mentorship=mentorship, version=current)
        for person in (mentorship.mentee, mentorship.mentor):
            mail_queue(
                key=f"agreement-agreed:{current.pk}:{person.pk}",
                template="agreement_agreed",
                recipient=person.user,
                context=context,
            )
    else:
        other = participation_of(mentorship, other_side(side))
        mail_queue(
            key=f"agreement-accepted:{current.pk}:{current.revision}:{side}:{other.pk}",
            template="agreement_accepted",
            recipient=other.user,
            context=context,
        )
    return current
