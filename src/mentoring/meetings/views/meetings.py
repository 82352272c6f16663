"""A pair's meetings: the list measured against the agreement and the
programme's recommendation, planning and changing a meeting, cancelling it,
the mentee's agenda, marking a meeting held (shared summary, roles used), the
mentee's feedback on the roles, and closing the mentorship.

Only the mentee and the mentor of the mentorship reach these pages
(``pair_or_404``); everybody else gets 404, and so does a meeting of another
pair. Pages that only the mentee may use answer 404 to the mentor as well
(the agenda form's POST, the feedback page): the same answer as for a page
that is not theirs. After the mentorship ended, everything stays readable
and writes are refused with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.common.errors import add_service_errors
from mentoring.meetings.enums import MeetingStatus
from mentoring.meetings.forms.meetings import (
    FIELD_OF,
    AgendaForm,
    CloseForm,
    FeedbackForm,
    HeldForm,
    MeetingForm,
    VenueCheckForm,
)
from mentoring.meetings.models import Meeting
from mentoring.meetings.plan import can_mark_held, needs_venue_warning
from mentoring.meetings.selectors import current_agreement, default_meeting_minutes, pair_plan
from mentoring.meetings.services import closure as closure_services
from mentoring.meetings.services import meetings as services
from mentoring.meetings.services import record as record_services
from mentoring.meetings.services.validation import WRITABLE, MeetingError, ends_at, meeting_label
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.method import recommendation_text, roles
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import pair_or_404

#: A page about one meeting, after ``_meeting_page`` found it.
MeetingView = Callable[[HttpRequest, Mentorship, Side, Meeting], HttpResponse]


def _meeting_or_404(mentorship: Mentorship, pk: int) -> Meeting:
    """Meeting ``pk`` of the pair; Http404 for any other."""
    try:
        meeting = Meeting.objects.get(mentorship=mentorship, pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error
    meeting.mentorship = mentorship
    return meeting


def _meeting_page(view: MeetingView) -> Callable[..., HttpResponse]:
    """The opening every page about one meeting shares: never cached, GET or
    POST, signed in, the user's own pair (``pair_or_404``) and a meeting of
    that pair (``_meeting_or_404``); anything else answers 404. The view is
    called with the mentorship, the user's side and the meeting."""

    @never_cache
    @require_http_methods(["GET", "POST"])
    @login_required
    @wraps(view)
    def page(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
        mentorship, side = pair_or_404(user=request.user, pk=pk)
        return view(request, mentorship, side, _meeting_or_404(mentorship, meeting))

    return page


def _base(mentorship: Mentorship, side: Side) -> dict[str, Any]:
    return {
        "mentorship": mentorship,
        "programme": mentorship.programme,
        "side": str(side),
        "other": mentorship.mentor if side == Side.MENTEE else mentorship.mentee,
        "can_write": mentorship.status in WRITABLE,
    }


def _ended(request: HttpRequest) -> None:
    messages.error(
        request,
        _(
            "This mentorship has ended, so its meetings can no longer be changed. "
            "You can still read them."
        ),
    )


def _to_detail(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:detail", pk=meeting.mentorship_id, meeting=meeting.pk)


# -- the list and the plan ---------------------------------------------------------


@never_cache
@require_GET
@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The pair's meetings with the plan against the agreement and the
    recommendation; cancelled meetings stay in the list, struck through."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    context = _base(mentorship, side)
    context.update(
        plan=pair_plan(mentorship=mentorship),
        recommendation=recommendation_text(mentorship.programme),
    )
    return render(request, "meetings/meeting_list.html", context)


def _form_page(
    request: HttpRequest,
    mentorship: Mentorship,
    side: Side,
    form: MeetingForm,
    meeting: Meeting | None = None,
) -> HttpResponse:
    context = _base(mentorship, side)
    context.update(
        form=form, meeting=meeting, recommendation=recommendation_text(mentorship.programme)
    )
    return render(request, "meetings/meeting_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def meeting_plan_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a meeting (either side; the mentee may write the agenda too)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    if mentorship.status not in WRITABLE:
        _ended(request)
        return redirect("meetings:list", pk=mentorship.pk)
    if request.method != "POST":
        initial = {"duration_minutes": default_meeting_minutes(mentorship=mentorship)}
        form = MeetingForm(mentorship=mentorship, side=side, initial=initial)
        return _form_page(request, mentorship, side, form)
    form = MeetingForm(request.POST, mentorship=mentorship, side=side)
    if not form.is_valid():
        return _form_page(request, mentorship, side, form)
    try:
        meeting = services.meeting_plan(
            mentorship=mentorship,
            by=request.user,
            values=form.values(),
            agenda=form.cleaned_data.get("agenda") or "",
            agenda_confidential=bool(form.cleaned_data.get("agenda_confidential")),
        )
    except ValidationError as error:
        add_service_errors(form, error, field_of=FIELD_OF)
        return _form_page(request, mentorship, side, form)
    except MeetingError as error:
        messages.error(request, error.message)
        return redirect("meetings:list", pk=mentorship.pk)
    messages.success(
        request,
        _("The meeting is planned for %(when)s. We have told %(name)s.")
        % {"when": meeting_label(meeting), "name": _base(mentorship, side)["other"].user},
    )
    return _to_detail(meeting)


# -- one meeting -----------------------------------------------------------------


def _detail_page(
    request: HttpRequest, mentorship: Mentorship, side: Side, meeting: Meeting
) -> HttpResponse:
    names = dict(MentorRole.choices)
    context = _base(mentorship, side)
    context.update(
        meeting=meeting,
        venue_warning=needs_venue_warning(meeting),
        can_mark_held=can_mark_held(meeting, timezone.now()),
        roles_used=[names[code] for code in meeting.roles_used or [] if code in names],
        venue_form=VenueCheckForm(initial={"venue_suitable": True}),
        is_planned=meeting.status == MeetingStatus.PLANNED,
        is_held=meeting.status == MeetingStatus.HELD,
        is_cancelled=meeting.status == MeetingStatus.CANCELLED,
        has_ended=ends_at(meeting) <= timezone.now(),
    )
    return render(request, "meetings/meeting_detail.html", context)


@_meeting_page
def meeting_detail(
    request: HttpRequest, mentorship: Mentorship, side: Side, item: Meeting
) -> HttpResponse:
    """One meeting: when and where, the agenda, the summary, the roles used
    and the feedback. POST: either side records that they have checked the
    place suits a confidential conversation (or takes it back)."""
    if request.method != "POST":
        return _detail_page(request, mentorship, side, item)
    if mentorship.status not in WRITABLE:
        _ended(request)
        return _to_detail(item)
    form = VenueCheckForm(request.POST)
    form.is_valid()
    suitable = bool(form.cleaned_data.get("venue_suitable"))
    try:
        changed = item.venue_suitable != suitable
        services.meeting_venue_check(meeting=item, by=request.user, suitable=suitable)
    except MeetingError as error:
        messages.error(request, error.message)
        return _to_detail(item)
    if changed and suitable:
        messages.success(
            request,
            _("Noted: you have checked that the place suits a confidential conversation."),
        )
    elif changed:
        messages.info(
            request, _("Noted: the place is not checked for a confidential conversation.")
        )
    return _to_detail(item)


@_meeting_page
def meeting_edit_view(
    request: HttpRequest, mentorship: Mentorship, side: Side, item: Meeting
) -> HttpResponse:
    """Change a planned meeting (either side)."""
    if mentorship.status not in WRITABLE:
        _ended(request)
        return _to_detail(item)
    if item.status != MeetingStatus.PLANNED:
        messages.error(request, _("Only a planned meeting can be changed."))
        return _to_detail(item)
    if request.method != "POST":
        form = MeetingForm(mentorship=mentorship, side=side, meeting=item)
        return _form_page(request, mentorship, side, form, item)
    form = MeetingForm(request.POST, mentorship=mentorship, side=side, meeting=item)
    if not form.is_valid():
        return _form_page(request, mentorship, side, form, item)
    sequence = item.sequence
    try:
        item = services.meeting_edit(meeting=item, by=request.user, values=form.values())
    except ValidationError as error:
        add_service_errors(form, error, field_of=FIELD_OF)
        return _form_page(request, mentorship, side, form, item)
    except MeetingError as error:
        messages.error(request, error.message)
        return _to_detail(item)
    if item.sequence != sequence:
        messages.success(
            request,
            _("The meeting is changed. We have told %(name)s, and calendars will update.")
            % {"name": _base(mentorship, side)["other"].user},
        )
    else:
        messages.success(request, _("Your changes are saved."))
    return _to_detail(item)


@_meeting_page
def meeting_cancel_view(
    request: HttpRequest, mentorship: Mentorship, side: Side, item: Meeting
) -> HttpResponse:
    """Cancel a planned meeting (either side), after a confirmation page."""
    if mentorship.status not in WRITABLE:
        _ended(request)
        return _to_detail(item)
    if item.status != MeetingStatus.PLANNED:
        messages.error(request, _("Only a planned meeting can be cancelled."))
        return _to_detail(item)
    if request.method != "POST":
        context = _base(mentorship, side)
        context["meeting"] = item
        return render(request, "meetings/meeting_cancel.html", context)
    try:
        services.meeting_cancel(meeting=item, by=request.user)
    except MeetingError as error:
        messages.error(request, error.message)
        return _to_detail(item)
    messages.success(
        request,
        _("The meeting on %(when)s is cancelled. We have told %(name)s.")
        % {"when": meeting_label(item), "name": _base(mentorship, side)["other"].user},
    )
    return redirect("meetings:list", pk=mentorship.pk)


# -- the agenda (the mentee's) ---------------------------------------------------------


@_meeting_page
def meeting_agenda(
    request: HttpRequest, mentorship: Mentorship, side: Side, item: Meeting
) -> HttpResponse:
    """The mentee writes the agenda; the mentor reads it here. A mentor's
    POST answers 404, like any page that is not theirs to use."""
    is_mentee = side == Side.MENTEE
    if request.method == "POST" and not is_mentee:
        raise Http404
    can_edit = is_mentee and mentorship.status in WRITABLE and item.status == MeetingStatus.PLANNED
    context = _base(mentorship, side)
    context.update(meeting=item, can_edit=can_edit, venue_warning=needs_venue_warning(item))
    if request.method != "POST":
        context["form"] = AgendaForm(
            initial={"agenda": item.agenda, "agenda_confidential": item.agenda_confidential}
        )
        return render(request, "meetings/meeting_agenda.html", context)
    if mentorship.status not in WRITABLE:
        _ended(request)
        return _to_detail(item)
    form = AgendaForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return render(request, "meetings/meeting_agenda.html", context)
    try:
        before = item.agenda_updated_at
        item = record_services.meeting_agenda_save(
            meeting=item,
            by=request.user,
            agenda=form.cleaned_data.get("agenda") or "",
            confidential=bool(form.cleaned_data.get("agenda_confidential")),
        )
    except ValidationError as error:
        add_service_errors(form, error, field_of=FIELD_OF)
        context["form"] = form
        return render(request, "meetings/meeting_agenda.html", context)
    except MeetingError as error:
        messages.error(request, error.message)
        return _to_detail(item)
    if item.agenda_updated_at != before:
        messages.success(request, _("The agenda is saved. Your mentor can read it now."))
    return _to_detail(item)


# -- after the meeting ---------------------------------------------------------------


def _roles_context() -> list[Any]:
    return roles()


@_meeting_page
def meeting_held(
    request: HttpRequest, mentorship: Mentorship, side: Side, item: Meeting
) -> HttpResponse:
    """Either side marks the meeting held (once it has started) with a short
    shared summary and the roles the mentor used; or corrects them later."""
    now = timezone.now()
    is_held = item.status == MeetingStatus.HELD
    allowed = mentorship.status in WRITABLE and (is_held or can_mark_held(item, now))
    context = _base(mentorship, side)
    context.update(meeting=item, allowed=allowed, is_held=is_held, method_roles=_roles_context())
    if request.method != "POST":
        context["form"] = HeldForm(
            initial={"summary": item.summary, "roles_used": list(item.roles_used or [])}
        )
        return render(request, "meetings/meeting_held.html", context)
    if mentorship.status not in WRITABLE:
        _ended(request)
        return _to_detail(item)
    form = HeldForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return render(request, "meetings/meeting_held.html", context)
    try:
        item = record_services.meeting_record(
            meeting=item,
            by=request.user,
            summary=form.cleaned_data.get("summary") or "",
            roles_used=form.cleaned_data.get("roles_used") or [],
        )
    except ValidationError as error:
        add_service_errors(form, error, field_of=FIELD_OF)
        context["form"] = form
        return render(request, "meetings/meeting_held.html", context)
    except MeetingError as error:
        messages.error(request, error.message)
        return _to_detail(item)
    mentorship.refresh_from_db(fields=["status"])
    if mentorship.status == MentorshipStatus.COMPLETED:
        messages.success(
            request,
            _(
                "Your closing conversation is marked as held, and your mentorship is now "
                "completed. Thank you both!"
            ),
        )
        return redirect("relationships:pair", pk=mentorship.pk)
    if is_held:
        messages.success(request, _("The summary and the roles are saved."))
    else:
        messages.success(request, _("The meeting is marked as held. Well done!"))
    return _to_detail(item)


@_meeting_page
def meeting_feedback(
    request: HttpRequest, mentorship: Mentorship, side: Side, item: Meeting
) -> HttpResponse:
    """The mentee's feedback on the roles the mentor used (mentee only: the
    mentor gets 404, and reads the feedback on the meeting's page)."""
    if side != Side.MENTEE:
        raise Http404
    names = dict(MentorRole.choices)
    context = _base(mentorship, side)
    context.update(
        meeting=item,
        allowed=mentorship.status in WRITABLE and item.status == MeetingStatus.HELD,
        roles_used=[names[code] for code in item.roles_used or [] if code in names],
    )
    if request.method != "POST":
        context["form"] = FeedbackForm(initial={"role_feedback": item.role_feedback})
        return render(request, "meetings/meeting_feedback.html", context)
    if mentorship.status not in WRITABLE:
        _ended(request)
        return _to_detail(item)
    if item.status != MeetingStatus.HELD:
        messages.error(request, _("You can give feedback on the roles once the meeting is held."))
        return _to_detail(item)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        context["form"] = form
        return render(request, "meetings/meeting_feedback.html", context)
    try:
        record_services.meeting_feedback_save(
            meeting=item, by=request.user, feedback=form.cleaned_data["role_feedback"]
        )
    except ValidationError as error:
        add_service_errors(form, error, field_of=FIELD_OF)
        context["form"] = form
        return render(request, "meetings/meeting_feedback.html", context)
    except MeetingError as error:
        messages.error(request, error.message)
        return _to_detail(item)
    messages.success(request, _("Thank you for your feedback. Your mentor can read it now."))
    return _to_detail(item)


# -- closure -------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def mentorship_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the mentorship as ending (after the trial gate), and confirm its
    end once the closing conversation is behind you (either side)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    plan = pair_plan(mentorship=mentorship)
    step = "confirm" if mentorship.status == MentorshipStatus.CLOSING else "start"
    context = _base(mentorship, side)
    context.update(plan=plan, step=step, agreement=current_agreement(mentorship=mentorship))
    if request.method != "POST":
        context["form"] = CloseForm(initial={"step": step})
        return render(request, "meetings/close.html", context)
    if mentorship.status not in WRITABLE:
        _ended(request)
        return redirect("relationships:pair", pk=mentorship.pk)
    form = CloseForm(request.POST)
    if not form.is_valid() or form.cleaned_data["step"] != step:
        if form.is_valid():
            form.add_error(
                None, _("The mentorship has changed in the meantime. Please look again.")
            )
        context["form"] = form
        return render(request, "meetings/close.html", context)
    try:
        if step == "start":
            closure_services.closure_start(mentorship=mentorship, by=request.user)
        else:
            closure_services.closure_confirm(mentorship=mentorship, by=request.user)
    except MeetingError as error:
        messages.error(request, error.message)
        return redirect("meetings:close", pk=mentorship.pk)
    if step == "start":
        messages.success(
            request,
            _(
                "Your mentorship is marked as ending. Plan your closing conversation: the "
                "last meeting, where you look back on what you have gained."
            ),
        )
        return redirect("meetings:close", pk=mentorship.pk)
    messages.success(request, _("Your mentorship is completed. Thank you both!"))
    return redirect("relationships:pair", pk=mentorship.pk)
