"""States of a mentoring relationship (``Mentorship``).

The relationship lifecycle (docs: PRODUCT.md): proposed match → accepted by
both → establishing → ... This app so far implements the first step: a
proposal that each side accepts or declines. ``mentorship_respond`` in
``services`` is the one transition function.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", pgettext_lazy("mentorship status", "Declined")


#: States in which a mentorship no longer holds the mentor's place or the
#: mentee. Everything else is *active*: it counts against the mentor's
#: capacity and the mentee has at most one. A later state that ends a
#: relationship must be added here (and the constraints migrated); a state
#: forgotten here errs on the safe side (it keeps holding the place).
CLOSED_STATUSES: tuple[str, ...] = (MentorshipStatus.DECLINED.value,)

#: The highest slot number: mentors take 1-3 mentees.
MAX_MENTOR_SLOTS = 3


class Side(models.TextChoices):
    """Which of the two people in a mentorship."""

    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")
