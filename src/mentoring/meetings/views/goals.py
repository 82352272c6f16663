"""The mentee's goals: the list with each goal's progress and its history
of updates, a progress update or "achieved" from either person, and adding
or renaming goals (the mentee). Opening the page imports the goals of the
application and the accepted agreement that are missing
(``services.goals.goals_sync``). Only the mentee and the mentor of the pair
reach these pages (``pair_or_404``); everybody else gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mentoring.meetings.forms.goals import GoalForm, GoalProgressForm
from mentoring.meetings.models import Goal
from mentoring.meetings.selectors import goals_for_pair, pair_is_writable
from mentoring.meetings.services import goals as services
from mentoring.meetings.services.goals import GoalError
from mentoring.relationships.enums import Side
from mentoring.relationships.models import Mentorship
from mentoring.relationships.selectors import pair_or_404

#: The actions of ``goal_update`` (the button's ``action`` value).
ACTIONS = ("progress", "achieved", "rename")


def _page(
    request: HttpRequest,
    mentorship: Mentorship,
    side: Side,
    *,
    add_form: GoalForm | None = None,
    bound: tuple[int, GoalProgressForm | GoalForm] | None = None,
) -> HttpResponse:
    """The goals page; ``bound`` is (goal id, a form with errors) to show in
    place of that goal's empty form."""
    rows: list[dict[str, Any]] = []
    for goal in goals_for_pair(mentorship=mentorship):
        progress_form = GoalProgressForm(goal=goal, prefix=f"goal-{goal.pk}")
        rename_form = GoalForm(prefix=f"rename-{goal.pk}", initial={"text": goal.text})
        if bound is not None and bound[0] == goal.pk:
            if isinstance(bound[1], GoalProgressForm):
                progress_form = bound[1]
            else:
                rename_form = bound[1]
        rows.append(
            {
                "goal": goal,
                "updates": list(goal.updates.all()),
                "progress_form": progress_form,
                "rename_form": rename_form,
            }
        )
    context: dict[str, Any] = {
        "mentorship": mentorship,
        "side": side.value,
        "other": mentorship.mentor if side == Side.MENTEE else mentorship.mentee,
        "writable": pair_is_writable(mentorship),
        "is_mentee": side == Side.MENTEE,
        "rows": rows,
        "achieved": sum(1 for row in rows if row["goal"].achieved_at is not None),
        "add_form": add_form or GoalForm(prefix="new"),
    }
    return render(request, "meetings/goals.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def goal_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The goals; GET imports missing ones first, POST adds one (the mentee)."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    if request.method != "POST":
        services.goals_sync(mentorship=mentorship)
        return _page(request, mentorship, side)
    if side != Side.MENTEE:
        messages.error(
            request, _("The goals are the mentee's: only the mentee adds or renames them.")
        )
        return redirect("meetings:goals", pk=mentorship.pk)
    form = GoalForm(request.POST, prefix="new")
    if not form.is_valid():
        return _page(request, mentorship, side, add_form=form)
    try:
        services.goal_add(mentorship=mentorship, by=request.user, text=form.cleaned_data["text"])
    except GoalError as error:
        form.add_error("text", error.message)
        return _page(request, mentorship, side, add_form=form)
    messages.success(request, _("The goal has been added."))
    return redirect("meetings:goals", pk=mentorship.pk)


@never_cache
@require_POST
@login_required
def goal_update(request: HttpRequest, pk: int, goal: int) -> HttpResponse:
    """A progress update (``action=progress``), "achieved" (``achieved``)
    or a new name (``rename``, the mentee) for one goal."""
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    try:
        the_goal = Goal.objects.get(pk=goal, mentorship=mentorship)
    except Goal.DoesNotExist as error:
        raise Http404 from error
    action = request.POST.get("action") or "progress"
    if action not in ACTIONS:
        action = "progress"
    back = redirect("meetings:goals", pk=mentorship.pk)
    form: GoalForm | GoalProgressForm
    try:
        if action == "rename":
            form = GoalForm(request.POST, prefix=f"rename-{the_goal.pk}")
            if not form.is_valid():
                return _page(request, mentorship, side, bound=(the_goal.pk, form))
            services.goal_rename(goal=the_goal, by=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("The goal has been renamed."))
            return back
        achieved = action == "achieved"
        form = GoalProgressForm(
            request.POST, goal=the_goal, achieved=achieved, prefix=f"goal-{the_goal.pk}"
        )
        if not form.is_valid():
            return _page(request, mentorship, side, bound=(the_goal.pk, form))
        services.goal_progress_record(
            goal=the_goal,
            by=request.user,
            progress=form.cleaned_data.get("progress"),
            comment=form.cleaned_data.get("comment") or "",
            achieved=achieved,
        )
    except GoalError as error:
        messages.error(request, error.message)
        return back
    if achieved:
        messages.success(request, _("Congratulations: the goal is marked as achieved."))
    else:
        messages.success(request, _("Your progress update has been saved."))
    return back
