"""The one transition function of a programme's phases, and its page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry
from mentoring.programmes.models import Programme
from mentoring.programmes.services import TransitionError, programme_transition
from tests.conftest import logged_in_client
from tests.programmes.helpers import participate, recruiting, set_period, set_phase, set_window

pytestmark = pytest.mark.django_db


def refused(programme: Programme, to_phase: str, by: User) -> list[str]:
    with pytest.raises(TransitionError) as caught:
        programme_transition(programme=programme, to_phase=to_phase, by=by)
    programme.refresh_from_db()
    return caught.value.reasons


def ready_for_establishing(programme: Programme) -> Programme:
    recruiting(programme, open_now=False)
    participate(programme, "mentee", "accepted")
    participate(programme, "mentor", "accepted")
    return programme


# --- decision → preparation ---------------------------------------------------------


def test_to_preparation_needs_window_and_period(coordinator: User, programme: Programme) -> None:
    reasons = refused(programme, "preparation", coordinator)
    assert reasons == [
        "Angiv ansøgningsperioden (hvornår der åbnes og lukkes for ansøgninger).",
        "Angiv ordningens periode (start- og slutdato).",
    ]
    assert programme.phase == "decision"
    now = timezone.now()
    set_window(programme, opens=now, closes=now + timedelta(days=14))
    assert refused(programme, "preparation", coordinator) == [
        "Angiv ordningens periode (start- og slutdato)."
    ]
    today = timezone.localdate()
    set_period(programme, starts=today + timedelta(days=30), ends=today + timedelta(days=240))
    programme_transition(programme=programme, to_phase="preparation", by=coordinator)
    programme.refresh_from_db()
    assert programme.phase == "preparation"
    entry = AuditEntry.objects.get(action="programme.phase_changed")
    assert entry.data == {"from": "decision", "to": "preparation"}
    assert entry.actor == coordinator and entry.programme == programme


def test_same_phase_is_refused(coordinator: User, programme: Programme) -> None:
    assert refused(programme, "decision", coordinator) == [
        "Mentorordningen er allerede i denne fase."
    ]


def test_only_one_step_forward(coordinator: User, programme: Programme) -> None:
    ready_for_establishing(programme)
    set_phase(programme, "decision")
    assert refused(programme, "establishing", coordinator) == [
        "En mentorordning går én fase frem ad gangen. Gør den nuværende fase færdig først."
    ]


def test_an_unknown_phase_is_refused(coordinator: User, programme: Programme) -> None:
    assert refused(programme, "party", coordinator) == ["Det er ikke en fase i en mentorordning."]


# --- preparation → establishing --------------------------------------------------------


def test_to_establishing_needs_a_closed_window(coordinator: User, programme: Programme) -> None:
    recruiting(programme, open_now=True)
    participate(programme, "mentee", "accepted")
    participate(programme, "mentor", "accepted")
    assert refused(programme, "establishing", coordinator) == [
        "Ansøgningsfristen skal være udløbet, før parrene etableres. Du må gerne prøvekøre "
        "matchingen før da, men forslagene kan først offentliggøres, når der er lukket for "
        "ansøgninger."
    ]


def test_to_establishing_needs_an_accepted_mentee_and_mentor(
    coordinator: User, programme: Programme
) -> None:
    recruiting(programme, open_now=False)
    # Submitted, wait-listed and declined applications do not count.
    participate(programme, "mentee", "submitted")
    participate(programme, "mentor", "waitlisted")
    participate(programme, "mentor", "declined")
    assert refused(programme, "establishing", coordinator) == [
        "Optag mindst én mentee først.",
        "Optag mindst én mentor først.",
    ]
    participate(programme, "mentee", "accepted")
    assert refused(programme, "establishing", coordinator) == ["Optag mindst én mentor først."]
    participate(programme, "mentor", "accepted")
    programme_transition(programme=programme, to_phase="establishing", by=coordinator)
    programme.refresh_from_db()
    assert programme.phase == "establishing"


def test_accepted_people_of_another_programme_do_not_count(
    coordinator: User, programme: Programme, other_programme: Programme
) -> None:
    recruiting(programme, open_now=False)
    participate(other_programme, "mentee", "accepted")
    participate(other_programme, "mentor", "accepted")
    assert len(refused(programme, "establishing", coordinator)) == 2


# --- establishing → learning → ending ------------------------------------------------


def test_to_learning_needs_the_period_to_have_started(
    coordinator: User, programme: Programme
) -> None:
    ready_for_establishing(programme)
    programme_transition(programme=programme, to_phase="establishing", by=coordinator)
    assert refused(programme, "learning", coordinator) == [
        "Ordningens periode er ikke begyndt endnu."
    ]
    today = timezone.localdate()
    set_period(programme, starts=today, ends=today + timedelta(days=200))
    programme_transition(programme=programme, to_phase="learning", by=coordinator)
    programme.refresh_from_db()
    assert programme.phase == "learning"


def test_to_ending_from_learning_only(coordinator: User, programme: Programme) -> None:
    ready_for_establishing(programme)
    set_phase(programme, "establishing")
    assert refused(programme, "ending", coordinator) == [
        "En mentorordning går én fase frem ad gangen. Gør den nuværende fase færdig først."
    ]
    set_phase(programme, "learning")
    programme_transition(programme=programme, to_phase="ending", by=coordinator)
    programme.refresh_from_db()
    assert programme.phase == "ending"
    assert refused(programme, "ending", coordinator) == [
        "Mentorordningen er allerede i denne fase."
    ]


def test_the_whole_lifecycle_writes_one_audit_entry_per_step(
    coordinator: User, programme: Programme
) -> None:
    recruiting(programme, open_now=False)
    set_phase(programme, "decision")
    participate(programme, "mentee", "accepted")
    participate(programme, "mentor", "accepted")
    programme_transition(programme=programme, to_phase="preparation", by=coordinator)
    programme_transition(programme=programme, to_phase="establishing", by=coordinator)
    today = timezone.localdate()
    set_period(programme, starts=today - timedelta(days=1), ends=today + timedelta(days=200))
    programme_transition(programme=programme, to_phase="learning", by=coordinator)
    programme_transition(programme=programme, to_phase="ending", by=coordinator)
    steps = [
        (e["from"], e["to"])
        for e in AuditEntry.objects.filter(action="programme.phase_changed")
        .order_by("pk")
        .values_list("data", flat=True)
    ]
    assert steps == [
        ("decision", "preparation"),
        ("preparation", "establishing"),
        ("establishing", "learning"),
        ("learning", "ending"),
    ]


# --- back steps ------------------------------------------------------------------------------


def test_back_from_preparation_to_decision_while_no_application_is_submitted(
    coordinator: User, programme: Programme
) -> None:
    recruiting(programme)
    participate(programme, "mentee", "draft")
    participate(programme, "mentor", "withdrawn")
    programme_transition(programme=programme, to_phase="decision", by=coordinator)
    programme.refresh_from_db()
    assert programme.phase == "decision"
    assert AuditEntry.objects.get(action="programme.phase_changed").data == {
        "from": "preparation",
        "to": "decision",
    }


@pytest.mark.parametrize("status", ["submitted", "accepted", "waitlisted", "declined"])
def test_no_back_step_once_applications_are_submitted(
    coordinator: User, programme: Programme, status: str
) -> None:
    recruiting(programme)
    participate(programme, "mentee", status)
    assert refused(programme, "decision", coordinator) == [
        "Mentorordningen kan ikke gå tilbage til beslutningsfasen: der er allerede indsendt "
        "ansøgninger."
    ]
    assert programme.phase == "preparation"


@pytest.mark.parametrize(
    ("phase", "back_to"),
    [("establishing", "preparation"), ("learning", "establishing"), ("ending", "learning")],
)
def test_later_phases_cannot_go_back(
    coordinator: User, programme: Programme, phase: str, back_to: str
) -> None:
    set_phase(programme, phase)
    assert refused(programme, back_to, coordinator) == [
        "En mentorordning kan kun gå tilbage fra forberedelse til beslutning. "
        "Senere faser kan ikke gøres om."
    ]
    assert not AuditEntry.objects.filter(action="programme.phase_changed").exists()


# --- the page ----------------------------------------------------------------------------------


def transition_url(programme: Programme) -> str:
    return reverse("programmes:transition", kwargs={"slug": programme.slug})


def test_the_button_moves_the_programme_on(coordinator: User, programme: Programme) -> None:
    recruiting(programme)
    set_phase(programme, "decision")
    client = logged_in_client(coordinator)
    detail = client.get(reverse("programmes:detail", kwargs={"slug": programme.slug}))
    page = detail.content.decode()
    assert 'name="to_phase" value="preparation"' in page
    response = client.post(transition_url(programme), {"to_phase": "preparation"}, follow=True)
    programme.refresh_from_db()
    assert programme.phase == "preparation"
    assert "Mentorordningen er nu i fasen »Forberedelse«." in response.content.decode()


def test_a_refusal_is_shown_as_an_error_message(coordinator: User, programme: Programme) -> None:
    client = logged_in_client(coordinator)
    response = client.post(transition_url(programme), {"to_phase": "preparation"}, follow=True)
    page = response.content.decode()
    assert 'class="message message-error"' in page
    assert "Angiv ansøgningsperioden (hvornår der åbnes og lukkes for ansøgninger)." in page
    programme.refresh_from_db()
    assert programme.phase == "decision"


def test_a_refusal_in_english(coordinator: User, programme: Programme) -> None:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    response = logged_in_client(coordinator).post(
        transition_url(programme), {"to_phase": "learning"}, follow=True
    )
    assert (
        "A programme moves one phase at a time. Complete the current phase first."
        in response.content.decode()
    )


def test_transition_is_post_only_and_scoped(
    coordinator: User, other_coordinator: User, programme: Programme
) -> None:
    recruiting(programme)
    set_phase(programme, "decision")
    assert logged_in_client(coordinator).get(transition_url(programme)).status_code == 405
    response = logged_in_client(other_coordinator).post(
        transition_url(programme), {"to_phase": "preparation"}
    )
    assert response.status_code == 404
    programme.refresh_from_db()
    assert programme.phase == "decision"


def test_a_missing_phase_is_an_error_not_a_crash(coordinator: User, programme: Programme) -> None:
    response = logged_in_client(coordinator).post(transition_url(programme), {}, follow=True)
    assert "Vælg den fase, ordningen skal flyttes til." in response.content.decode()


def test_the_detail_page_offers_the_back_step_only_while_it_is_allowed(
    coordinator: User, programme: Programme
) -> None:
    from django.test import Client
    from django.urls import reverse

    recruiting(programme)
    client = Client()
    client.force_login(coordinator)
    url = reverse("programmes:detail", args=[programme.slug])
    back_button = 'name="to_phase" value="decision"'
    assert back_button in client.get(url).content.decode()
    participate(programme, "mentee", "submitted")
    assert back_button not in client.get(url).content.decode()
