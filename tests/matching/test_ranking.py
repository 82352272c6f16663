"""Participants' input into matching: the programme's switch, the mentee's
shortlist of suitable mentors (allowed mentors only, no names, no other
mentee's data), the 1st/2nd/3rd choice, and how the choices enter the score,
the explanation and the fingerprint of a run."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mentoring.common.models import AuditEntry
from mentoring.matching import explanations
from mentoring.matching.models import MatchingSettings, MentorPreference
from mentoring.matching.profiles import build_pool
from mentoring.matching.selectors import effective_settings, mentee_shortlist
from mentoring.matching.services import (
    MatchingError,
    matching_publish,
    matching_run,
    matching_settings_update,
    mentor_preferences_set,
    pair_veto,
)
from mentoring.programmes.enums import ProgrammeKind
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import mentorship_propose, mentorship_respond
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, small_programme

pytestmark = pytest.mark.django_db

#: Written by another mentee: must never reach Anna's shortlist.
OTHER_MENTEE_MARKER = "Xylofonkvartet-hemmelighed"


def ranking_on(programme, coordinator, *, size: int = 6, weight: float | None = None) -> None:
    weights = {} if weight is None else {"mentee_ranking": weight}
    _weights, min_score = effective_settings(programme=programme)
    matching_settings_update(
        programme=programme,
        by=coordinator,
        weights=weights,
        min_score=min_score,
        participant_ranking=True,
        shortlist_size=size,
    )


def shortlist_url(programme) -> str:
    return reverse("matching:shortlist", args=[programme.slug])


@pytest.fixture
def people(programme):
    people = small_programme(programme)
    # Another mentee's application holds a marker in every free text.
    people["bo"].goals = [f"Mål om {OTHER_MENTEE_MARKER}"]
    people["bo"].motivation = OTHER_MENTEE_MARKER
    people["bo"].organisation = f"{OTHER_MENTEE_MARKER} A/S"
    people["bo"].save(update_fields=["goals", "motivation", "organisation"])
    return people


@pytest.fixture
def anna_client(people):
    return logged_in_client(people["anna"].user)


# --- 1. The switch ---------------------------------------------------------------------


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
        "action": "save",
    }
    data.update(overrides)
    return data


def test_the_coordinator_switches_ranking_on_and_then_weighs_it(programme, coordinator) -> None:
    client = logged_in_client(coordinator)
    url = reverse("matching:home", args=[programme.slug])
    html = client.get(url).content.decode()
    assert 'name="participant_ranking"' in html and 'name="shortlist_size"' in html
    assert "1st, 2nd and 3rd choice" in html or "1., 2. og 3." in html  # the help text
    assert 'name="weight_mentee_ranking"' not in html  # off: no weight to give

    response = client.post(url, settings_post(participant_ranking="on", shortlist_size="4"))
    assert response.status_code == 302
    row = MatchingSettings.objects.get(programme=programme)
    assert (row.participant_ranking, row.shortlist_size) == (True, 4)
    entry = AuditEntry.objects.filter(action="matching.settings_changed").latest("pk")
    assert entry.data["participant_ranking"] is True and entry.data["shortlist_size"] == 4

    html = client.get(url).content.decode()
    assert (
        'name="weight_mentee_ranking"' in html and 'value="2"' in html and 'value="2.0"' not in html
    )
    assert "0 mentees have made their choices so far." in html or "0 menteer har truffet" in html
    client.post(url, settings_post(participant_ranking="on", weight_mentee_ranking="5"))
    assert effective_settings(programme=programme)[0]["mentee_ranking"] == 5.0

    # Out of range: a clear error, nothing saved.
    response = client.post(url, settings_post(participant_ranking="on", shortlist_size="11"))
    assert response.status_code == 200
    assert 'id="id_shortlist_size_error"' in response.content.decode()
    assert MatchingSettings.objects.get(programme=programme).shortlist_size == 4

    # Off again: the weight disappears from the form and from runs.
    client.post(url, settings_post())
    assert MatchingSettings.objects.get(programme=programme).participant_ranking is False
    assert effective_settings(programme=programme)[0]["mentee_ranking"] == 0.0
    assert 'name="weight_mentee_ranking"' not in client.get(url).content.decode()


def test_the_service_clamps_the_shortlist_size(programme, coordinator) -> None:
    ranking_on(programme, coordinator, size=50)
    assert MatchingSettings.objects.get(programme=programme).shortlist_size == 10
    ranking_on(programme, coordinator, size=1)
    assert MatchingSettings.objects.get(programme=programme).shortlist_size == 3


# --- 2. The shortlist page ------------------------------------------------------------


def test_the_shortlist_shows_suitable_allowed_mentors_without_names(
    programme, coordinator, people, anna_client
) -> None:
    ranking_on(programme, coordinator)
    # Not allowed for Anna: her own organisation (open programme), a veto, no shared
    # language; and a mentor without a free place.
    same_org = accepted_mentor(programme, name="Sofie Samme", organisation="Aarhus Kommune")
    vetoed = accepted_mentor(programme, name="Viggo Veto", organisation="Lego")
    pair_veto(programme=programme, mentee=people["anna"], mentor=vetoed, by=coordinator)
    foreign = accepted_mentor(programme, name="Frank Fremmed", organisation="Siemens")
    foreign.languages = ["de"]
    foreign.save(update_fields=["languages"])
    full = accepted_mentor(programme, name="Fie Fuld", organisation="Carlsberg")
    mentorship_propose(programme=programme, mentee=people["carla"], mentor=full, by=coordinator)

    result = mentee_shortlist(participation=people["anna"], size=6)
    shown = [entry.mentor.pk for entry in result.entries]
    assert shown[0] == people["mads"].pk  # her best fit first
    assert set(shown) == {people["mads"].pk, people["nina"].pk, people["ole"].pk}
    assert [entry.letter for entry in result.entries] == ["A", "B", "C"]

    response = anna_client.get(shortlist_url(programme))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mentor A" in html and "HR-direktør" in html
    assert "Novo Nordisk" in html  # the organisation, in an open programme
    assert "Forandringsledelse efter fusioner" in html  # the mentor's expertise
    assert "forandringsledelse, fusion" in html  # expertise areas
    assert f'name="rank_{people["mads"].pk}"' in html
    # Why: at least one explanation sentence per mentor (in Danish, translated),
    # about "this mentor" (not "your mentor": not matched yet), never the third person.
    with translation.override("da"):
        sentence = explanations.explain_for_candidate(result.entries[0].contributions)[0].sentence
        third = explanations.explain(result.entries[0].contributions)[0].sentence
    assert sentence.startswith("Denne mentors ekspertise i"), sentence
    assert sentence in html
    assert third not in html
    assert "menteens" not in html and "Din mentor" not in html
    # Never a mentor's name or e-mail, never another mentee's data, never the
    # mentors the mentee cannot be matched with.
    for hidden in (
        "Mads Madsen",
        "Nina Nielsen",
        "mads.mentor@example.org",
        "Bo Bech",
        "Carla Christensen",
        OTHER_MENTEE_MARKER,
        "Sofie Samme",
        "Viggo Veto",
        "Frank Fremmed",
        "Fie Fuld",
        f'name="rank_{same_org.pk}"',
        f'name="rank_{vetoed.pk}"',
        f'name="rank_{foreign.pk}"',
        f'name="rank_{full.pk}"',
    ):
        assert hidden not in html, hidden


def test_the_shortlist_has_the_programmes_size_and_hides_the_organisation_internally(
    programme, coordinator, people, anna_client
) -> None:
    for k in range(4):
        accepted_mentor(
            programme,
            name=f"Ekstra Mentor{k}",
            email=f"ekstra{k}@example.org",
            organisation=f"Firma {k}",
            expertise="Økonomi og budgetter.",
            tags=["økonomi"],
            lived=["new_tasks"],
        )
    ranking_on(programme, coordinator, size=3)
    html = anna_client.get(shortlist_url(programme)).content.decode()
    assert html.count('class="card shortlist-card') == 3
    assert "Mentor C" in html and "Mentor D" not in html
    # A mentor the mentee chose earlier stays on the list even below the top 3.
    last = mentee_shortlist(participation=people["anna"], size=7).entries[-1].mentor
    MentorPreference.objects.create(mentee=people["anna"], mentor=last, rank=1)
    html = anna_client.get(shortlist_url(programme)).content.decode()
    assert html.count('class="card shortlist-card') == 4
    assert '<option value="1" selected>' in html

    programme.kind = ProgrammeKind.INTERNAL
    programme.save(update_fields=["kind"])
    html = anna_client.get(shortlist_url(programme)).content.decode()
    assert "<dt>Organisation</dt>" not in html
    assert "Novo Nordisk</dd>" not in html


def test_the_shortlist_page_queries_do_not_grow_with_the_number_of_mentors(
    programme, coordinator, people, anna_client
) -> None:
    ranking_on(programme, coordinator, size=10)
    anna_client.get(shortlist_url(programme))  # warm caches (sessions, site)
    with CaptureQueriesContext(connection) as few:
        response = anna_client.get(shortlist_url(programme))
    assert response.content.decode().count('class="card shortlist-card') == 3
    for k in range(6):
        accepted_mentor(
            programme,
            name=f"Flere Mentor{k}",
            email=f"flere{k}@example.org",
            organisation=f"Firma {k}",
        )
    with CaptureQueriesContext(connection) as many:
        response = anna_client.get(shortlist_url(programme))
    assert response.content.decode().count('class="card shortlist-card') == 9
    assert len(many) == len(few)


def test_only_an_accepted_mentee_of_a_ranking_programme_has_the_page(
    programme, other_programme, coordinator, people, client
) -> None:
    url = shortlist_url(programme)
    # Off: nobody has it.
    assert logged_in_client(people["anna"].user).get(url).status_code == 404
    ranking_on(programme, coordinator)
    assert logged_in_client(people["anna"].user).get(url).status_code == 200
    # Mentors do not rank; coordinators and strangers are not mentees here.
    assert logged_in_client(people["mads"].user).get(url).status_code == 404
    assert logged_in_client(people["mads"].user).post(url, {}).status_code == 404
    assert logged_in_client(coordinator).get(url).status_code == 404
    stranger = accepted_mentee(other_programme, name="Sten Fremmed")
    assert logged_in_client(stranger.user).get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A mentee who is not accepted (yet) has no list.
    people["anna"].status = "submitted"
    people["anna"].save(update_fields=["status"])
    assert logged_in_client(people["anna"].user).get(url).status_code == 404


# --- 2. Ranking -------------------------------------------------------------------------


def test_the_mentee_ranks_changes_and_clears(programme, coordinator, people, anna_client) -> None:
    ranking_on(programme, coordinator)
    url = shortlist_url(programme)
    mads, nina, ole = people["mads"], people["nina"], people["ole"]
    response = anna_client.post(
        url, {f"rank_{nina.pk}": "1", f"rank_{mads.pk}": "2", "action": "save"}
    )
    assert response.status_code == 302 and response["Location"] == url
    stored = list(
        MentorPreference.objects.filter(mentee=people["anna"]).values_list("mentor", "rank")
    )
    assert sorted(stored, key=lambda row: row[1]) == [(nina.pk, 1), (mads.pk, 2)]
    entry = AuditEntry.objects.get(action="matching.ranking_set")
    assert entry.actor == people["anna"].user and entry.data == {"ranked": 2}
    html = anna_client.get(url).content.decode()
    assert "Dine valg er gemt" in html or "Your choices are saved" in html

    # Change: Ole 1st, Nina 2nd, Mads 3rd.
    anna_client.post(url, {f"rank_{ole.pk}": "1", f"rank_{nina.pk}": "2", f"rank_{mads.pk}": "3"})
    assert dict(
        MentorPreference.objects.filter(mentee=people["anna"]).values_list("rank", "mentor")
    ) == {1: ole.pk, 2: nina.pk, 3: mads.pk}

    # Clear.
    anna_client.post(url, {f"rank_{ole.pk}": "1", "action": "clear"})
    assert not MentorPreference.objects.filter(mentee=people["anna"]).exists()


def test_duplicate_ranks_and_gaps_are_clear_errors(
    programme, coordinator, people, anna_client
) -> None:
    ranking_on(programme, coordinator)
    url = shortlist_url(programme)
    mads, nina = people["mads"], people["nina"]
    MentorPreference.objects.create(mentee=people["anna"], mentor=mads, rank=1)
    with translation.override("en"):
        response = anna_client.post(url, {f"rank_{mads.pk}": "1", f"rank_{nina.pk}": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert f'id="id_rank_{mads.pk}_error"' in html and f'id="id_rank_{nina.pk}_error"' in html
    assert "mentor A, mentor B" in html  # which mentors share the rank
    # Nothing changed.
    assert list(MentorPreference.objects.values_list("mentor", "rank")) == [(mads.pk, 1)]

    response = anna_client.post(url, {f"rank_{nina.pk}": "2"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert list(MentorPreference.objects.values_list("mentor", "rank")) == [(mads.pk, 1)]


def test_the_service_refuses_mentors_off_the_list_and_more_than_three(
    programme, coordinator, people
) -> None:
    ranking_on(programme, coordinator)
    anna = people["anna"]
    same_org = accepted_mentor(programme, name="Sofie Samme", organisation="Aarhus Kommune")
    extra = accepted_mentor(programme, name="Ekstra Mentor", organisation="Lego")
    with pytest.raises(MatchingError):
        mentor_preferences_set(mentee=anna, mentors=[same_org.pk], by=anna.user)
    with pytest.raises(MatchingError):
        mentor_preferences_set(mentee=anna, mentors=[people["bo"].pk], by=anna.user)
    with pytest.raises(MatchingError):
        mentor_preferences_set(
            mentee=anna,
            mentors=[people["mads"].pk, people["nina"].pk, people["ole"].pk, extra.pk],
            by=anna.user,
        )
    with pytest.raises(MatchingError):
        mentor_preferences_set(
            mentee=anna, mentors=[people["mads"].pk, people["mads"].pk], by=anna.user
        )
    with pytest.raises(MatchingError):  # mentors do not rank
        mentor_preferences_set(mentee=people["mads"], mentors=[people["nina"].pk], by=None)
    assert not MentorPreference.objects.exists()
    matching_settings_update(
        programme=programme, by=coordinator, weights={}, min_score=0.2, participant_ranking=False
    )
    with pytest.raises(MatchingError):
        mentor_preferences_set(mentee=anna, mentors=[people["mads"].pk], by=anna.user)


def test_the_ranking_closes_when_a_mentor_is_proposed_and_reopens_after_a_decline(
    programme, coordinator, people, anna_client
) -> None:
    ranking_on(programme, coordinator)
    url = shortlist_url(programme)
    anna = people["anna"]
    anna_client.post(url, {f"rank_{people['nina'].pk}": "1"})
    run = matching_run(programme=programme, by=coordinator)
    matching_publish(run=run, by=coordinator)
    mentorship = Mentorship.objects.get(mentee=anna)

    response = anna_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="rank_' not in html
    assert reverse("relationships:my_matches") in html
    response = anna_client.post(url, {f"rank_{people['mads'].pk}": "1"})
    assert response.status_code == 302
    assert list(MentorPreference.objects.values_list("mentor", flat=True)) == [people["nina"].pk]
    with pytest.raises(MatchingError):
        mentor_preferences_set(mentee=anna, mentors=[], by=anna.user)

    mentorship_respond(mentorship=mentorship, participation=anna, accept=False, reason="Nej tak")
    # Back in the pool, she may choose again (not the declined mentor, who is vetoed).
    newcomer = accepted_mentor(programme, name="Nora Ny", organisation="Lego")
    html = anna_client.get(url).content.decode()
    assert f'name="rank_{newcomer.pk}"' in html
    assert f'name="rank_{mentorship.mentor_id}"' not in html


def test_the_applications_page_links_to_the_shortlist(
    programme, coordinator, people, anna_client
) -> None:
    my_applications = reverse("participants:my_applications")
    assert shortlist_url(programme) not in anna_client.get(my_applications).content.decode()
    ranking_on(programme, coordinator)
    assert shortlist_url(programme) in anna_client.get(my_applications).content.decode()
    mentor_page = logged_in_client(people["mads"].user).get(my_applications).content.decode()
    assert shortlist_url(programme) not in mentor_page


# --- 3. The ranks enter the score ------------------------------------------------------


@pytest.fixture
def close_call(programme):
    """One mentee and two mentors who differ only in availability: Mads fits
    a little better (the same morning as Anna) than Per."""
    anna = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    mads = accepted_mentor(programme, name="Mads Madsen", organisation="Novo Nordisk")
    per = accepted_mentor(
        programme, name="Per Poulsen", organisation="Vestas", availability="Torsdag aften"
    )
    return anna, mads, per


def proposed(run, mentee):
    return run.proposals.get(mentee=mentee)


def test_a_first_choice_wins_over_a_slightly_better_fit(programme, coordinator, close_call) -> None:
    anna, mads, per = close_call
    before = matching_run(programme=programme, by=coordinator)
    assert proposed(before, anna).mentor == mads  # the better fit
    ranking_on(programme, coordinator, weight=2.0)
    mentor_preferences_set(mentee=anna, mentors=[per.pk], by=anna.user)

    run = matching_run(programme=programme, by=coordinator)
    proposal = proposed(run, anna)
    assert proposal.mentor == per
    assert run.parameters["participant_ranking"] is True and run.parameters["ranked_mentees"] == 1
    ranking = next(c for c in proposal.contributions if c["criterion"] == "mentee_ranking")
    assert ranking["value"] == 1.0 and ranking["facts"]["rank"] == 1
    with translation.override("en"):
        sentences = [item.sentence for item in explanations.explain(proposal.contributions)]
    assert "The mentee ranked this mentor as their 1st choice." in sentences
    # Mads, the slightly better fit, is the alternative.
    assert [alt["mentor"] for alt in proposal.alternatives] == [mads.pk]

    # With a tiny weight the choice does not outweigh the better fit.
    ranking_on(programme, coordinator, weight=0.01)
    assert proposed(matching_run(programme=programme, by=coordinator), anna).mentor == mads


def test_with_the_switch_off_stored_ranks_are_ignored(programme, coordinator, close_call) -> None:
    anna, mads, per = close_call
    ranking_on(programme, coordinator)
    mentor_preferences_set(mentee=anna, mentors=[per.pk], by=anna.user)
    matching_settings_update(
        programme=programme, by=coordinator, weights={}, min_score=0.2, participant_ranking=False
    )
    assert build_pool(programme=programme).mentees[0].ranked_mentors == ()
    run = matching_run(programme=programme, by=coordinator)
    proposal = proposed(run, anna)
    assert proposal.mentor == mads
    assert "mentee_ranking" not in {c["criterion"] for c in proposal.contributions}
    assert run.weights["mentee_ranking"] == 0.0
    assert run.parameters["participant_ranking"] is False


def test_the_fingerprint_includes_the_choices(programme, coordinator, close_call) -> None:
    anna, mads, per = close_call
    off = matching_run(programme=programme, by=coordinator)
    ranking_on(programme, coordinator)
    on_without_choices = matching_run(programme=programme, by=coordinator)
    mentor_preferences_set(mentee=anna, mentors=[per.pk, mads.pk], by=anna.user)
    first = matching_run(programme=programme, by=coordinator)
    same = matching_run(programme=programme, by=coordinator)
    mentor_preferences_set(mentee=anna, mentors=[mads.pk, per.pk], by=anna.user)
    changed = matching_run(programme=programme, by=coordinator)
    assert first.fingerprint == same.fingerprint
    assert len({off.fingerprint, on_without_choices.fingerprint, first.fingerprint}) == 3
    assert changed.fingerprint != first.fingerprint
    # Switched off, the stored choices no longer change the fingerprint.
    matching_settings_update(
        programme=programme, by=coordinator, weights={}, min_score=0.2, participant_ranking=False
    )
    assert matching_run(programme=programme, by=coordinator).fingerprint == off.fingerprint


def test_the_explanation_names_the_rank_the_mentee_gave(programme, coordinator, close_call) -> None:
    """Anna's 1st choice has no free place any more: her 2nd choice counts as
    her best available one, and the explanation still says "2nd choice"."""
    anna, mads, per = close_call
    ranking_on(programme, coordinator, weight=5.0)
    mentor_preferences_set(mentee=anna, mentors=[mads.pk, per.pk], by=anna.user)
    other = accepted_mentee(programme, name="Dorte Dahl", organisation="Aalborg Kommune")
    mentorship_propose(programme=programme, mentee=other, mentor=mads, by=coordinator)
    run = matching_run(programme=programme, by=coordinator)
    proposal = proposed(run, anna)
    assert proposal.mentor == per
    ranking = next(c for c in proposal.contributions if c["criterion"] == "mentee_ranking")
    assert ranking["facts"]["chosen_rank"] == 2
    with translation.override("en"):
        sentences = [item.sentence for item in explanations.explain(proposal.contributions)]
    assert "The mentee ranked this mentor as their 2nd choice." in sentences
    with translation.override("en"):
        rows = explanations.weight_rows(run.weights, ranking=True)
    assert ("The mentee's own ranking", 5.0) in rows
