"""Writes for matching. Keyword-only, typed, atomic; side effects listed in
each docstring. Every public name is importable from here.

Modules:

- ``errors``: ``MatchingError`` (a business rule stopped the change) and
  ``PinReplacementNeeded``.
- ``matching_settings``: the programme's weights, minimum score, the mentees'
  own ranking and the shortlist size (``matching_settings_update``).
- ``runs``: start and execute a matching run (``matching_run``,
  ``matching_execute``).
- ``stale_runs``: fail the runs a stopped worker left behind
  (``matching_runs_fail_stale``).
- ``pins``: pins and vetoes of single pairs (``pair_pin``, ``pair_veto``,
  ``pair_veto_declined``, ``pair_veto_ended``, ``pair_clear``).
- ``ranking``: the mentees' own ranking of mentors (``mentor_preferences_set``).
- ``publish``: publish a run as proposed mentorships (``matching_publish``).
- ``decline_notices``: coordinators hear about declined proposals, at once or
  in a daily digest (``coordinators_notify_declined``, ``decline_notice_set``,
  ``decline_digests_send``).
"""

from mentoring.matching.services.decline_notices import (
    DIGEST_HOUR,
    coordinators_notify_declined,
    decline_digests_send,
    decline_notice_set,
)
from mentoring.matching.services.errors import MatchingError, PinReplacementNeeded
from mentoring.matching.services.matching_settings import MAX_WEIGHT, matching_settings_update
from mentoring.matching.services.pins import (
    pair_clear,
    pair_pin,
    pair_veto,
    pair_veto_declined,
    pair_veto_ended,
)
from mentoring.matching.services.publish import PublishResult, matching_publish
from mentoring.matching.services.ranking import mentor_preferences_set
from mentoring.matching.services.runs import (
    ALTERNATIVES,
    CANDIDATES_PER_SIDE,
    INLINE_LIMIT,
    matching_execute,
    matching_run,
)
from mentoring.matching.services.stale_runs import STALE_AFTER, matching_runs_fail_stale

__all__ = [
    "ALTERNATIVES",
    "CANDIDATES_PER_SIDE",
    "DIGEST_HOUR",
    "INLINE_LIMIT",
    "MAX_WEIGHT",
    "STALE_AFTER",
    "MatchingError",
    "PinReplacementNeeded",
    "PublishResult",
    "coordinators_notify_declined",
    "decline_digests_send",
    "decline_notice_set",
    "matching_execute",
    "matching_publish",
    "matching_run",
    "matching_runs_fail_stale",
    "matching_settings_update",
    "mentor_preferences_set",
    "pair_clear",
    "pair_pin",
    "pair_veto",
    "pair_veto_declined",
    "pair_veto_ended",
]
