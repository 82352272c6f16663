"""The demo's pilot round ("Mentorordning 2026 – pilotforløb", a programme of
its own) has completed pairs with final evaluations, so its results dashboard
shows real figures."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from mentoring.demo import data as demo
from mentoring.evaluations.models import Response
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from mentoring.reports.dashboard import programme_dashboard

pytestmark = pytest.mark.django_db


def test_the_demo_results_have_figures_and_seeding_again_adds_nothing() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "4 completed pilot pairs with final evaluations" in out.getvalue()
    programme = Programme.objects.get(slug=demo.PILOT_2026_SLUG)
    dashboard = programme_dashboard(programme)
    figures = {figure.key: figure.cell for figure in dashboard.key_figures}
    assert figures["completed"].value == len(demo.PILOT_PAIRS_2026) == 4
    # four respondents per side: above the minimum of three, so shown
    expected = sum(
        p.mentee_evaluation.satisfaction + p.mentor_evaluation.satisfaction
        for p in demo.PILOT_PAIRS_2026
    ) / (2 * len(demo.PILOT_PAIRS_2026))
    assert figures["satisfaction"].value == round(expected, 1)
    assert Response.objects.filter(submitted_at__isnull=False).count() == 8

    call_command("seed_demo", stdout=StringIO())
    assert (
        Mentorship.objects.filter(programme=programme, status=MentorshipStatus.COMPLETED).count()
        == 4
    )
    assert Response.objects.count() == 8
