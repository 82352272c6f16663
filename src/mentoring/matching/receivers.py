"""Receivers of events of the apps below ``matching``; each is one line
calling a service of this app. Connected in ``apps.MatchingConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.matching.services import pair_veto_declined, pair_veto_ended
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.signals import mentorship_status_changed

#: The veto for a pair that one of the two declined or ended at the trial
#: gate. Not after an erasure: the erased person's participations are
#: withdrawn and anonymised, so no later run can propose the pair anyway.
VETO_AFTER: dict[tuple[str, str], Any] = {
    (MentorshipStatus.DECLINED.value, "declined"): pair_veto_declined,
    (MentorshipStatus.ENDED_EARLY.value, "trial"): pair_veto_ended,
}


@receiver(mentorship_status_changed, dispatch_uid="matching.veto_ended_pair")
def veto_ended_pair(*, mentorship: Any, new: str, by: Any, reason: str, **kwargs: Any) -> None:
    """A pair that declined or ended early is not proposed again."""
    if (veto := VETO_AFTER.get((new, reason))) is not None:
        veto(mentorship=mentorship, by=by)
