"""The establishment phase of a pair, step by step, as pure logic.

``progress_of(mentorship)`` tells which steps are done (with their dates) and
what the pair's next step is. It reads the mentorship and its *prefetched*
roles answers, agreement versions and trial responses
(``selectors.progress_prefetches``) and runs no query of its own, so the pair's
home page and the coordinator's list of pairs share one truth.

The steps, in order (issue 5, the flyer's establishment phase):

1. each side answers the "Mentor's Many Roles" exercise,
2. the pair agrees the roles the mentor takes on,
3. both accept the same version of the collaboration agreement,
4. the first meeting is held (and marked so),
5. both answer "good fit" at the trial gate.

The next step is the first step not done. ``NextStep.waiting_for`` names the
sides that must act (for steps that either side may take, both).

``compare_roles`` puts the two sides' ratings of the ten roles side by side
and picks the biggest gaps and the strongest agreements as conversation
starters; also pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer

if TYPE_CHECKING:
    from mentoring.relationships.models import AgreementVersion, Mentorship

BOTH: tuple[Side, Side] = (Side.MENTEE, Side.MENTOR)


class Phase(StrEnum):
    """The pair's phase: establishing until both passed the trial gate."""

    ESTABLISHING = "establishing"
    LEARNING = "learning"
    CLOSING = "closing"
    COMPLETED = "completed"
    ENDED = "ended"


class StepCode(StrEnum):
    """One step of the establishment checklist."""

    ROLES_MENTEE = "roles_mentee"
    ROLES_MENTOR = "roles_mentor"
    ROLES_AGREED = "roles_agreed"
    AGREEMENT = "agreement"
    FIRST_MEETING = "first_meeting"
    TRIAL = "trial"


class NextCode(StrEnum):
    """What the pair has to do next."""

    ROLES_ANSWER = "roles_answer"  # one or both sides still answer the exercise
    ROLES_AGREE = "roles_agree"  # both answered: agree the roles (either side)
    AGREEMENT_DRAFT = "agreement_draft"  # no agreement yet (either side drafts)
    AGREEMENT_ACCEPT = "agreement_accept"  # the newest version waits for acceptance
    PLAN_FIRST_MEETING = "plan_first_meeting"  # no meeting planned yet: plan the first (either)
    FIRST_MEETING = "first_meeting"  # hold the first meeting and mark it (either)
    TRIAL = "trial"  # answer the trial question
    DONE = "done"  # the establishment phase is complete
    CLOSING = "closing"  # the pair is ending the relationship
    COMPLETED = "completed"  # the relationship is completed
    ENDED = "ended"  # ended after the first meeting


@dataclass(frozen=True)
class Step:
    """One line of the checklist: done or not, and when."""

    code: StepCode
    done: bool
    on: date | datetime | None = None


@dataclass(frozen=True)
class NextStep:
    """The next step and the sides that must act."""

    code: NextCode
    waiting_for: tuple[Side, ...] = ()
    #: The agreement version concerned (AGREEMENT_ACCEPT).
    version: int | None = None

    def is_for(self, side: Side | str) -> bool:
        """True when ``side`` has something to do."""
        return side in self.waiting_for

    @property
    def waiting(self) -> str:
        """ "mentee", "mentor", "both" or "" (nobody), for templates."""
        if len(self.waiting_for) == 2:
            return "both"
        return str(self.waiting_for[0]) if self.waiting_for else ""


@dataclass(frozen=True)
class AgreementStatus:
    """The state of the collaboration agreement: its newest version and who
    accepted it, and the newest version both accepted (may be older)."""

    number: int
    mentee_accepted_at: datetime | None
    mentor_accepted_at: datetime | None
    accepted_at: datetime | None
    accepted_number: int | None
    accepted_number_at: datetime | None

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def waiting_for(self) -> tuple[Side, ...]:
        """The sides that have not accepted the newest version."""
        if self.is_accepted:
            return ()
        return tuple(
            side
            for side, at in (
                (Side.MENTEE, self.mentee_accepted_at),
                (Side.MENTOR, self.mentor_accepted_at),
            )
            if at is None
        )

    def accepted_by(self, side: Side | str) -> datetime | None:
        return self.mentee_accepted_at if side == Side.MENTEE else self.mentor_accepted_at


@dataclass(frozen=True)
class TrialEntry:
    """One side's answer at the trial gate."""

    answer: TrialAnswer
    answered_at: datetime


