"""The journal: notes of the mentee and the mentor about their mentorship.

A note is *private* (only its author can ever read it) or *shared* (the two
people of the pair read it); it may be about one of the pair's meetings or
stand alone. Nobody else reads notes: not the coordinator, not a superuser,
not an export or an e-mail. That is why this module has its reads as well as
its writes: every page that shows notes takes them from
``notes_readable_by`` or ``journal_summary``, which never return a note the
user may not read.

Writes are keyword-only, typed and atomic, with their side effects listed;
the audit log records who did what to which note and its visibility, never a
title or any text. Notes can be written while the mentorship is accepted by
both or closing; afterwards the journal stays readable but cannot change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.common.counting import count_together
from mentoring.common.errors import ServiceError
from mentoring.meetings.enums import MAX_NOTE_LENGTH, NoteVisibility
from mentoring.meetings.models import Meeting, Note
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship

#: Mentorship states in which notes can be written, changed and deleted.
WRITABLE_STATUSES: tuple[str, ...] = (
    MentorshipStatus.ACCEPTED.value,
    MentorshipStatus.CLOSING.value,
)
#: Longest title (the model's column).
MAX_TITLE_LENGTH = 200
#: How many of the newest shared notes the pair's page lists.
LATEST_SHARED = 3


class NoteError(ServiceError):
    """A rule stopped the change; ``message`` is for the user."""


# -- reads -------------------------------------------------------------------


def _side(mentorship: Mentorship, user: Any) -> Side | None:
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return None
    if user_id == mentorship.mentee.user_id:
        return Side.MENTEE
    if user_id == mentorship.mentor.user_id:
        return Side.MENTOR
    return None


def _pair_user_ids(mentorship: Mentorship) -> tuple[int, int]:
    return (mentorship.mentee.user_id, mentorship.mentor.user_id)


def _readable_q(mentorship: Mentorship, user: Any) -> Q:
    """Notes the user (one of the two) may read: their own, and the other
    person's shared ones."""
    return Q(author_id=user.pk) | Q(
        visibility=NoteVisibility.SHARED, author_id__in=_pair_user_ids(mentorship)
    )


def notes_readable_by(*, mentorship: Mentorship, user: Any) -> QuerySet[Note]:
    """The notes of ``mentorship`` that ``user`` may read, newest first, with
    their author and meeting (one query): the user's own notes (private and
    shared) and the other person's shared notes. Nothing for anybody who is
    not the mentee or the mentor of the mentorship, whatever their role."""
    if _side(mentorship, user) is None:
        return Note.objects.none()
    return (
        Note.objects.filter(mentorship=mentorship)
        .filter(_readable_q(mentorship, user))
        .select_related("author", "meeting")
        .order_by("-created_at", "-pk")
    )


def notes_writable_by(*, mentorship: Mentorship, user: Any) -> QuerySet[Note]:
    """The user's own notes in ``mentorship``: the only ones they may change
    or delete."""
    if _side(mentorship, user) is None:
        return Note.objects.none()
    return Note.objects.filter(mentorship=mentorship, author_id=user.pk).select_related(
        "author", "meeting"
    )


@dataclass(frozen=True)
class JournalSummary:
    """The journal on the pair's page: counts and the newest shared notes
    (their titles and dates only)."""

    mine: int = 0
    mine_private: int = 0
    shared: int = 0
    latest_shared: list[Note] = field(default_factory=list)
    can_write: bool = False

    @property
    def is_empty(self) -> bool:
        return self.mine == 0 and self.shared == 0


def journal_counted(*, mentorship: Mentorship, user: Any) -> dict[str, QuerySet[Note]]:
    """The notes ``journal_summary`` counts, as querysets: the user's own
    (``mine``), of them the private ones (``mine_private``), and the notes the
    pair shares (``shared``). For ``common.counting.count_together``, so a
    page can count them with other figures in one query."""
    pair = _pair_user_ids(mentorship)
    notes = Note.objects.filter(mentorship=mentorship)
    return {
        "mine": notes.filter(author_id=user.pk),
        "mine_private": notes.filter(author_id=user.pk, visibility=NoteVisibility.PRIVATE),
        "shared": notes.filter(visibility=NoteVisibility.SHARED, author_id__in=pair),
    }


