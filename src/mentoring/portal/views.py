"""Views of the portal: the pages composed from several apps.

``home`` is the front page: the programmes open for applications for
everyone; once signed in, the programmes a person coordinates, their
mentorships and their applications.

``pair_home`` is the pair's home page: the shared page of a mentee and a
mentor once both accepted the match. It shows the other person, the
programme and the pair's phase, the next step to take, the establishment
checklist, the agreement's status, the first meeting and the programme's
recommendation. Read-only after the mentorship ended early. Nobody but the
two gets it (404).

``my_matches``, ``match_detail`` and ``match_respond`` are the participants'
side of a proposed match: each of the two people sees the proposal (the other
person, and why they were matched, from matching's explanations) and accepts
or declines it through relationships' service. Someone else's mentorship is a
404. Their templates stay with the relationships app's other templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentoring.common.counting import count_together
from mentoring.evaluations.selectors import pair_surveys
from mentoring.matching import explanations
from mentoring.matching.selectors import proposal_for_mentorship
from mentoring.meetings.selectors import (
    PLAN_AGREEMENT_FIELDS,
    WRITABLE_STATUSES,
    HomeworkCounts,
    homework_counted,
    pair_plan,
)
from mentoring.meetings.services.notes import journal_counted, journal_summary
from mentoring.portal.inbox import inbox_for_user, person_overview
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.method import recommendation_text
from mentoring.programmes.selectors import (
    is_coordinator,
    programmes_for_user,
    programmes_open_for_applications,
)
from mentoring.relationships.enums import MentorshipStatus, Side
from mentoring.relationships.forms import RespondForm
from mentoring.relationships.models import Mentorship
from mentoring.relationships.progress import progress_of
from mentoring.relationships.selectors import (
    PAIR_STATUSES,
    mentorship_for_user,
    mentorships_for_user,
    pair_or_404,
    side_of,
    with_progress,
)
from mentoring.relationships.services import MentorshipError, mentorship_respond


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"open_programmes": programmes_open_for_applications()}
    user = request.user
    if user.is_authenticated:
        # One read of the person's mentorships and applications for the lists
        # and the inbox; the coordinated programmes only for a coordinator (the
        # request's user knows, see accounts.backends).
        overview = person_overview(user)
        context.update(
            programmes=programmes_for_user(user) if is_coordinator(user) else None,
            applications=overview.applications,
            pairs=overview.pairs,
            inbox=inbox_for_user(user, overview=overview),
        )
    return render(request, "portal/home.html", context)


@never_cache
@require_GET
@login_required
def pair_home(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    # The agreement versions are read once, for the progress and the meeting
    # plan's frame; the journal's and the homework's figures are counted in
    # one query.
    with_progress(mentorship, agreement_fields=PLAN_AGREEMENT_FIELDS)
    meeting_plan = pair_plan(mentorship=mentorship, versions=mentorship.agreement_versions.all())
    progress = progress_of(mentorship, first_meeting_planned=bool(meeting_plan.counted))
    counted = count_together(
        {
            **{
                f"journal:{name}": notes
                for name, notes in journal_counted(mentorship=mentorship, user=request.user).items()
            },
            **{
                f"homework:{name}": items
                for name, items in homework_counted(mentorship=mentorship).items()
            },
        }
    )
    other = mentorship.mentor if side == Side.MENTEE else mentorship.mentee
    names = dict(MentorRole.choices)
    return render(
        request,
        "portal/pair_home.html",
        {
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "side": str(side),
            "other_side": str(Side.MENTOR if side == Side.MENTEE else Side.MENTEE),
            "other": other,
            "progress": progress,
            "next": progress.next_step,
            "my_turn": progress.next_step.is_for(side),
            "my_trial": progress.trial_of(side),
            "agreed_role_names": [names[code] for code in progress.agreed_roles],
            "recommendation": recommendation_text(mentorship.programme),
            "journal": journal_summary(
                mentorship=mentorship,
                user=request.user,
                counts={
                    name: counted[f"journal:{name}"] for name in ("mine", "mine_private", "shared")
                },
            ),
            "homework": HomeworkCounts(
                open=counted["homework:open"],
                overdue=counted["homework:overdue"],
                done=counted["homework:done"],
            ),
            "meeting_plan": meeting_plan,
            "can_plan": mentorship.status in WRITABLE_STATUSES,
            "surveys": pair_surveys(mentorship=mentorship, user=request.user),
        },
    )


def _mentorship(request: HttpRequest, pk: int) -> tuple[Mentorship, Side]:
    try:
        mentorship = mentorship_for_user(user=request.user, pk=pk)
    except Mentorship.DoesNotExist as error:
        raise Http404 from error
    side = side_of(mentorship=mentorship, user=request.user)
    if side is None:  # pragma: no cover - the selector only returns the user's own
        raise Http404
    return mentorship, side


def _detail(
    request: HttpRequest, mentorship: Mentorship, side: Side, form: RespondForm
) -> HttpResponse:
    mine = mentorship.mentee if side == Side.MENTEE else mentorship.mentor
    other = mentorship.mentor if side == Side.MENTEE else mentorship.mentee
    my_accepted = (
        mentorship.mentee_accepted_at if side == Side.MENTEE else mentorship.mentor_accepted_at
    )
    other_accepted = (
        mentorship.mentor_accepted_at if side == Side.MENTEE else mentorship.mentee_accepted_at
    )
    proposal = proposal_for_mentorship(mentorship=mentorship)
    return render(
        request,
        "relationships/match_detail.html",
        {
            "mentorship": mentorship,
            "side": str(side),
            "mine": mine,
            "other": other,
            "my_accepted": my_accepted,
            "other_accepted": other_accepted,
            # The reasons that speak for the pair (a criterion at least half met,
            # never worded as a drawback); the mentor never reads the mentee's
            # own ranking.
            "sentences": explanations.reasons(
                explanations.explain_for_participant(proposal.contributions, side=str(side))
                if proposal
                else []
            ),
            "can_respond": mentorship.status == MentorshipStatus.PROPOSED,
            "is_pair": mentorship.status in PAIR_STATUSES,
            "form": form,
        },
    )


@never_cache
@require_GET
@login_required
def my_matches(request: HttpRequest) -> HttpResponse:
    """The user's proposed and accepted matches, in every programme."""
    rows = []
    for mentorship in mentorships_for_user(request.user):
        side = side_of(mentorship=mentorship, user=request.user)
        other = mentorship.mentor if side == Side.MENTEE else mentorship.mentee
        rows.append((mentorship, str(side), other, mentorship.status in PAIR_STATUSES))
    return render(request, "relationships/my_matches.html", {"rows": rows})


@never_cache
@require_GET
@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = _mentorship(request, pk)
    return _detail(request, mentorship, side, RespondForm())


@require_POST
@login_required
def match_respond(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = _mentorship(request, pk)
    form = RespondForm(request.POST)
    if not form.is_valid():
        return _detail(request, mentorship, side, form)
    participation = mentorship.mentee if side == Side.MENTEE else mentorship.mentor
    try:
        mentorship = mentorship_respond(
            mentorship=mentorship,
            participation=participation,
            accept=form.accept,
            reason=form.cleaned_data.get("reason") or "",
        )
    except MentorshipError as error:
        messages.error(request, error.message)
        return redirect("relationships:match", pk=mentorship.pk)
    if not form.accept:
        messages.success(
            request,
            _(
                "You have declined the proposal. Thank you for telling us why; the "
                "coordinator will look for a better match."
            ),
        )
    elif mentorship.status == MentorshipStatus.ACCEPTED:
        messages.success(
            request,
            _(
                "You have both accepted: the mentorship can begin. The next step is your "
                "first meeting, where you agree how you will work together."
            ),
        )
    else:
        messages.success(
            request,
            _("You have accepted the proposal. We will tell you when the other person answers."),
        )
    return redirect("relationships:match", pk=mentorship.pk)
