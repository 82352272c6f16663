"""The audit log: one log_action service, facts not content, per-programme view."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme
from mentoring.programmes.services import programme_add_coordinator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_log_action_records_who_what_and_which_object(
    coordinator: User, programme: Programme
) -> None:
    entry = log_action(
        actor=coordinator,
        action="programme.updated",
        obj=programme,
        programme=programme,
        data={"fields": "name_da", "count": 2},
    )
    entry.refresh_from_db()
    assert entry.actor == coordinator
    assert entry.action == "programme.updated"
    assert entry.object_type == "programmes.programme"
    assert entry.object_id == str(programme.pk)
    assert entry.object_repr == "Mentorordning A"
    assert entry.programme == programme
    assert entry.data == {"fields": "name_da", "count": 2}
    assert entry.created_at is not None


def test_log_action_refuses_text_content_and_structures(user: User) -> None:
    with pytest.raises(ValueError, match="never holds text content"):
        log_action(actor=user, action="note.created", data={"text": "x" * 201})
    with pytest.raises(TypeError, match="must be a scalar"):
        log_action(actor=user, action="note.created", data={"answers": ["a", "b"]})
    assert not AuditEntry.objects.filter(action="note.created").exists()


def test_anonymous_actor_is_stored_as_none() -> None:
    from django.contrib.auth.models import AnonymousUser

    entry = log_action(actor=AnonymousUser(), action="account.login_failed")
    assert entry.actor is None


def test_coordinator_sees_the_log_of_their_programme_only(
    coordinator: User, programme: Programme, other_programme: Programme, other_coordinator: User
) -> None:
    newcomer = UserFactory(full_name="Nina Nykoordinator")
    stranger = UserFactory(full_name="Bent Fremmed")
    programme_add_coordinator(programme=programme, user=newcomer, by=coordinator)
    programme_add_coordinator(programme=other_programme, user=stranger, by=other_coordinator)
    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("programmes:audit_log", args=[programme.slug])).content.decode()
    assert "programme.coordinator_added" in page
    assert "Nina Nykoordinator" in page
    assert "Bent Fremmed" not in page
    # Opening the log is itself recorded (who, when, which programme).
    viewed = AuditEntry.objects.get(action="audit_log.viewed")
    assert viewed.actor == coordinator
    assert viewed.programme == programme


def test_the_audit_log_cannot_be_changed_from_the_ui(
    coordinator: User, programme: Programme
) -> None:
    log_action(actor=coordinator, action="programme.updated", programme=programme)
    client = Client()
    client.force_login(coordinator)
    url = reverse("programmes:audit_log", args=[programme.slug])
    assert client.post(url, {"action": "forged"}).status_code == 405
    assert client.delete(url).status_code == 405
    assert not AuditEntry.objects.filter(action="forged").exists()


def test_audit_log_query_count_does_not_grow_with_entries(
    coordinator: User, programme: Programme, django_assert_max_num_queries
) -> None:
    client = Client()
    client.force_login(coordinator)
    url = reverse("programmes:audit_log", args=[programme.slug])
    log_action(actor=coordinator, action="programme.updated", programme=programme)
    with django_assert_max_num_queries(50) as few:
        client.get(url)
    for n in range(40):
        actor = UserFactory()
        log_action(actor=actor, action=f"programme.event{n}", programme=programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_programme_list_query_count_does_not_grow_with_programmes(
    superuser: User, django_assert_max_num_queries
) -> None:
    from tests.factories import ProgrammeFactory

    client = Client()
    client.force_login(superuser)
    ProgrammeFactory(coordinators=[UserFactory()])
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("programmes:list"))
    for _ in range(15):
        ProgrammeFactory(coordinators=[UserFactory(), UserFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("programmes:list"))
