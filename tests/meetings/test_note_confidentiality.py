"""Proof that the journal stays confidential (issue 6, point 5).

A pair of programme A works for a while (agreement accepted, a meeting held,
a meeting planned with an agenda, homework, a goal, calendar feeds,
reminders sent) and writes notes, each with a marker string in its title and
its text:

- ``MENTEE_PRIVATE`` and ``MENTEE_UNSHARED`` (shared, then made private
  again): private notes of the mentee; only the mentee may ever see them;
- ``MENTOR_PRIVATE``: the mentor's private note; only the mentor;
- ``MENTEE_SHARED`` and ``MENTOR_SHARED``: shared notes; only the two.

Then **every URL pattern of the project** (walked like
``tests/test_permission_matrix.py`` does, its kwargs filled from the pair's
and the programme's objects, every note and meeting in turn) is fetched as
each role: the mentee, the mentor, the coordinator of the programme (with
MFA), a coordinator of another programme, a superuser, a signed-in user
without a role, and anonymously. No response may contain a marker the role
may not read: pages, downloads (CSV, the XLSX unpacked, the PDF's text),
headers. The participants' CSV/XLSX exports, the mail outbox (and the mail
actually delivered) and the audit log contain no marker at all.

Positive controls keep the proof honest: the author does find their own
marker on their pages, the other person finds the shared ones, the
coordinator's exports and pages really answer (with the pair's people in
them), so a walk where everything failed would fail the test.

URL kwargs that cannot be filled are skipped only when listed in ``SKIPPED``
with a reason (printed); a new unfillable pattern in the meetings or
relationships namespace fails the test.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mentoring.common.mail import mail_deliver
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.matching.models import MatchingRun
from mentoring.meetings.enums import NoteVisibility, VenueKind
from mentoring.meetings.models import CalendarFeed, Meeting, Note, Reminder
from mentoring.meetings.services.goals import goal_add
from mentoring.meetings.services.homework import action_item_create
from mentoring.meetings.services.meetings import meeting_plan
from mentoring.meetings.services.notes import note_create, note_set_visibility, note_update
from mentoring.meetings.services.record import meeting_agenda_save, meeting_record
from mentoring.meetings.services.validation import MeetingValues
from mentoring.meetings.tasks import reminders_send_due
from mentoring.participants.models import Participation
from mentoring.relationships import agreement
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.agreement import agreement_accept, agreement_save
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_pair

# Markers: each is in its note's title and in its text.
MENTEE_PRIVATE = "QZXMENTEEPRIVATE4711"
MENTEE_UNSHARED = "QZXMENTEEUNSHARED0815"
MENTOR_PRIVATE = "QZXMENTORPRIVATE2718"
MENTEE_SHARED = "QZXMENTEESHARED3141"
MENTOR_SHARED = "QZXMENTORSHARED1618"
ALL_MARKERS = (MENTEE_PRIVATE, MENTEE_UNSHARED, MENTOR_PRIVATE, MENTEE_SHARED, MENTOR_SHARED)
SHARED = (MENTEE_SHARED, MENTOR_SHARED)

#: Role -> the markers it may see; every other marker must never appear.
MAY_SEE: dict[str, frozenset[str]] = {
    "mentee": frozenset({MENTEE_PRIVATE, MENTEE_UNSHARED, *SHARED}),
    "mentor": frozenset({MENTOR_PRIVATE, *SHARED}),
    "coordinator": frozenset(),
    "other_coordinator": frozenset(),
    "superuser": frozenset(),
    "user": frozenset(),
    "anonymous": frozenset(),
}

#: URL names whose kwargs cannot be filled, with the reason (printed). A
#: pattern of the meetings or relationships namespace that cannot be filled
#: and is not listed here fails the test: give the walk its objects instead.
SKIPPED: dict[str, str] = {}

#: Namespaces in which an unfillable pattern fails the test.
STRICT_NAMESPACES = ("meetings", "relationships")

#: Pages that later requests must not undo (they end the session): last.
LAST = ("account_logout",)


# -- the URL patterns ------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    params: tuple[str, ...]

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""


_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def project_patterns() -> list[Pattern]:
    """Every named URL pattern of the project with the kwargs its full
    route needs (those of the includes around it too)."""

    def walk(patterns: list[Any], namespace: str | None, prefix: str) -> Iterator[Pattern]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, ns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                params = tuple(dict.fromkeys(a or b for a, b in _PARAM.findall(route)))
                yield Pattern(name=name, route=route, params=params)

    found = {p.name: p for p in walk(get_resolver().url_patterns, None, "")}
    return sorted(found.values(), key=lambda p: (p.name in LAST, p.name))


# -- the pair at work --------------------------------------------------------------


@dataclass
class World:
    mentorship: Mentorship
    people: dict[str, Any]
    mentee_participation: Participation
    mentor_participation: Participation
    meetings: list[Meeting]
    notes: dict[str, Note]
    values: dict[str, list[Any]] = field(default_factory=dict)


def _local(day: datetime, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(day), time(hour, 0)))


@pytest.fixture
def world(
    programme, other_programme, user, mentee, mentor, coordinator, other_coordinator, superuser
) -> World:
    mentee_participation = Participation.objects.get(user=mentee, programme=programme)
    mentor_participation = Participation.objects.get(user=mentor, programme=programme)
    pair = accepted_pair(programme, mentee=mentee_participation, mentor=mentor_participation)
    run = MatchingRun.objects.create(programme=programme, number=1, status="done")
    Mentorship.objects.filter(pk=pair.pk).update(run=run)
    pair.refresh_from_db()

    # The collaboration agreement, version 1, accepted by both (mails).
    version = agreement_save(
        mentorship=pair,
        side=Side.MENTEE,
        values=agreement.prefill(pair),
        expected_number=None,
        expected_revision=None,
    ).version
    for side in (Side.MENTEE, Side.MENTOR):
        agreement_accept(
            mentorship=pair, side=side, number=version.number, revision=version.revision
        )

    # The first meeting, planned and then held (mails, the trial gate opens).
    now = timezone.now()
    first = meeting_plan(
        mentorship=pair,
        by=mentee,
        values=MeetingValues(
            starts_at=_local(now + timedelta(days=3), 10),
            duration_minutes=90,
            venue_kind=VenueKind.MENTOR_WORKPLACE,
            theme="Det første møde",
        ),
        agenda="Hvem er vi, og hvad vil vi?",
    )
    meeting_record(
        meeting=first,
        by=mentor,
        summary="Vi lærte hinanden at kende.",
        roles_used=["coach", "sparring_partner"],
        now=first.starts_at + timedelta(hours=2),
    )
    # The next meeting, planned by the mentor, with the mentee's agenda (mails).
    second = meeting_plan(
        mentorship=pair,
        by=mentor,
        values=MeetingValues(
            starts_at=_local(now + timedelta(days=12), 14),
            duration_minutes=120,
            venue_kind=VenueKind.VIRTUAL,
            video_link="https://video.example/rum",
            theme="Svære samtaler",
        ),
    )
    meeting_agenda_save(
        meeting=second, by=mentee, agenda="1. Feedback\n2. Næste skridt", confidential=True
    )

    # The journal.
    notes = {
        MENTEE_PRIVATE: note_create(
            mentorship=pair,
            author=mentee,
            title=f"Titel {MENTEE_PRIVATE}",
            body=f"Min **private** tanke {MENTEE_PRIVATE} om chefen.",
            visibility=NoteVisibility.PRIVATE,
            meeting=second,
        ),
        MENTEE_UNSHARED: note_create(
            mentorship=pair,
            author=mentee,
            title=f"Titel {MENTEE_UNSHARED}",
            body=f"Delt ved en fejl: {MENTEE_UNSHARED}",
            visibility=NoteVisibility.SHARED,
            meeting=first,
        ),
        MENTOR_PRIVATE: note_create(
            mentorship=pair,
            author=mentor,
            title=f"Titel {MENTOR_PRIVATE}",
            body=f"Mentors egen note {MENTOR_PRIVATE}",
        ),
        MENTEE_SHARED: note_create(
            mentorship=pair,
            author=mentee,
            title=f"Titel {MENTEE_SHARED}",
            body=f"Til os begge {MENTEE_SHARED}",
            visibility=NoteVisibility.SHARED,
            meeting=second,
        ),
        MENTOR_SHARED: note_create(
            mentorship=pair,
            author=mentor,
            title=f"Titel {MENTOR_SHARED}",
            body=f"Læs denne bog {MENTOR_SHARED}",
            visibility=NoteVisibility.SHARED,
            meeting=first,
        ),
    }
    note_set_visibility(note=notes[MENTEE_UNSHARED], by=mentee, visibility=NoteVisibility.PRIVATE)
    note_update(
        note=notes[MENTEE_PRIVATE],
        by=mentee,
        title=f"Titel {MENTEE_PRIVATE}",
        body=f"Min **private** tanke {MENTEE_PRIVATE} om chefen, rettet.",
        visibility=NoteVisibility.PRIVATE,
        meeting=second,
    )

    # Homework, a goal, calendar feeds; the reminders of the next meeting sent.
    item = action_item_create(
        mentorship=pair,
        by=mentee,
        title="Læs kapitel 3",
        owner=Side.MENTEE,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    goal = goal_add(mentorship=pair, by=mentee, text="Blive bedre til svære samtaler")
    feeds = [CalendarFeed.objects.get_or_create(user=person)[0] for person in (mentee, mentor)]
    reminders_send_due(now=second.starts_at - timedelta(hours=20))

    people = {
        "anonymous": None,
        "user": user,
        "mentee": mentee,
        "mentor": mentor,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "superuser": superuser,
    }
    built = World(
        mentorship=pair,
        people=people,
        mentee_participation=mentee_participation,
        mentor_participation=mentor_participation,
        meetings=[first, second],
        notes=notes,
    )
    message = OutboxMessage.objects.order_by("pk").first()
    assert message is not None
    built.values = {
        "slug": [programme.slug],
        "pk": [pair.pk],
        "meeting": [first.pk, second.pk],
        "note": [note.pk for note in notes.values()],
        "item": [item.pk],
        "goal": [goal.pk],
        "number": [1],
        "message_id": [message.pk],
        "role": ["mentee", "mentor"],
        "token": ["no-such-token"],
        "key": ["not-a-real-key"],
        "uidb36": ["0"],
    }
    built.values["feed_tokens"] = [feed.token for feed in feeds]
    return built


def kwargs_for(pattern: Pattern, world: World) -> list[dict[str, Any]] | None:
    """Every combination of values for the pattern's kwargs, or None when
    one of them cannot be filled."""
    values = dict(world.values)
    if pattern.namespace == "participants":  # pk: an application (participation)
        values["pk"] = [world.mentee_participation.pk, world.mentor_participation.pk]
    if pattern.name == "meetings:feed":  # both people's secret calendar feeds
        values["token"] = world.values["feed_tokens"]
    if any(param not in values for param in pattern.params):
        return None
    choices = [values[param] for param in pattern.params]
    return [dict(zip(pattern.params, combo, strict=True)) for combo in itertools.product(*choices)]


# -- reading a response ----------------------------------------------------------------

PDFTOTEXT = shutil.which("pdftotext")


def _pdf_text(content: bytes) -> str:
    if PDFTOTEXT is None:  # pragma: no cover - the test machines have poppler-utils
        return content.decode("latin-1")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(content)
        result = subprocess.run(  # noqa: S603 - a fixed program on our own file
            [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        )
    return result.stdout.decode("utf-8", "replace")


def readable(response: Any) -> str:
    """Everything a person gets from ``response``: headers and body; a zip
    (XLSX) unpacked, a PDF's text extracted."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [f"{name}: {value}" for name, value in response.headers.items()]
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(BytesIO(content)) as archive:
            parts.extend(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    elif content.startswith(b"%PDF"):
        parts.append(_pdf_text(content))
        parts.append(content.decode("latin-1"))
    else:
        parts.append(content.decode("utf-8", "replace"))
    return "\n".join(parts)


def markers_in(text: str) -> set[str]:
    lowered = text.lower()
    return {marker for marker in ALL_MARKERS if marker.lower() in lowered}


# -- the proof ------------------------------------------------------------------------


@dataclass
class Walk:
    """What one role got from every URL."""

    seen: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    status: dict[str, int] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def walk_as(role: str, world: World, patterns: list[Pattern]) -> Walk:
    """GET every URL as ``role``; a page that answers also as htmx asks for
    it (``HX-Request``), since some views answer htmx with a partial."""
    person = world.people[role]
    client = logged_in_client(person) if person is not None else Client()
    client.raise_request_exception = False  # a crash is reported, and its page checked too
    result = Walk()
    for pattern in patterns:
        for kwargs in kwargs_for(pattern, world) or []:
            url = reverse(pattern.name, kwargs=kwargs)
            response = client.get(url)
            result.status[url] = response.status_code
            responses = [("GET", response)]
            if response.status_code == 200:
                responses.append(("GET (htmx)", client.get(url, headers={"HX-Request": "true"})))
            for method, answer in responses:
                if answer.status_code >= 500:
                    result.errors.append(f"{pattern.name} {method} {url}: {answer.status_code}")
                found = markers_in(readable(answer))
                for marker in found:
                    result.seen[marker].add(pattern.name)
                forbidden = found - MAY_SEE[role]
                if forbidden:
                    result.leaks.append(
                        f"{role} {method} {url} ({pattern.name}): {sorted(forbidden)}"
                    )
    return result


def unfillable(patterns: list[Pattern], world: World) -> tuple[list[Pattern], list[str]]:
    """The patterns the walk cannot fill (not checked), and the names among
    them that fail the test: of a strict namespace and not in ``SKIPPED``."""
    missing = [p for p in patterns if kwargs_for(p, world) is None]
    failing = [
        p.name for p in missing if p.name not in SKIPPED and p.namespace in STRICT_NAMESPACES
    ]
    return missing, failing


@pytest.mark.django_db
def test_no_note_reaches_anybody_it_is_not_for(world: World, capsys) -> None:
    patterns = project_patterns()
    missing, new = unfillable(patterns, world)
    with capsys.disabled():
        print(f"\nConfidentiality walk: {len(patterns)} URL patterns.")
        for name, reason in sorted(SKIPPED.items()):
            print(f"  skipped {name}: {reason}")
        for p in missing:
            if p.name not in SKIPPED:
                print(f"  NOT CHECKED (kwargs {p.params} cannot be filled): {p.name}")
    assert not new, (
        f"URL patterns of {STRICT_NAMESPACES} whose kwargs the confidentiality walk cannot "
        f"fill: {new}. Add their objects to the `world` fixture (or, with a reason, to SKIPPED)."
    )

    walks = {role: walk_as(role, world, patterns) for role in MAY_SEE}
    leaks = [leak for walk in walks.values() for leak in walk.leaks]
    assert not leaks, "Note content reached somebody it is not for:\n" + "\n".join(leaks)

    # Positive controls: the walk really reached the notes and the pages.
    mentee, mentor = walks["mentee"], walks["mentor"]
    for marker in (MENTEE_PRIVATE, MENTEE_UNSHARED, *SHARED):
        assert {"meetings:journal", "meetings:note"} <= mentee.seen[marker], marker
    assert "meetings:note_edit" in mentee.seen[MENTEE_PRIVATE]  # the author's form
    for marker in (MENTOR_PRIVATE, *SHARED):
        assert {"meetings:journal", "meetings:note"} <= mentor.seen[marker], marker
    for marker in SHARED:  # the newest shared titles on the pair's page
        assert "relationships:pair" in mentee.seen[marker]
        assert "relationships:pair" in mentor.seen[marker]
    pair, programme = world.mentorship, world.mentorship.programme
    for role in ("coordinator", "superuser"):
        status = walks[role].status
        for name, kwargs in [
            ("relationships:coordinate_pair", {"slug": programme.slug, "pk": pair.pk}),
            ("relationships:coordinate_pairs", {"slug": programme.slug}),
            ("participants_io:export_csv", {"slug": programme.slug}),
            ("participants_io:export_xlsx", {"slug": programme.slug}),
            ("programmes:audit_log", {"slug": programme.slug}),
        ]:
            assert status[reverse(name, kwargs=kwargs)] == 200, (role, name)
        # Nobody but the pair reaches the journal, whatever their role.
        assert status[reverse("meetings:journal", kwargs={"pk": pair.pk})] == 404
    assert walks["superuser"].status[reverse("common:outbox")] == 200
    # Every role was still signed in at the end of its walk.
    for role in ("mentee", "mentor"):
        client = logged_in_client(world.people[role])
        assert client.get(reverse("meetings:journal", args=[pair.pk])).status_code == 200
    with capsys.disabled():
        for role, walk in walks.items():
            codes = defaultdict(int)
            for code in walk.status.values():
                codes[code] += 1
            print(f"  {role}: {len(walk.status)} GETs, status codes {dict(sorted(codes.items()))}")
            for error in walk.errors:
                print(f"    server error (checked for markers too): {error}")


@pytest.mark.django_db
def test_a_new_unfillable_pattern_fails_the_walk(world: World) -> None:
    """A pattern whose kwargs the walk cannot fill fails the test in the
    meetings and relationships namespaces; elsewhere it is reported."""
    patterns = [
        Pattern("meetings:journal", "me/mentorships/<int:pk>/journal/", ("pk",)),
        Pattern("meetings:new_page", "me/mentorships/<int:pk>/x/<int:widget>/", ("pk", "widget")),
        Pattern("relationships:other", "x/<slug:gadget>/", ("gadget",)),
        Pattern("evaluations:thing", "x/<int:widget>/", ("widget",)),
    ]
    missing, failing = unfillable(patterns, world)
    assert [p.name for p in missing] == [
        "meetings:new_page",
        "relationships:other",
        "evaluations:thing",
    ]
    assert failing == ["meetings:new_page", "relationships:other"]
    assert kwargs_for(patterns[0], world) == [{"pk": world.mentorship.pk}]
    notes = kwargs_for(Pattern("meetings:note", "", ("pk", "note")), world)
    assert notes is not None
    assert [k["note"] for k in notes] == [note.pk for note in world.notes.values()]


@pytest.mark.django_db
def test_exports_contain_the_pair_but_no_note(world: World) -> None:
    programme = world.mentorship.programme
    client = logged_in_client(world.people["coordinator"])
    for name in ("participants_io:export_csv", "participants_io:export_xlsx"):
        response = client.get(reverse(name, kwargs={"slug": programme.slug}))
        assert response.status_code == 200
        content = readable(response)
        assert "mentee@example.org" in content and "mentor@example.org" in content
        assert markers_in(content) == set(), name


@pytest.mark.django_db
def test_no_note_is_mailed_or_logged(world: World) -> None:
    # The outbox: what the agreement, the meetings and the reminders mailed.
    messages = list(OutboxMessage.objects.all())
    keys = {message.key for message in messages}
    first, second = world.meetings
    assert any(key.startswith(f"meeting-planned:{second.pk}:") for key in keys), keys
    assert any(key.startswith(f"meeting-held:{first.pk}:") for key in keys), keys
    sent = set(Reminder.objects.filter(sent_at__isnull=False).values_list("key", flat=True))
    assert any(key.startswith(f"meeting:{second.pk}:") for key in sent), sent
    assert sent <= keys  # the reminders' mails are in the outbox
    assert len(messages) >= 5
    for message in messages:
        text = "\n".join([message.subject, message.body_text, message.body_html, message.key])
        assert markers_in(text) == set(), message.key

    # The mail as delivered.
    mail.outbox.clear()
    for message in messages:
        mail_deliver(message_id=message.pk)
    assert len(mail.outbox) == len(messages)
    for sent in mail.outbox:
        assert markers_in(sent.message().as_string()) == set(), sent.subject

    # The audit log: every change to a note is recorded, without its text.
    entries = list(AuditEntry.objects.all())
    actions = [entry.action for entry in entries]
    assert actions.count("note.created") == 5
    assert actions.count("note.updated") == 2
    for entry in entries:
        text = "\n".join(
            [entry.action, entry.object_type, entry.object_repr, json.dumps(entry.data)]
        )
        assert markers_in(text) == set(), entry.action


@pytest.mark.django_db
def test_the_admin_does_not_show_notes(world: World) -> None:
    """There is no Django admin today; if one is added, notes stay out of it
    (and its pages are part of the walk above)."""
    if "django.contrib.admin" not in settings.INSTALLED_APPS:
        assert not any(p.namespace == "admin" for p in project_patterns())
        return
    from django.contrib import admin  # pragma: no cover - no admin yet

    assert not admin.site.is_registered(Note)  # pragma: no cover