@dataclass(frozen=True)
class Progress:
    """A pair's establishment progress; build it with ``progress_of``."""

    status: MentorshipStatus
    roles_submitted: Mapping[Side, datetime]
    agreed_roles: tuple[str, ...]
    roles_agreed_at: datetime | None
    agreement: AgreementStatus | None
    first_meeting_held_on: date | None
    trial: Mapping[Side, TrialEntry]
    trial_passed_at: datetime | None
    ended_at: datetime | None
    ended_by: Side | None
    #: Whether the pair has planned (or held) a meeting in the meetings app;
    #: None when unknown (then the next step is simply "hold the first meeting").
    first_meeting_planned: bool | None = None

    # -- state -----------------------------------------------------------

    @property
    def is_ended(self) -> bool:
        return self.status == MentorshipStatus.ENDED_EARLY

    @property
    def phase(self) -> Phase:
        if self.is_ended:
            return Phase.ENDED
        if self.status == MentorshipStatus.CLOSING:
            return Phase.CLOSING
        if self.status == MentorshipStatus.COMPLETED:
            return Phase.COMPLETED
        if self.trial_passed_at is not None:
            return Phase.LEARNING
        return Phase.ESTABLISHING

    @property
    def roles_state(self) -> str:
        """ "none", "one", "both" (answered) or "agreed"."""
        if self.roles_agreed_at is not None:
            return "agreed"
        return ("none", "one", "both")[len(self.roles_submitted)]

    @property
    def both_answered_roles(self) -> bool:
        return len(self.roles_submitted) == 2

    def roles_submitted_by(self, side: Side | str) -> datetime | None:
        return self.roles_submitted.get(Side(side))

    def trial_of(self, side: Side | str) -> TrialEntry | None:
        return self.trial.get(Side(side))

    @property
    def mentee_roles_at(self) -> datetime | None:
        return self.roles_submitted.get(Side.MENTEE)

    @property
    def mentor_roles_at(self) -> datetime | None:
        return self.roles_submitted.get(Side.MENTOR)

    @property
    def mentee_trial(self) -> TrialEntry | None:
        return self.trial.get(Side.MENTEE)

    @property
    def mentor_trial(self) -> TrialEntry | None:
        return self.trial.get(Side.MENTOR)

    # -- checklist and next step ----------------------------------------

    @property
    def steps(self) -> list[Step]:
        """The checklist of the establishment phase, in order."""
        agreement = self.agreement
        return [
            Step(StepCode.ROLES_MENTEE, Side.MENTEE in self.roles_submitted, self.mentee_roles_at),
            Step(StepCode.ROLES_MENTOR, Side.MENTOR in self.roles_submitted, self.mentor_roles_at),
            Step(StepCode.ROLES_AGREED, self.roles_agreed_at is not None, self.roles_agreed_at),
            # Done once both accepted a version: while a later version is
            # being drafted, the accepted one still applies.
            Step(
                StepCode.AGREEMENT,
                agreement is not None and agreement.accepted_number is not None,
                agreement.accepted_number_at if agreement is not None else None,
            ),
            Step(
                StepCode.FIRST_MEETING,
                self.first_meeting_held_on is not None,
                self.first_meeting_held_on,
            ),
            Step(StepCode.TRIAL, self.trial_passed_at is not None, self.trial_passed_at),
        ]

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.done)

    @property
    def next_step(self) -> NextStep:
        """The first step not done, and who has to take it."""
        if self.is_ended:
            return NextStep(NextCode.ENDED)
        if self.status == MentorshipStatus.CLOSING:
            return NextStep(NextCode.CLOSING, BOTH)
        if self.status == MentorshipStatus.COMPLETED:
            return NextStep(NextCode.COMPLETED)
        missing = tuple(side for side in BOTH if side not in self.roles_submitted)
        if missing:
            return NextStep(NextCode.ROLES_ANSWER, missing)
        if self.roles_agreed_at is None:
            return NextStep(NextCode.ROLES_AGREE, BOTH)
        agreement = self.agreement
        if agreement is None:
            return NextStep(NextCode.AGREEMENT_DRAFT, BOTH)
        if not agreement.is_accepted:
            return NextStep(NextCode.AGREEMENT_ACCEPT, agreement.waiting_for, agreement.number)
        if self.first_meeting_held_on is None:
            if self.first_meeting_planned is False:
                return NextStep(NextCode.PLAN_FIRST_MEETING, BOTH)
            return NextStep(NextCode.FIRST_MEETING, BOTH)
        if self.trial_passed_at is None:
            undecided = tuple(
                side
                for side in BOTH
                if side not in self.trial or self.trial[side].answer != TrialAnswer.GOOD_FIT
            )
            # Both said "good fit" but the gate is not marked passed (should
            # not happen): the trial step still shows, for both.
            return NextStep(NextCode.TRIAL, undecided or BOTH)
        return NextStep(NextCode.DONE)


def _agreement_status(versions: Iterable[AgreementVersion]) -> AgreementStatus | None:
    ordered = sorted(versions, key=lambda version: version.number)
    if not ordered:
        return None
    newest = ordered[-1]
    accepted = [version for version in ordered if version.accepted_at is not None]
    last_accepted = accepted[-1] if accepted else None
    return AgreementStatus(
        number=newest.number,
        mentee_accepted_at=newest.mentee_accepted_at,
        mentor_accepted_at=newest.mentor_accepted_at,
        accepted_at=newest.accepted_at,
        accepted_number=last_accepted.number if last_accepted else None,
        accepted_number_at=last_accepted.accepted_at if last_accepted else None,
    )


