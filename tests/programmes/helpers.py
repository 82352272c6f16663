"""Helpers for the programmes tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from tests.factories import UserFactory


def form_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid programme form as the browser posts it."""
    data: dict[str, Any] = {
        "slug": "",
        "name_da": "Mentorordning 2030",
        "name_en": "Mentoring programme 2030",
        "description_da": "For HR-folk i forandring.",
        "description_en": "For HR people in change.",
        "kind": "open",
        "organisation": "",
        "applications_open_at": "2030-01-06T09:00",
        "applications_close_at": "2030-02-01T12:00",
        "starts_on": "2030-03-01",
        "ends_on": "2030-10-31",
        "min_meetings": "5",
        "min_meeting_minutes": "90",
        "max_meeting_minutes": "120",
        "min_months": "6",
        "max_months": "8",
        "default_mentor_capacity": "1",
        "inactivity_days": "42",
        "follow_up_days": "90",
        "min_respondents": "3",
        "retention_months": "12",
        "coordinators": "",
    }
    data.update(overrides)
    return data


def participate(programme: Programme, role: str, status: str, user: User | None = None) -> User:
    person = user or UserFactory()
    Participation.objects.create(
        programme=programme,
        user=person,
        role=role,
        status=status,
        capacity=2 if role == "mentor" else None,
    )
    return person


def set_window(programme: Programme, *, opens: datetime, closes: datetime) -> None:
    programme.applications_open_at = opens
    programme.applications_close_at = closes
    programme.save(update_fields=["applications_open_at", "applications_close_at"])


def set_period(programme: Programme, *, starts: date, ends: date) -> None:
    programme.starts_on = starts
    programme.ends_on = ends
    programme.save(update_fields=["starts_on", "ends_on"])


def set_phase(programme: Programme, phase: str) -> None:
    programme.phase = phase
    programme.save(update_fields=["phase"])


def recruiting(programme: Programme, *, open_now: bool = True) -> Programme:
    """Put ``programme`` in preparation with a window that is open now (or
    closed yesterday) and a period starting next month."""
    now = timezone.now()
    if open_now:
        set_window(programme, opens=now - timedelta(days=1), closes=now + timedelta(days=10))
    else:
        set_window(programme, opens=now - timedelta(days=30), closes=now - timedelta(days=1))
    today = timezone.localdate()
    set_period(programme, starts=today + timedelta(days=30), ends=today + timedelta(days=270))
    set_phase(programme, "preparation")
    return programme
