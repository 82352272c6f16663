"""The places of a pair's meetings read from the reader's side (the reader is
"du"/"you" on their own pages: docs/architecture.md, "Addressing the reader").

A workplace is the reader's own ("At your workplace" / "På din arbejdsplads")
or the other's ("At your mentor's workplace", or named on the meeting's page)
on the planning form, the meeting's page, the e-mail to the other person, the
reminder and the calendar (tests/meetings/test_ics.py). Coordinator-facing
labels (``VenueKind``, the admin, the API) keep the third person. The
agreement's starting homework text, which both accept, names the mentee.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.common.models import OutboxMessage
from mentoring.meetings.enums import VenueKind, venue_choices, venue_label
from mentoring.meetings.services.reminders import MEETING_REMINDER_BEFORE
from mentoring.meetings.tasks import reminders_send_due
from mentoring.relationships import agreement
from tests.common.test_formats import visible_text
from tests.common.test_reader_address import offences
from tests.conftest import logged_in_client
from tests.meetings.test_meetings import local, make_pair, plan

pytestmark = pytest.mark.django_db

FORM_LABELS = {
    ("mentee", "en"): ["At your mentor's workplace", "At your workplace"],
    ("mentor", "en"): ["At your workplace", "At your mentee's workplace"],
    ("mentee", "da"): ["På din mentors arbejdsplads", "På din arbejdsplads"],
    ("mentor", "da"): ["På din arbejdsplads", "På din mentees arbejdsplads"],
}


@pytest.mark.parametrize(("side", "language"), list(FORM_LABELS))
def test_the_planning_form_names_the_workplaces_from_the_readers_side(
    programme, side: str, language: str
) -> None:
    pair = make_pair(programme, language=language)
    person = getattr(pair, side).user
    response = logged_in_client(person).get(reverse("meetings:plan", args=[pair.pk]))
    assert response.status_code == 200
    choices = dict(response.context["form"].fields["venue_kind"].choices)
    with translation.override(language):
        labels = [str(choices["mentor_workplace"]), str(choices["mentee_workplace"])]
    assert labels == FORM_LABELS[(side, language)]
    text = visible_text(response.content.decode())
    for label in labels:
        assert label in text
    assert not offences(text, side, language), offences(text, side, language)


def test_the_coordinators_labels_keep_the_third_person() -> None:
    with translation.override("en"):
        assert venue_label(VenueKind.MENTOR_WORKPLACE) == "At the mentor's workplace"
        assert dict(venue_choices())["mentee_workplace"] == "At the mentee's workplace"
        assert str(VenueKind.MENTOR_WORKPLACE.label) == "At the mentor's workplace"
    with translation.override("da"):
        assert venue_label(VenueKind.MENTEE_WORKPLACE) == "På mentees arbejdsplads"
        assert venue_label(VenueKind.MENTEE_WORKPLACE, side="mentee") == "På din arbejdsplads"
        assert venue_label(VenueKind.VIRTUAL, side="mentor") == "Virtuelt (video)"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_meeting_page_says_your_workplace_to_its_host(programme, language: str) -> None:
    pair = make_pair(programme, language=language)  # Mads Madsen works at Novo Nordisk
    meeting = plan(pair, local(5), venue="mentor_workplace", venue_name="Lokale 4")
    page = reverse("meetings:detail", args=[pair.pk, meeting.pk])
    mentor_text = visible_text(logged_in_client(pair.mentor.user).get(page).content.decode())
    mentee_text = visible_text(logged_in_client(pair.mentee.user).get(page).content.decode())
    if language == "da":
        assert "På din arbejdsplads (Novo Nordisk): Lokale 4" in mentor_text
        assert "På arbejdspladsen hos Mads Madsen (Novo Nordisk): Lokale 4" in mentee_text
    else:
        assert "At your workplace (Novo Nordisk): Lokale 4" in mentor_text
        assert "At Mads Madsen's workplace (Novo Nordisk): Lokale 4" in mentee_text
    assert "Mads Madsen" not in mentor_text.split("Lokale 4")[0].rsplit("\n", 3)[-1]
    # the list of meetings too
    listing = reverse("meetings:list", args=[pair.pk])
    mentor_list = visible_text(logged_in_client(pair.mentor.user).get(listing).content.decode())
    assert ("På din arbejdsplads" if language == "da" else "At your workplace") in mentor_list


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_email_and_the_reminder_read_from_the_recipients_side(programme, language: str) -> None:
    pair = make_pair(programme, language=language)
    # The mentee plans a meeting at the mentor's workplace: the mentor is told.
    meeting = plan(pair, timezone.now() + timedelta(days=3), by=pair.mentee.user)
    told = OutboxMessage.objects.get(key=f"meeting-planned:{meeting.pk}:{pair.mentor.user_id}")
    yours = "Hvor: på din arbejdsplads" if language == "da" else "Where: at your workplace"
    assert f"{yours} (Novo Nordisk)" in told.body_text
    # The reminders a day before: each reads the place from their own side.
    reminders_send_due(now=meeting.starts_at - MEETING_REMINDER_BEFORE + timedelta(minutes=1))
    bodies = {
        row.recipient_id: row.body_text
        for row in OutboxMessage.objects.filter(key__startswith="meeting:")
    }
    where = "Sted:" if language == "da" else "Where:"
    mentor_place = "På din arbejdsplads" if language == "da" else "At your workplace"
    mentee_place = (
        "På din mentors arbejdsplads" if language == "da" else "At your mentor's workplace"
    )
    assert f"{where} {mentor_place}" in bodies[pair.mentor.user_id]
    assert f"{where} {mentee_place}" in bodies[pair.mentee.user_id]
    for side in ("mentee", "mentor"):
        body = bodies[getattr(pair, side).user_id]
        assert not offences(body, side, language), offences(body, side, language)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "At the end of each meeting we agree what Anna will try out or work on before "
            "the next one. Anna sets aside time for it and tells how it went at the next "
            "meeting.",
        ),
        (
            "da",
            "Sidst på hvert møde aftaler vi, hvad Anna skal afprøve eller arbejde med inden "
            "næste møde. Anna afsætter tid til det og fortæller på næste møde, hvordan det gik.",
        ),
    ],
)
def test_the_agreements_homework_text_names_the_mentee(
    programme, language: str, expected: str
) -> None:
    pair = make_pair(programme, language=language, agreement=False)
    with translation.override(language):
        assert agreement.prefill(pair)["homework"] == expected
    # The page both read shows it to each of them (the draft is not saved yet).
    for side in ("mentee", "mentor"):
        person = getattr(pair, side).user
        page = reverse("relationships:agreement_edit", args=[pair.pk])
        response = logged_in_client(person).get(page)
        text = visible_text(response.content.decode())
        assert expected in text, side
        assert not offences(expected, side, language)
