"""The first meeting and the trial gate after it (the pair's own pages).

``first_meeting`` marks the first meeting held (or corrects its date until
the trial is decided); ``trial_answer_view`` shows the question "do you want to
continue?" and takes each side's answer. Only the mentee and the mentor of
the mentorship reach these pages (``access.pair_or_404``); everybody else
gets 404. After the mentorship ended early the page stays readable.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.forms.trial import FirstMeetingForm, TrialForm
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import pair_or_404
from mentoring.relationships.services import trial as trial_services
from mentoring.relationships.services.trial import TrialError


def _state(mentorship: Mentorship) -> str:
    """Where the pair stands at the gate: ``first_meeting`` (not held yet),
    ``open`` (the question is asked), ``passed`` or ``ended``."""
    if mentorship.status == MentorshipStatus.ENDED_EARLY:
        return "ended"
    if mentorship.trial_passed_at is not None:
        return "passed"
    if mentorship.first_meeting_held_on is None:
        return "first_meeting"
    return "open"


def _page(
    request: HttpRequest,
    mentorship: Mentorship,
    side: Side,
    *,
    form: TrialForm | None = None,
    first_meeting_form: FirstMeetingForm | None = None,
) -> HttpResponse:
    responses = {r.side: r for r in mentorship.trial_responses.all()}
    mine = responses.get(side.value)
    other_side = Side.MENTOR if side == Side.MENTEE else Side.MENTEE
    if form is None:
        form = TrialForm(initial={"answer": mine.answer} if mine else None)
    if first_meeting_form is None:
        first_meeting_form = FirstMeetingForm(mentorship=mentorship)
    context: dict[str, Any] = {
        "mentorship": mentorship,
        "side": side.value,
        "other": mentorship.mentor if side == Side.MENTEE else mentorship.mentee,
        "state": _state(mentorship),
        "mine": mine,
        "other_answered": other_side.value in responses,
        "form": form,
        "first_meeting_form": first_meeting_form,
    }
    return render(request, "relationships/trial.html", context)


@never_cache
@require_POST
@login_required
def first_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the first meeting held on a date (or correct the date)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    form = FirstMeetingForm(request.POST, mentorship=mentorship)
    if not form.is_valid():
        return _page(request, mentorship, side, first_meeting_form=form)
    corrected = mentorship.first_meeting_held_on is not None
    try:
        trial_services.first_meeting_mark_held(
            mentorship=mentorship, by=request.user, held_on=form.cleaned_data["held_on"]
        )
    except TrialError as error:
        messages.error(request, error.message)
        return redirect("relationships:trial", pk=mentorship.pk)
    if corrected:
        messages.success(request, _("The date of your first meeting has been corrected."))
    else:
        messages.success(
            request,
            _(
                "Your first meeting is marked as held. Now each of you answers whether you "
                "want to continue."
            ),
        )
    return redirect("relationships:trial", pk=mentorship.pk)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def trial_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The question after the first meeting, and the side's answer."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, mentorship, side)
    form = TrialForm(request.POST)
    if not form.is_valid():
        return _page(request, mentorship, side, form=form)
    answer = form.cleaned_data["answer"]
    try:
        mentorship = trial_services.trial_answer(
            mentorship=mentorship,
            by=request.user,
            answer=answer,
            comment=form.cleaned_data.get("comment") or "",
        )
    except TrialError as error:
        messages.error(request, error.message)
        return redirect("relationships:trial", pk=mentorship.pk)
    if mentorship.status == MentorshipStatus.ENDED_EARLY:
        messages.success(
            request,
            _(
                "Your mentorship has ended. Thank you for being honest: that is what the "
                "first meeting is for. We have told the other person and the coordinator."
            ),
        )
    elif mentorship.trial_passed_at is not None:
        messages.success(
            request, _("You have both chosen to continue. Enjoy the mentorship ahead!")
        )
    elif answer == TrialAnswer.GOOD_FIT:
        messages.success(
            request,
            _("Thank you. You want to continue; we are waiting for the other person's answer."),
        )
    else:
        messages.success(
            request,
            _(
                "Thank you. Take the time you need: you can change your answer here until you "
                "have both decided."
            ),
        )
    return redirect("relationships:trial", pk=mentorship.pk)
