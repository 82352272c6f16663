"""Builders for the results tests: pairs, agreements, meetings, homework, a
matching run and survey answers written straight to the database (the flows
that write them have their own tests), so these tests depend only on the data
model. ``questionnaires`` creates the final evaluation and the follow-up with
the question codes the dashboard aggregates by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.evaluations.enums import Audience, QuestionCode, QuestionKind, SurveyKind
from mentoring.evaluations.models import Answer, Question, Questionnaire, Response
from mentoring.matching.models import MatchingRun, Proposal
from mentoring.meetings.enums import MeetingStatus, VenueKind
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship, TrialResponse

#: Free text that must never appear on a results page, export or report.
SECRET_TEXT = "HEMMELIGT-SVAR-4411"

_numbers = count(1)

AREAS: list[str] = list(BenefitArea.values)
PROCESS_CODES = (QuestionCode.MEETING_FREQUENCY, QuestionCode.PREPARATION, QuestionCode.HOMEWORK)


@dataclass
class Surveys:
    final: Questionnaire
    follow_up: Questionnaire
    questions: dict[tuple[str, str], Question]  # (code, area) -> question of the final


def questionnaires(programme: Programme) -> Surveys:
    """The final evaluation (benefit per area, goals, process, satisfaction,
    free texts) and the follow-up (lasting effect, career change), open."""
    final = Questionnaire.objects.create(programme=programme, kind=SurveyKind.FINAL, state="open")
    follow = Questionnaire.objects.create(
        programme=programme, kind=SurveyKind.FOLLOW_UP, state="open"
    )
    position = count(1)
    questions: dict[tuple[str, str], Question] = {}

    def add(
        questionnaire: Questionnaire,
        code: str,
        kind: str,
        area: str = "",
        audience: str = Audience.BOTH,
    ) -> Question:
        return Question.objects.create(
            questionnaire=questionnaire,
            position=next(position),
            code=code,
            kind=kind,
            benefit_area=area,
            audience=audience,
            text_da=f"{code} {area}",
            text_en=f"{code} {area}",
        )

    for area in AREAS:
        questions[(QuestionCode.BENEFIT, area)] = add(
            final, QuestionCode.BENEFIT, QuestionKind.SCALE_5, area
        )
    questions[(QuestionCode.GOALS, "")] = add(final, QuestionCode.GOALS, QuestionKind.GOALS)
    for code in PROCESS_CODES:
        questions[(code, "")] = add(final, code, QuestionKind.SCALE_5)
    questions[(QuestionCode.SATISFACTION, "")] = add(
        final, QuestionCode.SATISFACTION, QuestionKind.SCALE_10
    )
    questions[(QuestionCode.ADVICE, "")] = add(final, QuestionCode.ADVICE, QuestionKind.TEXT)
    questions[(QuestionCode.OWN_LEARNING, "")] = add(
        final, QuestionCode.OWN_LEARNING, QuestionKind.TEXT, audience=Audience.MENTOR
    )
    questions[(QuestionCode.LASTING_EFFECT, "follow_up")] = add(
        follow, QuestionCode.LASTING_EFFECT, QuestionKind.SCALE_5
    )
    questions[(QuestionCode.CAREER_CHANGE, "follow_up")] = add(
        follow, QuestionCode.CAREER_CHANGE, QuestionKind.YES_NO
    )
    return Surveys(final=final, follow_up=follow, questions=questions)


def _person(prefix: str) -> User:
    number = next(_numbers)
    return User.objects.create(
        email=f"{prefix}{number}@example.org", full_name=f"{prefix} {number}"
    )


def participant(
    programme: Programme,
    role: str,
    *,
    status: str = ApplicationStatus.ACCEPTED,
    wishes: dict[str, int] | None = None,
) -> Participation:
    return Participation.objects.create(
        programme=programme,
        user=_person(role),
        role=role,
        status=status,
        capacity=1 if role == Role.MENTOR else None,
        benefit_wishes=wishes if wishes is not None else {},
    )


def pair(
    programme: Programme,
    *,
    status: str = MentorshipStatus.COMPLETED,
    wishes: dict[str, int] | None = None,
    run: MatchingRun | None = None,
    score: float = 0.7,
    agreement: tuple[int, int, int] | None = (6, 90, 6),
    held: int = 5,
    homework: tuple[int, int] = (2, 1),
) -> Mentorship:
    """A pair of ``programme`` in ``status`` (accepted by both, trial passed
    unless it ended early), with an accepted agreement (meetings, minutes,
    months), ``held`` meetings held and ``homework`` (items, done)."""
    now = timezone.now()
    mentee = participant(
        programme, Role.MENTEE, wishes=wishes if wishes is not None else {"career": 3}
    )
    mentor = participant(programme, Role.MENTOR)
    closed = status in (MentorshipStatus.COMPLETED, MentorshipStatus.ENDED_EARLY)
    mentorship = Mentorship.objects.create(
        programme=programme,
        mentee=mentee,
        mentor=mentor,
        run=run,
        status=status,
        mentor_slot=1,
        accepted_at=now - timedelta(days=200),
        mentee_accepted_at=now - timedelta(days=200),
        mentor_accepted_at=now - timedelta(days=200),
        trial_passed_at=None
        if status == MentorshipStatus.ENDED_EARLY
        else now - timedelta(days=180),
        ended_at=now if closed else None,
        ended_by=Side.MENTEE if status == MentorshipStatus.ENDED_EARLY else "",
    )
    if status == MentorshipStatus.ENDED_EARLY:
        TrialResponse.objects.create(
            mentorship=mentorship, side=Side.MENTEE, answer=TrialAnswer.NOT_A_FIT, answered_at=now
        )
    if run is not None:
        Proposal.objects.create(
            run=run,
            mentee=mentee,
            mentor=mentor,
            score=score,
            contributions=[
                {"criterion": "goals_expertise", "value": 0.8, "weight": 1, "points": 0.3},
                {"criterion": "roles", "value": 0.5, "weight": 1, "points": 0.2},
            ],
        )
    if agreement is not None:
        meetings, minutes, months = agreement
        start = date(2026, 1, 1)
        AgreementVersion.objects.create(
            mentorship=mentorship,
            number=1,
            meetings_planned=meetings,
            meeting_minutes=minutes,
            starts_on=start,
            ends_on=start + timedelta(days=round(months * 30.44)),
            accepted_at=now - timedelta(days=190),
            mentee_accepted_at=now - timedelta(days=190),
            mentor_accepted_at=now - timedelta(days=190),
            confidentiality=SECRET_TEXT,
        )
    Meeting.objects.bulk_create(
        Meeting(
            mentorship=mentorship,
            status=MeetingStatus.HELD,
            starts_at=now - timedelta(days=170 - 20 * index),
            duration_minutes=90,
            venue_kind=VenueKind.OTHER,
            summary=SECRET_TEXT,
            held_at=now - timedelta(days=170 - 20 * index),
        )
        for index in range(held)
    )
    items, done = homework
    ActionItem.objects.bulk_create(
        ActionItem(
            mentorship=mentorship,
            title=SECRET_TEXT,
            owner=Side.MENTEE,
            done_at=now if index < done else None,
        )
        for index in range(items)
    )
    return mentorship


def matching_run(programme: Programme) -> MatchingRun:
    return MatchingRun.objects.create(programme=programme, number=next(_numbers), status="done")


def answer_final(
    surveys: Surveys,
    mentorship: Mentorship,
    side: str,
    *,
    benefit: int = 4,
    satisfaction: int = 9,
    process: int = 4,
    submitted: bool = True,
) -> Response:
    """``side``'s final evaluation of ``mentorship``: ``benefit`` in every
    area, the process questions, satisfaction and the free texts (with the
    secret marker, which must never be shown)."""
    now = timezone.now()
    respondent = mentorship.mentee if side == Side.MENTEE else mentorship.mentor
    response = Response.objects.create(
        questionnaire=surveys.final,
        mentorship=mentorship,
        respondent=respondent,
        side=side,
        closes_at=now + timedelta(days=10),
        submitted_at=now if submitted else None,
    )
    if not submitted:
        return response
    questions = surveys.questions
    answers = [
        Answer(
            response=response,
            question=questions[(QuestionCode.BENEFIT, area)],
            number=benefit,
            kind=QuestionKind.SCALE_5,
        )
        for area in AREAS
    ]
    answers += [
        Answer(response=response, question=questions[(code, "")], number=process, kind="scale_5")
        for code in PROCESS_CODES
    ]
    answers.append(
        Answer(
            response=response,
            question=questions[(QuestionCode.SATISFACTION, "")],
            number=satisfaction,
            kind=QuestionKind.SCALE_10,
        )
    )
    answers.append(
        Answer(
            response=response,
            question=questions[(QuestionCode.ADVICE, "")],
            text=SECRET_TEXT,
            kind=QuestionKind.TEXT,
        )
    )
    Answer.objects.bulk_create(answers)
    return response