def journal_summary(
    *, mentorship: Mentorship, user: Any, counts: Mapping[str, int] | None = None
) -> JournalSummary:
    """How many notes ``user`` wrote in ``mentorship`` (and how many of them
    are private), how many notes the pair shares, and the newest
    ``LATEST_SHARED`` shared notes without their text (two queries; one when
    the page counted ``journal_counted`` already and passes ``counts``). Empty
    for anybody outside the pair."""
    if _side(mentorship, user) is None:
        return JournalSummary()
    pair = _pair_user_ids(mentorship)
    if counts is None:
        counts = count_together(journal_counted(mentorship=mentorship, user=user))
    latest = list(
        Note.objects.filter(
            mentorship=mentorship, visibility=NoteVisibility.SHARED, author_id__in=pair
        )
        .select_related("author")
        .defer("body")
        .order_by("-created_at", "-pk")[:LATEST_SHARED]
    )
    return JournalSummary(
        mine=int(counts["mine"]),
        mine_private=int(counts["mine_private"]),
        shared=int(counts["shared"]),
        latest_shared=latest,
        can_write=can_write(mentorship),
    )


# -- checks ------------------------------------------------------------------


def can_write(mentorship: Mentorship) -> bool:
    """Whether notes can be written in the mentorship's current state."""
    return mentorship.status in WRITABLE_STATUSES


def closed_message() -> str:
    return _("This mentorship has ended, so its journal can be read but no longer changed.")


def _check_writable(mentorship: Mentorship) -> None:
    # The status as it is now, not as the caller read it.
    status = Mentorship.objects.filter(pk=mentorship.pk).values_list("status", flat=True).first()
    if status not in WRITABLE_STATUSES:
        raise NoteError(closed_message())


