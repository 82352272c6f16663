"""The pair's homework (action items): the list with overdue items
highlighted, a form to add one, and the actions on one item (done, not done
after all, followed up at a meeting, deleted by its writer). Only the mentee
and the mentor of the pair reach these pages (``pair_or_404``);
everybody else gets 404. After the pair stopped working together the list
stays readable and nothing can be changed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.meetings.forms.homework import FollowUpForm, HomeworkForm
from mentoring.meetings.models import ActionItem, Meeting
from mentoring.meetings.selectors import (
    HomeworkCounts,
    homework_for_pair,
    meetings_for_homework,
    pair_is_writable,
)
from mentoring.meetings.services import homework as services
from mentoring.meetings.services.homework import HomeworkError
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import pair_or_404

#: The actions of ``homework_item`` (the button's ``action`` value).
ACTIONS = ("done", "undo", "follow_up", "unfollow", "delete")


def _follow_up_meetings(item: ActionItem, meetings: list[Meeting]) -> list[Meeting]:
    """The meetings an item can be followed up at: after the one it was agreed at."""
    if item.meeting is None:
        return meetings
    return [m for m in meetings if m.starts_at > item.meeting.starts_at]


def _page(
    request: HttpRequest,
    mentorship: Mentorship,
    side: Side,
    *,
    form: HomeworkForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    meetings = meetings_for_homework(mentorship=mentorship, today=today)
    items = homework_for_pair(mentorship=mentorship, today=today)
    if form is None:
        form = HomeworkForm(mentorship=mentorship, meetings=meetings)
    rows: list[dict[str, Any]] = []
    for item in items:
        choices = _follow_up_meetings(item, meetings)
        rows.append(
            {
                "item": item,
                "follow_up_form": FollowUpForm(
                    meetings=choices,
                    prefix=f"item-{item.pk}",
                    initial={"meeting": choices[0].pk} if choices else None,
                )
                if choices
                else None,
                "mine": item.created_by_id == request.user.pk,
            }
        )
    context: dict[str, Any] = {
        "mentorship": mentorship,
        "side": side.value,
        "other": mentorship.mentor if side == Side.MENTEE else mentorship.mentee,
        "writable": pair_is_writable(mentorship),
        "open_rows": [r for r in rows if r["item"].done_at is None],
        "done_rows": [r for r in rows if r["item"].done_at is not None],
        "counts": HomeworkCounts(
            open=sum(1 for i in items if i.done_at is None),
            overdue=sum(1 for i in items if getattr(i, "is_overdue", False)),
            done=sum(1 for i in items if i.done_at is not None),
        ),
        "form": form,
        "today": today,
    }
    return render(request, "meetings/homework.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def homework_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The pair's homework; POST adds an item."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    if request.method != "POST":
        return _page(request, mentorship, side)
    if not pair_is_writable(mentorship):
        messages.error(
            request, _("This mentorship has ended, so its homework can no longer be changed.")
        )
        return redirect("meetings:homework", pk=mentorship.pk)
    form = HomeworkForm(
        request.POST,
        mentorship=mentorship,
        meetings=meetings_for_homework(mentorship=mentorship),
    )
    if not form.is_valid():
        return _page(request, mentorship, side, form=form)
    try:
        services.action_item_create(
            mentorship=mentorship,
            by=request.user,
            title=form.cleaned_data["title"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
            meeting=form.cleaned_data.get("meeting"),
        )
    except HomeworkError as error:
        messages.error(request, error.message)
        return redirect("meetings:homework", pk=mentorship.pk)
    messages.success(request, _("The homework has been added."))
    return redirect("meetings:homework", pk=mentorship.pk)


@never_cache
@require_POST
@login_required
def homework_item(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """One action on one item: ``action`` is one of ``ACTIONS``; "follow_up"
    takes the meeting (``item-<id>-meeting``)."""
    mentorship, _side = pair_or_404(user=request.user, pk=pk)
    try:
        action_item = ActionItem.objects.select_related("meeting").get(
            pk=item, mentorship=mentorship
        )
    except ActionItem.DoesNotExist as error:
        raise Http404 from error
    action = request.POST.get("action", "")
    back = redirect("meetings:homework", pk=mentorship.pk)
    if action not in ACTIONS:
        messages.error(request, _("Please choose what to do with the homework."))
        return back
    try:
        if action in ("done", "undo"):
            services.action_item_set_done(item=action_item, by=request.user, done=action == "done")
            messages.success(
                request,
                _("The homework is marked as done.")
                if action == "done"
                else _("The homework is open again."),
            )
        elif action == "delete":
            services.action_item_delete(item=action_item, by=request.user)
            messages.success(request, _("The homework has been deleted."))
        elif action == "unfollow":
            services.action_item_follow_up(item=action_item, by=request.user, meeting=None)
            messages.success(request, _("The follow-up has been removed."))
        else:
            meetings = _follow_up_meetings(
                action_item, meetings_for_homework(mentorship=mentorship)
            )
            form = FollowUpForm(request.POST, meetings=meetings, prefix=f"item-{action_item.pk}")
            if not form.is_valid():
                messages.error(request, _("Please choose the meeting at which you followed it up."))
                return back
            services.action_item_follow_up(
                item=action_item, by=request.user, meeting=form.cleaned_data["meeting"]
            )
            messages.success(request, _("The homework is marked as followed up."))
    except HomeworkError as error:
        messages.error(request, error.message)
    return back
