"""Coordinator pages of matching: settings and run, the run page with its
explanations, pins and vetoes, publishing; scoping (another programme's
matching is a 404) and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.matching.enums import DecisionKind, RunStatus
from mentoring.matching.models import MatchingRun, MatchingSettings, PairDecision, Proposal
from mentoring.matching.services import matching_run
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, small_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(programme):
    return small_programme(programme)


@pytest.fixture
def client_(coordinator) -> Client:
    return logged_in_client(coordinator)


def home_url(programme) -> str:
    return reverse("matching:home", args=[programme.slug])


def run_url(programme, number: int) -> str:
    return reverse("matching:run", args=[programme.slug, number])


def settings_post(**overrides) -> dict:
    data = {
        "weight_goals_expertise": "3",
        "weight_change_lived": "2",
        "weight_roles": "1.5",
        "weight_benefits": "1",
        "weight_experience": "1",
        "weight_different_base": "1",
        "weight_region_format": "1",
        "weight_availability": "0.5",
        "min_score": "0.2",
    }
    data.update(overrides)
    return data


def test_home_shows_the_settings_and_the_run_button(client_, programme, people) -> None:
    response = client_.get(home_url(programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kør matching" in html
    assert "Mål og ekspertise" in html  # the criteria, in Danish
    assert (
        'name="weight_goals_expertise"' in html
        and 'value="3"' in html
        and 'value="3.0"' not in html
    )
    assert "Ingen kørsler endnu" in html


def test_running_from_the_settings_form_saves_and_runs(client_, programme, people) -> None:
    response = client_.post(
        home_url(programme), settings_post(weight_availability="0", action="run")
    )
    run = MatchingRun.objects.get(programme=programme)
    assert response.status_code == 302
    assert response["Location"] == run_url(programme, run.number)
    assert run.status == RunStatus.DONE and run.weights["availability"] == 0.0
    assert MatchingSettings.objects.get(programme=programme).weights["availability"] == 0.0


def test_saving_settings_validates(client_, programme) -> None:
    response = client_.post(home_url(programme), settings_post(min_score="2", action="save"))
    assert response.status_code == 200
    assert "form-errors" in response.content.decode() or "errorlist" in response.content.decode()
    assert not MatchingSettings.objects.exists()
    response = client_.post(home_url(programme), settings_post(action="save"))
    assert response.status_code == 302 and response["Location"] == home_url(programme)
    assert not MatchingRun.objects.exists()


def test_the_run_page_explains_every_pair_in_danish(client_, programme, coordinator, people):
    run = matching_run(programme=programme, by=coordinator)
    response = client_.get(run_url(programme, run.number))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Matchingkørsel 1" in html
    assert "Bevist optimal" in html
    for name in ("Anna Andersen", "Mads Madsen", "Bo Bech", "Nina Nielsen"):
        assert name in html
    # Sentences from the facts, in Danish; the alternatives are worse (U+2212).
    assert "Mentor har selv stået i den samme forandring som menteen: »Fusion«." in html
    assert "\u22120," in html
    assert run.fingerprint in html
    assert "Offentliggør forslagene" in html


def test_the_run_page_in_english(programme, coordinator, people) -> None:
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    run = matching_run(programme=programme, by=coordinator)
    html = logged_in_client(coordinator).get(run_url(programme, run.number)).content.decode()
    assert "Proven optimal" in html
    assert "The mentor has lived through the same change as the mentee: “Merger”." in html


def test_the_run_page_shows_the_difference_to_the_previous_run(
    client_, programme, coordinator, people
) -> None:
    matching_run(programme=programme, by=coordinator)
    PairDecision.objects.create(
        programme=programme,
        mentee=people["anna"],
        mentor=people["nina"],
        kind=DecisionKind.PIN,
        by=coordinator,
    )
    second = matching_run(programme=programme, by=coordinator)
    html = client_.get(run_url(programme, second.number)).content.decode()
    assert "Sammenlignet med kørsel 1" in html
    assert "mentees har en anden mentor" in html
    assert "før: Mads Madsen" in html


def test_pin_veto_and_clear_from_the_run_page(client_, programme, coordinator, people) -> None:
    run = matching_run(programme=programme, by=coordinator)
    url = reverse("matching:pair", args=[programme.slug])
    pair = {"mentee": people["anna"].pk, "mentor": people["nina"].pk, "run": run.number}
    response = client_.post(url, {**pair, "action": "pin"})
    # Without JavaScript: back to the run page, at the pair's row.
    anchor = f"#pair-{people['anna'].pk}"
    assert response.status_code == 302
    assert response["Location"] == run_url(programme, 1) + anchor
    assert PairDecision.objects.get(mentee=people["anna"]).kind == DecisionKind.PIN
    client_.post(url, {**pair, "action": "veto"})
    assert PairDecision.objects.get(mentee=people["anna"]).kind == DecisionKind.VETO
    client_.post(url, {**pair, "action": "clear"})
    assert not PairDecision.objects.exists()
    # Re-run keeps a pin.
    client_.post(url, {**pair, "action": "pin"})
    response = client_.post(reverse("matching:run_start", args=[programme.slug]))
    assert response["Location"] == run_url(programme, 2)
    assert Proposal.objects.get(run__number=2, mentee=people["anna"]).mentor == people["nina"]


def test_a_pair_of_another_programme_is_a_404(
    client_, programme, other_programme, coordinator
) -> None:
    mentee = accepted_mentee(programme, name="Anna Andersen", organisation="A")
    stranger = accepted_mentor(other_programme, name="Sofie Stranger", organisation="B")
    response = client_.post(
        reverse("matching:pair", args=[programme.slug]),
        {"mentee": mentee.pk, "mentor": stranger.pk, "action": "pin"},
    )
    assert response.status_code == 404
    assert not PairDecision.objects.exists()


def test_publish_from_the_run_page(client_, programme, coordinator, people) -> None:
    run = matching_run(programme=programme, by=coordinator)
    response = client_.post(
        reverse("matching:publish", args=[programme.slug, run.number]), {"confirm": "1"}
    )
    assert response.status_code == 302 and response["Location"] == home_url(programme)
    assert Mentorship.objects.filter(run=run).count() == 3
    html = client_.get(home_url(programme)).content.decode()
    assert "Menteen har ikke svaret endnu." in html
    # Publishing twice is refused with a message.
    response = client_.post(
        reverse("matching:publish", args=[programme.slug, run.number]), {"confirm": "1"}
    )
    assert response["Location"] == run_url(programme, run.number)
    assert Mentorship.objects.count() == 3


def test_other_coordinators_and_participants_get_404(
    programme, coordinator, other_coordinator, mentee, mentor, people
) -> None:
    run = matching_run(programme=programme, by=coordinator)
    urls = [
        ("get", home_url(programme)),
        ("get", run_url(programme, run.number)),
        ("get", reverse("matching:run_status", args=[programme.slug, run.number])),
        ("post", reverse("matching:run_start", args=[programme.slug])),
        ("post", reverse("matching:publish", args=[programme.slug, run.number])),
        ("post", reverse("matching:pair", args=[programme.slug])),
    ]
    for person in (other_coordinator, mentee, mentor):
        client = logged_in_client(person)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (person, url)
    anonymous = Client()
    for method, url in urls:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert MatchingRun.objects.count() == 1 and not Mentorship.objects.exists()


def test_an_unknown_run_is_a_404(client_, programme) -> None:
    assert client_.get(run_url(programme, 99)).status_code == 404


def test_progress_is_polled_until_the_run_is_done(client_, programme, coordinator) -> None:
    run = MatchingRun.objects.create(
        programme=programme, number=1, status=RunStatus.RUNNING, progress=40, background=True
    )
    status_url = reverse("matching:run_status", args=[programme.slug, 1])
    html = client_.get(run_url(programme, 1)).content.decode()
    assert f'hx-get="{status_url}"' in html and 'value="40"' in html
    response = client_.get(status_url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'hx-trigger="every 2s"' in response.content.decode()
    run.status = RunStatus.DONE
    run.save(update_fields=["status"])
    response = client_.get(status_url, headers={"HX-Request": "true"})
    assert response.headers.get("HX-Refresh") == "true"


def _fake_run(programme, n: int) -> MatchingRun:
    """A finished run with ``n`` proposals written directly (no engine)."""
    run = MatchingRun.objects.create(
        programme=programme, number=MatchingRun.objects.count() + 1, status="done", matched=n
    )
    mentors = [
        accepted_mentor(
            programme, name=f"Mentor{k} M", organisation=f"Org M{k}", email=f"m{k}-{run.pk}@x.dk"
        )
        for k in range(3)
    ]
    for k in range(n):
        mentee = accepted_mentee(
            programme, name=f"Mentee{k} N", organisation=f"Org {k}", email=f"q{k}-{run.pk}@x.dk"
        )
        Proposal.objects.create(
            run=run,
            mentee=mentee,
            mentor=mentors[0],
            score=0.7,
            contributions=[
                {
                    "criterion": "change_lived",
                    "value": 1.0,
                    "weight": 0.5,
                    "points": 0.5,
                    "facts": {"situation": "merger", "kind": "external", "match": "same"},
                },
                {
                    "criterion": "goals_expertise",
                    "value": 0.4,
                    "weight": 0.5,
                    "points": 0.2,
                    "facts": {"tags": [], "terms": ["forandringsledelse"]},
                },
            ],
            alternatives=[
                {"mentor": mentors[1].pk, "score": 0.62},
                {"mentor": mentors[2].pk, "score": 0.5},
            ],
        )
        if k % 2:
            run.unmatched.create(mentee=mentee, reason_code="capacity")
    return run


def test_run_page_queries_do_not_grow_with_the_number_of_proposals(
    client_, programme, other_programme
) -> None:
    small = _fake_run(programme, 1)
    other_programme.coordinators.add(*programme.coordinators.all())
    large = _fake_run(other_programme, 30)
    with CaptureQueriesContext(connection) as one:
        response = client_.get(run_url(programme, small.number))
    assert response.status_code == 200
    assert "Begge arbejder med forandringsledelse." in response.content.decode()
    with CaptureQueriesContext(connection) as many:
        response = client_.get(run_url(other_programme, large.number))
    assert response.status_code == 200
    assert response.content.decode().count("Begge arbejder med forandringsledelse.") == 30
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_home_queries_do_not_grow_with_runs_and_decisions(
    client_, programme, other_programme, coordinator
) -> None:
    _fake_run(programme, 1)
    other_programme.coordinators.add(coordinator)
    for _ in range(5):
        _fake_run(other_programme, 2)
    with CaptureQueriesContext(connection) as one:
        assert client_.get(home_url(programme)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client_.get(home_url(other_programme)).status_code == 200
    assert len(many) == len(one)


def test_home_lists_published_matches_a_page_at_a_time(
    client_, programme, coordinator, people, monkeypatch
) -> None:
    from mentoring.matching import views

    monkeypatch.setattr(views, "MATCHES_PAGE_SIZE", 2)
    run = matching_run(programme=programme, by=coordinator)
    client_.post(reverse("matching:publish", args=[programme.slug, run.number]), {"confirm": "1"})
    assert Mentorship.objects.filter(programme=programme).count() == 3
    with CaptureQueriesContext(connection) as two:
        first = client_.get(home_url(programme)).content.decode()
    with CaptureQueriesContext(connection) as one:
        second = client_.get(home_url(programme) + "?page=2").content.decode()
    assert "Side 1 af 2" in first and 'href="?page=2#mentorships-heading"' in first
    assert "Side 2 af 2" in second
    names = ["Anna Andersen", "Bo Bech", "Carla Christensen"]
    assert sum(first.count(name) for name in names) == 2
    assert sum(second.count(name) for name in names) == 1
    assert len(one) == len(two)
