"""URLs of the evaluations app: the coordinator's questionnaires under
``coordinate/<slug>/surveys/``, a person's surveys under ``me/``."""

from django.urls import URLPattern, URLResolver, path

from mentoring.evaluations.views import coordinate, respond

app_name = "evaluations"

SURVEYS = "coordinate/<slug:slug>/surveys/"
QUESTIONNAIRE = SURVEYS + "<slug:kind>/"
QUESTION = QUESTIONNAIRE + "questions/<int:question>/"

urlpatterns: list[URLPattern | URLResolver] = [
    # Coordinators
    path(SURVEYS, coordinate.survey_list, name="coordinate"),
    path(QUESTIONNAIRE, coordinate.questionnaire_detail, name="questionnaire"),
    path(QUESTIONNAIRE + "state/", coordinate.questionnaire_state, name="state"),
    path(QUESTIONNAIRE + "answers/", coordinate.shared_answers, name="answers"),
    path(QUESTIONNAIRE + "questions/new/", coordinate.question_new, name="question_new"),
    path(QUESTION, coordinate.question_edit, name="question"),
    path(QUESTION + "move/", coordinate.question_move_view, name="question_move"),
    path(QUESTION + "remove/", coordinate.question_remove_view, name="question_remove"),
    # Respondents
    path("me/surveys/", respond.my_surveys, name="mine"),
    path("me/mentorships/<int:pk>/surveys/<slug:kind>/", respond.respond, name="respond"),
]
