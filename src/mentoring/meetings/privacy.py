"""Personal data of the meetings app: meetings, homework, the journal,
goals, the calendar feed and reminders."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure


def _pair(pks: list[int], prefix: str = "mentorship__") -> Q:
    return Q(**{f"{prefix}mentee__in": pks}) | Q(**{f"{prefix}mentor__in": pks})


ENTRIES = [
    Entry(
        model="meetings.Meeting",
        purpose="The pair's meetings: when, where, the agenda and the shared summary.",
        personal=(
            "venue_name",
            "video_link",
            "theme",
            "agenda",
            "summary",
            "role_feedback",
            "created_by",
        ),
        confidential=("agenda", "summary", "role_feedback"),
        erasure=Erasure.ANONYMISE,
        anonymise={
            "venue_name": "",
            "video_link": "",
            "theme": "",
            "agenda": "",
            "summary": "",
            "role_feedback": "",
        },
        note="kept for the counts of meetings held",
        of_participations=lambda pks, user_ids: _pair(pks),
        export_exclude=("created_by", "uid", "sequence"),
    ),
    Entry(
        model="meetings.ActionItem",
        purpose="Homework agreed by the pair.",
        personal=("title", "created_by"),
        erasure=Erasure.ANONYMISE,
        anonymise={"title": ""},
        of_participations=lambda pks, user_ids: _pair(pks),
        export_exclude=("created_by",),
    ),
    Entry(
        model="meetings.Note",
        purpose="The journal: notes private to their author or shared with the pair.",
        personal=("title", "body", "author"),
        confidential=("title", "body"),
        erasure=Erasure.DELETE,
        note="the person's own notes; the other person's notes stay theirs",
        of_user=lambda user: Q(author=user),
        of_participations=lambda pks, user_ids: _pair(pks) & Q(author__in=user_ids),
        export_filter=lambda user: Q(author=user),
    ),
    Entry(
        model="meetings.Goal",
        purpose="The mentee's goals for the mentorship.",
        personal=("text", "imported_from"),
        erasure=Erasure.ANONYMISE,
        anonymise={"text": "", "imported_from": ""},
        note="the progress stays",
        of_participations=lambda pks, user_ids: Q(mentorship__mentee__in=pks),
    ),
    Entry(
        model="meetings.GoalUpdate",
        purpose="A progress update on a goal.",
        personal=("comment", "author"),
        erasure=Erasure.ANONYMISE,
        anonymise={"comment": ""},
        of_user=lambda user: Q(author=user),
        of_participations=lambda pks, user_ids: (
            _pair(pks, "goal__mentorship__") & Q(author__in=user_ids)
        ),
        export_exclude=("author",),
    ),
    Entry(
        model="meetings.CalendarFeed",
        purpose="The secret address of a person's calendar feed.",
        personal=("token",),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(user=user),
        export_exclude=("token",),
        retention=False,
    ),
    Entry(
        model="meetings.Reminder",
        purpose="Scheduled reminders and nudges to a person.",
        personal=("recipient", "key"),
        erasure=Erasure.DELETE,
        of_user=lambda user: Q(recipient=user),
        of_participations=lambda pks, user_ids: _pair(pks) & Q(recipient__in=user_ids),
    ),
]
