"""Who is due for which survey, the invitations and the one reminder.

For every OPEN questionnaire the worker (``evaluations.tasks``) invites both
people of each pair that has become due:

- midway check-in: pairs in the learning phase (status accepted, trial gate
  passed) once the accepted agreement's ``midway_review_on`` has come, or the
  day halfway between its start and end when the agreement names no date;
- final evaluation: pairs that are closing or completed;
- follow-up: completed pairs ``programme.follow_up_days`` after ``ended_at``.

An invitation is a ``Response`` row (unique per questionnaire, mentorship
and side, so a second run never invites twice; ``closes_at`` = invitation +
``questionnaire.answer_days``) and an e-mail with a unique outbox key, in the
recipient's language. One reminder goes out about ``REMINDER_BEFORE`` before
``closes_at`` to whoever has not answered (``reminded_at`` makes it one).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from mentoring.common.mail import mail_queue
from mentoring.evaluations.enums import QuestionnaireState, SurveyKind
from mentoring.evaluations.models import Questionnaire, Response
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import AgreementVersion, Mentorship

#: The reminder goes out this long before the answers close ...
REMINDER_BEFORE = timedelta(days=7)
#: ... but never sooner than this after the invitation (short answer windows).
REMINDER_NOT_BEFORE = timedelta(days=1)


def midway_date(agreement: AgreementVersion) -> date:
    """The agreement's midway review, or halfway through its period."""
    if agreement.midway_review_on is not None:
        return agreement.midway_review_on
    return agreement.starts_on + (agreement.ends_on - agreement.starts_on) / 2


def _accepted_agreement(mentorship: Mentorship) -> AgreementVersion | None:
    accepted = [v for v in mentorship.agreement_versions.all() if v.accepted_at is not None]
    return max(accepted, key=lambda v: v.number) if accepted else None


def due_mentorships(questionnaire: Questionnaire, *, now: datetime) -> list[Mentorship]:
    """The pairs of the questionnaire's programme due for it at ``now`` and
    not yet invited."""
    pairs = (
        Mentorship.objects.filter(programme_id=questionnaire.programme_id)
        .exclude(survey_responses__questionnaire=questionnaire)
        .select_related("mentee__user", "mentor__user", "programme")
        .order_by("pk")
    )
    if questionnaire.kind == SurveyKind.MIDWAY:
        today = timezone.localdate(now)
        candidates = pairs.filter(
            status=MentorshipStatus.ACCEPTED, trial_passed_at__isnull=False
        ).prefetch_related(
            Prefetch(
                "agreement_versions",
                queryset=AgreementVersion.objects.filter(accepted_at__isnull=False),
            )
        )
        due = []
        for mentorship in candidates:
            agreement = _accepted_agreement(mentorship)
            if agreement is not None and midway_date(agreement) <= today:
                due.append(mentorship)
        return due
    if questionnaire.kind == SurveyKind.FINAL:
        return list(pairs.filter(status__in=[MentorshipStatus.CLOSING, MentorshipStatus.COMPLETED]))
    follow_up_days = questionnaire.programme.follow_up_days
    return list(
        pairs.filter(
            status=MentorshipStatus.COMPLETED,
            ended_at__lte=now - timedelta(days=follow_up_days),
        )
    )


def _mail_context(response: Response) -> dict[str, object]:
    mentorship = response.mentorship
    other = mentorship.mentor if response.side == Side.MENTEE else mentorship.mentee
    return {
        "response": response,
        "questionnaire": response.questionnaire,
        "programme": mentorship.programme,
        "mentorship": mentorship,
        "other": other.user,
    }


@transaction.atomic
def mentorship_invite(
    *, questionnaire: Questionnaire, mentorship: Mentorship, now: datetime
) -> int:
    """Invite both people of ``mentorship`` to the survey (where not invited
    yet). Returns the number of invitations made. Side effects: up to two
    Response rows and two e-mails (keys ``survey-invitation:<response id>``)."""
    made = 0
    for side, participation in ((Side.MENTEE, mentorship.mentee), (Side.MENTOR, mentorship.mentor)):
        response, created = Response.objects.get_or_create(
            questionnaire=questionnaire,
            mentorship=mentorship,
            side=side,
            defaults={
                "respondent": participation,
                "closes_at": now + timedelta(days=questionnaire.answer_days),
            },
        )
        if not created:
            continue
        Response.objects.filter(pk=response.pk).update(invited_at=now)
        response.invited_at = now
        mail_queue(
            key=f"survey-invitation:{response.pk}",
            template="survey_invitation",
            recipient=participation.user,
            context=_mail_context(response),
        )
        made += 1
    return made


def invitations_send_due(*, now: datetime | None = None) -> int:
    """Invite every pair that is due for an open survey. Idempotent. Returns
    the number of invitations made (one transaction per pair)."""
    now = now or timezone.now()
    made = 0
    for questionnaire in Questionnaire.objects.filter(state=QuestionnaireState.OPEN).select_related(
        "programme"
    ):
        for mentorship in due_mentorships(questionnaire, now=now):
            made += mentorship_invite(questionnaire=questionnaire, mentorship=mentorship, now=now)
    return made


def due_reminder_ids(*, now: datetime) -> list[int]:
    """Responses owed their one reminder at ``now``."""
    return list(
        Response.objects.filter(
            questionnaire__state=QuestionnaireState.OPEN,
            submitted_at__isnull=True,
            reminded_at__isnull=True,
            closes_at__gt=now,
            closes_at__lte=now + REMINDER_BEFORE,
            invited_at__lte=now - REMINDER_NOT_BEFORE,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def reminder_send(*, response_id: int, now: datetime) -> bool:
    """Send the one reminder of a response if it is still owed. Side effects:
    ``reminded_at``; an e-mail (key ``survey-reminder:<response id>``)."""
    response = (
        Response.objects.select_for_update()
        .select_related(
            "questionnaire",
            "mentorship__programme",
            "mentorship__mentee__user",
            "mentorship__mentor__user",
            "respondent__user",
        )
        .get(pk=response_id)
    )
    if response.submitted_at is not None or response.reminded_at is not None:
        return False
    if response.questionnaire.state != QuestionnaireState.OPEN or response.closes_at <= now:
        return False
    mail_queue(
        key=f"survey-reminder:{response.pk}",
        template="survey_reminder",
        recipient=response.respondent.user,
        context=_mail_context(response),
    )
    response.reminded_at = now
    response.save(update_fields=["reminded_at"])
    return True


def reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder owed at ``now``. Returns the number sent."""
    now = now or timezone.now()
    return sum(1 for pk in due_reminder_ids(now=now) if reminder_send(response_id=pk, now=now))
