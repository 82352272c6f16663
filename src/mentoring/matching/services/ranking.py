"""The mentees' own ranking of the mentors on their shortlist."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.matching.models import MAX_RANKED, MentorPreference
from mentoring.matching.selectors import mentee_shortlist, ranking_closed, ranking_settings
from mentoring.matching.services.errors import MatchingError
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation


@transaction.atomic
def mentor_preferences_set(
    *, mentee: Participation, mentors: list[int], by: Any
) -> list[MentorPreference]:
    """Store the mentee's ranking: ``mentors`` are mentor participation ids,
    1st choice first (at most three, no repeats; empty clears the ranking).
    Replaces the mentee's earlier ranking.

    Only for an accepted mentee of a programme that lets mentees rank, who has
    no proposed or agreed mentor, and only mentors on the mentee's shortlist
    (mentors the mentee can be matched with). Raises MatchingError otherwise.
    Side effects: MentorPreference rows; audit entry ``matching.ranking_set``
    (how many mentors are ranked, no names).
    """
    mentee = Participation.objects.select_for_update().select_related("programme").get(pk=mentee.pk)
    settings_ = ranking_settings(programme=mentee.programme)
    if not (
        settings_.enabled
        and mentee.role == Role.MENTEE
        and mentee.status == ApplicationStatus.ACCEPTED
    ):
        raise MatchingError(_("This programme does not ask its mentees to rank mentors."))
    if ranking_closed(participation=mentee):
        raise MatchingError(
            _(
                "Your ranking can no longer be changed: a mentor has been proposed to you. "
                "You find the proposal under My matches."
            )
        )
    if len(mentors) > MAX_RANKED:
        raise MatchingError(_("You can rank at most three mentors."))
    if len(set(mentors)) != len(mentors):
        raise MatchingError(_("Each mentor can have only one place in your ranking."))
    if mentors:
        shortlist = mentee_shortlist(participation=mentee, size=settings_.shortlist_size)
        allowed = {entry.mentor.pk for entry in shortlist.entries}
        if any(pk not in allowed for pk in mentors):
            raise MatchingError(
                _("You can only rank the mentors on your list. Please look at the list again.")
            )
    before = list(
        MentorPreference.objects.filter(mentee=mentee)
        .order_by("rank")
        .values_list("mentor_id", flat=True)
    )
    if before == list(mentors):
        return list(MentorPreference.objects.filter(mentee=mentee).order_by("rank"))
    MentorPreference.objects.filter(mentee=mentee).delete()
    rows = MentorPreference.objects.bulk_create(
        [
            MentorPreference(mentee=mentee, mentor_id=pk, rank=rank)
            for rank, pk in enumerate(mentors, start=1)
        ]
    )
    log_action(
        actor=by,
        action="matching.ranking_set",
        obj=mentee,
        programme=mentee.programme,
        data={"ranked": len(rows)},
    )
    return rows
