"""Where a mentee can choose mentors: for links from the participants' pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.relationships.selectors import active_mentorships

register = template.Library()


@register.simple_tag
def ranking_open_ids(applications: Iterable[Any]) -> set[int]:
    """Ids of the given applications whose mentee may choose mentors now:
    accepted mentees of programmes that ask for it, without a proposed or
    agreed mentor (one query, none without such an application)."""
    ids = [
        a.pk
        for a in applications or []
        if a.role == Role.MENTEE and a.status == ApplicationStatus.ACCEPTED
    ]
    if not ids:
        return set()
    return set(
        Participation.objects.filter(
            pk__in=ids, programme__matching_settings__participant_ranking=True
        )
        .exclude(pk__in=active_mentorships().values("mentee_id"))
        .values_list("pk", flat=True)
    )
