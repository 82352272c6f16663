"""The journal of a pair: private and shared notes.

Only the mentee and the mentor of the mentorship reach these pages
(``pair_or_404``); everybody else, coordinators and superusers included, gets
404. Within the pair, a private note is found only for its author and a
shared note for both (``services.notes.notes_readable_by``); only the author
may change or delete a note (``notes_writable_by``): for the other person
those pages answer 404 as well, so a private note's existence is not given
away. After the mentorship ended the journal stays readable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.common.errors import add_service_errors
from mentoring.meetings.enums import MAX_NOTE_LENGTH, NoteVisibility
from mentoring.meetings.forms.notes import NoteForm
from mentoring.meetings.models import Note
from mentoring.meetings.services import notes as note_services
from mentoring.meetings.services.notes import NoteError, can_write, closed_message
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import pair_or_404

#: Notes a journal page shows (each with a rendered excerpt of its text).
JOURNAL_PAGE_SIZE = 20


def _context(mentorship: Mentorship, side: Side, **extra: Any) -> dict[str, Any]:
    return {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "side": side.value,
        "other": mentorship.mentor if side == Side.MENTEE else mentorship.mentee,
        "can_write": can_write(mentorship),
        "max_note_length": MAX_NOTE_LENGTH,
        **extra,
    }


def _readable_note(request: HttpRequest, mentorship: Mentorship, pk: int) -> Note:
    try:
        note = note_services.notes_readable_by(mentorship=mentorship, user=request.user).get(pk=pk)
    except Note.DoesNotExist as error:
        raise Http404 from error
    note.mentorship = mentorship
    return note


def _own_note(request: HttpRequest, mentorship: Mentorship, pk: int) -> Note:
    try:
        note = note_services.notes_writable_by(mentorship=mentorship, user=request.user).get(pk=pk)
    except Note.DoesNotExist as error:
        raise Http404 from error
    note.mentorship = mentorship
    return note


def _refuse_closed(request: HttpRequest, mentorship: Mentorship) -> HttpResponse | None:
    """Back to the journal with a message when notes can no longer be written."""
    if can_write(mentorship):
        return None
    messages.error(request, closed_message())
    return redirect("meetings:journal", pk=mentorship.pk)


@never_cache
@require_GET
@login_required
def note_list(request: HttpRequest, pk: int) -> HttpResponse:
    """My notes and the other person's shared notes, newest first, a page of
    ``JOURNAL_PAGE_SIZE`` at a time (a long mentorship's journal grows)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    page = Paginator(
        note_services.notes_readable_by(mentorship=mentorship, user=request.user),
        JOURNAL_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/journal.html",
        _context(mentorship, side, notes=page.object_list, page=page),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def note_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a note; ``?meeting=<id>`` chooses the meeting it is about."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    refused = _refuse_closed(request, mentorship)
    if refused is not None:
        return refused
    if request.method != "POST":
        initial: dict[str, Any] = {}
        meeting = request.GET.get("meeting", "")
        if meeting.isdigit():
            initial["meeting"] = int(meeting)
        form = NoteForm(mentorship=mentorship, initial=initial)
        return render(request, "meetings/note_form.html", _context(mentorship, side, form=form))
    form = NoteForm(request.POST, mentorship=mentorship)
    if form.is_valid():
        try:
            note = note_services.note_create(
                mentorship=mentorship,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
                meeting=form.cleaned_data["meeting"],
            )
        except NoteError as error:
            add_service_errors(form, error)
        else:
            if note.visibility == NoteVisibility.SHARED:
                messages.success(request, _("Your note is saved and shared with the other person."))
            else:
                messages.success(request, _("Your note is saved. Only you can read it."))
            return redirect("meetings:note", pk=mentorship.pk, note=note.pk)
    return render(request, "meetings/note_form.html", _context(mentorship, side, form=form))


@never_cache
@require_GET
@login_required
def note_detail(request: HttpRequest, pk: int, note: int) -> HttpResponse:
    """One note, rendered: the author's own, or the other person's shared one."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    found = _readable_note(request, mentorship, note)
    return render(
        request,
        "meetings/note.html",
        _context(mentorship, side, note=found, is_mine=found.author_id == request.user.pk),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def note_edit(request: HttpRequest, pk: int, note: int) -> HttpResponse:
    """The author changes their note. A POST with ``visibility_only`` set
    (the buttons on the note's page) shares the note or makes it private
    again without touching anything else."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    own = _own_note(request, mentorship, note)
    refused = _refuse_closed(request, mentorship)
    if refused is not None:
        return refused
    if request.method == "POST" and request.POST.get("visibility_only"):
        return _set_visibility(request, own, request.POST.get("visibility", ""))
    if request.method != "POST":
        form = NoteForm(mentorship=mentorship, note=own)
        return render(
            request, "meetings/note_form.html", _context(mentorship, side, form=form, note=own)
        )
    form = NoteForm(request.POST, mentorship=mentorship, note=own)
    if form.is_valid():
        was_shared = own.visibility == NoteVisibility.SHARED
        try:
            note_services.note_update(
                note=own,
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
                meeting=form.cleaned_data["meeting"],
            )
        except NoteError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _saved_message(was_shared, own.visibility))
            return redirect("meetings:note", pk=mentorship.pk, note=own.pk)
    return render(
        request, "meetings/note_form.html", _context(mentorship, side, form=form, note=own)
    )


def _saved_message(was_shared: bool, visibility: str) -> str:
    if was_shared and visibility == NoteVisibility.PRIVATE:
        return _("Your note is saved and private again: only you can read it now.")
    if not was_shared and visibility == NoteVisibility.SHARED:
        return _("Your note is saved and shared with the other person.")
    return _("Your changes are saved.")


def _set_visibility(request: HttpRequest, note: Note, visibility: str) -> HttpResponse:
    was_shared = note.visibility == NoteVisibility.SHARED
    try:
        note_services.note_set_visibility(note=note, by=request.user, visibility=visibility)
    except NoteError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _saved_message(was_shared, note.visibility))
    return redirect("meetings:note", pk=note.mentorship_id, note=note.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def note_delete_view(request: HttpRequest, pk: int, note: int) -> HttpResponse:
    """The author deletes their note, after a confirmation page."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    own = _own_note(request, mentorship, note)
    refused = _refuse_closed(request, mentorship)
    if refused is not None:
        return refused
    if request.method != "POST":
        return render(request, "meetings/note_delete.html", _context(mentorship, side, note=own))
    try:
        note_services.note_delete(note=own, by=request.user)
    except NoteError as error:
        messages.error(request, error.message)
        return redirect("meetings:note", pk=mentorship.pk, note=own.pk)
    messages.success(request, _("Your note is deleted."))
    return redirect("meetings:journal", pk=mentorship.pk)
