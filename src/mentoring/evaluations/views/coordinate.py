"""The coordinator's pages about a programme's surveys: the three
questionnaires with their state and counts, editing a draft (reword,
reorder, remove, add questions), opening and closing, and the individual
answers of respondents who consented. Everything else about the answers is
counts here and aggregates in the reports app: an answer without consent
never reaches these pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.evaluations import selectors, services
from mentoring.evaluations.enums import QuestionnaireState
from mentoring.evaluations.forms import NewQuestionForm, QuestionForm
from mentoring.evaluations.models import Question, Questionnaire
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.models import Programme
from mentoring.programmes.permissions import coordinator_required
from mentoring.programmes.selectors import coordinated_programme_or_404


def _questionnaire_or_404(request: HttpRequest, slug: str, kind: str) -> Questionnaire:
    programme: Programme = coordinated_programme_or_404(user=request.user, slug=slug)
    try:
        return selectors.questionnaire_of(programme, kind)
    except Questionnaire.DoesNotExist as error:
        raise Http404 from error


def _to_detail(questionnaire: Questionnaire) -> HttpResponse:
    return redirect("evaluations:questionnaire", questionnaire.programme.slug, questionnaire.kind)


def _refuse_unless_draft(request: HttpRequest, questionnaire: Questionnaire) -> HttpResponse | None:
    if questionnaire.state == QuestionnaireState.DRAFT:
        return None
    messages.error(
        request,
        _(
            "The questionnaire is no longer a draft: its questions cannot be changed "
            "once it has been opened."
        ),
    )
    return _to_detail(questionnaire)


@never_cache
@require_GET
@coordinator_required
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(user=request.user, slug=slug)
    return render(
        request,
        "evaluations/coordinate_list.html",
        {"programme": programme, "rows": selectors.questionnaire_rows(programme)},
    )


@never_cache
@require_GET
@coordinator_required
def questionnaire_detail(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    questionnaire = _questionnaire_or_404(request, slug, kind)
    row = next(
        r
        for r in selectors.questionnaire_rows(questionnaire.programme)
        if r.questionnaire.pk == questionnaire.pk
    )
    return render(
        request,
        "evaluations/questionnaire.html",
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            "questions": list(questionnaire.questions.order_by("position")),
            "row": row,
            "is_draft": questionnaire.state == QuestionnaireState.DRAFT,
        },
    )


def _question_or_404(questionnaire: Questionnaire, pk: int) -> Question:
    return get_object_or_404(Question, questionnaire=questionnaire, pk=pk)


@never_cache
@require_http_methods(["GET", "POST"])
@coordinator_required
def question_edit(request: HttpRequest, slug: str, kind: str, question: int) -> HttpResponse:
    questionnaire = _questionnaire_or_404(request, slug, kind)
    item = _question_or_404(questionnaire, question)
    refused = _refuse_unless_draft(request, questionnaire)
    if refused is not None:
        return refused
    form = QuestionForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=item, values=form.values(), by=request.user)
        except services.SurveyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The question was saved."))
        return _to_detail(questionnaire)
    return render(
        request,
        "evaluations/question_form.html",
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            "question": item,
            "form": form,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@coordinator_required
def question_new(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    questionnaire = _questionnaire_or_404(request, slug, kind)
    refused = _refuse_unless_draft(request, questionnaire)
    if refused is not None:
        return refused
    form = NewQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(
                questionnaire=questionnaire, new=form.new_question(), by=request.user
            )
        except services.SurveyError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("The question was added at the end."))
            return _to_detail(questionnaire)
    return render(
        request,
        "evaluations/question_form.html",
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            "question": None,
            "form": form,
        },
    )


@require_POST
@coordinator_required
def question_move_view(request: HttpRequest, slug: str, kind: str, question: int) -> HttpResponse:
    questionnaire = _questionnaire_or_404(request, slug, kind)
    item = _question_or_404(questionnaire, question)
    try:
        services.question_move(
            question=item, up=request.POST.get("direction") != "down", by=request.user
        )
    except services.SurveyError as error:
        messages.error(request, error.message)
    return _to_detail(questionnaire)


@require_POST
@coordinator_required
def question_remove_view(request: HttpRequest, slug: str, kind: str, question: int) -> HttpResponse:
    questionnaire = _questionnaire_or_404(request, slug, kind)
    item = _question_or_404(questionnaire, question)
    try:
        services.question_remove(question=item, by=request.user)
    except services.SurveyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The question was removed."))
    return _to_detail(questionnaire)


@require_POST
@coordinator_required
def questionnaire_state(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """``action=open`` opens a draft; ``action=close`` closes an open survey."""
    questionnaire = _questionnaire_or_404(request, slug, kind)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.questionnaire_open(questionnaire=questionnaire, by=request.user)
            messages.success(
                request,
                _(
                    "The survey is open. Invitations go out to each pair when it is due, "
                    "and the questions can no longer be changed."
                ),
            )
        elif action == "close":
            services.questionnaire_close(questionnaire=questionnaire, by=request.user)
            messages.success(request, _("The survey is closed. No more answers are accepted."))
        else:
            messages.error(request, _("Choose whether to open or close the survey."))
    except services.SurveyError as error:
        messages.error(request, error.message)
    return _to_detail(questionnaire)


@never_cache
@require_GET
@coordinator_required
def shared_answers(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Individual answers, only of respondents who consented; counts otherwise."""
    questionnaire = _questionnaire_or_404(request, slug, kind)
    row = next(
        r
        for r in selectors.questionnaire_rows(questionnaire.programme)
        if r.questionnaire.pk == questionnaire.pk
    )
    responses = list(selectors.shared_responses(questionnaire))
    names = dict(MentorRole.choices)
    for response in responses:
        for answer in response.answers.all():
            answer.role_names = [str(names.get(code, code)) for code in answer.roles]  # type: ignore[attr-defined]
    return render(
        request,
        "evaluations/shared_answers.html",
        {
            "programme": questionnaire.programme,
            "questionnaire": questionnaire,
            "row": row,
            "not_shared": row.submitted - row.shared,
            "responses": responses,
        },
    )
