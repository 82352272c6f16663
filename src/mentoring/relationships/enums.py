"""States of a mentoring relationship (``Mentorship``).

The relationship lifecycle (docs: PRODUCT.md): proposed match → accepted by
both (the establishment phase: roles exercise, collaboration agreement, first
meeting, trial gate) → ... A pair that finds at the trial gate that it is not
a good fit ends *early*, without blame. ``MENTORSHIP_TRANSITIONS`` is the
table of allowed moves; ``services.transition.mentorship_transition`` is the
one function that makes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", pgettext_lazy("mentorship status", "Declined")
    ENDED_EARLY = "ended_early", _("Ended after the first meeting")
    CLOSING = "closing", _("Closing")
    COMPLETED = "completed", _("Completed")


#: States in which a mentorship no longer holds the mentor's place or the
#: mentee. Everything else is *active*: it counts against the mentor's
#: capacity and the mentee has at most one. A later state that ends a
#: relationship must be added here (and the constraints migrated); a state
#: forgotten here errs on the safe side (it keeps holding the place).
CLOSED_STATUSES: tuple[str, ...] = (
    MentorshipStatus.DECLINED.value,
    MentorshipStatus.ENDED_EARLY.value,
    MentorshipStatus.COMPLETED.value,
)

#: The state machine of a mentorship: status -> the statuses it may move to.
#: ``services.transition.mentorship_transition`` refuses anything else.
#:
#:     PROPOSED --both accept--> ACCEPTED --trial "not a fit"--> ENDED_EARLY
#:     PROPOSED --either declines--> DECLINED
#:     ACCEPTED --either marks it ending--> CLOSING --closing talk--> COMPLETED
#:
#: A person's erasure also ends an active mentorship: PROPOSED -> DECLINED,
#: ACCEPTED or CLOSING -> ENDED_EARLY. Closed statuses have no way out.
MENTORSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    MentorshipStatus.PROPOSED.value: frozenset(
        {MentorshipStatus.ACCEPTED.value, MentorshipStatus.DECLINED.value}
    ),
    MentorshipStatus.ACCEPTED.value: frozenset(
        {MentorshipStatus.ENDED_EARLY.value, MentorshipStatus.CLOSING.value}
    ),
    MentorshipStatus.CLOSING.value: frozenset(
        {MentorshipStatus.COMPLETED.value, MentorshipStatus.ENDED_EARLY.value}
    ),
    MentorshipStatus.DECLINED.value: frozenset(),
    MentorshipStatus.ENDED_EARLY.value: frozenset(),
    MentorshipStatus.COMPLETED.value: frozenset(),
}

#: The steps of a mentorship's closure that the pair takes themselves
#: (``services.closure.mentorship_close``): from -> to.
CLOSURE_STEPS: dict[str, str] = {
    MentorshipStatus.ACCEPTED.value: MentorshipStatus.CLOSING.value,
    MentorshipStatus.CLOSING.value: MentorshipStatus.COMPLETED.value,
}

#: The highest slot number: mentors take 1-3 mentees.
MAX_MENTOR_SLOTS = 3


class Side(models.TextChoices):
    """Which of the two people in a mentorship."""

    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class TrialAnswer(models.TextChoices):
    """Each side's answer at the trial gate after the first meeting."""

    GOOD_FIT = "good_fit", _("Good fit: we continue")
    UNDECIDED = "undecided", _("Still deciding")
    NOT_A_FIT = "not_a_fit", _("Not a good fit")


class MeetingLead(models.TextChoices):
    """Who steers the meetings (the mentee always prepares the agenda)."""

    MENTEE = "mentee", _("The mentee")
    MENTOR = "mentor", _("The mentor")
    SHARED = "shared", _("We take turns")


#: Ratings of the roles exercise use the application's scales (0-3):
#: ``participants.selectors.WISH_CHOICES`` for the mentee (how much they want
#: the role) and ``COMFORT_CHOICES`` for the mentor (how comfortable they are).
ROLE_RATING_MIN = 0
ROLE_RATING_MAX = 3
#: Longest comment per role in the roles exercise.
ROLE_COMMENT_MAX = 500