def progress_of(mentorship: Mentorship, *, first_meeting_planned: bool | None = None) -> Progress:
    """The establishment progress of ``mentorship``. Uses ``.all()`` on its
    roles answers, agreement versions and trial responses: prefetch them
    (``selectors.progress_prefetches``) or each costs a query.
    ``first_meeting_planned`` (from the meetings app: has the pair planned or
    held any meeting?) turns the step "hold the first meeting" into "plan
    your first meeting" when False."""
    roles = {Side(answer.side): answer.submitted_at for answer in mentorship.roles_answers.all()}
    trial = {
        Side(response.side): TrialEntry(TrialAnswer(response.answer), response.answered_at)
        for response in mentorship.trial_responses.all()
    }
    return Progress(
        status=MentorshipStatus(mentorship.status),
        roles_submitted=roles,
        agreed_roles=tuple(ordered_roles(mentorship.agreed_roles or [])),
        roles_agreed_at=mentorship.roles_agreed_at,
        agreement=_agreement_status(mentorship.agreement_versions.all()),
        first_meeting_held_on=mentorship.first_meeting_held_on,
        trial=trial,
        trial_passed_at=mentorship.trial_passed_at,
        ended_at=mentorship.ended_at,
        ended_by=Side(mentorship.ended_by) if mentorship.ended_by else None,
        first_meeting_planned=first_meeting_planned,
    )


# -- the roles exercise compared ----------------------------------------

#: A gap between the mentee's wish and the mentor's comfort of at least this
#: many steps (on the 0-3 scales) is worth talking about.
GAP_MIN = 2
#: Both rate a role at least this high ("Important" / "Comfortable"): an
#: agreement, and a role pre-ticked for the pair to agree on.
AGREEMENT_MIN = 2
#: At most this many gaps and agreements are highlighted.
HIGHLIGHTS = 3


def ordered_roles(codes: Iterable[str]) -> list[str]:
    """``codes`` without unknown or repeated ones, in the method's order."""
    wanted = set(codes)
    return [code for code in MentorRole.values if code in wanted]


class RoleKind(StrEnum):
    """How a role stands between the two sides."""

    WISH_GAP = "wish_gap"  # the mentee wants it more than the mentor is comfortable with
    COMFORT_GAP = "comfort_gap"  # the mentor is comfortable, the mentee does not want it
    AGREEMENT = "agreement"  # both rate it high
    NONE = ""


@dataclass(frozen=True)
class RoleRow:
    """One role with both ratings (0-3, None when missing)."""

    code: str
    mentee: int | None
    mentor: int | None

    @property
    def gap(self) -> int:
        """The mentee's wish minus the mentor's comfort (0 when one is missing)."""
        if self.mentee is None or self.mentor is None:
            return 0
        return self.mentee - self.mentor

    @property
    def strength(self) -> int:
        return (self.mentee or 0) + (self.mentor or 0)

    @property
    def kind(self) -> RoleKind:
        if self.gap >= GAP_MIN:
            return RoleKind.WISH_GAP
        if self.gap <= -GAP_MIN:
            return RoleKind.COMFORT_GAP
        if (self.mentee or 0) >= AGREEMENT_MIN and (self.mentor or 0) >= AGREEMENT_MIN:
            return RoleKind.AGREEMENT
        return RoleKind.NONE


@dataclass(frozen=True)
class RolesComparison:
    """The ten roles side by side, and the highlights."""

    rows: list[RoleRow]
    #: The biggest gaps, largest first (at most HIGHLIGHTS).
    gaps: list[RoleRow]
    #: The strongest agreements, strongest first (at most HIGHLIGHTS).
    agreements: list[RoleRow]
    #: Every role both rate high, in the method's order (pre-ticked).
    suggested: list[str]


def _rating(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def compare_roles(
    mentee_ratings: Mapping[str, object], mentor_ratings: Mapping[str, object]
) -> RolesComparison:
    """Compare the mentee's wishes with the mentor's comfort, role by role.

    A *gap* is a difference of at least ``GAP_MIN`` steps either way: the
    mentee wants a role the mentor is not comfortable with, or the mentor
    offers a role the mentee does not want. An *agreement* is a role both rate
    at least ``AGREEMENT_MIN``; the strongest have the highest sum. Ties keep
    the method's order of the roles.
    """
    rows = [
        RoleRow(code, _rating(mentee_ratings.get(code)), _rating(mentor_ratings.get(code)))
        for code in MentorRole.values
    ]
    gaps = sorted(
        (row for row in rows if row.kind in (RoleKind.WISH_GAP, RoleKind.COMFORT_GAP)),
        key=lambda row: -abs(row.gap),
    )
    agreements = sorted(
        (row for row in rows if row.kind == RoleKind.AGREEMENT), key=lambda row: -row.strength
    )
    return RolesComparison(
        rows=rows,
        gaps=gaps[:HIGHLIGHTS],
        agreements=agreements[:HIGHLIGHTS],
        suggested=[row.code for row in rows if row.kind == RoleKind.AGREEMENT],
    )
