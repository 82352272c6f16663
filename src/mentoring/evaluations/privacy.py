"""Personal data of the evaluations app: survey responses and answers.

Questionnaires and questions belong to the programme and hold no personal
data, so they are not in the register."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure

ENTRIES = [
    Entry(
        model="evaluations.Response",
        purpose="One person's answers to a survey about their mentorship.",
        personal=("respondent", "share_individually"),
        erasure=Erasure.ANONYMISE,
        anonymise={"share_individually": False},
        note="kept, detached from the anonymised person, for the programme's results",
        of_participations=lambda pks, user_ids: Q(respondent__in=pks),
    ),
    Entry(
        model="evaluations.Answer",
        purpose="One answer of a survey response.",
        personal=("text", "number", "roles"),
        confidential=("text", "number", "roles"),
        erasure=Erasure.ANONYMISE,
        anonymise={"text": ""},
        note="numbers and roles stay for the aggregated results, detached from the person",
        of_participations=lambda pks, user_ids: Q(response__respondent__in=pks),
    ),
]
