"""Pins keep the hard rules (issue 16, point 9): a pair the engine would
never propose (same organisation in an open programme, no shared language,
a vetoed pair) cannot be pinned, not even by editing the run page's hidden
fields; and a new pin for a mentee who already has one replaces the earlier
pin only when the coordinator confirms the replacement."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from mentoring.common.models import AuditEntry
from mentoring.matching.enums import DecisionKind
from mentoring.matching.models import PairDecision
from mentoring.matching.services import (
    MatchingError,
    PinReplacementNeeded,
    matching_run,
    pair_pin,
    pair_veto,
)
from mentoring.programmes.enums import ProgrammeKind
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, small_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(programme):
    return small_programme(programme)


@pytest.fixture
def client_(coordinator):
    return logged_in_client(coordinator)


def pair_url(programme) -> str:
    return reverse("matching:pair", args=[programme.slug])


def pins_of(mentee) -> list[int]:
    return list(
        PairDecision.objects.filter(mentee=mentee, kind=DecisionKind.PIN).values_list(
            "mentor_id", flat=True
        )
    )


# --- Hard rules -----------------------------------------------------------------------


def test_the_service_refuses_a_pin_of_the_same_organisation_in_an_open_programme(
    programme, coordinator
) -> None:
    anna = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    mads = accepted_mentor(programme, name="Mads Madsen", organisation="  aarhus  kommune")
    with translation.override("en"), pytest.raises(MatchingError) as error:
        pair_pin(programme=programme, mentee=anna, mentor=mads, by=coordinator)
    assert "same organisation" in error.value.message
    assert not PairDecision.objects.exists()
    # In an internal programme everybody shares the organisation: allowed.
    programme.kind = ProgrammeKind.INTERNAL
    programme.save(update_fields=["kind"])
    pair_pin(programme=programme, mentee=anna, mentor=mads, by=coordinator)
    assert pins_of(anna) == [mads.pk]


def test_the_service_refuses_a_pin_without_a_shared_language(programme, coordinator) -> None:
    anna = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    mads = accepted_mentor(programme, name="Mads Madsen", organisation="Novo Nordisk")
    mads.languages = ["en"]
    mads.save(update_fields=["languages"])
    with translation.override("en"), pytest.raises(MatchingError) as error:
        pair_pin(programme=programme, mentee=anna, mentor=mads, by=coordinator)
    assert "language" in error.value.message
    assert not PairDecision.objects.exists()


def test_a_vetoed_pair_cannot_be_pinned_until_the_veto_is_removed(
    programme, coordinator, people
) -> None:
    anna, nina = people["anna"], people["nina"]
    pair_veto(programme=programme, mentee=anna, mentor=nina, by=coordinator)
    with translation.override("en"), pytest.raises(MatchingError) as error:
        pair_pin(programme=programme, mentee=anna, mentor=nina, by=coordinator)
    assert "vetoed" in error.value.message
    assert PairDecision.objects.get(mentee=anna, mentor=nina).kind == DecisionKind.VETO


def test_edited_hidden_fields_cannot_pin_a_forbidden_pair(programme, coordinator, client_) -> None:
    """The run page never offers the pair; a hand-made POST gets a reason."""
    anna = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    mads = accepted_mentor(programme, name="Mads Madsen", organisation="Aarhus Kommune")
    accepted_mentor(programme, name="Per Poulsen", organisation="Vestas")
    run = matching_run(programme=programme, by=coordinator)
    response = client_.post(
        pair_url(programme),
        {"mentee": anna.pk, "mentor": mads.pk, "run": run.number, "action": "pin"},
        follow=True,
    )
    assert not PairDecision.objects.exists()
    page = response.content.decode()
    assert "samme organisation" in page
    assert "er låst sammen" not in page


# --- An explicit replacement ---------------------------------------------------------


def test_a_second_pin_does_not_silently_replace_the_first(programme, coordinator, people) -> None:
    anna, nina, ole = people["anna"], people["nina"], people["ole"]
    pair_pin(programme=programme, mentee=anna, mentor=nina, by=coordinator)
    with pytest.raises(PinReplacementNeeded) as error:
        pair_pin(programme=programme, mentee=anna, mentor=ole, by=coordinator)
    assert error.value.current.mentor_id == nina.pk
    assert pins_of(anna) == [nina.pk]

    # Confirming the replacement of another pin than the current one replaces nothing.
    with pytest.raises(PinReplacementNeeded):
        pair_pin(programme=programme, mentee=anna, mentor=ole, by=coordinator, replaces=ole.pk)
    assert pins_of(anna) == [nina.pk]

    pair_pin(programme=programme, mentee=anna, mentor=ole, by=coordinator, replaces=nina.pk)
    assert pins_of(anna) == [ole.pk]
    entry = AuditEntry.objects.filter(action="matching.pair_pinned").latest("pk")
    assert entry.data["replaced_mentor_id"] == nina.pk


def test_the_run_page_asks_before_replacing_a_pin(programme, coordinator, people, client_) -> None:
    anna, nina, ole = people["anna"], people["nina"], people["ole"]
    run = matching_run(programme=programme, by=coordinator)
    pair_pin(programme=programme, mentee=anna, mentor=nina, by=coordinator)
    data = {"mentee": anna.pk, "mentor": ole.pk, "run": run.number, "action": "pin"}

    response = client_.post(pair_url(programme), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna Andersen er allerede låst sammen med Nina" in page
    assert f'name="replaces" value="{nina.pk}"' in page
    assert pins_of(anna) == [nina.pk]  # nothing changed yet

    response = client_.post(pair_url(programme), {**data, "replaces": nina.pk}, follow=True)
    assert pins_of(anna) == [ole.pk]
    page = response.content.decode()
    assert "Det erstatter låsen med Nina" in page
