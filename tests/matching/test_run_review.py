"""The run page as a review a coordinator works through (issue 17 point 3):
pages of pairs with filters in the URL, each pair's score and two strongest
reasons with the rest folded, pin/veto/swap updating the row in place (htmx)
or returning to the same row without JavaScript, a constant number of
queries per page, and the view audited once an hour rather than per request."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.common.models import AuditEntry
from mentoring.matching import views
from mentoring.matching.enums import DecisionKind
from mentoring.matching.models import PairDecision, Proposal
from mentoring.matching.services import matching_run, pair_pin
from tests.conftest import logged_in_client
from tests.relationships.helpers import small_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(programme):
    return small_programme(programme)


@pytest.fixture
def client_(coordinator) -> Client:
    return logged_in_client(coordinator)


@pytest.fixture
def run(programme, coordinator, people):
    return matching_run(programme=programme, by=coordinator)


def run_url(programme, number: int, query: str = "") -> str:
    return reverse("matching:run", args=[programme.slug, number]) + query


def pair_url(programme) -> str:
    return reverse("matching:pair", args=[programme.slug])


def row_ids(html: str) -> list[str]:
    return re.findall(r'<tr class="proposal[^"]*" id="(pair-\d+)"', html)


def test_pages_of_pairs_keep_the_filter(client_, programme, run, monkeypatch) -> None:
    monkeypatch.setattr(views, "RUN_PAGE_SIZE", 2)
    Proposal.objects.filter(run=run).update(score=0.3)  # every pair has a low score
    html = client_.get(run_url(programme, run.number, "?show=low")).content.decode()
    assert len(row_ids(html)) == 2
    assert "Side 1 af 2" in html
    # The next page's link keeps the filter (and lands on the list).
    assert 'href="?show=low&amp;page=2#pairs"' in html
    second = client_.get(run_url(programme, run.number, "?show=low&page=2")).content.decode()
    assert len(row_ids(second)) == 1
    assert set(row_ids(html)) | set(row_ids(second)) == {
        f"pair-{pk}" for pk in run.proposals.values_list("mentee_id", flat=True)
    }


def test_filters_low_score_pinned_changed_and_unmatched(
    client_, programme, coordinator, run, people
) -> None:
    anna = people["anna"]
    Proposal.objects.filter(run=run, mentee=anna).update(score=0.31)
    html = client_.get(run_url(programme, run.number, "?show=low")).content.decode()
    assert row_ids(html) == [f"pair-{anna.pk}"]
    # A pin made after the run shows under "pinned".
    proposal = Proposal.objects.get(run=run, mentee=people["bo"])
    pair_pin(programme=programme, mentee=people["bo"], mentor=proposal.mentor, by=coordinator)
    html = client_.get(run_url(programme, run.number, "?show=pinned")).content.decode()
    assert row_ids(html) == [f"pair-{people['bo'].pk}"]
    # Run 2 against run 1 whose pairs for Anna and Carla were different.
    second = matching_run(programme=programme, by=coordinator)
    anna_1 = Proposal.objects.get(run=run, mentee=anna)
    carla_1 = Proposal.objects.get(run=run, mentee=people["carla"])
    anna_mentor, carla_mentor = anna_1.mentor_id, carla_1.mentor_id
    Proposal.objects.filter(pk=anna_1.pk).update(mentor_id=carla_mentor)
    Proposal.objects.filter(pk=carla_1.pk).update(mentor_id=anna_mentor)
    html = client_.get(run_url(programme, second.number, "?show=changed")).content.decode()
    assert sorted(row_ids(html)) == sorted([f"pair-{anna.pk}", f"pair-{people['carla'].pk}"])
    # Every pair found a mentor: the unmatched filter says so.
    html = client_.get(run_url(programme, second.number, "?show=unmatched")).content.decode()
    assert row_ids(html) == []
    assert "Alle mentees i puljen har en foreslået mentor." in html
    # An unknown filter shows every pair.
    html = client_.get(run_url(programme, second.number, "?show=nonsense")).content.decode()
    assert len(row_ids(html)) == 3


def test_two_strongest_reasons_shown_and_the_rest_folded(client_, programme, run) -> None:
    html = client_.get(run_url(programme, run.number)).content.decode()
    first_row = html[html.index('<tr class="proposal') :]
    first_row = first_row[: first_row.index("</tr>")]
    shown, folded = first_row.split("<details", 1)
    assert shown.count('<span class="criterion">') == 2
    assert folded.count('<span class="criterion">') >= 1
    assert "<summary>" in folded


def test_queries_do_not_grow_with_the_rows(
    client_, programme, run, monkeypatch, django_assert_max_num_queries
) -> None:
    monkeypatch.setattr(views, "RUN_PAGE_SIZE", 1)
    client_.get(run_url(programme, run.number))  # the hour's audit row is written
    with django_assert_max_num_queries(40) as one:
        client_.get(run_url(programme, run.number))
    monkeypatch.setattr(views, "RUN_PAGE_SIZE", 50)
    with django_assert_max_num_queries(len(one.captured_queries)) as three:
        html = client_.get(run_url(programme, run.number)).content.decode()
    assert len(row_ids(html)) == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_htmx_pin_and_veto_return_only_the_row(client_, programme, run, people) -> None:
    anna = people["anna"]
    mentor = Proposal.objects.get(run=run, mentee=anna).mentor_id
    data = {"mentee": anna.pk, "mentor": mentor, "run": run.number, "show": "all", "page": 1}
    response = client_.post(pair_url(programme), {**data, "action": "pin"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert PairDecision.objects.get(mentee=anna, mentor_id=mentor).kind == DecisionKind.PIN
    assert html.lstrip().startswith(f'<tr class="proposal" id="pair-{anna.pk}">')
    assert "<html" not in html and "<nav" not in html
    assert row_ids(html) == [f"pair-{anna.pk}"]
    # The row now offers "Unpin" on the button that had the focus, and the
    # message goes into the page's status region (an out-of-band swap).
    assert re.search(rf'id="pair-{anna.pk}-pin">Lås op', html)
    assert 'id="pair-status" class="pair-status" role="status" hx-swap-oob="true"' in html
    assert "er låst sammen" in html
    # The message is not left over for the next full page.
    page = client_.get(run_url(programme, run.number)).content.decode()
    assert "er låst sammen" not in page
    response = client_.post(
        pair_url(programme), {**data, "action": "clear"}, HTTP_HX_REQUEST="true"
    )
    assert not PairDecision.objects.filter(mentee=anna).exists()
    response = client_.post(pair_url(programme), {**data, "action": "veto"}, HTTP_HX_REQUEST="true")
    assert PairDecision.objects.get(mentee=anna).kind == DecisionKind.VETO
    assert re.search(rf'id="pair-{anna.pk}-veto">Fjern udelukkelse', response.content.decode())


def test_without_javascript_back_to_the_same_page_and_row(
    client_, programme, run, people, monkeypatch
) -> None:
    monkeypatch.setattr(views, "RUN_PAGE_SIZE", 1)
    bo = people["bo"]
    mentor = Proposal.objects.get(run=run, mentee=bo).mentor_id
    response = client_.post(
        pair_url(programme),
        {
            "mentee": bo.pk,
            "mentor": mentor,
            "run": run.number,
            "show": "low",
            "page": 2,
            "action": "veto",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == run_url(programme, run.number, f"?show=low&page=2#pair-{bo.pk}")
    assert PairDecision.objects.get(mentee=bo).kind == DecisionKind.VETO
    # The message shows on the page the coordinator returns to.
    page = client_.get(response["Location"]).content.decode()
    assert "er udelukket" in page


def test_swap_moves_the_pin_to_an_alternative_in_place(
    client_, programme, coordinator, run, people
) -> None:
    carla = people["carla"]
    proposal = Proposal.objects.get(run=run, mentee=carla)
    assert proposal.alternatives, "the small programme gives each mentee alternatives"
    pair_pin(programme=programme, mentee=carla, mentor=proposal.mentor, by=coordinator)
    html = client_.get(run_url(programme, run.number)).content.decode()
    alternative = int(proposal.alternatives[0]["mentor"])
    # The alternative's button says it swaps the pin, and carries the pin it replaces.
    assert f'name="replaces" value="{proposal.mentor_id}"' in html
    response = client_.post(
        pair_url(programme),
        {
            "mentee": carla.pk,
            "mentor": alternative,
            "run": run.number,
            "action": "pin",
            "replaces": proposal.mentor_id,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and row_ids(response.content.decode()) == [
        f"pair-{carla.pk}"
    ]
    pins = PairDecision.objects.filter(mentee=carla, kind=DecisionKind.PIN)
    assert list(pins.values_list("mentor_id", flat=True)) == [alternative]


def test_the_run_view_is_audited_once_an_hour(client_, programme, run) -> None:
    for _ in range(3):
        client_.get(run_url(programme, run.number))
        client_.get(run_url(programme, run.number, "?page=1&show=low"))
    entries = AuditEntry.objects.filter(action="matching.run_viewed")
    assert entries.count() == 1
    entries.update(created_at=entries.get().created_at - timedelta(minutes=61))
    client_.get(run_url(programme, run.number))
    assert entries.count() == 2


def test_reviewed_run_reads_the_run_its_previous_done_run_and_whether_it_is_the_latest(
    programme, coordinator, other_coordinator, superuser
) -> None:
    """One query (``reviewed_run``) gives what three did: the run, the done
    run before it (a failed or running run in between is skipped) and whether
    a newer run is done; another coordinator's programme is not found."""
    from mentoring.matching.models import MatchingRun
    from mentoring.matching.review_selectors import reviewed_run

    for number, status in [(1, "done"), (2, "failed"), (3, "done"), (4, "running")]:
        MatchingRun.objects.create(programme=programme, number=number, status=status)

    def read(number: int, user=coordinator):
        with CaptureQueriesContext(connection) as queries:
            reviewed = reviewed_run(user=user, slug=programme.slug, number=number)
        assert len(queries) == 1
        assert reviewed.run.programme == programme
        previous = reviewed.previous.number if reviewed.previous else None
        return reviewed.run.number, previous, reviewed.is_latest

    assert read(1) == (1, None, False)
    assert read(2) == (2, 1, False)
    assert read(3) == (3, 1, True)  # run 4 is not done: 3 is the latest done run
    assert read(4) == (4, 3, False)
    assert read(3, superuser) == (3, 1, True)
    MatchingRun.objects.filter(programme=programme, number=4).update(status="done")
    assert read(3) == (3, 1, False)
    assert read(4) == (4, 3, True)
    for number, user in [(5, coordinator), (3, other_coordinator)]:
        with pytest.raises(MatchingRun.DoesNotExist):
            reviewed_run(user=user, slug=programme.slug, number=number)
