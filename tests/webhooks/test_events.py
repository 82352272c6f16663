"""Each event comes from the real business operation (through the lower
apps' signals) and is written in its transaction: one delivery per
subscribed, enabled endpoint of that programme, ids only, and none when the
change is rolled back."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.evaluations.defaults import questionnaires_ensure
from mentoring.evaluations.services import questionnaire_close, questionnaire_open
from mentoring.matching.models import MatchingRun
from mentoring.matching.services.publish import matching_publish
from mentoring.meetings.services.record import meeting_record
from mentoring.participants.invitations import invitation_accept
from mentoring.participants.io.apply import participants_import
from mentoring.participants.io.reading import read_table
from mentoring.participants.models import Invitation
from mentoring.participants.services import application_decide
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.services.transition import mentorship_transition
from mentoring.webhooks.enums import EventType
from mentoring.webhooks.models import Delivery
from tests.factories import ParticipationFactory, UserFactory
from tests.meetings.calendar_helpers import meeting, pair
from tests.webhooks.helpers import endpoint_for

pytestmark = pytest.mark.django_db
URL = "http://127.0.0.1:9/hook"


def base(programme: Programme, **ids: int) -> dict[str, Any]:
    return {"programme_id": programme.pk, "programme": programme.slug, **ids}


def events() -> list[tuple[str, dict[str, Any]]]:
    return [
        (delivery.event_type, json.loads(delivery.body)["data"])
        for delivery in Delivery.objects.order_by("pk")
    ]


def test_participant_accepted(programme: Programme, coordinator: User) -> None:
    endpoint_for(programme, URL)
    accepted = ParticipationFactory(programme=programme, submitted=True)
    waitlisted = ParticipationFactory(programme=programme, submitted=True)
    application_decide(participation=accepted, decision="accepted", reason="", by=coordinator)
    application_decide(
        participation=waitlisted, decision="waitlisted", reason="Fuldt hold", by=coordinator
    )
    assert events() == [
        (
            "participant.accepted",
            {
                "programme_id": programme.pk,
                "programme": programme.slug,
                "participant_id": accepted.pk,
            },
        )
    ]


def test_participants_accepted_by_the_import_are_announced(
    programme: Programme, coordinator: User
) -> None:
    """The import decides too: an existing application the file accepts, and
    an invited person accepting the file's "accepted" (decided by the
    coordinator who imported). A wait-listing or an unchanged status is not
    announced."""
    endpoint_for(programme, URL)
    submitted = ParticipationFactory(programme=programme, submitted=True, role="mentee")
    waiting = ParticipationFactory(programme=programme, submitted=True, role="mentee")
    unchanged = ParticipationFactory(programme=programme, submitted=True, role="mentee")
    newcomer = UserFactory(email="ny@example.org")
    rows = [
        "email;role;status",
        f"{submitted.user.email};mentee;accepted",
        f"{waiting.user.email};mentee;waitlisted",
        f"{unchanged.user.email};mentee;submitted",
        "ny@example.org;mentor;accepted",
    ]
    table = read_table(data=("\r\n".join(rows) + "\r\n").encode(), filename="p.csv")
    participants_import(programme=programme, actor=coordinator, table=table)
    assert events() == [("participant.accepted", base(programme, participant_id=submitted.pk))]

    joined = invitation_accept(invitation=Invitation.objects.get(user=newcomer), user=newcomer)
    assert joined.status == "accepted" and joined.decided_by == coordinator
    assert events()[1:] == [("participant.accepted", base(programme, participant_id=joined.pk))]


def test_mentorship_accepted_meeting_held_and_ended(programme: Programme) -> None:
    endpoint_for(programme, URL)
    mentorship = pair(programme)  # proposed, then accepted by both through the services
    item = meeting(mentorship, starts_at=timezone.now() - timedelta(hours=2))
    meeting_record(meeting=item, by=mentorship.mentee.user, summary="Godt møde", roles_used=[])
    mentorship.refresh_from_db()
    mentorship_transition(
        mentorship=mentorship, to=MentorshipStatus.ENDED_EARLY, by=None, side=None, reason="trial"
    )
    kinds = [kind for kind, _data in events()]
    assert kinds == ["mentorship.accepted", "meeting.held", "mentorship.ended"]
    data = dict(events())
    assert data["meeting.held"]["meeting_id"] == item.pk
    assert data["mentorship.ended"]["mentorship_id"] == mentorship.pk
    assert set(data["mentorship.accepted"]) == {"programme_id", "programme", "mentorship_id"}


def test_match_published(programme: Programme, coordinator: User) -> None:
    endpoint_for(programme, URL, events=["match.published"])
    Programme.objects.filter(pk=programme.pk).update(
        applications_close_at=timezone.now() - timedelta(days=1)
    )
    run = MatchingRun.objects.create(programme=programme, number=1, status="done")
    matching_publish(run=run, by=coordinator)
    assert events() == [
        (
            "match.published",
            {
                "programme_id": programme.pk,
                "programme": programme.slug,
                "run_id": run.pk,
                "mentorship_ids": [],
            },
        )
    ]


def test_evaluation_closed(programme: Programme, coordinator: User) -> None:
    endpoint_for(programme, URL, events=["evaluation.closed"])
    midway, _final, _follow_up = questionnaires_ensure(programme)
    questionnaire_open(questionnaire=midway, by=coordinator)
    questionnaire_close(questionnaire=midway, by=coordinator)
    assert events() == [
        (
            "evaluation.closed",
            {
                "programme_id": programme.pk,
                "programme": programme.slug,
                "questionnaire_id": midway.pk,
            },
        )
    ]


def test_only_subscribed_enabled_endpoints_of_the_programme_get_the_event(
    programme: Programme, other_programme: Programme, coordinator: User
) -> None:
    wants, _ = endpoint_for(programme, URL, events=["participant.accepted"])
    endpoint_for(programme, URL, events=["meeting.held"])
    off, _ = endpoint_for(programme, URL, events=["participant.accepted"])
    off.enabled = False
    off.save(update_fields=["enabled"])
    endpoint_for(other_programme, URL)
    application_decide(
        participation=ParticipationFactory(programme=programme, submitted=True),
        decision="accepted",
        reason="",
        by=coordinator,
    )
    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [wants.pk]


def test_a_rolled_back_change_sends_nothing(programme: Programme, coordinator: User) -> None:
    endpoint_for(programme, URL)
    application = ParticipationFactory(programme=programme, submitted=True)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        application_decide(
            participation=application, decision="accepted", reason="", by=coordinator
        )
        assert Delivery.objects.count() == 1  # written in the same transaction
        raise Abort
    assert Delivery.objects.count() == 0


def test_payloads_carry_ids_and_the_type_only(programme: Programme) -> None:
    endpoint_for(programme, URL)
    mentorship = pair(programme, mentee_name="Hemmelig Persondata", mentor_name="Navn Navnesen")
    [delivery] = Delivery.objects.all()
    body = json.loads(delivery.body)
    assert set(body) == {"type", "timestamp", "data"}
    assert body["type"] == EventType.MENTORSHIP_ACCEPTED
    assert all(key == "programme" or key.endswith(("_id", "_ids")) for key in body["data"])
    for text in ("Hemmelig", "Navnesen", mentorship.mentee.user.email):
        assert text not in delivery.body
