"""Builders for the privacy tests: a pair whose every kind of personal data
carries a marker string, and a dump of every text in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from mentoring.common.audit import log_action
from mentoring.common.mail import mail_store
from mentoring.evaluations.models import Answer, Question, Questionnaire, Response
from mentoring.meetings.models import ActionItem, CalendarFeed, Goal, GoalUpdate, Note
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from tests.meetings.calendar_helpers import meeting
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair


@dataclass
class Seeded:
    mentorship: Mentorship
    mentee: Participation
    mentor: Participation

    @property
    def person(self) -> Any:
        return self.mentee.user


def markers(tag: str) -> dict[str, str]:
    return {
        name: f"{tag}{name.upper()}{suffix}"
        for name, suffix in (
            ("name", "Q"),
            ("motivation", "7"),
            ("change", "8"),
            ("coordinator_note", "9"),
            ("organisation", "A"),
            ("private_note", "B"),
            ("shared_note", "C"),
            ("answer", "D"),
            ("mail", "E"),
            ("agenda", "F"),
            ("goal_update", "G"),
            ("homework", "H"),
        )
    }


def seed_pair(programme: Programme, *, mentee_tag: str, mentor_tag: str) -> Seeded:
    """An accepted pair; every personal text of each side carries its tag."""
    me, other = markers(mentee_tag), markers(mentor_tag)
    mentee = accepted_mentee(
        programme,
        name=f"Anna {me['name']}",
        email=f"{mentee_tag.lower()}email@example.org",
        organisation=me["organisation"],
        description=me["change"],
    )
    mentee.motivation = me["motivation"]
    mentee.note_to_coordinator = me["coordinator_note"]
    mentee.save()
    mentor = accepted_mentor(
        programme,
        name=f"Mads {other['name']}",
        email=f"{mentor_tag.lower()}email@example.org",
        organisation=other["organisation"],
    )
    mentor.motivation = other["motivation"]
    mentor.note_to_coordinator = other["coordinator_note"]
    mentor.expertise = other["change"]
    mentor.save()
    mentorship = accepted_pair(programme, mentee=mentee, mentor=mentor)
    held = meeting(mentorship, days=-3, agenda=me["agenda"])
    for author, mark in ((mentee.user, me), (mentor.user, other)):
        Note.objects.create(
            mentorship=mentorship, author=author, body=mark["private_note"], visibility="private"
        )
        Note.objects.create(
            mentorship=mentorship,
            author=author,
            body=mark["shared_note"],
            visibility="shared",
            meeting=held,
        )
    goal = Goal.objects.create(mentorship=mentorship, text=f"Goal {me['homework']}")
    GoalUpdate.objects.create(goal=goal, author=mentee.user, progress=40, comment=me["goal_update"])
    GoalUpdate.objects.create(
        goal=goal, author=mentor.user, progress=50, comment=other["goal_update"]
    )
    ActionItem.objects.create(mentorship=mentorship, title=me["homework"], owner="mentee")
    CalendarFeed.objects.create(user=mentee.user)
    questionnaire, _ = Questionnaire.objects.get_or_create(programme=programme, kind="final")
    question, _ = Question.objects.get_or_create(
        questionnaire=questionnaire,
        position=1,
        defaults={"code": "comment", "kind": "text", "text_da": "Kommentar", "text_en": "Comment"},
    )
    number_q, _ = Question.objects.get_or_create(
        questionnaire=questionnaire,
        position=2,
        defaults={"code": "satisfaction", "kind": "scale_5", "text_da": "T", "text_en": "S"},
    )
    for participation, mark, side in ((mentee, me, "mentee"), (mentor, other, "mentor")):
        response = Response.objects.create(
            questionnaire=questionnaire,
            mentorship=mentorship,
            respondent=participation,
            side=side,
            closes_at=timezone.now() + timedelta(days=10),
            submitted_at=timezone.now(),
        )
        Answer.objects.create(response=response, question=question, text=mark["answer"])
        Answer.objects.create(response=response, question=number_q, number=4, kind="scale_5")
        mail_store(
            key=f"test-mail-{side}-{mentorship.pk}",
            to_email=participation.user.email,
            recipient=participation.user,
            subject="Hej",
            body_text=f"Brødtekst {mark['mail']}",
            language="da",
        )
    log_action(actor=mentee.user, action="test.read", obj=mentee, programme=programme)
    return Seeded(mentorship=mentorship, mentee=mentee, mentor=mentor)


def database_texts() -> list[tuple[str, str]]:
    """Every text, e-mail and JSON value of every row of every model
    (ours and third-party), as (model label, text)."""
    found: list[tuple[str, str]] = []
    for model in apps.get_models(include_auto_created=True):
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not text_fields:
            continue
        for values in model._default_manager.values_list(*text_fields):
            found.extend((model._meta.label, str(value)) for value in values)
    return found


def assert_absent(texts: list[tuple[str, str]], needles: list[str]) -> None:
    hits = [(label, needle) for label, text in texts for needle in needles if needle in text]
    assert not hits, hits
