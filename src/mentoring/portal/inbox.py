""" "Det venter på dig": the concrete next actions of one person across all
their programmes, most urgent first, each a link to the page where it is
done. Read from the owning apps' selectors (the same ones their pages use),
in a constant number of queries whatever the number of programmes, pairs,
meetings and surveys:

1. match proposals waiting for the person's answer;
2. surveys not answered whose deadline is ahead ("closes in 3 days");
3. the person's turn in a pair's establishment (roles exercise, agreement,
   first meeting, trial answer), from ``relationships.progress``;
4. meetings: the agenda of a meeting within a week (the mentee's), a
   meeting whose time has passed and is not marked held;
5. application drafts not sent, while the programme takes applications.

``person_overview`` reads the person's mentorships (proposals and pairs) and
applications once; the inbox and the home page's lists of pairs and
applications are both built from it (the same selectors, one read each).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.evaluations.selectors import open_responses_for_user
from mentoring.meetings.person_selectors import upcoming_meetings, with_meeting_planned
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.participants.selectors import applications_for_user
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.progress import NextCode, progress_of
from mentoring.relationships.selectors import (
    PAIR_STATUSES,
    mentorships_for_user,
    progress_prefetches,
    proposal_answer_deadline,
    side_of,
)

#: A meeting this close is on the list (its agenda, or the meeting itself).
MEETING_HORIZON = timedelta(days=7)

#: Urgency groups: lower is more urgent; within a group, the earlier due first.
URGENT, SOON, LATER = 0, 1, 2


@dataclass(frozen=True)
class InboxItem:
    text: str
    url: str
    urgency: int
    due: datetime | None = None
    #: A short second line (the programme, a deadline).
    detail: str = ""

    def sort_key(self) -> tuple[int, float]:
        return (self.urgency, self.due.timestamp() if self.due else float("inf"))


@dataclass(frozen=True)
class PersonOverview:
    """A person's mentorships (proposals and pairs, newest first, with the
    programme and both people) and applications (newest first), read once
    for the home page: its lists and its inbox."""

    mentorships: list[Mentorship]
    applications: list[Participation]

    @property
    def pairs(self) -> list[Mentorship]:
        """``relationships.selectors.pairs_for_user``: accepted, or ended early."""
        return [m for m in self.mentorships if m.status in PAIR_STATUSES]


def person_overview(user: Any) -> PersonOverview:
    """Two queries, and three more (the establishment's progress) when the
    person has a pair that is establishing or working: ``mentorships_for_user``
    limited to proposals and pairs, with ``meeting_planned`` (meetings), and
    ``applications_for_user``."""
    mentorships = list(
        with_meeting_planned(
            mentorships_for_user(user).filter(
                status__in=(MentorshipStatus.PROPOSED.value, *PAIR_STATUSES)
            )
        )
    )
    accepted = [m for m in mentorships if m.status == MentorshipStatus.ACCEPTED]
    prefetch_related_objects(accepted, *progress_prefetches())
    return PersonOverview(mentorships=mentorships, applications=list(applications_for_user(user)))


def _days_left(due: datetime, now: datetime) -> int:
    return max((timezone.localdate(due) - timezone.localdate(now)).days, 0)


def _weekday_and_date(moment: datetime) -> str:
    local = timezone.localtime(moment)
    weekday = formats.date_format(local, "l")
    return f"{weekday} {formats.date_format(local, 'DATE_FORMAT')}"


def _proposals(mentorships: list[Any], user: Any) -> list[InboxItem]:
    items = []
    for mentorship in mentorships:
        if mentorship.status != MentorshipStatus.PROPOSED:
            continue
        side = side_of(mentorship=mentorship, user=user)
        mine = (
            mentorship.mentee_accepted_at if side == Side.MENTEE else mentorship.mentor_accepted_at
        )
        if mine is not None:
            continue
        other = mentorship.mentor if side == Side.MENTEE else mentorship.mentee
        deadline = proposal_answer_deadline(mentorship)
        items.append(
            InboxItem(
                text=_("Answer your match proposal from %(name)s by %(date)s")
                % {
                    "name": other.user,
                    "date": formats.date_format(timezone.localtime(deadline), "DATE_FORMAT"),
                },
                url=reverse("relationships:match", args=[mentorship.pk]),
                urgency=URGENT,
                due=deadline,
                detail=mentorship.programme.name,
            )
        )
    return items


_STEP_TEXTS = {
    NextCode.ROLES_ANSWER: lambda: _("Do the “Mentor's Many Roles” exercise with %(name)s"),
    NextCode.ROLES_AGREE: lambda: _("Agree the roles with %(name)s"),
    NextCode.AGREEMENT_DRAFT: lambda: _("Write your collaboration agreement with %(name)s"),
    NextCode.AGREEMENT_ACCEPT: lambda: _("Read and accept the agreement with %(name)s"),
    NextCode.PLAN_FIRST_MEETING: lambda: _("Plan your first meeting with %(name)s"),
    NextCode.FIRST_MEETING: lambda: _("Mark your first meeting with %(name)s as held"),
    NextCode.TRIAL: lambda: _("Answer: do you want to continue with %(name)s?"),
}


def _pair_steps(mentorships: list[Any], user: Any) -> list[InboxItem]:
    items = []
    for mentorship in mentorships:
        if mentorship.status != MentorshipStatus.ACCEPTED:
            continue
        planned = bool(mentorship.meeting_planned)
        step = progress_of(mentorship, first_meeting_planned=planned).next_step
        side = side_of(mentorship=mentorship, user=user)
        if side is None or step.code not in _STEP_TEXTS or not step.is_for(side):
            continue
        other = mentorship.mentor if side == Side.MENTEE else mentorship.mentee
        url = reverse("relationships:pair", args=[mentorship.pk])
        if step.code in (NextCode.TRIAL, NextCode.FIRST_MEETING):
            url = reverse("relationships:trial", args=[mentorship.pk])
        elif step.code in (NextCode.ROLES_ANSWER, NextCode.ROLES_AGREE):
            url = reverse("relationships:roles", args=[mentorship.pk])
        elif step.code in (NextCode.AGREEMENT_DRAFT, NextCode.AGREEMENT_ACCEPT):
            url = reverse("relationships:agreement", args=[mentorship.pk])
        elif step.code == NextCode.PLAN_FIRST_MEETING:
            url = reverse("meetings:plan", args=[mentorship.pk])
        items.append(
            InboxItem(
                text=_STEP_TEXTS[step.code]() % {"name": other.user},
                url=url,
                urgency=URGENT if step.code == NextCode.TRIAL else SOON,
                detail=mentorship.programme.name,
            )
        )
    return items


def _meetings(mentorships: list[Any], user: Any, now: datetime) -> list[InboxItem]:
    items = []
    for meeting in upcoming_meetings(mentorships=mentorships, until=now + MEETING_HORIZON, now=now):
        mentorship = meeting.mentorship
        url = reverse("meetings:detail", args=[mentorship.pk, meeting.pk])
        when = _weekday_and_date(meeting.starts_at)
        if meeting.starts_at <= now:
            items.append(
                InboxItem(
                    text=_("Mark the meeting on %(when)s as held") % {"when": when},
                    url=url,
                    urgency=SOON,
                    due=meeting.starts_at,
                )
            )
        elif mentorship.mentee.user_id == user.pk and getattr(meeting, "agenda_missing", False):
            items.append(
                InboxItem(
                    text=_("Write the agenda for the meeting on %(when)s") % {"when": when},
                    url=reverse("meetings:agenda", args=[mentorship.pk, meeting.pk]),
                    urgency=URGENT if meeting.starts_at - now < timedelta(days=2) else SOON,
                    due=meeting.starts_at,
                    detail=_("with %(name)s") % {"name": mentorship.mentor.user},
                )
            )
    return items


def _surveys(user: Any, now: datetime) -> list[InboxItem]:
    items = []
    for response in open_responses_for_user(user, now=now):
        days = _days_left(response.closes_at, now)
        items.append(
            InboxItem(
                text=ngettext(
                    "%(survey)s closes in %(days)d day",
                    "%(survey)s closes in %(days)d days",
                    days,
                )
                % {"survey": response.questionnaire.get_kind_display(), "days": days}
                if days
                else _("%(survey)s closes today")
                % {"survey": response.questionnaire.get_kind_display()},
                url=reverse(
                    "evaluations:respond",
                    args=[response.mentorship_id, response.questionnaire.kind],
                ),
                urgency=URGENT if days <= 3 else SOON,
                due=response.closes_at,
                detail=response.questionnaire.programme.name,
            )
        )
    return items


def _drafts(applications: list[Participation], now: datetime) -> list[InboxItem]:
    items = []
    for application in applications:
        if application.status != ApplicationStatus.DRAFT:
            continue
        programme = application.programme
        close = programme.applications_close_at
        if not programme.applications_open(now):
            continue
        items.append(
            InboxItem(
                text=_("Finish and send your application to %(programme)s")
                % {"programme": programme.name},
                url=reverse("participants:my_applications"),
                urgency=LATER,
                due=close,
                detail=(
                    _("Applications close %(date)s")
                    % {"date": formats.date_format(timezone.localtime(close), "DATE_FORMAT")}
                    if close
                    else ""
                ),
            )
        )
    return items


def inbox_for_user(
    user: Any, *, now: datetime | None = None, overview: PersonOverview | None = None
) -> list[InboxItem]:
    """Everything waiting for ``user``, most urgent first (constant queries).
    ``overview``: the person's ``person_overview`` when the page has it already."""
    if not user.is_authenticated:
        return []
    now = now or timezone.now()
    overview = overview or person_overview(user)
    mentorships = [
        m
        for m in overview.mentorships
        if m.status in (MentorshipStatus.PROPOSED, MentorshipStatus.ACCEPTED)
    ]
    items = [
        *_proposals(mentorships, user),
        *_pair_steps(mentorships, user),
        *_meetings(overview.mentorships, user, now),
        *_surveys(user, now),
        *_drafts(overview.applications, now),
    ]
    return sorted(items, key=InboxItem.sort_key)
