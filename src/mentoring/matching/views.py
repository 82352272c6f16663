"""Coordinator pages of matching: settings and runs, one run with its
proposals, pins and vetoes, publishing; and the mentee's shortlist, where
a mentee ranks mentors when the programme asks for it. Thin views: guard →
selector → form → service → message and redirect (or an htmx partial)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from mentoring.common.audit import log_read
from mentoring.matching import explanations
from mentoring.matching.enums import RunStatus, UnmatchedReason
from mentoring.matching.forms import (
    DeclineNoticeForm,
    PairForm,
    PublishForm,
    RankingForm,
    SettingsForm,
)
from mentoring.matching.models import MatchingRun
from mentoring.matching.review_selectors import (
    LOW_SCORE,
    REVIEW_FILTERS,
    REVIEW_PAGE_SIZE,
    ProposalRow,
    review_row,
    reviewed_run,
    run_review,
)
from mentoring.matching.selectors import (
    RANKING,
    applications_not_closed,
    decline_notice_choice,
    latest_done_run,
    matching_settings,
    mentee_shortlist,
    open_mentee_participation,
    pair_decisions,
    programme_runs,
    publish_preview,
    ranked_mentee_count,
    ranking_closed,
    ranking_settings,
    run_by_number,
    waitlisted_mentee_participation,
)
from mentoring.matching.services import (
    MatchingError,
    PinReplacementNeeded,
    decline_notice_set,
    matching_publish,
    matching_run,
    matching_settings_update,
    mentor_preferences_set,
    pair_clear,
    pair_pin,
    pair_veto,
)
from mentoring.participants.models import Participation
from mentoring.programmes.enums import MentorRole, ProgrammeKind
from mentoring.programmes.models import Programme
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404
from mentoring.relationships.selectors import programme_matches_list


def _run(programme: Programme, number: int) -> MatchingRun:
    try:
        run = run_by_number(programme=programme, number=number)
    except MatchingRun.DoesNotExist as error:
        raise Http404 from error
    run.programme = programme  # already read and scoped: no second query
    return run


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
        messages.error(request, explanations.run_error(run))
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
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    weights, min_score, ranking = matching_settings(programme=programme)
    form = SettingsForm(
        request.POST or None,
        ranking=ranking.enabled,
        initial=SettingsForm.initial_for(
            weights,
            min_score,
            ranking=ranking.enabled,
            shortlist_size=ranking.shortlist_size,
            ranking_weight=weights.get(RANKING) if ranking.enabled else None,
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            matching_settings_update(
                programme=programme,
                by=request.user,
                weights=form.weights(),
                min_score=form.cleaned_data["min_score"],
                participant_ranking=form.cleaned_data["participant_ranking"],
                shortlist_size=form.cleaned_data.get("shortlist_size"),
            )
        except MatchingError as error:
            form.add_error(None, error.message)
        else:
            if request.POST.get("action") == "run":
                try:
                    run = matching_run(programme=programme, by=request.user)
                except MatchingError as error:
                    messages.error(request, error.message)
                    return redirect("matching:home", slug=programme.slug)
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
            "mentorships": Paginator(
                programme_matches_list(programme=programme), MATCHES_PAGE_SIZE
            ).get_page(request.GET.get("page")),
            "applications_open": applications_not_closed(programme=programme),
            "notice_form": DeclineNoticeForm(
                initial={"declined": decline_notice_choice(programme=programme, user=request.user)}
            ),
            "ranking": ranking,
            "ranked_mentees": ranked_mentee_count(programme=programme) if ranking.enabled else 0,
        },
    )


@require_POST
@coordinator_required
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Run matching again with the stored settings (what-if after pins and vetoes)."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    try:
        run = matching_run(programme=programme, by=request.user)
    except MatchingError as error:
        messages.error(request, error.message)
        return redirect("matching:home", slug=programme.slug)
    _run_message(request, run)
    return redirect("matching:run", slug=programme.slug, number=run.number)


#: A coordinator's views of one run are audited at most once in this interval (a
#: sensitive read: participants' profiles and explanations), so paging and filtering
#: the run page does not write a row per click.
RUN_VIEW_LOG_INTERVAL = timedelta(hours=1)

#: Published matches per page of the matching page.
MATCHES_PAGE_SIZE = 50

#: Pairs per page of the run page.
RUN_PAGE_SIZE = REVIEW_PAGE_SIZE


def _explain(row: ProposalRow) -> ProposalRow:
    row.sentences = explanations.explain(row.proposal.contributions)
    return row


def _review_query(show: str, page: Any) -> str:
    """The run page's query string for filter ``show`` and page ``page``."""
    params = {}
    if show and show != "all":
        params["show"] = show
    if page and str(page) != "1":
        params["page"] = str(page)
    return f"?{urlencode(params)}" if params else ""


