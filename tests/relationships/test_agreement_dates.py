"""The agreement's start date (issue 16, point 10): not before the
programme starts, not before the pair was matched; checked by the service
(whatever the form) and shown in the form. Texts are read in English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from mentoring.programmes.models import Programme
from mentoring.relationships.enums import Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.services.agreement import agreement_save
from tests.conftest import logged_in_client
from tests.relationships.test_agreement_support import form_data, pair_in, values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def mentorship(programme: Programme) -> Mentorship:
    """Programme from 1 January 2030 to 31 December 2030."""
    return pair_in(programme, mentee_kwargs={"language": "en"}, mentor_kwargs={"language": "en"})


def save(mentorship: Mentorship, **changes: object) -> None:
    agreement_save(
        mentorship=mentorship,
        side=Side.MENTEE,
        values=values(**changes),
        expected_number=None,
        expected_revision=None,
    )


def test_an_agreement_cannot_start_before_the_programme(mentorship: Mentorship) -> None:
    with pytest.raises(ValidationError) as caught:
        save(mentorship, starts_on=date(2029, 12, 1), midway_review_on=date(2030, 4, 1))

    assert "starts_on" in caught.value.message_dict
    assert "The programme starts on 1 January 2030" in caught.value.message_dict["starts_on"][0]
    assert not AgreementVersion.objects.exists()
    # The programme's first day is fine.
    save(mentorship, starts_on=date(2030, 1, 1))
    assert AgreementVersion.objects.count() == 1


def test_an_agreement_cannot_start_before_the_pair_was_matched(
    programme: Programme, mentorship: Mentorship
) -> None:
    today = timezone.localdate()
    Programme.objects.filter(pk=programme.pk).update(
        starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=300)
    )
    mentorship.refresh_from_db()
    matched = timezone.localdate(mentorship.created_at)
    early = matched - timedelta(days=5)

    with pytest.raises(ValidationError) as caught:
        save(
            mentorship,
            starts_on=early,
            ends_on=early + timedelta(days=200),
            midway_review_on=early + timedelta(days=100),
        )

    assert "You were matched on" in caught.value.message_dict["starts_on"][0]
    assert not AgreementVersion.objects.exists()


def test_the_form_shows_the_start_date_error(mentorship: Mentorship) -> None:
    response = logged_in_client(mentorship.mentee.user).post(
        reverse("relationships:agreement_edit", args=[mentorship.pk]),
        form_data(starts_on=date(2029, 12, 1), midway_review_on=date(2030, 4, 1)),
    )

    assert response.status_code == 200
    page = re.sub(r"\s+", " ", response.content.decode())
    assert (
        "The programme starts on 1 January 2030: your agreement cannot start before then." in page
    )
    assert not AgreementVersion.objects.exists()
