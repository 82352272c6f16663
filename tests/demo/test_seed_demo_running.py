"""``manage.py seed_demo``: the running programme "Mentorordning 2026", whose
six pairs stand at different steps of the establishment phase, with the demo
mentee and mentor logins as one of the pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.demo import data as demo
from mentoring.demo.data import PairStage
from mentoring.demo.management.commands.seed_demo import seed_demo
from mentoring.matching.models import Proposal
from mentoring.matching.services import matching_run
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.models import Meeting
from mentoring.participants.enums import ApplicationStatus
from mentoring.participants.models import Participation
from mentoring.programmes.enums import MentorRole, Phase
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.tasks import trial_reminders_due

pytestmark = pytest.mark.django_db

A_PAST_DAY = datetime(2026, 3, 4, 11, 30, tzinfo=UTC)


def running() -> Programme:
    return Programme.objects.get(slug=demo.PROGRAMME_2026_SLUG)


def pairs() -> list[Mentorship]:
    """The six pairs of the establishment story (not the completed pilot
    pairs that give the results dashboard its figures)."""
    return list(
        Mentorship.objects.filter(programme__slug=demo.PROGRAMME_2026_SLUG)
        .exclude(status=MentorshipStatus.COMPLETED)
        .select_related("mentee__user", "mentor__user", "programme")
        .prefetch_related("roles_answers", "agreement_versions", "trial_responses")
        .order_by("pk")
    )


def stage(m: Mentorship) -> PairStage:
    """Where a pair stands, read from the database."""
    answers = {r.side: r.answer for r in m.trial_responses.all()}
    if m.trial_passed_at is not None:
        assert answers == {"mentee": TrialAnswer.GOOD_FIT, "mentor": TrialAnswer.GOOD_FIT}
        return PairStage.TRIAL_PASSED
    if m.first_meeting_held_on is not None:
        return PairStage.FIRST_MEETING_HELD
    if any(v.accepted_at for v in m.agreement_versions.all()):
        return PairStage.AGREEMENT_ACCEPTED
    if m.roles_agreed_at is not None:
        assert len(m.roles_answers.all()) == 2
        return PairStage.ROLES_AGREED
    if len(m.roles_answers.all()) == 1:
        return PairStage.ROLES_ONE_SIDE
    assert not m.roles_answers.all() and not m.agreed_roles
    return PairStage.ACCEPTED


def by_mentee(email: str) -> Mentorship:
    return next(m for m in pairs() if m.mentee.user.email == email)


def test_a_running_programme_with_one_pair_at_each_step_of_the_establishment_phase() -> None:
    before = timezone.now()
    seed_demo()

    programme = running()
    assert programme.name_da == "Mentorordning 2026"
    assert programme.phase == Phase.ESTABLISHING
    assert list(programme.coordinators.values_list("email", flat=True)) == [
        "koordinator@example.dk"
    ]
    assert programme.starts_on is not None and programme.ends_on is not None
    assert programme.starts_on < timezone.localdate(before) < programme.ends_on
    assert not programme.applications_open()
    found = pairs()
    assert len(found) == 6
    assert all(m.status == MentorshipStatus.ACCEPTED for m in found)
    assert sorted(stage(m) for m in found) == sorted(PairStage)
    # Every participant was accepted and passes the readiness rules.
    people = Participation.objects.filter(programme=programme)
    assert people.count() == 11  # the pilot pairs are in the pilot round's programme
    assert all(p.status == ApplicationStatus.ACCEPTED and p.is_ready for p in people)
    # A mentor with two mentees has room for both.
    for m in found:
        mentor = m.mentor
        assert mentor.capacity is not None
        assert sum(x.mentor_id == mentor.pk for x in found) <= mentor.capacity


def test_the_demo_logins_are_a_pair_whose_next_step_is_the_roles_exercise() -> None:
    seed_demo()
    pair = by_mentee("mentee@example.dk")
    assert pair.mentor.user.email == "mentor@example.dk"
    assert stage(pair) == PairStage.ACCEPTED

    for email, other in (
        ("mentee@example.dk", "Hanne Kjær Lauridsen"),
        ("mentor@example.dk", "Mikkel Sørensen"),
    ):
        client = Client()
        assert client.login(email=email, password=demo.DEMO_PASSWORD)
        html = client.get(reverse("relationships:my_matches")).content.decode()
        assert other in html
        response = client.get(reverse("relationships:trial", args=[pair.pk]))
        assert response.status_code == 200
        assert "Mentorordning 2026" in response.content.decode()
    # Their 2027 applications are untouched: accepted, waiting to be matched.
    for email in ("mentee@example.dk", "mentor@example.dk"):
        application = Participation.objects.get(
            user__email=email, programme__slug=demo.PROGRAMME_SLUG
        )
        assert application.status == ApplicationStatus.ACCEPTED
    assert not Mentorship.objects.filter(programme__slug=demo.PROGRAMME_SLUG).exists()


def test_each_pairs_history_is_in_order_and_in_the_past() -> None:
    now = timezone.now()
    seed_demo(now=now)
    programme = running()

    for m in pairs():
        assert m.mentee_accepted_at and m.mentor_accepted_at and m.accepted_at
        assert m.created_at < min(m.mentee_accepted_at, m.mentor_accepted_at)
        assert m.accepted_at == max(m.mentee_accepted_at, m.mentor_accepted_at) < now
        for answer in m.roles_answers.all():
            assert m.accepted_at < answer.submitted_at < now
            assert len(answer.ratings) == 10 and answer.comments
        if m.roles_agreed_at:
            assert max(a.submitted_at for a in m.roles_answers.all()) < m.roles_agreed_at < now
            assert 3 <= len(m.agreed_roles) <= 5
        for version in m.agreement_versions.all():
            assert version.number == 1 and version.accepted_at
            assert m.roles_agreed_at and m.roles_agreed_at <= version.created_at
            assert version.created_at < min(version.mentee_accepted_at, version.mentor_accepted_at)
            assert version.accepted_at < now
            assert version.agreed_roles == m.agreed_roles
            assert version.goals == m.mentee.goals
            # Inside the programme and its recommendation.
            assert programme.starts_on <= version.starts_on < version.ends_on <= programme.ends_on
            assert version.meetings_planned >= programme.min_meetings
            assert (
                programme.min_meeting_minutes
                <= version.meeting_minutes
                <= programme.max_meeting_minutes
            )
            assert version.midway_review_on
            assert version.starts_on < version.midway_review_on < version.ends_on
            assert version.withdrawal_right
        if m.first_meeting_held_on:
            assert timezone.localdate(m.accepted_at) <= m.first_meeting_held_on
            assert m.first_meeting_held_on <= timezone.localdate(now)
            for response in m.trial_responses.all():
                assert m.first_meeting_held_on <= timezone.localdate(response.answered_at)
                assert response.answered_at < now


def test_the_pairs_are_written_through_the_services_dated_and_without_mail() -> None:
    seed_demo()
    assert not OutboxMessage.objects.exists()  # nobody is mailed about demo history

    for m in pairs():
        entries = AuditEntry.objects.filter(
            object_type="relationships.mentorship", object_id=str(m.pk)
        )
        actions = list(entries.values_list("action", flat=True))
        assert "mentorship.proposed" in actions
        accepted = entries.get(action="mentorship.accepted")
        assert accepted.created_at == m.accepted_at
        assert entries.get(action="mentorship.proposed").created_at == m.created_at
        if m.first_meeting_held_on:
            marked = entries.get(action="mentorship.first_meeting_held")
            assert marked.data["held_on"] == m.first_meeting_held_on.isoformat()
            assert timezone.localdate(marked.created_at) >= m.first_meeting_held_on
        answered = entries.filter(action="trial.answered")
        assert answered.count() == len(m.trial_responses.all())
        for response in m.trial_responses.all():
            assert answered.filter(created_at=response.answered_at).exists()
        if m.trial_passed_at:
            assert entries.get(action="trial.passed").created_at == m.trial_passed_at


def test_the_pair_at_the_trial_gate_gets_its_reminder_a_week_after_the_first_meeting() -> None:
    now = timezone.now()
    seed_demo(now=now)
    waiting = next(m for m in pairs() if stage(m) == PairStage.FIRST_MEETING_HELD)
    assert waiting.first_meeting_held_on is not None
    answered = {r.side for r in waiting.trial_responses.all()}
    assert answered == {"mentor"}  # the mentee has not answered yet

    assert trial_reminders_due(now=now) == 0
    due = datetime.combine(
        waiting.first_meeting_held_on + timedelta(days=7), now.timetz()
    ).astimezone(timezone.get_default_timezone())
    assert trial_reminders_due(now=due + timedelta(hours=12)) == 1

    reminder = OutboxMessage.objects.get()
    assert reminder.key == f"trial-reminder:{waiting.pk}:{waiting.mentee.pk}"
    assert reminder.to_email == waiting.mentee.user.email


def test_running_again_changes_nothing_and_a_deleted_pair_comes_back_the_same() -> None:
    seed_demo(now=A_PAST_DAY)
    fields = (
        "mentee__user__email",
        "mentor__user__email",
        "created_at",
        "accepted_at",
        "agreed_roles",
        "roles_agreed_at",
        "first_meeting_held_on",
        "trial_passed_at",
    )
    before = sorted(Mentorship.objects.values_list(*fields), key=repr)
    agreements = AgreementVersion.objects.count()

    out = StringIO()
    call_command("seed_demo", stdout=out)  # a later day: the 2026 history stays put

    assert "nothing changed" in out.getvalue()
    assert sorted(Mentorship.objects.values_list(*fields), key=repr) == before
    # three of the story's pairs, and one per completed pilot pair
    assert AgreementVersion.objects.count() == agreements == 3 + len(demo.PILOT_PAIRS_2026)

    by_mentee("simon.krogh@example.dk").delete()
    seed_demo()

    assert sorted(Mentorship.objects.values_list(*fields), key=repr) == before
    assert AgreementVersion.objects.count() == 3 + len(demo.PILOT_PAIRS_2026)


def test_the_output_names_the_running_programme_and_the_login_pair() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    pair = by_mentee("mentee@example.dk")

    output = out.getvalue()
    assert (
        'Running programme "Mentorordning 2026" (mentorordning-2026): 6 pairs, 5 establishing, '
        "1 past the trial gate, 0 ended early." in output
    )
    assert (
        f"mentee@example.dk and mentor@example.dk are a pair there: /me/mentorships/{pair.pk}/"
        in output
    )
    assert f"mentorships {6 + len(demo.PILOT_PAIRS_2026)}" in output


def test_matching_the_recruiting_programme_is_not_held_back_by_the_running_one() -> None:
    seed_demo()
    coordinator = Programme.objects.get(slug=demo.PROGRAMME_SLUG).coordinators.get()

    run = matching_run(programme=Programme.objects.get(slug=demo.PROGRAMME_SLUG), by=coordinator)

    assert run.status == "done"
    mikkel = Participation.objects.get(
        user__email="mentee@example.dk", programme__slug=demo.PROGRAMME_SLUG
    )
    assert Proposal.objects.filter(run=run, mentee=mikkel).exists()


def test_the_pilot_pairs_recorded_the_roles_used_at_their_meetings() -> None:
    """The results dashboard's roles table has figures in the demo."""
    seed_demo()
    held = Meeting.objects.filter(
        mentorship__programme__slug=demo.PILOT_2026_SLUG,
        mentorship__status=MentorshipStatus.COMPLETED,
        status=MeetingStatus.HELD,
    )
    assert held.exists()
    used = list(held.values_list("roles_used", flat=True))
    assert all(roles and set(roles) <= set(MentorRole.values) for roles in used)
    assert len({role for roles in used for role in roles}) >= 5  # a spread of the ten
