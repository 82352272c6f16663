"""Pins and vetoes: the coordinator's decisions about single pairs, and the
vetoes recorded when a pair is declined or ended early at the trial gate."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.matching.engine.criteria import normalise
from mentoring.matching.enums import DecisionKind, DecisionOrigin
from mentoring.matching.models import PairDecision
from mentoring.matching.services.decline_notices import coordinators_notify_declined
from mentoring.matching.services.errors import MatchingError, PinReplacementNeeded
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import ProgrammeKind
from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import active_mentorships, mentor_capacity


def _check_pair(*, programme: Programme, mentee: Participation, mentor: Participation) -> None:
    if not (
        mentee.programme_id == programme.pk
        and mentor.programme_id == programme.pk
        and mentee.role == Role.MENTEE
        and mentor.role == Role.MENTOR
        and mentee.status == ApplicationStatus.ACCEPTED
        and mentor.status == ApplicationStatus.ACCEPTED
        and mentee.user_id != mentor.user_id
    ):
        raise MatchingError(
            _("Only an accepted mentee and an accepted mentor of the programme can be paired.")
        )


def _hard_rule_refusal(
    *, programme: Programme, mentee: Participation, mentor: Participation
) -> str | None:
    """Why the engine's hard rules forbid the pair, or None. The same rules
    as ``engine.scoring.ProfileScores`` (``_prepare_rules``): in an open
    programme never the same organisation (names compared case- and
    space-insensitively); at least one shared language when both gave theirs."""
    names = {"mentee": mentee.user, "mentor": mentor.user}
    same = normalise(mentee.organisation or "")
    if (
        programme.kind != ProgrammeKind.INTERNAL
        and same
        and same == normalise(mentor.organisation or "")
    ):
        return (
            _(
                "%(mentee)s and %(mentor)s cannot be pinned: they are from the same "
                "organisation, and an open programme never matches people from the same "
                "organisation."
            )
            % names
        )
    mentee_languages = {normalise(str(c)) for c in mentee.languages or []} - {""}
    mentor_languages = {normalise(str(c)) for c in mentor.languages or []} - {""}
    if mentee_languages and mentor_languages and not mentee_languages & mentor_languages:
        return (
            _("%(mentee)s and %(mentor)s cannot be pinned: they have no language in common.")
            % names
        )
    return None


def _existing(programme: Programme, mentee: Participation, mentor: Participation) -> Any:
    return (
        PairDecision.objects.select_for_update()
        .filter(programme=programme, mentee=mentee, mentor=mentor)
        .first()
    )


@transaction.atomic
def pair_pin(
    *,
    programme: Programme,
    mentee: Participation,
    mentor: Participation,
    by: Any,
    replaces: int | None = None,
) -> PairDecision:
    """Pin a pair: every later run keeps it. A mentee has one pin at most:
    pinning another mentor replaces the mentee's earlier pin only when
    ``replaces`` is that pin's mentor (participation id; the coordinator saw
    and confirmed the swap); otherwise PinReplacementNeeded names the
    current pin.

    Raises MatchingError when a hard rule forbids the pair (the same
    organisation in an open programme, no shared language), when the pair is
    vetoed (by a coordinator, or because one of the two declined or ended it
    early at the trial gate: remove that veto first, deliberately), when the
    mentee already has a mentor, or when the mentor's free places are all
    pinned to other mentees.
    Side effects: audit entry ``matching.pair_pinned`` (with the replaced
    mentor's id when a pin was replaced).
    """
    _check_pair(programme=programme, mentee=mentee, mentor=mentor)
    refusal = _hard_rule_refusal(programme=programme, mentee=mentee, mentor=mentor)
    if refusal is not None:
        raise MatchingError(refusal)
    Participation.objects.select_for_update().filter(pk=mentor.pk).first()
    existing = _existing(programme, mentee, mentor)
    if existing is not None and existing.origin == DecisionOrigin.DECLINED:
        raise MatchingError(
            _(
                "%(mentee)s and %(mentor)s were proposed to each other before and one of "
                "them declined. Remove that veto first if you want to pin them anyway."
            )
            % {"mentee": mentee.user, "mentor": mentor.user}
        )
    if existing is not None and existing.origin == DecisionOrigin.ENDED_AT_TRIAL:
        raise MatchingError(
            _(
                "%(mentee)s and %(mentor)s ended their mentorship after the first meeting. "
                "Remove that veto first if you want to pin them anyway."
            )
            % {"mentee": mentee.user, "mentor": mentor.user}
        )
    if existing is not None and existing.kind == DecisionKind.VETO:
        raise MatchingError(
            _(
                "%(mentee)s and %(mentor)s are vetoed. Remove the veto first if you want to "
                "pin them."
            )
            % {"mentee": mentee.user, "mentor": mentor.user}
        )
    if existing is not None and existing.kind == DecisionKind.PIN:
        return existing
    current = (
        PairDecision.objects.select_for_update()
        .filter(programme=programme, mentee=mentee, kind=DecisionKind.PIN)
        .exclude(mentor=mentor)
        .select_related("mentor__user")
        .first()
    )
    if current is not None and current.mentor_id != replaces:
        raise PinReplacementNeeded(
            _("%(mentee)s is already pinned to %(current)s. Pinning %(mentor)s replaces that pin.")
            % {"mentee": mentee.user, "current": current.mentor.user, "mentor": mentor.user},
            current=current,
        )
    if active_mentorships().filter(programme=programme, mentee=mentee).exists():
        raise MatchingError(
            _("%(mentee)s already has a mentor in this programme.") % {"mentee": mentee.user}
        )
    other_pins = PairDecision.objects.filter(
        programme=programme, mentor=mentor, kind=DecisionKind.PIN
    ).exclude(mentee=mentee)
    free = (
        mentor_capacity(mentor)
        - active_mentorships().filter(mentor=mentor).count()
        - other_pins.count()
    )
    if free <= 0:
        raise MatchingError(
            _(
                "%(mentor)s has no free place for another pinned mentee. Remove one of "
                "their pins first."
            )
            % {"mentor": mentor.user}
        )
    replaced_mentor_id = current.mentor_id if current is not None else None
    if current is not None:
        current.delete()
    decision, _created = PairDecision.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={
            "kind": DecisionKind.PIN,
            "origin": DecisionOrigin.COORDINATOR,
            "by": by if getattr(by, "is_authenticated", False) else None,
            "reason": "",
        },
    )
    log_action(
        actor=by,
        action="matching.pair_pinned",
        obj=decision,
        programme=programme,
        data={
            "mentee_id": mentee.pk,
            "mentor_id": mentor.pk,
            "replaced_mentor_id": replaced_mentor_id,
        },
    )
    return decision


@transaction.atomic
def pair_veto(
    *,
    programme: Programme,
    mentee: Participation,
    mentor: Participation,
    by: Any,
    reason: str = "",
) -> PairDecision:
    """Veto a pair: no later run proposes it. Replaces a pin of the pair.

    Side effects: audit entry ``matching.pair_vetoed``.
    """
    _check_pair(programme=programme, mentee=mentee, mentor=mentor)
    existing = _existing(programme, mentee, mentor)
    if existing is not None and existing.kind == DecisionKind.VETO:
        return existing
    decision, _created = PairDecision.objects.update_or_create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        defaults={
            "kind": DecisionKind.VETO,
            "origin": DecisionOrigin.COORDINATOR,
            "by": by if getattr(by, "is_authenticated", False) else None,
            "reason": reason.strip()[:300],
        },
    )
    log_action(
        actor=by,
        action="matching.pair_vetoed",
        obj=decision,
        programme=programme,
        data={"mentee_id": mentee.pk, "mentor_id": mentor.pk},
    )
    return decision


def _veto_mentorship(*, mentorship: Mentorship, by: Any, origin: DecisionOrigin) -> PairDecision:
    """Veto the pair of ``mentorship`` for every later run (replacing a pin of
    the pair), recording ``origin``; audit entry ``matching.pair_vetoed``."""
    decision, _created = PairDecision.objects.update_or_create(
        programme_id=mentorship.programme_id,
        mentee_id=mentorship.mentee_id,
        mentor_id=mentorship.mentor_id,
        defaults={
            "kind": DecisionKind.VETO,
            "origin": origin,
            "by": by if getattr(by, "is_authenticated", False) else None,
            "reason": "",
        },
    )
    log_action(
        actor=by,
        action="matching.pair_vetoed",
        obj=decision,
        programme=mentorship.programme,
        data={
            "mentee_id": mentorship.mentee_id,
            "mentor_id": mentorship.mentor_id,
            "origin": origin.value,
        },
    )
    return decision


@transaction.atomic
def pair_veto_declined(*, mentorship: Mentorship, by: Any) -> PairDecision:
    """The mentee or the mentor declined the proposed pair: veto it for every
    later run (replacing a pin of the pair), and tell the coordinators
    (``coordinators_notify_declined``).

    Side effects: audit entry ``matching.pair_vetoed`` (origin ``declined``);
    an e-mail to each coordinator who wants to hear at once.
    """
    decision = _veto_mentorship(mentorship=mentorship, by=by, origin=DecisionOrigin.DECLINED)
    coordinators_notify_declined(mentorship=mentorship)
    return decision


@transaction.atomic
def pair_veto_ended(*, mentorship: Mentorship, by: Any) -> PairDecision:
    """The mentee or the mentor ended the mentorship at the trial gate after
    the first meeting ("not a good fit"): veto the pair for every later run
    (replacing a pin of the pair), so the mentee, back in the pool, gets
    another mentor.

    Side effects: audit entry ``matching.pair_vetoed`` (origin ``trial``).
    """
    return _veto_mentorship(mentorship=mentorship, by=by, origin=DecisionOrigin.ENDED_AT_TRIAL)


@transaction.atomic
def pair_clear(
    *, programme: Programme, mentee: Participation, mentor: Participation, by: Any
) -> bool:
    """Remove the pin or veto of a pair. Returns False when there was none.

    Side effects: audit entry ``matching.pair_cleared``.
    """
    existing = _existing(programme, mentee, mentor)
    if existing is None:
        return False
    kind, origin = existing.kind, existing.origin
    existing.delete()
    log_action(
        actor=by,
        action="matching.pair_cleared",
        obj=None,
        programme=programme,
        data={"mentee_id": mentee.pk, "mentor_id": mentor.pk, "kind": kind, "origin": origin},
    )
    return True
