"""The journal's form: a note's title, text (Markdown), who can read it and
the meeting it is about. The form checks what the person can correct; the
services (``services.notes``) check the rules again."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from mentoring.meetings.enums import MAX_NOTE_LENGTH, MeetingStatus, NoteVisibility
from mentoring.meetings.models import Meeting, Note
from mentoring.meetings.services.notes import (
    MAX_TITLE_LENGTH,
    NoteError,
    clean_body,
)
from mentoring.relationships.models import Mentorship


class MeetingChoiceField(forms.ModelChoiceField):
    """One of the pair's meetings, shown by its local date and time and its
    theme."""

    def label_from_instance(self, obj: Meeting) -> str:
        when = date_format(timezone.localtime(obj.starts_at), "DATETIME_FORMAT")
        if obj.status == MeetingStatus.CANCELLED:
            return str(_("%(when)s (cancelled)") % {"when": when})
        if obj.theme:
            return str(_("%(when)s: %(theme)s") % {"when": when, "theme": obj.theme})
        return when


class NoteForm(forms.Form):
    """Write or change a note."""

    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE_LENGTH,
        required=False,
    )
    body = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Write something in the note.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it?"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_(
            "A private note is for you alone. A shared note can be read by both of you. "
            "The coordinator cannot read your notes, private or shared."
        ),
    )
    meeting = MeetingChoiceField(
        label=_("About a meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("Not about a particular meeting"),
    )

    #: Fields the template marks "(optional)".
    optional_names = ("title", "meeting")

    def __init__(
        self, *args: Any, mentorship: Mentorship, note: Note | None = None, **kwargs: Any
    ) -> None:
        if note is not None and not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {
                    "title": note.title,
                    "body": note.body,
                    "visibility": note.visibility,
                    "meeting": note.meeting_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship
        # The pair's meetings, newest first; a cancelled one only when the
        # note is already about it.
        keep = Q(pk=note.meeting_id) if note is not None and note.meeting_id else Q(pk__in=[])
        meeting_field = cast(MeetingChoiceField, self.fields["meeting"])
        meeting_field.queryset = (
            Meeting.objects.filter(mentorship=mentorship)
            .filter(~Q(status=MeetingStatus.CANCELLED) | keep)
            .order_by("-starts_at", "-pk")
        )
        self.fields["body"].help_text = _(
            "At most %(limit)s characters. You can format the text with Markdown: "
            "**bold**, *italics*, lists with “-” and links like [text](https://…)."
        ) % {"limit": number_format(MAX_NOTE_LENGTH, force_grouping=True)}

    def clean_body(self) -> str:
        try:
            return clean_body(self.cleaned_data.get("body") or "")
        except NoteError as error:
            raise forms.ValidationError(error.message, code="body") from error