@require_GET
@coordinator_required
def run_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One run: its result, the comparison with the previous run and the
    proposed pairs, 50 per page, filtered (``?show=``: changed, low, pinned,
    unmatched); each pair with its score, its two strongest reasons (the rest
    folded), its alternatives and the pin, veto and swap buttons."""
    try:
        reviewed = reviewed_run(user=request.user, slug=slug, number=number)
    except MatchingRun.DoesNotExist as error:
        raise Http404 from error
    run, programme = reviewed.run, reviewed.run.programme
    # Participants' profiles and explanations: a sensitive read (never content),
    # logged once an hour per coordinator and run.
    log_read(
        actor=request.user,
        action="matching.run_viewed",
        obj=run,
        programme=programme,
        within=RUN_VIEW_LOG_INTERVAL,
    )
    review = run_review(
        run=run,
        show=request.GET.get("show", "all"),
        page=request.GET.get("page"),
        per_page=RUN_PAGE_SIZE,
        previous=reviewed.previous,
    )
    for row in review.rows:
        _explain(row)
    reasons = dict(UnmatchedReason.choices)
    unmatched = [
        (
            entry,
            reasons.get(entry.reason_code, _("No reason was given.")),
            explanations.unmatched_details(entry.facts, best_name=best_name),
        )
        for entry, best_name in review.unmatched
    ]
    return render(
        request,
        "matching/run_detail.html",
        {
            "programme": programme,
            "run": run,
            "review": review,
            "rows": review.rows,
            "diff": review.diff,
            "unmatched": unmatched,
            "filters": [(name, review.counts[name]) for name in REVIEW_FILTERS],
            "pair_url": reverse("matching:pair", args=[programme.slug]),
            "show": review.show,
            "page_number": review.page.number,
            "low_score": LOW_SCORE,
            "weights": explanations.weight_rows(
                run.weights, ranking=bool((run.parameters or {}).get("participant_ranking"))
            ),
            "run_error": explanations.run_error(run) if run.status == RunStatus.FAILED else "",
            "publishable": reviewed.is_latest and run.published_at is None,
            "applications_open": applications_not_closed(programme=programme),
            "is_latest": reviewed.is_latest,
        },
    )


@require_GET
@coordinator_required
def run_status(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The progress of a run, polled by htmx while it works; when it has
    finished, htmx reloads the whole page (HX-Refresh)."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    run = _run(programme, number)
    if request.htmx and not run.unfinished:  # type: ignore[attr-defined]
        return HttpResponseClientRefresh()
    return render(
        request,
        "matching/_run_status.html",
        {
            "programme": programme,
            "run": run,
            "run_error": explanations.run_error(run) if run.status == RunStatus.FAILED else "",
        },
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def run_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Publishing, in two steps: a page that says how many proposals and
    e-mails go out (and, while applications are open, asks for the explicit
    override), then the confirmed POST."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    run = _run(programme, number)
    latest = latest_done_run(programme=programme)
    if latest is None or latest.pk != run.pk or run.published_at is not None:
        messages.error(
            request,
            _("This run has already been published.")
            if run.published_at is not None
            else _("Only the latest completed run can be published."),
        )
        return redirect("matching:run", slug=programme.slug, number=run.number)
    preview = publish_preview(run=run)
    form = PublishForm(
        request.POST if request.method == "POST" else None,
        applications_open=preview.early,
        initial={"confirm": True},
    )
    if request.method == "GET" or not form.is_valid():
        return render(
            request,
            "matching/publish_confirm.html",
            {"programme": programme, "run": run, "preview": preview, "form": form},
        )
    try:
        result = matching_publish(
            run=run, by=request.user, early=bool(form.cleaned_data.get("early"))
        )
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


def _pair_done(
    request: HttpRequest,
    programme: Programme,
    data: dict[str, Any],
    *,
    level: int,
    text: str,
) -> HttpResponse:
    """After a pin, veto, swap or clear: with htmx, the pair's row of the run
    page in place (and the message in the page's status region); without,
    back to the same page and filter of the run page at the pair's row (or
    to the matching page when the decision was not made on a run)."""
    number = data.get("run")
    run = MatchingRun.objects.filter(programme=programme, number=number).first() if number else None
    if request.htmx and run is not None:  # type: ignore[attr-defined]
        row = review_row(run=run, mentee_id=data["mentee"])
        if row is not None:
            return render(
                request,
                "matching/run_detail.html#pair-row",
                {
                    "programme": programme,
                    "run": run,
                    "row": _explain(row),
                    "pair_url": reverse("matching:pair", args=[programme.slug]),
                    "show": data.get("show") or "all",
                    "page_number": data.get("page") or 1,
                    "notice": text,
                    "notice_error": level == messages.ERROR,
                },
            )
    messages.add_message(request, level, text)
    if run is None:
        return redirect("matching:home", slug=programme.slug)
    url = reverse("matching:run", args=[programme.slug, run.number])
    query = _review_query(data.get("show") or "", data.get("page"))
    return redirect(f"{url}{query}#pair-{data['mentee']}")


@require_POST
@coordinator_required
def pair_decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Pin, veto, swap (pin another mentor, replacing the mentee's pin) or
    clear a pair, then back to the row of the run it was decided on."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    form = PairForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The pair could not be read. Please try again."))
        return redirect("matching:home", slug=programme.slug)
    data = form.cleaned_data
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
            try:
                pair_pin(
                    programme=programme,
                    mentee=mentee,
                    mentor=mentor,
                    by=request.user,
                    replaces=data.get("replaces"),
                )
            except PinReplacementNeeded as replacement:
                # Ask first: the new pin would remove the mentee's earlier pin.
                response = render(
                    request,
                    "matching/pin_replace.html",
                    {
                        "programme": programme,
                        "mentee": mentee,
                        "mentor": mentor,
                        "current": replacement.current.mentor,
                        "run_number": data.get("run"),
                    },
                )
                if request.htmx:  # type: ignore[attr-defined]
                    # The question is a page of its own, not a row.
                    response["HX-Retarget"] = "body"
                    response["HX-Reswap"] = "outerHTML"
                return response
            replaced = (
                Participation.objects.filter(programme=programme, pk=data["replaces"])
                .select_related("user")
                .first()
                if data.get("replaces")
                else None
            )
            if replaced is not None:
                text = _(
                    "%(mentee)s and %(mentor)s are pinned. This replaces the pin with "
                    "%(current)s. Run matching again to see the effect."
                ) % {**names, "current": replaced.user}
            else:
                text = (
                    _(
                        "%(mentee)s and %(mentor)s are pinned: the next runs keep them "
                        "together. Run matching again to see the effect."
                    )
                    % names
                )
        elif data["action"] == "veto":
            pair_veto(programme=programme, mentee=mentee, mentor=mentor, by=request.user)
            text = (
                _(
                    "%(mentee)s and %(mentor)s are vetoed: the next runs never propose them. "
                    "Run matching again to see the effect."
                )
                % names
            )
        else:
            pair_clear(programme=programme, mentee=mentee, mentor=mentor, by=request.user)
            text = _("The pin or veto of %(mentee)s and %(mentor)s is removed.") % names
    except MatchingError as error:
        return _pair_done(request, programme, data, level=messages.ERROR, text=error.message)
    return _pair_done(request, programme, data, level=messages.SUCCESS, text=text)


@require_POST
@coordinator_required
def decline_notice(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's choice: an e-mail at once for each declined
    proposal, or one daily digest."""
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    form = DeclineNoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose how you want to hear about declined proposals."))
        return redirect("matching:home", slug=programme.slug)
    try:
        decline_notice_set(
            programme=programme, user=request.user, declined=form.cleaned_data["declined"]
        )
    except MatchingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your choice is saved."))
    return redirect("matching:home", slug=programme.slug)


