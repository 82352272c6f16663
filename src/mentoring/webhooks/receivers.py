"""Receivers of the lower apps' events; each is one line calling a service
of this app (``services``), which writes the deliveries in the transaction
of the change. Connected in ``apps.WebhooksConfig.ready``."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from mentoring.evaluations.signals import questionnaire_closed
from mentoring.matching.signals import run_published
from mentoring.meetings.signals import meeting_status_changed
from mentoring.participants.signals import application_decided
from mentoring.relationships.signals import mentorship_status_changed
from mentoring.webhooks import services


@receiver(application_decided, dispatch_uid="webhooks.application_decided")
def on_application_decided(*, participation: Any, new: str, **kwargs: Any) -> None:
    services.participation_decided_emit(participation=participation, new=new)


@receiver(run_published, dispatch_uid="webhooks.run_published")
def on_run_published(*, run: Any, mentorships: list[Any], **kwargs: Any) -> None:
    services.run_published_emit(run=run, mentorships=mentorships)


@receiver(mentorship_status_changed, dispatch_uid="webhooks.mentorship_status_changed")
def on_mentorship_status_changed(*, mentorship: Any, new: str, **kwargs: Any) -> None:
    services.mentorship_status_emit(mentorship=mentorship, new=new)


@receiver(meeting_status_changed, dispatch_uid="webhooks.meeting_status_changed")
def on_meeting_status_changed(*, meeting: Any, new: str, **kwargs: Any) -> None:
    services.meeting_status_emit(meeting=meeting, new=new)


@receiver(questionnaire_closed, dispatch_uid="webhooks.questionnaire_closed")
def on_questionnaire_closed(*, questionnaire: Any, **kwargs: Any) -> None:
    services.questionnaire_closed_emit(questionnaire=questionnaire)
