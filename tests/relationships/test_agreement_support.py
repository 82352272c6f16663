"""Shared builders and fixtures for the collaboration agreement tests (no
tests of its own).

``danish`` makes the Danish texts of the agreement available while the
translations still wait in ``.tx/agreement.json`` (they are merged into the
app's catalogue by the integrator): it compiles that file into a temporary
catalogue placed first on ``LOCALE_PATHS``. Once merged, the fixture changes
nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

ROOT = Path(__file__).resolve().parents[2]


def pair_in(programme: Programme, **kwargs: Any) -> Mentorship:
    """An accepted pair with Danish letters in the names, in ``programme``
    (programme dates: 2030-01-01 to 2030-12-31, the recommendation's defaults)."""
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31)
    )
    programme.refresh_from_db()
    mentee = accepted_mentee(
        programme,
        name="Søren Ærø",
        email="soeren@example.org",
        organisation="Aabenraa Kommune",
        goals=["Lede forandring efter fusionen", "Blive bedre til svære samtaler"],
        meeting_format="in_person",
        **kwargs.pop("mentee_kwargs", {}),
    )
    mentor = accepted_mentor(
        programme,
        name="Åse Østergård",
        email="aase@example.org",
        organisation="Novo Nordisk",
        meeting_format="virtual",
        **kwargs.pop("mentor_kwargs", {}),
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def values(**changes: Any) -> dict[str, Any]:
    """A complete, valid agreement within the default recommendation."""
    base: dict[str, Any] = {
        "meetings_planned": 6,
        "meeting_minutes": 90,
        "starts_on": date(2030, 2, 1),
        "ends_on": date(2030, 9, 1),
        "midway_review_on": date(2030, 5, 1),
        "alternate_hosts": True,
        "virtual_share": 25,
        "places": "Skiftevis hos Novo Nordisk og på rådhuset i Aabenraa.",
        "agreed_roles": ["coach", "sparring_partner"],
        "goals": ["Lede forandring efter fusionen"],
        "confidentiality": "Det, vi taler om, bliver mellem os.",
        "employer_duty_topics": "Konkrete udbud, hvor Novo Nordisk er part.",
        "off_limits_topics": "Lønforhandlinger.",
        "meeting_lead": "mentee",
        "homework": "Mentee afprøver én ting mellem møderne.",
        "contact_between_meetings": "Mail, svar inden for tre hverdage.",
        "moving_or_cancelling": "Mindst to hverdage før.",
        "withdrawal_right": True,
        "ending": "Et afsluttende møde og programmets evaluering.",
    }
    base.update(changes)
    return base


def form_data(number: int | None = None, revision: int | None = None, **changes: Any) -> dict:
    """``values`` as the agreement form posts them."""
    data: dict[str, Any] = {}
    for name, value in values(**changes).items():
        if name == "goals":
            for index, goal in enumerate(value, start=1):
                data[f"goal_{index}"] = goal
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    data["number"] = "" if number is None else str(number)
    data["revision"] = "" if revision is None else str(revision)
    return data
