"""A coordinator may decline an erasure request, with a reason the person
receives by e-mail and sees on their privacy page (GDPR Art. 12(4)); the
person may ask again. Only a coordinator who could confirm the request may
decline it; the reason is required and never goes into the audit log, and it
is blanked when the person is erased later."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from django.utils import translation

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.privacy.enums import ErasureStatus
from mentoring.privacy.models import ErasureRequest
from mentoring.privacy.services import (
    ErasureError,
    erasure_confirm,
    erasure_decline,
    erasure_request,
)
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

REASON = "Din mentor og du er midt i forløbet; vi sletter efter afslutningen i juni."


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_coordinator_declines_with_a_reason_the_person_receives(
    programme, coordinator, mentee
) -> None:
    request = erasure_request(user=mentee).request
    client = logged_in_client(coordinator)
    response = client.post(
        reverse("privacy:erasure_decline", args=[request.pk]), {"reason": REASON}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureStatus.DECLINED
    assert request.declined_reason == REASON and request.declined_at is not None
    assert request.confirmed_by == coordinator
    mentee.refresh_from_db()
    assert mentee.is_active  # nothing was erased
    mail = OutboxMessage.objects.get(key=f"privacy-erasure-declined:{request.pk}")
    assert mail.to_email == mentee.email and REASON in mail.body_text
    entry = AuditEntry.objects.get(action="privacy.erasure_declined")
    assert entry.actor == coordinator and REASON not in str(entry.data)
    # The person sees the reason on their privacy page and may ask again.
    page = logged_in_client(mentee).get(reverse("privacy:home")).content.decode()
    assert REASON in page
    again = erasure_request(user=mentee)
    assert again.created and again.request.pk != request.pk
    # The request is gone from the coordinator's list.
    listing = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert f"/coordinate/privacy/erasures/{request.pk}/" not in listing


def test_the_reason_is_required_and_a_decided_request_cannot_be_declined(
    programme, coordinator, mentee
) -> None:
    request = erasure_request(user=mentee).request
    with pytest.raises(ErasureError, match="reason"):
        erasure_decline(request=request, by=coordinator, reason="   ")
    with pytest.raises(ErasureError, match="at most"):
        erasure_decline(request=request, by=coordinator, reason="x" * 1001)
    erasure_decline(request=request, by=coordinator, reason=REASON)
    with pytest.raises(ErasureError, match="already"):
        erasure_decline(request=request, by=coordinator, reason=REASON)


def test_another_programmes_coordinator_cannot_decline(
    programme, other_programme, mentee, other_coordinator
) -> None:
    request = erasure_request(user=mentee).request
    with pytest.raises(ErasureError):
        erasure_decline(request=request, by=other_coordinator, reason=REASON)
    response = logged_in_client(other_coordinator).post(
        reverse("privacy:erasure_decline", args=[request.pk]), {"reason": REASON}
    )
    assert response.status_code == 404
    assert ErasureRequest.objects.get(pk=request.pk).status == ErasureStatus.PENDING


def test_an_erasure_after_a_decline_blanks_the_reason(programme, coordinator, mentee) -> None:
    first = erasure_request(user=mentee).request
    erasure_decline(request=first, by=coordinator, reason=f"{REASON} {mentee.full_name}")
    second = erasure_request(user=mentee).request
    erasure_confirm(request=second, by=coordinator)
    first.refresh_from_db()
    assert first.declined_reason == ""
