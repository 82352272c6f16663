"""Choices of the matching app (Django side). The engine's own codes
(criteria, reasons for leaving a mentee unmatched) are translated here."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", pgettext_lazy("matching run status", "Done")
    FAILED = "failed", pgettext_lazy("matching run status", "Failed")


#: A run in one of these states is still working (the page polls it).
UNFINISHED = frozenset({RunStatus.QUEUED, RunStatus.RUNNING})


class DecisionKind(models.TextChoices):
    PIN = "pin", _("Pinned")
    VETO = "veto", _("Vetoed")


class DecisionOrigin(models.TextChoices):
    COORDINATOR = "coordinator", _("By a coordinator")
    DECLINED = "declined", _("Declined by the mentee or the mentor")
    ENDED_AT_TRIAL = "trial", _("Ended after the first meeting (not a good fit)")


class DeclinedNotice(models.TextChoices):
    """How a coordinator hears that a proposed match was declined."""

    AT_ONCE = "at_once", _("An e-mail at once for each declined proposal")
    DAILY = "daily", _("One e-mail a day with the proposals declined since the last one")


class UnmatchedReason(models.TextChoices):
    """Why the engine left a mentee without a mentor (engine codes)."""

    NO_ALLOWED_MENTOR = (
        "no_allowed_mentor",
        _(
            "No mentor is allowed for this mentee (same organisation, no shared language, "
            "exclusions or vetoes)."
        ),
    )
    BELOW_MIN_SCORE = (
        "below_min_score",
        _("Every allowed mentor fits less well than the programme's minimum score."),
    )
    CAPACITY = (
        "capacity",
        _(
            "The mentors who fit are full: giving this mentee one would leave another mentee "
            "without a mentor or lower the total fit."
        ),
    )
    MENTOR_LEFT = (
        "mentor_left",
        _(
            "The mentor this run found left the programme while the run was working. "
            "Run matching again to find another mentor."
        ),
    )


class Criterion(models.TextChoices):
    """The engine's criteria (``engine.types.CRITERIA``), with their names."""

    GOALS_EXPERTISE = "goals_expertise", _("Goals and expertise")
    CHANGE_LIVED = "change_lived", _("Change situation lived through")
    ROLES = "roles", _("Mentor roles")
    BENEFITS = "benefits", _("Benefit areas")
    EXPERIENCE = "experience", _("Difference in experience")
    DIFFERENT_BASE = "different_base", _("Different bases of experience")
    REGION_FORMAT = "region_format", _("Region and meeting format")
    AVAILABILITY = "availability", _("Availability")
    MENTEE_RANKING = "mentee_ranking", _("The mentee's own ranking")


#: What each criterion measures, for the weight form's help texts.
CRITERION_HELP: dict[str, Any] = {
    Criterion.GOALS_EXPERTISE: _(
        "How well the mentor's experience and expertise answer the mentee's goals and "
        "the change they describe (shared words and expertise areas)."
    ),
    Criterion.CHANGE_LIVED: _(
        "The mentor has lived through the kind of change the mentee is in (a merger, "
        "a new job, a wish to step up ...)."
    ),
    Criterion.ROLES: _(
        "The roles the mentee hopes for are roles the mentor is comfortable with "
        "(Mentor's Many Roles)."
    ),
    Criterion.BENEFITS: _(
        "The mentor can help with the benefit areas the mentee finds most important."
    ),
    Criterion.EXPERIENCE: _("The mentor has clearly more years of experience than the mentee."),
    Criterion.DIFFERENT_BASE: _(
        "Different organisation, industry or function: the flyer's different bases of "
        "experience. In an open programme the same organisation is never matched."
    ),
    Criterion.REGION_FORMAT: _(
        "Same region, or a meeting format (in person, virtual, mixed) that suits both."
    ),
    Criterion.AVAILABILITY: _("Their stated availability overlaps."),
    Criterion.MENTEE_RANKING: _("The mentee ranked this mentor among their favourites."),
}

#: Criteria the coordinator weighs on the settings page. The mentees' own
#: ranking waits for the shortlist feature; until then its weight is 0.
EDITABLE_CRITERIA: tuple[str, ...] = tuple(
    c.value for c in Criterion if c != Criterion.MENTEE_RANKING
)
