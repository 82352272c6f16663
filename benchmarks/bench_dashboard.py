"""Results dashboard benchmark (``make bench``; issue 7: under 300 ms median).

Builds, in a throw-away SQLite database (a temporary file, migrated from
scratch), a programme of 5,000 participants: 2,500 mentees and 2,500 mentors,
a matching run with a proposal per mentee, about 2,450 pairs (completed, a few
still working, some ended early at the trial gate) plus declined proposals,
accepted agreements, about five meetings and three homework items per pair,
and the final evaluation answered by both sides of most completed pairs
(benefit per area, process, satisfaction, free text) and a follow-up. Data is
written with ``bulk_create`` from a seeded random generator.

Then it times the dashboard page (``reports:dashboard``) through Django's test
client with a coordinator (with MFA) signed in, over several runs after one
warm-up, and prints the median, the spread and the number of queries.

    python benchmarks/bench_dashboard.py                 # 5,000 participants, 9 runs
    python benchmarks/bench_dashboard.py --participants 1000 --runs 5
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

TARGET_MS = 300.0
BATCH = 2000


def setup_django(database: Path) -> None:
    os.environ["MENTORING_ENV"] = "test"
    os.environ["SQLITE_PATH"] = str(database)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "mentoring.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(participants: int, seed: int) -> tuple[str, str]:
    """The programme (slug) and its coordinator (e-mail)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from mentoring.accounts.models import User
    from mentoring.evaluations.enums import QuestionCode, QuestionKind, SurveyKind
    from mentoring.evaluations.models import Answer, Question, Questionnaire, Response
    from mentoring.matching.models import MatchingRun, Proposal
    from mentoring.meetings.enums import MeetingStatus, VenueKind
    from mentoring.meetings.models import ActionItem, Meeting
    from mentoring.participants.models import Participation
    from mentoring.programmes.enums import BenefitArea, Phase
    from mentoring.programmes.models import Programme
    from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
    from mentoring.relationships.models import AgreementVersion, Mentorship, TrialResponse

    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    now = timezone.now()
    coordinator = User.objects.create(email="coordinator@bench.example", full_name="Bench")
    if not Authenticator.objects.filter(user=coordinator).exists():
        TOTP.activate(coordinator, generate_totp_secret())
    programme = Programme.objects.create(
        slug="bench-2026", name_da="Benchmark 2026", name_en="Benchmark 2026", phase=Phase.ENDING
    )
    programme.coordinators.add(coordinator)
    half = participants // 2
    User.objects.bulk_create(
        [
            User(email=f"{role}{index}@bench.example", full_name=f"{role} {index}")
            for role in ("mentee", "mentor")
            for index in range(half)
        ],
        batch_size=BATCH,
    )
    users = {user.email: user.pk for user in User.objects.filter(email__endswith="@bench.example")}
    areas = list(BenefitArea.values)
    Participation.objects.bulk_create(
        [
            Participation(
                programme=programme,
                user_id=users[f"{role}{index}@bench.example"],
                role=role,
                status="accepted" if index < half - 20 else rng.choice(["submitted", "declined"]),
                capacity=1 if role == "mentor" else None,
                benefit_wishes=(
                    {area: rng.randint(0, 3) for area in areas} if role == "mentee" else {}
                ),
            )
            for role in ("mentee", "mentor")
            for index in range(half)
        ],
        batch_size=BATCH,
    )
    people = {(p.role, p.user_id): p.pk for p in Participation.objects.filter(programme=programme)}
    mentees = [people[("mentee", users[f"mentee{i}@bench.example"])] for i in range(half - 20)]
    mentors = [people[("mentor", users[f"mentor{i}@bench.example"])] for i in range(half - 20)]
    run = MatchingRun.objects.create(programme=programme, number=1, status="done")
    criteria = ["goals_expertise", "change_lived", "roles", "benefits", "experience"]
    Proposal.objects.bulk_create(
        [
            Proposal(
                run=run,
                mentee_id=mentee,
                mentor_id=mentor,
                score=rng.uniform(0.25, 0.95),
                contributions=[
                    {"criterion": name, "value": round(rng.random(), 3), "weight": 1}
                    for name in criteria
                ],
            )
            for mentee, mentor in zip(mentees, mentors, strict=True)
        ],
        batch_size=BATCH,
    )
    statuses: list[str] = []
    pairs = []
    for mentee, mentor in zip(mentees, mentors, strict=True):
        roll = rng.random()
        if roll < 0.03:
            status = MentorshipStatus.DECLINED
        elif roll < 0.08:
            status = MentorshipStatus.ENDED_EARLY
        elif roll < 0.18:
            status = MentorshipStatus.ACCEPTED
        else:
            status = MentorshipStatus.COMPLETED
        statuses.append(status)
        declined = status == MentorshipStatus.DECLINED
        pairs.append(
            Mentorship(
                programme=programme,
                mentee_id=mentee,
                mentor_id=mentor,
                run=run,
                status=status,
                mentor_slot=1,
                accepted_at=None if declined else now - timedelta(days=200),
                declined_at=now - timedelta(days=200) if declined else None,
                declined_by=Side.MENTOR if declined else "",
                decline_reason="Bench" if declined else "",
                trial_passed_at=(
                    now - timedelta(days=170)
                    if status in (MentorshipStatus.ACCEPTED, MentorshipStatus.COMPLETED)
                    else None
                ),
                ended_at=now if status != MentorshipStatus.ACCEPTED else None,
                ended_by=Side.MENTEE if status == MentorshipStatus.ENDED_EARLY else "",
            )
        )
    Mentorship.objects.bulk_create(pairs, batch_size=BATCH)
    created = list(
        Mentorship.objects.filter(programme=programme).order_by("pk").values_list("pk", "status")
    )
    working = [pk for pk, status in created if status != MentorshipStatus.DECLINED]
    TrialResponse.objects.bulk_create(
        [
            TrialResponse(
                mentorship_id=pk, side=Side.MENTEE, answer=TrialAnswer.NOT_A_FIT, answered_at=now
            )
            for pk, status in created
            if status == MentorshipStatus.ENDED_EARLY
        ],
        batch_size=BATCH,
    )
    start = date(2026, 1, 15)
    AgreementVersion.objects.bulk_create(
        [
            AgreementVersion(
                mentorship_id=pk,
                number=1,
                meetings_planned=rng.randint(4, 8),
                meeting_minutes=rng.choice([60, 90, 120]),
                starts_on=start,
                ends_on=start + timedelta(days=rng.randint(120, 250)),
                accepted_at=now - timedelta(days=190),
                mentee_accepted_at=now - timedelta(days=190),
                mentor_accepted_at=now - timedelta(days=190),
            )
            for pk in working
        ],
        batch_size=BATCH,
    )
    meetings = []
    items = []
    for pk in working:
        for index in range(rng.randint(1, 7)):
            held = rng.choice([MeetingStatus.HELD] * 6 + [MeetingStatus.CANCELLED])
            meetings.append(
                Meeting(
                    mentorship_id=pk,
                    status=held,
                    starts_at=now - timedelta(days=160 - 20 * index),
                    duration_minutes=rng.choice([60, 90, 120]),
                    venue_kind=VenueKind.OTHER,
                    summary="Bench summary",
                )
            )
        for _index in range(rng.randint(0, 5)):
            items.append(
                ActionItem(
                    mentorship_id=pk,
                    title="Bench homework",
                    owner=rng.choice([Side.MENTEE, Side.MENTOR]),
                    due_on=start + timedelta(days=rng.randint(10, 300)),
                    done_at=now if rng.random() < 0.7 else None,
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    ActionItem.objects.bulk_create(items, batch_size=BATCH)
    final = Questionnaire.objects.create(programme=programme, kind=SurveyKind.FINAL, state="open")
    follow = Questionnaire.objects.create(
        programme=programme, kind=SurveyKind.FOLLOW_UP, state="open"
    )
    position = iter(range(1, 100))
    scale_questions = [
        Question(
            questionnaire=final,
            position=next(position),
            code=QuestionCode.BENEFIT,
            kind=QuestionKind.SCALE_5,
            benefit_area=area,
            text_da=area,
            text_en=area,
        )
        for area in areas
    ] + [
        Question(
            questionnaire=final,
            position=next(position),
            code=code,
            kind=QuestionKind.SCALE_5,
            text_da=code,
            text_en=code,
        )
        for code in (
            QuestionCode.MEETING_FREQUENCY,
            QuestionCode.PREPARATION,
            QuestionCode.HOMEWORK,
        )
    ]
    satisfaction = Question(
        questionnaire=final,
        position=next(position),
        code=QuestionCode.SATISFACTION,
        kind=QuestionKind.SCALE_10,
        text_da="s",
        text_en="s",
    )
    advice = Question(
        questionnaire=final,
        position=next(position),
        code=QuestionCode.ADVICE,
        kind=QuestionKind.TEXT,
        text_da="a",
        text_en="a",
    )
    lasting = Question(
        questionnaire=follow,
        position=next(position),
        code=QuestionCode.LASTING_EFFECT,
        kind=QuestionKind.SCALE_5,
        text_da="l",
        text_en="l",
    )
    Question.objects.bulk_create([*scale_questions, satisfaction, advice, lasting])
    mentorships = {
        pk: (mentee, mentor)
        for pk, mentee, mentor in Mentorship.objects.filter(
            programme=programme, status=MentorshipStatus.COMPLETED
        ).values_list("pk", "mentee_id", "mentor_id")
    }
    responses = []
    for pk, (mentee, mentor) in mentorships.items():
        for side, respondent in ((Side.MENTEE, mentee), (Side.MENTOR, mentor)):
            if rng.random() < 0.85:
                for questionnaire in (final, follow) if rng.random() < 0.5 else (final,):
                    responses.append(
                        Response(
                            questionnaire=questionnaire,
                            mentorship_id=pk,
                            respondent_id=respondent,
                            side=side,
                            closes_at=now + timedelta(days=10),
                            submitted_at=now,
                        )
                    )
    Response.objects.bulk_create(responses, batch_size=BATCH)
    answers = []
    for response_pk, questionnaire_id in Response.objects.filter(
        questionnaire__programme=programme
    ).values_list("pk", "questionnaire_id"):
        if questionnaire_id == follow.pk:
            answers.append(
                Answer(
                    response_id=response_pk,
                    question=lasting,
                    number=rng.randint(1, 5),
                    kind=QuestionKind.SCALE_5,
                )
            )
            continue
        answers.extend(
            Answer(
                response_id=response_pk,
                question=question,
                number=rng.randint(1, 5),
                kind=QuestionKind.SCALE_5,
            )
            for question in scale_questions
        )
        answers.append(
            Answer(
                response_id=response_pk,
                question=satisfaction,
                number=rng.randint(4, 10),
                kind=QuestionKind.SCALE_10,
            )
        )
        answers.append(
            Answer(
                response_id=response_pk, question=advice, text="Bench text", kind=QuestionKind.TEXT
            )
        )
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    print(
        f"data: {Participation.objects.filter(programme=programme).count():,} participants, "
        f"{Mentorship.objects.filter(programme=programme).count():,} mentorships, "
        f"{len(meetings):,} meetings, {len(items):,} homework items, "
        f"{len(responses):,} responses, {len(answers):,} answers"
    )
    return programme.slug, coordinator.email


def measure(slug: str, email: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mentoring.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    url = reverse("reports:dashboard", args=[slug])
    response = client.get(url)  # warm-up: templates, translations, caches
    if response.status_code != 200:
        raise SystemExit(f"The dashboard answered {response.status_code}")
    times = []
    queries = 0
    for _run in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
        if response.status_code != 200:
            raise SystemExit(f"The dashboard answered {response.status_code}")
    return times, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder:
        started = time.perf_counter()
        setup_django(Path(folder) / "bench.sqlite3")
        slug, email = build(args.participants, args.seed)
        print(f"set-up (migrate and generate): {time.perf_counter() - started:.1f} s")
        times, queries = measure(slug, email, args.runs)
    median = statistics.median(times)
    verdict = "within" if median < TARGET_MS else "OVER"
    print(
        f"dashboard, {args.participants:,} participants: median {median:.0f} ms "
        f"(min {min(times):.0f}, max {max(times):.0f}; {args.runs} runs), "
        f"{queries} queries; {verdict} the {TARGET_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
