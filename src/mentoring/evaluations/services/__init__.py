"""Writes of the evaluations app, one module per part:

- ``questionnaires``: the coordinator edits a draft questionnaire (reword,
  reorder, remove, add questions) and opens or closes it;
- ``responses``: ``response_submit``, the one write path of a respondent's
  answers (scale checks, deadline, optimistic concurrency, consent);
- ``invitations``: the periodic job's parts: who is due for which survey,
  invitations (a ``Response`` row and an e-mail) and the one reminder.

``SurveyError`` carries a message for the person (translated).
"""

from mentoring.evaluations.services.errors import SurveyConflict, SurveyError
from mentoring.evaluations.services.invitations import (
    invitations_send_due,
    reminders_send_due,
)
from mentoring.evaluations.services.questionnaires import (
    NewQuestion,
    QuestionValues,
    question_add,
    question_move,
    question_remove,
    question_update,
    questionnaire_close,
    questionnaire_open,
)
from mentoring.evaluations.services.responses import AnswerValue, response_submit

__all__ = [
    "AnswerValue",
    "NewQuestion",
    "QuestionValues",
    "SurveyConflict",
    "SurveyError",
    "invitations_send_due",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "questionnaire_close",
    "questionnaire_open",
    "reminders_send_due",
    "response_submit",
]
