"""Planning and reading a meeting (issue 16, point 17): the plan form starts
from the length the agreement says, and the agenda is rendered as Markdown
with the same sanitised rendering as the journal (``meetings/markdown.py``).
Pages are read in English."""

from __future__ import annotations

import re

import pytest

from mentoring.meetings.selectors import default_meeting_minutes
from mentoring.programmes.models import Programme
from tests.conftest import logged_in_client
from tests.meetings.test_meetings import html_of, local, make_pair, plan, url

pytestmark = pytest.mark.django_db


def duration_value(html: str) -> str:
    match = re.search(r'<input[^>]*name="duration_minutes"[^>]*>', html)
    assert match is not None
    value = re.search(r'value="(\d+)"', match.group(0))
    assert value is not None
    return value.group(1)


def test_the_plan_form_starts_from_the_agreed_length(programme: Programme) -> None:
    pair = make_pair(programme, meeting_minutes=120)

    html = html_of(logged_in_client(pair.mentee.user).get(url("meetings:plan", mentorship=pair)))

    assert duration_value(html) == "120"
    assert default_meeting_minutes(mentorship=pair) == 120


def test_without_an_agreement_the_plan_form_starts_from_the_programmes_minimum(
    programme: Programme,
) -> None:
    pair = make_pair(programme, agreement=False)

    html = html_of(logged_in_client(pair.mentor.user).get(url("meetings:plan", mentorship=pair)))

    assert duration_value(html) == str(programme.min_meeting_minutes)


def test_the_agenda_is_rendered_as_sanitised_markdown(programme: Programme) -> None:
    pair = make_pair(programme)
    meeting = plan(
        pair,
        local(5),
        by=pair.mentee.user,
        agenda="**Vigtigt**\n\n- første punkt\n- andet punkt\n\n<script>alert(1)</script>",
    )
    client = logged_in_client(pair.mentor.user)

    for page in ("meetings:detail", "meetings:agenda"):
        html = html_of(client.get(url(page, meeting)))
        assert "<strong>Vigtigt</strong>" in html
        assert "<li>første punkt</li>" in html
        assert "**Vigtigt**" not in html
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
