"""The application service keeps the same text limits as the form, also
when it is called without the form (a script, a later API)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mentoring.accounts.models import User
from mentoring.participants.models import Participation
from mentoring.participants.services import application_save
from mentoring.programmes.models import Programme

pytestmark = pytest.mark.django_db


def test_the_service_refuses_texts_longer_than_the_forms_allow(
    open_programme: Programme, applicant: User
) -> None:
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        application_save(
            programme=open_programme,
            user=applicant,
            role="mentee",
            data={
                "motivation": "Jeg vil lære. " * 90_000,  # 1.2 MB
                "organisation": "x" * 201,
                "goals": ["Et mål", "y" * 301],
                "change_description": "z" * 4000,  # exactly the limit: fine
            },
            submit=False,
            expected_version=None,
        )
    assert set(caught.value.message_dict) == {"motivation", "organisation", "goals"}
    assert "4.000" in caught.value.message_dict["motivation"][0]
    assert not Participation.objects.exists()


def test_a_mentors_lists_are_limited_too(open_programme: Programme, applicant: User) -> None:
    with pytest.raises(ValidationError) as caught:
        application_save(
            programme=open_programme,
            user=applicant,
            role="mentor",
            data={"expertise_tags": ["Ledelse"] * 21, "industries": ["i" * 101]},
            submit=False,
            expected_version=None,
        )
    assert set(caught.value.message_dict) == {"expertise_tags", "industries"}
    assert not Participation.objects.exists()


def test_a_decision_reason_longer_than_the_form_allows_is_refused(
    open_programme: Programme, applicant: User
) -> None:
    from mentoring.accounts.models import User as Coordinator
    from mentoring.participants.services import application_decide
    from tests.factories import ParticipationFactory

    coordinator = Coordinator.objects.create(email="k@example.org")
    sent = ParticipationFactory(programme=open_programme, user=applicant, submitted=True)
    with pytest.raises(ValidationError) as caught:
        application_decide(
            participation=sent, decision="declined", reason="r" * 2001, by=coordinator
        )
    assert set(caught.value.message_dict) == {"reason"}
    sent.refresh_from_db()
    assert sent.status == "submitted" and sent.decision_reason == ""
