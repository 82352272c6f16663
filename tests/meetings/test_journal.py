"""The journal: private notes (only the author reads them) and shared notes
(the two people of the pair), about a meeting or free-standing; only the
author changes or deletes a note; a shared note can be made private again;
a clear length limit; the journal on the pair's page. Texts are checked in
English (people with language "en")."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import AuditEntry
from mentoring.meetings.enums import MAX_NOTE_LENGTH, NoteVisibility, VenueKind
from mentoring.meetings.models import Meeting, Note
from mentoring.meetings.services.notes import (
    NoteError,
    journal_summary,
    note_create,
    note_delete,
    note_set_visibility,
    note_update,
    notes_readable_by,
)
from mentoring.relationships.enums import MentorshipStatus
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme) -> Mentorship:
    mentee = accepted_mentee(programme, name="Anna Andersen", language="en")
    mentor = accepted_mentor(
        programme, name="Mads Madsen", organisation="Novo Nordisk", language="en"
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def mentee_of(pair: Mentorship) -> Any:
    return pair.mentee.user


def mentor_of(pair: Mentorship) -> Any:
    return pair.mentor.user


def meeting_of(pair: Mentorship, *, days: int = 7, theme: str = "Svære samtaler") -> Meeting:
    return Meeting.objects.create(
        mentorship=pair,
        starts_at=timezone.now() + timedelta(days=days),
        duration_minutes=90,
        venue_kind=VenueKind.MENTOR_WORKPLACE,
        theme=theme,
    )


def url(name: str, pair: Mentorship, note: Note | None = None) -> str:
    kwargs: dict[str, int] = {"pk": pair.pk}
    if note is not None:
        kwargs["note"] = note.pk
    return reverse(f"meetings:{name}", kwargs=kwargs)


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# -- writing and reading --------------------------------------------------------


def test_a_private_note_is_read_by_its_author_only(pair, coordinator, superuser) -> None:
    mentee = logged_in_client(mentee_of(pair))
    response = mentee.post(
        url("note_new", pair),
        {
            "title": "Mine tanker",
            "body": "Jeg er **usikker** på næste skridt.",
            "visibility": "private",
        },
    )
    note = Note.objects.get(mentorship=pair)
    assert response.status_code == 302
    assert response["Location"] == url("note", pair, note)
    assert (note.author, note.visibility, note.title) == (
        mentee_of(pair),
        NoteVisibility.PRIVATE,
        "Mine tanker",
    )
    page = text(mentee.get(url("note", pair, note)))
    assert "<strong>usikker</strong>" in page
    assert "Only you can read this note." in page
    assert "Mine tanker" in text(mentee.get(url("journal", pair)))

    # Nobody else finds it: not the mentor, not the coordinator, not a superuser.
    mentor = logged_in_client(mentor_of(pair))
    assert mentor.get(url("note", pair, note)).status_code == 404
    assert mentor.get(url("note_edit", pair, note)).status_code == 404
    assert "Mine tanker" not in text(mentor.get(url("journal", pair)))
    assert "Mine tanker" not in text(mentor.get(reverse("relationships:pair", args=[pair.pk])))
    for person in (coordinator, superuser):
        client = logged_in_client(person)
        assert client.get(url("note", pair, note)).status_code == 404
        assert client.get(url("journal", pair)).status_code == 404

    entry = AuditEntry.objects.get(action="note.created")
    assert entry.data == {
        "mentorship": pair.pk,
        "visibility": "private",
        "meeting": None,
        "side": "mentee",
    }
    assert entry.object_repr == f"note {note.pk}"


def test_a_shared_note_is_read_by_both_and_changed_by_its_author_only(pair) -> None:
    note = note_create(
        mentorship=pair,
        author=mentor_of(pair),
        title="Til dig",
        body="Læs *Forandringsledelse*.",
        visibility=NoteVisibility.SHARED,
    )
    mentee = logged_in_client(mentee_of(pair))
    page = text(mentee.get(url("note", pair, note)))
    assert "<em>Forandringsledelse</em>" in page
    assert "Mads Madsen shared this note with you. Only Mads Madsen can change it." in page
    assert url("note_edit", pair, note) not in page
    assert "Til dig" in text(mentee.get(url("journal", pair)))

    # The mentee may neither change nor delete the mentor's note.
    assert mentee.get(url("note_edit", pair, note)).status_code == 404
    changed = mentee.post(
        url("note_edit", pair, note), {"body": "Overskrevet", "visibility": "shared"}
    )
    assert changed.status_code == 404
    assert mentee.get(url("note_delete", pair, note)).status_code == 404
    assert mentee.post(url("note_delete", pair, note)).status_code == 404
    note.refresh_from_db()
    assert note.body == "Læs *Forandringsledelse*."
    with pytest.raises(NoteError):
        note_update(note=note, by=mentee_of(pair), body="x", visibility="shared")
    with pytest.raises(NoteError):
        note_delete(note=note, by=mentee_of(pair))
    assert Note.objects.filter(pk=note.pk).exists()


def test_the_author_makes_a_shared_note_private_again(pair) -> None:
    note = note_create(
        mentorship=pair,
        author=mentee_of(pair),
        title="Delt tanke",
        body="Noget",
        visibility=NoteVisibility.SHARED,
    )
    mentor = logged_in_client(mentor_of(pair))
    assert mentor.get(url("note", pair, note)).status_code == 200

    mentee = logged_in_client(mentee_of(pair))
    page = text(mentee.get(url("note", pair, note)))
    assert "Make it private again" in page
    response = mentee.post(
        url("note_edit", pair, note), {"visibility_only": "1", "visibility": "private"}
    )
    assert response["Location"] == url("note", pair, note)
    note.refresh_from_db()
    assert note.visibility == NoteVisibility.PRIVATE
    assert note.body == "Noget"  # nothing else changed
    assert "only you can read it now" in text(mentee.get(url("note", pair, note)))

    assert mentor.get(url("note", pair, note)).status_code == 404
    assert "Delt tanke" not in text(mentor.get(url("journal", pair)))
    entry = AuditEntry.objects.filter(action="note.updated").get()
    assert entry.data == {"mentorship": pair.pk, "fields": "visibility", "visibility": "private"}

    # ... and shares it again through the form.
    response = mentee.post(
        url("note_edit", pair, note),
        {"title": "Delt tanke", "body": "Noget", "visibility": "shared"},
    )
    assert response.status_code == 302
    assert mentor.get(url("note", pair, note)).status_code == 200


def test_the_author_changes_a_note_and_its_meeting(pair) -> None:
    meeting = meeting_of(pair)
    note = note_create(mentorship=pair, author=mentee_of(pair), body="Før")
    mentee = logged_in_client(mentee_of(pair))
    form = text(mentee.get(url("note_edit", pair, note)))
    assert "Før</textarea>" in form
    assert "Svære samtaler" in form  # the pair's meeting to choose

    response = mentee.post(
        url("note_edit", pair, note),
        {"title": "Efter mødet", "body": "Efter", "visibility": "private", "meeting": meeting.pk},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.title, note.body, note.meeting) == ("Efter mødet", "Efter", meeting)
    entry = AuditEntry.objects.get(action="note.updated")
    assert entry.data["fields"] == "title,body,meeting"
    assert "Efter" not in str(entry.data) and "Efter" not in entry.object_repr

    # Saving the same values again changes nothing and logs nothing.
    note_update(
        note=note,
        by=mentee_of(pair),
        title="Efter mødet",
        body="Efter",
        visibility="private",
        meeting=meeting,
    )
    assert AuditEntry.objects.filter(action="note.updated").count() == 1


def test_the_author_deletes_a_note_after_confirming(pair) -> None:
    note = note_create(
        mentorship=pair,
        author=mentee_of(pair),
        title="Kladde",
        body="Slet mig",
        visibility="shared",
    )
    mentee = logged_in_client(mentee_of(pair))
    confirm = text(mentee.get(url("note_delete", pair, note)))
    assert "It is deleted for good and cannot be restored." in confirm
    assert "Mads Madsen can no longer read it either." in confirm
    assert Note.objects.filter(pk=note.pk).exists()  # GET deletes nothing

    response = mentee.post(url("note_delete", pair, note))
    assert response["Location"] == url("journal", pair)
    assert not Note.objects.filter(pk=note.pk).exists()
    entry = AuditEntry.objects.get(action="note.deleted")
    assert entry.data == {"mentorship": pair.pk, "note": note.pk, "visibility": "shared"}


def test_a_note_about_a_meeting_from_the_meeting_link(pair) -> None:
    meeting = meeting_of(pair)
    mentor = logged_in_client(mentor_of(pair))
    form = text(mentor.get(url("note_new", pair) + f"?meeting={meeting.pk}"))
    assert f'<option value="{meeting.pk}" selected>' in form
    mentor.post(
        url("note_new", pair),
        {"body": "Forberedelse", "visibility": "shared", "meeting": meeting.pk},
    )
    note = Note.objects.get()
    assert note.meeting == meeting
    journal = text(logged_in_client(mentee_of(pair)).get(url("journal", pair)))
    assert reverse("meetings:detail", args=[pair.pk, meeting.pk]) in journal


def test_a_meeting_of_another_pair_is_refused(pair, programme) -> None:
    other = accepted_pair(
        programme,
        mentee=accepted_mentee(programme, name="Bo Bech"),
        mentor=accepted_mentor(programme, name="Nina Nielsen", organisation="Vestas"),
    )
    foreign = meeting_of(other)
    mentee = logged_in_client(mentee_of(pair))
    response = mentee.post(
        url("note_new", pair), {"body": "Hej", "visibility": "private", "meeting": foreign.pk}
    )
    assert "Select a valid choice" in text(response)
    assert not Note.objects.exists()
    with pytest.raises(NoteError, match="your own meetings"):
        note_create(mentorship=pair, author=mentee_of(pair), body="Hej", meeting=foreign)
    # Nor may somebody outside the pair write in its journal.
    with pytest.raises(NoteError):
        note_create(mentorship=pair, author=mentee_of(other), body="Hej")


# -- bad input: length, empty -------------------------------------------------------


def test_a_note_longer_than_the_limit_is_refused_with_the_limit(pair) -> None:
    mentee = logged_in_client(mentee_of(pair))
    too_long = "a" * (MAX_NOTE_LENGTH + 1)
    response = mentee.post(url("note_new", pair), {"body": too_long, "visibility": "private"})
    page = text(response)
    assert "Your note needs your attention" in page
    assert (
        "The note is too long: it has 20,001 characters, and a note can have at most 20,000."
        in page
    )
    assert too_long in page  # the text is not lost
    assert not Note.objects.exists()
    with pytest.raises(NoteError, match="at most 20,000"):
        note_create(mentorship=pair, author=mentee_of(pair), body=too_long)

    # The form says the limit up front; exactly the limit is fine.
    assert "At most 20,000 characters." in text(mentee.get(url("note_new", pair)))
    mentee.post(url("note_new", pair), {"body": "a" * MAX_NOTE_LENGTH, "visibility": "private"})
    assert len(Note.objects.get().body) == MAX_NOTE_LENGTH


def test_windows_line_endings_do_not_count_twice(pair) -> None:
    body = "ab\r\n" * (MAX_NOTE_LENGTH // 3)  # 4 characters sent, 3 stored per line
    note = note_create(mentorship=pair, author=mentee_of(pair), body=body)
    assert "\r" not in note.body
    assert len(note.body) <= MAX_NOTE_LENGTH


def test_an_empty_note_is_refused(pair) -> None:
    mentee = logged_in_client(mentee_of(pair))
    page = text(
        mentee.post(
            url("note_new", pair), {"title": "Kun titel", "body": "  \n ", "visibility": "private"}
        )
    )
    assert "Write something in the note." in page
    assert not Note.objects.exists()
    with pytest.raises(NoteError):
        note_create(mentorship=pair, author=mentee_of(pair), body="   ")


def test_html_and_script_in_a_note_are_shown_inert(pair) -> None:
    body = (
        "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[klik](javascript:alert(1))\n\n<iframe src=https://evil.example></iframe>"
    )
    note = note_create(mentorship=pair, author=mentee_of(pair), body=body, visibility="shared")
    for person in (mentee_of(pair), mentor_of(pair)):
        client = logged_in_client(person)
        for page in (
            text(client.get(url("note", pair, note))),
            text(client.get(url("journal", pair))),
        ):
            assert "&lt;script&gt;alert('x')&lt;/script&gt;" in page
            assert "<script>alert" not in page
            assert "<img src=x" not in page and "<iframe" not in page
            assert 'href="javascript' not in page.lower()


# -- the list -------------------------------------------------------------------------


def test_the_journal_lists_my_notes_and_the_shared_ones_newest_first(pair) -> None:
    mentee, mentor = mentee_of(pair), mentor_of(pair)
    now = timezone.now()
    made = {}
    for days_ago, author, visibility, title in [
        (5, mentee, "private", "Mentee privat gammel"),
        (4, mentor, "shared", "Mentor delt"),
        (3, mentor, "private", "Mentor privat"),
        (2, mentee, "shared", "Mentee delt"),
        (1, mentee, "private", "Mentee privat ny"),
    ]:
        note = note_create(
            mentorship=pair, author=author, title=title, body="x", visibility=visibility
        )
        Note.objects.filter(pk=note.pk).update(created_at=now - timedelta(days=days_ago))
        made[title] = note
    assert [n.title for n in notes_readable_by(mentorship=pair, user=mentee)] == [
        "Mentee privat ny",
        "Mentee delt",
        "Mentor delt",
        "Mentee privat gammel",
    ]
    page = text(logged_in_client(mentee).get(url("journal", pair)))
    positions = [
        page.index(title)
        for title in ("Mentee privat ny", "Mentee delt", "Mentor delt", "Mentee privat gammel")
    ]
    assert positions == sorted(positions)
    assert "Mentor privat" not in page
    assert "Written by Mads Madsen" in page and "Written by you" in page

    page = text(logged_in_client(mentor).get(url("journal", pair)))
    assert "Mentee privat" not in page
    assert page.index("Mentee delt") < page.index("Mentor privat") < page.index("Mentor delt")


def test_the_journal_has_a_constant_number_of_queries(pair) -> None:
    mentee, mentor = mentee_of(pair), mentor_of(pair)
    client = logged_in_client(mentee)
    meeting = meeting_of(pair)
    note_create(mentorship=pair, author=mentee, body="Første", meeting=meeting)
    client.get(url("journal", pair))  # warm up (session, translations)
    with CaptureQueriesContext(connection) as one:
        assert "Første" in text(client.get(url("journal", pair)))
    for number in range(12):
        note_create(
            mentorship=pair,
            author=mentee if number % 2 else mentor,
            title=f"Note {number}",
            body="**mere**",
            visibility="shared",
            meeting=meeting_of(pair, days=8 + number) if number % 3 == 0 else None,
        )
    with CaptureQueriesContext(connection) as many:
        page = text(client.get(url("journal", pair)))
    assert page.count('class="note-card"') == 13
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_a_long_journal_is_shown_a_page_at_a_time_newest_first(pair) -> None:
    from mentoring.meetings.views.journal import JOURNAL_PAGE_SIZE

    mentee = mentee_of(pair)
    now = timezone.now()
    total = JOURNAL_PAGE_SIZE + 3
    for number in range(total):  # Note 0 is the oldest
        note = note_create(mentorship=pair, author=mentee, title=f"Notat {number:02d}", body="x")
        Note.objects.filter(pk=note.pk).update(created_at=now - timedelta(hours=total - number))
    client = logged_in_client(mentee)

    first = text(client.get(url("journal", pair)))
    assert first.count('class="note-card"') == JOURNAL_PAGE_SIZE
    assert f"Notat {total - 1:02d}" in first and "Notat 02" not in first
    assert "Page 1 of 2" in first and '?page=2" rel="next"' in first

    second = text(client.get(url("journal", pair) + "?page=2"))
    assert second.count('class="note-card"') == 3
    assert all(f"Notat {n:02d}" in second for n in range(3))
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second

    # Any other page number: the nearest page, never an error.
    assert "Page 1 of 2" in text(client.get(url("journal", pair) + "?page=abc"))
    assert "Page 2 of 2" in text(client.get(url("journal", pair) + "?page=99"))


# -- the state of the mentorship ---------------------------------------------------------


@pytest.mark.parametrize("status", [MentorshipStatus.ENDED_EARLY, MentorshipStatus.COMPLETED])
def test_after_the_end_the_journal_is_read_only(pair, status) -> None:
    note = note_create(mentorship=pair, author=mentee_of(pair), title="Gammel", body="Tekst")
    Mentorship.objects.filter(pk=pair.pk).update(status=status)
    pair.refresh_from_db()
    mentee = logged_in_client(mentee_of(pair))
    page = text(mentee.get(url("journal", pair)))
    assert "Gammel" in page
    assert "can be read but no longer changed" in page
    assert url("note_new", pair) not in page
    assert url("note_edit", pair, note) not in text(mentee.get(url("note", pair, note)))

    response = mentee.get(url("note_new", pair), follow=True)
    assert "can be read but no longer changed" in text(response)
    mentee.post(url("note_new", pair), {"body": "Ny", "visibility": "private"})
    mentee.post(url("note_edit", pair, note), {"body": "Ændret", "visibility": "shared"})
    mentee.post(url("note_delete", pair, note))
    assert list(Note.objects.values_list("body", "visibility")) == [("Tekst", "private")]
    with pytest.raises(NoteError, match="no longer changed"):
        note_create(mentorship=pair, author=mentee_of(pair), body="Ny")
    with pytest.raises(NoteError):
        note_set_visibility(note=note, by=mentee_of(pair), visibility="shared")


def test_a_closing_mentorship_can_still_write(pair) -> None:
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.CLOSING)
    mentee = logged_in_client(mentee_of(pair))
    mentee.post(url("note_new", pair), {"body": "Afslutning", "visibility": "shared"})
    assert Note.objects.get().body == "Afslutning"


# -- the pair's page ------------------------------------------------------------------


def test_the_pair_page_shows_my_count_and_the_newest_shared_titles(pair) -> None:
    mentee, mentor = mentee_of(pair), mentor_of(pair)
    page = text(logged_in_client(mentee).get(reverse("relationships:pair", args=[pair.pk])))
    assert 'id="journal-heading"' in page
    assert "Keep notes about your mentorship" in page
    assert url("journal", pair) in page

    note_create(mentorship=pair, author=mentee, title="Hemmelig titel", body="x")
    note_create(mentorship=pair, author=mentee, title="Fælles titel", body="x", visibility="shared")
    shared = note_create(
        mentorship=pair, author=mentor, title="Mentors titel", body="x", visibility="shared"
    )
    note_create(mentorship=pair, author=mentor, title="Mentors hemmelighed", body="x")

    page = text(logged_in_client(mentee).get(reverse("relationships:pair", args=[pair.pk])))
    assert "You have written 2 notes." in page
    assert "1 of them is private." in page
    assert "You share 2 notes with each other." in page
    assert "Fælles titel" in page and "Mentors titel" in page
    assert url("note", pair, shared) in page
    assert "Hemmelig titel" not in page  # my private note: counted, not listed
    assert "Mentors hemmelighed" not in page

    page = text(logged_in_client(mentor).get(reverse("relationships:pair", args=[pair.pk])))
    assert "You have written 2 notes." in page
    assert "Hemmelig titel" not in page
    assert "Fælles titel" in page


def test_the_journal_summary_is_empty_for_outsiders(pair, coordinator) -> None:
    note_create(mentorship=pair, author=mentee_of(pair), body="x", visibility="shared")
    summary = journal_summary(mentorship=pair, user=coordinator)
    assert summary.is_empty and summary.latest_shared == []
    assert not notes_readable_by(mentorship=pair, user=coordinator).exists()