def clean_body(body: str) -> str:
    """The note text with its line endings made uniform and surrounding
    blank space removed; NoteError when it is empty or longer than
    ``MAX_NOTE_LENGTH`` characters."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise NoteError(_("Write something in the note."))
    if len(text) > MAX_NOTE_LENGTH:
        raise NoteError(too_long_message(len(text)))
    return text


def too_long_message(length: int) -> str:
    return _(
        "The note is too long: it has %(length)s characters, and a note can have at most "
        "%(limit)s. Shorten it, or split it into two notes."
    ) % {
        "length": number_format(length, force_grouping=True),
        "limit": number_format(MAX_NOTE_LENGTH, force_grouping=True),
    }


def _clean_title(title: str) -> str:
    text = " ".join((title or "").split())
    if len(text) > MAX_TITLE_LENGTH:
        raise NoteError(
            _("A title can have at most %(limit)s characters.") % {"limit": MAX_TITLE_LENGTH}
        )
    return text


def _clean_visibility(visibility: str) -> NoteVisibility:
    try:
        return NoteVisibility(visibility)
    except ValueError as error:
        raise NoteError(_("Choose who can read the note.")) from error


def _check_meeting(mentorship: Mentorship, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.mentorship_id != mentorship.pk:
        raise NoteError(_("Choose one of your own meetings."))


def _check_author(note: Note, by: Any) -> None:
    if getattr(by, "pk", None) != note.author_id:
        raise NoteError(_("Only the person who wrote a note can change or delete it."))


# -- writes ------------------------------------------------------------------


@transaction.atomic
def note_create(
    *,
    mentorship: Mentorship,
    author: Any,
    body: str,
    title: str = "",
    visibility: NoteVisibility | str = NoteVisibility.PRIVATE,
    meeting: Meeting | None = None,
) -> Note:
    """``author`` (the mentee or the mentor of ``mentorship``) writes a note:
    ``body`` is Markdown (at most ``MAX_NOTE_LENGTH`` characters), ``title``
    optional, ``visibility`` private (default) or shared, ``meeting`` one of
    the pair's meetings or None for a free-standing note.

    Raises NoteError when ``author`` is not one of the two, the mentorship is
    not accepted or closing, the text is empty or too long, or the meeting
    belongs to another pair. Side effects: one Note row; audit entry
    ``note.created`` (visibility, meeting id, the author's side; never the
    title or text).
    """
    side = _side(mentorship, author)
    if side is None:
        raise NoteError(_("Only the mentee and the mentor can write in their journal."))
    _check_writable(mentorship)
    _check_meeting(mentorship, meeting)
    note = Note.objects.create(
        mentorship=mentorship,
        author=author,
        meeting=meeting,
        visibility=_clean_visibility(visibility),
        title=_clean_title(title),
        body=clean_body(body),
    )
    log_action(
        actor=author,
        action="note.created",
        obj=note,
        programme=mentorship.programme,
        data={
            "mentorship": mentorship.pk,
            "visibility": note.visibility,
            "meeting": meeting.pk if meeting else None,
            "side": side.value,
        },
    )
    return note


@transaction.atomic
def note_update(
    *,
    note: Note,
    by: Any,
    body: str,
    title: str = "",
    visibility: NoteVisibility | str,
    meeting: Meeting | None = None,
) -> Note:
    """The author changes their note: text, title, visibility (a shared note
    can be made private again, and the other person can no longer read it)
    and the meeting it is about. Saving the same values changes nothing.

    Raises NoteError when ``by`` is not the author, the mentorship is not
    accepted or closing, or the values are invalid (as ``note_create``).
    Side effects: the changed fields of the Note; audit entry
    ``note.updated`` (the changed field names and the visibility; never the
    title or text).
    """
    _check_author(note, by)
    mentorship = note.mentorship
    _check_writable(mentorship)
    _check_meeting(mentorship, meeting)
    values: dict[str, Any] = {
        "title": _clean_title(title),
        "body": clean_body(body),
        "visibility": _clean_visibility(visibility).value,
        "meeting_id": meeting.pk if meeting else None,
    }
    changed = [name for name, value in values.items() if getattr(note, name) != value]
    if not changed:
        return note
    for name in changed:
        setattr(note, name, values[name])
    note.save(update_fields=[*(name.removesuffix("_id") for name in changed), "updated_at"])
    log_action(
        actor=by,
        action="note.updated",
        obj=note,
        programme=mentorship.programme,
        data={
            "mentorship": mentorship.pk,
            "fields": ",".join(name.removesuffix("_id") for name in changed),
            "visibility": note.visibility,
        },
    )
    return note


@transaction.atomic
def note_set_visibility(*, note: Note, by: Any, visibility: NoteVisibility | str) -> Note:
    """The author shares their note with the other person, or makes a shared
    note private again. The same visibility again changes nothing.

    Raises NoteError as ``note_update``. Side effects: ``Note.visibility``;
    audit entry ``note.updated`` (fields "visibility").
    """
    return note_update(
        note=note,
        by=by,
        body=note.body,
        title=note.title,
        visibility=visibility,
        meeting=note.meeting,
    )


@transaction.atomic
def note_delete(*, note: Note, by: Any) -> None:
    """The author deletes their note for good.

    Raises NoteError when ``by`` is not the author or the mentorship is not
    accepted or closing. Side effects: the Note row is deleted; audit entry
    ``note.deleted`` (its id and visibility; never the title or text).
    """
    _check_author(note, by)
    mentorship = note.mentorship
    _check_writable(mentorship)
    note_id, visibility = note.pk, note.visibility
    note.delete()
    log_action(
        actor=by,
        action="note.deleted",
        obj=None,
        programme=mentorship.programme,
        data={"mentorship": mentorship.pk, "note": note_id, "visibility": visibility},
    )
