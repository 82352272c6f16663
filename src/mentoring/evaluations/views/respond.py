"""A person's surveys: the list at ``/me/surveys/`` and the survey form at
``/me/mentorships/<pk>/surveys/<kind>/``. Only the invited person gets their
own form (their side, their language); anybody else 404. The form can be
saved again until the answers close; a stale form (another tab) is refused
with a conflict message and shows the saved answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.evaluations import selectors, services
from mentoring.evaluations.forms import ResponseForm
from mentoring.evaluations.models import Response
from mentoring.evaluations.services.responses import answering_problem, goals_for, questions_for
from mentoring.relationships.enums import Side


@never_cache
@require_GET
@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [
        {"response": response, "problem": answering_problem(response, now=now)}
        for response in selectors.responses_for_user(request.user)
    ]
    return render(request, "evaluations/my_surveys.html", {"rows": rows})


def _form(request: HttpRequest, response: Response, *, data: object = None) -> ResponseForm:
    return ResponseForm(
        data,
        response=response,
        questions=questions_for(response),
        goals=goals_for(response),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def respond(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    try:
        response = selectors.response_for_user(user=request.user, mentorship_pk=pk, kind=kind)
    except Response.DoesNotExist as error:
        raise Http404 from error
    now = timezone.now()
    problem = answering_problem(response, now=now)
    form = _form(request, response, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if problem:
            messages.error(request, problem)
            return redirect("evaluations:respond", pk, kind)
        if form.is_valid():
            try:
                services.response_submit(
                    response=response,
                    answers=form.answers(),
                    share_individually=form.cleaned_data["share_individually"],
                    revision=form.cleaned_data["revision"],
                    now=now,
                )
            except services.SurveyConflict as error:
                messages.error(request, error.message)
                response.refresh_from_db()
                form = _form(request, response)
            except services.SurveyError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your answers are saved; "
                        "you can change them until the survey closes."
                    ),
                )
                return redirect("evaluations:respond", pk, kind)
    if problem:  # read-only: the saved answers, no button
        for field in form.fields.values():
            field.disabled = True
    mentorship = response.mentorship
    other = mentorship.mentor if response.side == Side.MENTEE else mentorship.mentee
    return render(
        request,
        "evaluations/respond.html",
        {
            "response": response,
            "questionnaire": response.questionnaire,
            "programme": response.questionnaire.programme,
            "mentorship": mentorship,
            "other": other,
            "form": form,
            "problem": problem,
            "min_respondents": response.questionnaire.programme.effective_min_respondents,
        },
        status=200,
    )