# --- The mentee's shortlist (participants' input) -------------------------------------

#: At most this many reasons per mentor on the shortlist (a reason is a criterion
#: met at least ``explanations.REASON_THRESHOLD``).
MAX_REASONS = 4


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def shortlist(request: HttpRequest, slug: str) -> HttpResponse:
    """An accepted mentee's list of the mentors who suit them best, where
    they choose a 1st, 2nd and 3rd choice (programmes that ask for it). A
    wait-listed mentee of such a programme reads why there is no list yet; a
    404 for everybody else, mentors included. Closed once a mentor is proposed."""
    participation = open_mentee_participation(user=request.user, slug=slug)
    if participation is None:
        waiting = waitlisted_mentee_participation(user=request.user, slug=slug)
        if waiting is None:
            raise Http404
        return render(
            request,
            "matching/shortlist.html",
            {"programme": waiting.programme, "closed": False, "waitlisted": True},
        )
    programme = participation.programme
    if ranking_closed(participation=participation):
        if request.method == "POST":
            messages.error(
                request,
                _(
                    "Your choices can no longer be changed: a mentor has been proposed to "
                    "you. You find the proposal under My matches."
                ),
            )
            return redirect("matching:shortlist", slug=programme.slug)
        return render(request, "matching/shortlist.html", {"programme": programme, "closed": True})
    size = ranking_settings(programme=programme).shortlist_size
    result = mentee_shortlist(participation=participation, size=size)
    form = RankingForm(
        request.POST if request.method == "POST" else None,
        entries=result.entries,
        initial=RankingForm.initial_for(result.entries),
    )
    if request.method == "POST":
        mentors: list[int] | None = [] if request.POST.get("action") == "clear" else None
        if mentors is None and form.is_valid():
            mentors = form.ranking()
        if mentors is not None:
            try:
                mentor_preferences_set(mentee=participation, mentors=mentors, by=request.user)
            except MatchingError as error:
                messages.error(request, error.message)
            else:
                if mentors:
                    messages.success(
                        request,
                        _(
                            "Your choices are saved. They count when the coordinator matches "
                            "mentors and mentees. You can change them until a mentor is "
                            "proposed to you."
                        ),
                    )
                else:
                    messages.success(request, _("Your choices are cleared."))
            return redirect("matching:shortlist", slug=programme.slug)
    role_names = dict(MentorRole.choices)
    for entry in result.entries:
        entry.role_labels = [str(role_names[code]) for code in entry.comfortable_roles]
        entry.sentences = explanations.reasons(
            explanations.explain_for_candidate(entry.contributions), limit=MAX_REASONS
        )
    return render(
        request,
        "matching/shortlist.html",
        {
            "programme": programme,
            "closed": False,
            "shortlist": result,
            "form": form,
            "show_organisation": programme.kind != ProgrammeKind.INTERNAL,
        },
    )
