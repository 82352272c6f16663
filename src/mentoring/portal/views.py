"""Views of the portal: the pages composed from several apps.

``home`` is the front page: the programmes open for applications for
everyone; once signed in, the programmes a person coordinates, their
mentorships and their applications.

``pair_home`` is the pair's home page: the shared page of a mentee and a
mentor once both accepted the match. It shows the other person, the
programme and the pair's phase, the next step to take, the establishment
checklist, the agreement's status, the first meeting and the programme's
recommendation. Read-only after the mentorship ended early. Nobody but the
two gets it (404)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mentoring.evaluations.selectors import pair_surveys
from mentoring.meetings.selectors import WRITABLE_STATUSES, homework_counts, pair_plan
from mentoring.meetings.services.notes import journal_summary
from mentoring.participants.selectors import applications_for_user
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.method import recommendation_text
from mentoring.programmes.selectors import programmes_for_user, programmes_open_for_applications
from mentoring.relationships.enums import Side
from mentoring.relationships.progress import progress_of
from mentoring.relationships.selectors import pair_or_404, pairs_for_user, with_progress


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    return render(
        request,
        "portal/home.html",
        {
            "programmes": programmes_for_user(request.user) if signed_in else None,
            "applications": (applications_for_user(request.user) if signed_in else None),
            "pairs": pairs_for_user(request.user) if signed_in else None,
            "open_programmes": programmes_open_for_applications(),
        },
    )


@never_cache
@require_GET
@login_required
def pair_home(request: HttpRequest, pk: int) -> HttpResponse:
    mentorship, side = pair_or_404(user=request.user, pk=pk)
    meeting_plan = pair_plan(mentorship=mentorship)
    progress = progress_of(
        with_progress(mentorship),
        first_meeting_planned=bool(meeting_plan.counted),
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
            "journal": journal_summary(mentorship=mentorship, user=request.user),
            "homework": homework_counts([mentorship])[mentorship.pk],
            "meeting_plan": meeting_plan,
            "can_plan": mentorship.status in WRITABLE_STATUSES,
            "surveys": pair_surveys(mentorship=mentorship, user=request.user),
        },
    )
