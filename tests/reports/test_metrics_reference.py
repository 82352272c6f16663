"""The database aggregation of the results (``reports.metrics``) against a plain
Python reference computed in this test from the raw rows, on programmes made
by a seeded generator (pairs in every state, agreements, meetings with roles,
homework, trial answers, benefit wishes with odd JSON values, survey answers
around the minimum number of respondents). Runs on SQLite and PostgreSQL
(``scripts/with-postgres.sh``): every figure and every rendered cell of the
dashboard must be the same."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone

from mentoring.evaluations.enums import QuestionCode, QuestionKind, SurveyKind
from mentoring.evaluations.models import Answer, Question, Response
from mentoring.matching.models import Proposal
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.participants.enums import ApplicationStatus, Role
from mentoring.participants.models import Participation
from mentoring.programmes.enums import BenefitArea, MentorRole
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship, TrialResponse
from mentoring.reports import metrics as m
from mentoring.reports.dashboard import process, programme_dashboard, surveys
from mentoring.reports.dashboard.build import Scales
from tests.reports.helpers import (
    answer_final,
    matching_run,
    pair,
    participant,
    questionnaires,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
ODD_WISHES = [2.0, True, "3", None, [1], 7, -1]


def _generate(programme: Programme, seed: int) -> None:
    rng = random.Random(seed)
    programme.min_meetings = rng.randint(3, 7)
    programme.min_months = rng.randint(3, 8)
    programme.save()
    run = matching_run(programme)
    final = questionnaires(programme)
    for _ in range(rng.randint(0, 3)):
        participant(programme, Role.MENTEE, status=rng.choice(["draft", "submitted"]))
    statuses = [
        MentorshipStatus.COMPLETED,
        MentorshipStatus.CLOSING,
        MentorshipStatus.ENDED_EARLY,
        MentorshipStatus.ACCEPTED,
    ]
    for _ in range(rng.randint(0, 14)):
        wishes: dict[str, object] = {
            area: rng.randint(0, 3) for area in BenefitArea.values if rng.random() < 0.7
        }
        if rng.random() < 0.3:
            wishes[rng.choice(BenefitArea.values)] = rng.choice(ODD_WISHES)
        status = rng.choice(statuses)
        agreement = (
            (rng.randint(2, 9), rng.choice([45, 60, 90, 120]), rng.randint(2, 10))
            if rng.random() < 0.8
            else None
        )
        mentorship = pair(
            programme,
            status=status,
            wishes=wishes,  # type: ignore[arg-type]
            run=run if rng.random() < 0.8 else None,
            score=rng.uniform(0.0, 1.0),
            agreement=agreement,
            held=rng.randint(0, 9),
            homework=(lambda n: (n, rng.randint(0, n)))(rng.randint(0, 4)),
        )
        if agreement is not None and rng.random() < 0.3:  # a newer accepted version
            first = AgreementVersion.objects.get(mentorship=mentorship, number=1)
            first.pk = None
            first.number = 2
            first.meetings_planned = rng.randint(2, 9)
            first.ends_on = first.starts_on + timedelta(days=rng.randint(30, 300))
            first.save()
        proposal = Proposal.objects.filter(mentee=mentorship.mentee).first()
        if proposal is not None:
            proposal.contributions = [
                {"criterion": name, "value": rng.random(), "weight": 1}
                for name in rng.sample(["goals_expertise", "roles", "benefits", "experience"], 3)
            ]
            proposal.save(update_fields=["contributions"])
        meetings = list(Meeting.objects.filter(mentorship=mentorship))
        for meeting in meetings:
            meeting.roles_used = rng.sample([*MentorRole.values, "not-a-role"], rng.randint(0, 3))
            meeting.status = rng.choice([MeetingStatus.HELD] * 3 + [MeetingStatus.CANCELLED])
        Meeting.objects.bulk_update(meetings, ["roles_used", "status"])
        ActionItem.objects.filter(mentorship=mentorship, done_at__isnull=True).update(
            due_on=TODAY + timedelta(days=rng.randint(-20, 20)),
            owner=rng.choice([Side.MENTEE, Side.MENTOR]),
        )
        if status == MentorshipStatus.ACCEPTED and rng.random() < 0.4:  # declined instead
            Mentorship.objects.filter(pk=mentorship.pk).update(
                status=MentorshipStatus.DECLINED,
                declined_by=rng.choice([Side.MENTEE, Side.MENTOR]),
                decline_reason="Not now",
                accepted_at=None,
                trial_passed_at=None,
            )
        if status == MentorshipStatus.COMPLETED:
            for side in (Side.MENTEE, Side.MENTOR):
                if rng.random() < 0.8:
                    answer_final(
                        final,
                        mentorship,
                        side,
                        benefit=rng.randint(1, 5),
                        satisfaction=rng.randint(0, 10),
                        process=rng.randint(1, 5),
                        submitted=rng.random() < 0.9,
                    )
        if status == MentorshipStatus.CLOSING and rng.random() < 0.3:
            TrialResponse.objects.create(
                mentorship=mentorship,
                side=Side.MENTOR,
                answer=TrialAnswer.NOT_A_FIT,
                answered_at=timezone.now(),
            )


def _reference(programme: Programme, today: date) -> m.Metrics:
    """The figures from every raw row, in plain Python."""
    people = list(Participation.objects.filter(programme=programme).values())
    funnel = m.Funnel()
    for person in people:
        role = person["role"]
        funnel.applications[role] = funnel.applications.get(role, 0) + (
            person["status"] != ApplicationStatus.DRAFT
        )
        funnel.accepted[role] = funnel.accepted.get(role, 0) + (
            person["status"] == ApplicationStatus.ACCEPTED
        )
    pairs = list(Mentorship.objects.filter(programme=programme).values())
    versions = list(AgreementVersion.objects.filter(mentorship__programme=programme).values())
    accepted_versions = [v for v in versions if v["accepted_at"] is not None]
    newest: dict[int, dict[str, object]] = {}
    for version in accepted_versions:
        known = newest.get(version["mentorship_id"])
        if known is None or version["number"] > known["number"]:  # type: ignore[operator]
            newest[version["mentorship_id"]] = version
    accepted = [p for p in pairs if p["accepted_at"] is not None]
    funnel.matched = len({p["mentee_id"] for p in accepted})
    funnel.agreement_accepted = len({p["mentee_id"] for p in accepted if p["id"] in newest})
    funnel.trial_passed = len({p["mentee_id"] for p in pairs if p["trial_passed_at"]})
    funnel.completed = len(
        {p["mentee_id"] for p in pairs if p["status"] == MentorshipStatus.COMPLETED}
    )
    for p in pairs:
        if p["status"] == MentorshipStatus.DECLINED:
            funnel.declined_by[p["declined_by"]] = funnel.declined_by.get(p["declined_by"], 0) + 1
        if p["status"] == MentorshipStatus.ENDED_EARLY:
            funnel.ended_early_by[p["ended_by"]] = funnel.ended_early_by.get(p["ended_by"], 0) + 1
    for response in TrialResponse.objects.filter(mentorship__programme=programme).values():
        if response["answer"] == TrialAnswer.NOT_A_FIT:
            funnel.not_a_fit[response["side"]] = funnel.not_a_fit.get(response["side"], 0) + 1

    match = m.MatchQuality(bands=[0] * len(m.SCORE_BANDS))
    sums: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    scores = []
    for p in accepted:
        for proposal in Proposal.objects.filter(
            run_id=p["run_id"], mentee_id=p["mentee_id"], mentor_id=p["mentor_id"]
        ).values("score", "contributions"):
            scores.append(proposal["score"])
            match.bands[m._band(proposal["score"])] += 1
            for item in proposal["contributions"]:
                sums[item["criterion"]] += item["value"]
                counts[item["criterion"]] += 1
    match.pairs = len(scores)
    match.mean_score = sum(scores) / len(scores) if scores else None
    match.criteria = {name: sums[name] / counts[name] for name in counts}

    frames = [newest[p["id"]] for p in accepted if p["id"] in newest]
    agreements = m.Agreements(count=len(frames))
    if frames:
        days = [(f["ends_on"] - f["starts_on"]).days for f in frames]  # type: ignore[operator]
        agreements.mean_meetings = sum(f["meetings_planned"] for f in frames) / len(frames)  # type: ignore[misc]
        agreements.mean_minutes = sum(f["meeting_minutes"] for f in frames) / len(frames)  # type: ignore[misc]
        agreements.mean_months = sum(d / m.DAYS_PER_MONTH for d in days) / len(frames)
        agreements.meetings_ok = sum(
            f["meetings_planned"] >= programme.min_meetings for f in frames
        )  # type: ignore[operator]
        agreements.minutes_ok = sum(
            f["meeting_minutes"] >= programme.min_meeting_minutes  # type: ignore[operator]
            for f in frames
        )
        agreements.months_ok = sum(d / m.DAYS_PER_MONTH >= programme.min_months - 0.5 for d in days)

    all_meetings = list(Meeting.objects.filter(mentorship__programme=programme).values())
    meetings = m.Meetings()
    working = [p for p in pairs if p["trial_passed_at"] is not None]
    top = programme.min_meetings + 1
    distribution = [0] * (top + 1)
    agreed_counts = []
    for p in working:
        mine = [x for x in all_meetings if x["mentorship_id"] == p["id"]]
        held = sum(x["status"] == MeetingStatus.HELD for x in mine)
        meetings.held += held
        meetings.planned += sum(x["status"] == MeetingStatus.PLANNED for x in mine)
        meetings.cancelled += sum(x["status"] == MeetingStatus.CANCELLED for x in mine)
        distribution[min(held, top)] += 1
        meetings.reached_recommended += held >= programme.min_meetings
        frame = newest.get(p["id"]) if p["accepted_at"] else None
        if frame is not None:
            agreed_counts.append(frame["meetings_planned"])
            meetings.reached_agreed += held >= frame["meetings_planned"]  # type: ignore[operator]
    meetings.pairs = len(working)
    if working:
        meetings.held_distribution = distribution
        meetings.mean_held = meetings.held / len(working)
    if agreed_counts:
        meetings.mean_agreed = sum(agreed_counts) / len(agreed_counts)  # type: ignore[arg-type]
    held_meetings = [x for x in all_meetings if x["status"] == MeetingStatus.HELD]
    minutes = [x["duration_minutes"] for x in held_meetings if x["duration_minutes"] is not None]
    meetings.mean_held_minutes = sum(minutes) / len(minutes) if minutes else None
    for x in held_meetings:
        roles = set(MentorRole.values).intersection(x["roles_used"] or [])
        if roles:
            meetings.with_roles += 1
            meetings.roles.update(roles)

    homework = m.Homework()
    for item in ActionItem.objects.filter(mentorship__programme=programme).values():
        total, done = homework.by_owner.get(item["owner"], (0, 0))
        is_done = item["done_at"] is not None
        homework.by_owner[item["owner"]] = (total + 1, done + is_done)
        homework.total += 1
        homework.done += is_done
        homework.overdue += (not is_done) and item["due_on"] is not None and item["due_on"] < today

    result = m.Surveys()
    questions = {q["id"]: q for q in Question.objects.values("id", "code", "kind", "benefit_area")}
    responses = {
        r["id"]: r
        for r in Response.objects.filter(
            questionnaire__programme=programme, submitted_at__isnull=False
        ).values("id", "side", "questionnaire__kind")
    }
    groups: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}
    for answer in Answer.objects.filter(number__isnull=False).values():
        response = responses.get(answer["response_id"])
        if response is None:
            continue
        question = questions[answer["question_id"]]
        kind, side = response["questionnaire__kind"], response["side"]
        item = (answer["response_id"], answer["number"], question["kind"])
        if question["code"] == QuestionCode.BENEFIT:
            if kind == SurveyKind.FINAL:
                groups.setdefault(("benefit", side, question["benefit_area"]), []).append(item)
        else:
            groups.setdefault(("scale", kind, question["code"], side), []).append(item)

    def high(number: int, kind: str) -> bool:
        if kind == QuestionKind.SCALE_10:
            return number >= 9
        if kind == QuestionKind.YES_NO:
            return number == 1
        return kind in (QuestionKind.SCALE_5, QuestionKind.GOALS) and number >= 4

    for key, items in groups.items():
        numbers = [number for _r, number, _k in items]
        if key[0] == "benefit":
            n_high = sum(number >= 4 for number in numbers)
        else:
            n_high = sum(high(number, kind) for _r, number, kind in items)
        scale = m.Scale(len({r for r, _n, _k in items}), sum(numbers) / len(numbers), n_high)
        if key[0] == "benefit":
            result.benefits[(key[1], key[2])] = scale
        else:
            result.scales[(key[1], key[2], key[3])] = scale
            if key[2] == QuestionCode.SATISFACTION and key[1] == SurveyKind.FINAL:
                result.satisfaction[key[3]] = Counter(numbers)
    for area in BenefitArea.values:
        ratings = [
            person["benefit_wishes"][area]
            for person in people
            if person["role"] == Role.MENTEE
            and person["status"] == ApplicationStatus.ACCEPTED
            and isinstance(person["benefit_wishes"], dict)
            and type(person["benefit_wishes"].get(area)) is int
        ]
        result.wishes[area] = m.Wishes(
            count=len(ratings), total=sum(ratings), high=sum(r >= 2 for r in ratings)
        )
    return m.Metrics(programme, funnel, match, agreements, meetings, homework, result)


def _approx(value: object) -> object:
    """Floats compared to 1e-9 (the database may add them up in another order)."""
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-9)
    if isinstance(value, dict):
        return {key: _approx(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_approx(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _approx(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _cells(metrics: m.Metrics) -> list[tuple[str, str, list[tuple[object, str, bool]]]]:
    scales = Scales(metrics)
    sections = [
        process.funnel_section(metrics),
        process.match_section(metrics),
        process.agreements_section(metrics),
        process.meetings_section(metrics),
        process.homework_section(metrics),
        surveys.benefits_section(metrics, scales),
        surveys.satisfaction_section(metrics, scales),
        surveys.learning_section(metrics, scales),
    ]
    return [
        (table.key, row.key, [(cell.value, cell.text, cell.suppressed) for cell in row.cells])
        for section in sections
        for table in section.tables
        for row in table.rows
    ]


@pytest.mark.parametrize("seed", range(12))
def test_the_database_aggregation_equals_a_python_reference(
    programme: Programme, seed: int
) -> None:
    _generate(programme, seed)
    programme.refresh_from_db()
    new = m.programme_metrics(programme, today=TODAY)
    reference = _reference(programme, TODAY)
    for part in ("funnel", "match", "agreements", "meetings", "homework", "surveys"):
        assert _approx(getattr(new, part)) == _approx(getattr(reference, part)), part
    # Every rendered cell of the dashboard, suppression included.
    assert _cells(new) == _cells(reference)


def test_the_generator_covers_what_the_rules_are_about(programme: Programme) -> None:
    """Across the seeds some figures are suppressed and some shown, wishes with odd
    JSON values are skipped, roles outside the ten are ignored."""
    suppressed = shown = 0
    for seed in range(12):
        Programme.objects.filter(pk=programme.pk).update(slug=f"seed-{seed}")
        fresh = Programme.objects.create(slug=f"gen-{seed}", name_da="G", name_en="G")
        _generate(fresh, seed)
        cells = [cell for _t, _r, row in _cells(m.programme_metrics(fresh)) for cell in row]
        suppressed += sum(1 for cell in cells if cell[2])
        shown += sum(1 for cell in cells if cell[0] is not None)
    assert suppressed > 0
    assert shown > 0
    assert programme_dashboard(programme).sections
