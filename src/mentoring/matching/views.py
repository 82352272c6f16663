"""Coordinator pages of matching: settings and runs, one run with its
proposals, pins and vetoes, publishing. Thin views: guard → selector →
form → service → message and redirect (or an htmx partial)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from mentoring.common.permissions import coordinator_required
from mentoring.matching import explanations
from mentoring.matching.enums import RunStatus, UnmatchedReason
from mentoring.matching.forms import PairForm, SettingsForm
from mentoring.matching.models import MatchingRun
from mentoring.matching.selectors import (
    effective_settings,
    latest_done_run,
    pair_decisions,
    programme_runs,
    proposal_rows,
    run_by_number,
    unmatched_rows,
)
from mentoring.matching.services import (
    MatchingError,
    matching_publish,
    matching_run,
    matching_settings_update,
    pair_clear,
    pair_pin,
    pair_veto,
)
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import programmes_for_user
from mentoring.relationships.selectors import programme_mentorships


def _programme(request: HttpRequest, slug: str) -> Programme:
    return get_object_or_404(programmes_for_user(request.user), slug=slug)


def _run(programme: Programme, number: int) -> MatchingRun:
    try:
        return run_by_number(programme=programme, number=number)
    except MatchingRun.DoesNotExist as error:
        raise Http404 from error


def _run_message(request: HttpRequest, run: MatchingRun) -> None:
    if run.status == RunStatus.DONE:
        messages.success(
            request,
            ngettext(
                "Run %(number)s is done: %(matched)s of %(mentees)s mentee is matched.",
                "Run %(number)s is done: %(matched)s of %(mentees)s mentees are matched.",
                run.n_mentees,
            )
            % {"number": run.number, "matched": run.matched, "mentees": run.n_mentees},
        )
    elif run.status == RunStatus.FAILED:
        messages.error(request, run.error)
    else:
        messages.info(
            request,
            _(
                "Run %(number)s is large, so it runs in the background. This page shows "
                "its progress."
            )
            % {"number": run.number},
        )


@require_http_methods(["GET", "POST"])
@coordinator_required
def matching_home(request: HttpRequest, slug: str) -> HttpResponse:
    """Settings (weights, minimum score), "run matching", the runs, the pins
    and vetoes, and the published mentorships of a programme."""
    programme = _programme(request, slug)
    weights, min_score = effective_settings(programme=programme)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(weights, min_score))
    if request.method == "POST" and form.is_valid():
        try:
            matching_settings_update(
                programme=programme,
                by=request.user,
                weights=form.weights(),
                min_score=form.cleaned_data["min_score"],
            )
        except MatchingError as error:
            form.add_error(None, error.message)
        else:
            if request.POST.get("action") == "run":
                run = matching_run(programme=programme, by=request.user)
                _run_message(request, run)
                return redirect("matching:run", slug=programme.slug, number=run.number)
            messages.success(request, _("The matching settings are saved."))
            return redirect("matching:home", slug=programme.slug)
    return render(
        request,
        "matching/matching_home.html",
        {
            "programme": programme,
            "form": form,
            "runs": programme_runs(programme=programme),
            "decisions": pair_decisions(programme=programme),
            "mentorships": programme_mentorships(programme=programme),
            "latest_done": latest_done_run(programme=programme),
        },
    )


@require_POST
@coordinator_required
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Run matching again with the stored settings (what-if after pins and vetoes)."""
    programme = _programme(request, slug)
    run = matching_run(programme=programme, by=request.user)
    _run_message(request, run)
    return redirect("matching:run", slug=programme.slug, number=run.number)


@require_GET
@coordinator_required
def run_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = _programme(request, slug)
    run = _run(programme, number)
    rows, diff = proposal_rows(run=run)
    for row in rows:
        row.sentences = explanations.explain(row.proposal.contributions)
    latest = latest_done_run(programme=programme)
    reasons = dict(UnmatchedReason.choices)
    unmatched = [
        (
            entry,
            reasons.get(entry.reason_code, _("No reason was given.")),
            explanations.unmatched_details(entry.facts, best_name=best_name),
        )
        for entry, best_name in unmatched_rows(run=run)
    ]
    return render(
        request,
        "matching/run_detail.html",
        {
            "programme": programme,
            "run": run,
            "rows": rows,
            "diff": diff,
            "unmatched": unmatched,
            "weights": explanations.weight_rows(run.weights),
            "publishable": latest is not None and latest.pk == run.pk and run.published_at is None,
            "is_latest": latest is not None and latest.pk == run.pk,
        },
    )


@require_GET
@coordinator_required
def run_status(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The progress of a run, polled by htmx while it works; when it has
    finished, htmx reloads the whole page (HX-Refresh)."""
    programme = _programme(request, slug)
    run = _run(programme, number)
    if request.htmx and not run.unfinished:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    return render(request, "matching/_run_status.html", {"programme": programme, "run": run})


@require_POST
@coordinator_required
def run_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    programme = _programme(request, slug)
    run = _run(programme, number)
    try:
        result = matching_publish(run=run, by=request.user)
    except MatchingError as error:
        messages.error(request, error.message)
        return redirect("matching:run", slug=programme.slug, number=run.number)
    messages.success(
        request,
        ngettext(
            "Published: %(count)s proposed mentorship. Both people get an e-mail and "
            "are asked to accept.",
            "Published: %(count)s proposed mentorships. Both people in each pair get an "
            "e-mail and are asked to accept.",
            len(result.created),
        )
        % {"count": len(result.created)},
    )
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s pair was not published: the mentee has a mentor by now, or the "
                "mentor has no free place.",
                "%(count)s pairs were not published: the mentee has a mentor by now, or the "
                "mentor has no free place.",
                len(result.skipped),
            )
            % {"count": len(result.skipped)},
        )
    return redirect("matching:home", slug=programme.slug)


@require_POST
@coordinator_required
def pair_decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Pin, veto or clear a pair, then back to the run it was decided on."""
    programme = _programme(request, slug)
    form = PairForm(request.POST)
    back = redirect("matching:home", slug=programme.slug)
    if not form.is_valid():
        messages.error(request, _("The pair could not be read. Please try again."))
        return back
    data = form.cleaned_data
    if data.get("run"):
        back = redirect("matching:run", slug=programme.slug, number=data["run"])
    people = {
        p.pk: p
        for p in Participation.objects.filter(
            programme=programme, pk__in=[data["mentee"], data["mentor"]]
        ).select_related("user")
    }
    mentee, mentor = people.get(data["mentee"]), people.get(data["mentor"])
    if mentee is None or mentor is None:
        raise Http404
    names = {"mentee": mentee.user, "mentor": mentor.user}
    try:
        if data["action"] == "pin":
            pair_pin(programme=programme, mentee=mentee, mentor=mentor, by=request.user)
            messages.success(
                request,
                _(
                    "%(mentee)s and %(mentor)s are pinned: the next runs keep them together. "
                    "Run matching again to see the effect."
                )
                % names,
            )
        elif data["action"] == "veto":
            pair_veto(programme=programme, mentee=mentee, mentor=mentor, by=request.user)
            messages.success(
                request,
                _(
                    "%(mentee)s and %(mentor)s are vetoed: the next runs never propose them. "
                    "Run matching again to see the effect."
                )
                % names,
            )
        else:
            pair_clear(programme=programme, mentee=mentee, mentor=mentor, by=request.user)
            messages.success(
                request, _("The pin or veto of %(mentee)s and %(mentor)s is removed.") % names
            )
    except MatchingError as error:
        messages.error(request, error.message)
    return back
