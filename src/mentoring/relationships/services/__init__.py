"""Writes of the relationships app, one module per part of the relationship:

- ``mentorship``: proposing a pair and each side's answer,
- ``roles``: the "Mentor's Many Roles" exercise and the agreed roles,
- ``agreement``: the collaboration agreement (samarbejdsaftale), its versions
  and acceptances,
- ``trial``: the first meeting and the trial gate (continue or end early),
- ``closure``: the pair's own steps to the end (closing, completed),
- ``transition``: ``mentorship_transition``, the one function that changes
  a mentorship's status (checks ``enums.MENTORSHIP_TRANSITIONS``, audits,
  sends ``signals.mentorship_status_changed``),
- ``pair``: small helpers every writer shares (lock order, sides).

The mentorship writes are re-exported here, as callers used them before the
module became a package.
"""

from mentoring.relationships.services.mentorship import (
    MenteeTaken,
    MentorFull,
    MentorshipError,
    mentorship_propose,
    mentorship_respond,
)

__all__ = [
    "MenteeTaken",
    "MentorFull",
    "MentorshipError",
    "mentorship_propose",
    "mentorship_respond",
]
