"""Reads of the meetings app for a person's own pages across their pairs
(the home page's inbox): their upcoming meetings, and whether a pair has
planned a meeting at all. Kept apart from ``selectors`` (the pair's and the
coordinator's reads) so each module stays short."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.meetings.selectors import WRITABLE_STATUSES
from mentoring.relationships.models import Mentorship


def upcoming_meetings(
    *, mentorships: Iterable[Mentorship], until: datetime, now: datetime
) -> list[Meeting]:
    """The planned meetings of ``mentorships`` (those that still work
    together) up to ``until``, and those whose time has passed without being
    marked held, in time order, with ``agenda_missing`` annotated (the
    agenda's text is never loaded) and each meeting's ``mentorship`` set from
    the objects given. One query (none without a working pair): for the home
    page's inbox, which has the person's mentorships already."""
    pairs = {m.pk: m for m in mentorships if m.status in WRITABLE_STATUSES}
    if not pairs:
        return []
    meetings: list[Meeting] = list(
        Meeting.objects.filter(
            mentorship_id__in=list(pairs),
            status=MeetingStatus.PLANNED,
            starts_at__lte=until,
        )
        .annotate(
            agenda_missing=ExpressionWrapper(Q(agenda=""), output_field=BooleanField()),
        )
        .defer("agenda", "summary", "role_feedback", "roles_used")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        meeting.mentorship = pairs[meeting.mentorship_id]
    return meetings


def with_meeting_planned(queryset: QuerySet[Mentorship]) -> QuerySet[Mentorship]:
    """``queryset`` with ``meeting_planned`` annotated: the pair has a meeting
    planned or held (not cancelled), which is ``meeting_stats``' held +
    upcoming + unrecorded > 0 and ``pair_plan``'s counted meetings. It turns
    the step "hold the first meeting" into "plan your first meeting" when
    False (``relationships.progress``)."""
    return queryset.annotate(
        meeting_planned=Exists(
            Meeting.objects.filter(mentorship=OuterRef("pk")).exclude(
                status=MeetingStatus.CANCELLED
            )
        )
    )
