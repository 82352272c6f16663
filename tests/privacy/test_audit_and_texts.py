from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from mentoring.common.models import AuditEntry
from mentoring.matching.models import MatchingRun
from mentoring.participants.models import Participation
from tests.conftest import logged_in_client
from tests.factories import ParticipationFactory


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_opening_an_application_writes_one_audit_row(programme, coordinator, mentee) -> None:
    participation = Participation.objects.get(user=mentee)
    participation.motivation = "SECRETMOTIVATION1"
    participation.save()
    client = logged_in_client(coordinator)
    before = AuditEntry.objects.count()
    response = client.get(reverse("participants:detail", args=[programme.slug, participation.pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert entry is not None and entry.actor == coordinator
    assert entry.object_id == str(participation.pk)
    assert "SECRETMOTIVATION1" not in str(entry.data)


def test_opening_a_matching_run_writes_one_audit_row(programme, coordinator) -> None:
    run = MatchingRun.objects.create(programme=programme, number=1, weights={})
    client = logged_in_client(coordinator)
    before = AuditEntry.objects.count()
    assert client.get(reverse("matching:run", args=[programme.slug, 1])).status_code == 200
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.get(action="matching.run_viewed")
    assert entry.actor == coordinator and entry.object_id == str(run.pk)


def test_audit_log_is_append_only_from_the_ui() -> None:
    # No admin site at all, so no add/change/delete page for AuditEntry; no
    # URL of the project names a view that writes to the log except through
    # log_action.
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    from django.urls import get_resolver

    names = {str(name) for name in get_resolver().reverse_dict if isinstance(name, str)}
    assert not any("audit" in name and ("delete" in name or "edit" in name) for name in names)


def test_application_form_states_purpose_basis_retention_and_consents(programme, user) -> None:
    programme.phase = "preparation"
    programme.save()
    ParticipationFactory(programme=programme, user=user)
    client = logged_in_client(user)
    page = client.get(reverse("participants:apply", args=[programme.slug, "mentee"]))
    text = page.content.decode()
    with translation.override("da"):  # the applicant's language
        heading = translation.gettext("Your personal data")
        retention = translation.ngettext(
            "Retention: your personal data is anonymised %(months)s month after the "
            "programme ends, unless you take part in a later programme.",
            "Retention: your personal data is anonymised %(months)s months after the "
            "programme ends, unless you take part in a later programme.",
            12,
        ) % {"months": 12}
    assert heading in text and retention in text
    assert reverse("privacy:home") in text


def test_privacy_page_links_from_the_account_page(user) -> None:
    client = logged_in_client(user)
    assert reverse("privacy:home") in client.get(reverse("accounts:profile")).content.decode()
    page = client.get(reverse("privacy:home"))
    with translation.override("da"):  # the user's language
        label = translation.gettext("Download my data")
    assert page.status_code == 200 and label in page.content.decode()
    assert client.get(reverse("privacy:export")).status_code == 405
