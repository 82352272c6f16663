"""The coordinator's view of a programme's pairs: each pair's progress in the
establishment phase, filterable, in a constant number of queries; one pair's
status and dates, never what the pair wrote. Texts are checked in English
(the coordinator's language is set to "en")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.relationships.enums import MentorshipStatus, Side, TrialAnswer
from mentoring.relationships.models import AgreementVersion, Mentorship, TrialResponse
from mentoring.relationships.services import mentorship_propose
from mentoring.relationships.services.roles import roles_agree, roles_answer_submit
from tests.conftest import logged_in_client
from tests.relationships.helpers import ROLES_LOW, accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db

#: Text the pair wrote: none of it may reach a coordinator's page.
SECRETS = {
    "roles_comment": "ROLES-COMMENT-SECRET-1",
    "goals": "GOAL-SECRET-2",
    "confidentiality": "CONFIDENTIALITY-SECRET-3",
    "employer_duty_topics": "EMPLOYER-SECRET-4",
    "off_limits_topics": "OFF-LIMITS-SECRET-5",
    "places": "PLACES-SECRET-6",
    "homework": "HOMEWORK-SECRET-7",
    "contact_between_meetings": "CONTACT-SECRET-8",
    "moving_or_cancelling": "MOVING-SECRET-9",
    "ending": "ENDING-SECRET-10",
}


@pytest.fixture
def coordinator_en(coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


def make_pair(programme: Any, n: int) -> Mentorship:
    mentee = accepted_mentee(
        programme, name=f"Mentee{n} Hansen", email=f"mentee{n}@example.org", organisation=f"Org {n}"
    )
    mentor = accepted_mentor(
        programme, name=f"Mentor{n} Jensen", email=f"mentor{n}@example.org", organisation="Novo"
    )
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def answer(mentorship: Mentorship, side: Side, comment: str = "") -> None:
    roles_answer_submit(
        mentorship=mentorship,
        side=side,
        ratings={**ROLES_LOW, "coach": 3},
        comments={"coach": comment} if comment else {},
        by=None,
    )


def agreement(mentorship: Mentorship, number: int = 1, **fields: Any) -> AgreementVersion:
    return AgreementVersion.objects.create(
        mentorship=mentorship,
        number=number,
        meetings_planned=6,
        meeting_minutes=90,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 10, 1),
        **fields,
    )


def with_content(mentorship: Mentorship) -> None:
    """Both answer with a secret comment, agree, and accept an agreement full
    of secret text; the first meeting is held and the mentee says "good fit"."""
    answer(mentorship, Side.MENTEE, SECRETS["roles_comment"])
    answer(mentorship, Side.MENTOR, SECRETS["roles_comment"])
    roles_agree(mentorship=mentorship, roles=["coach"], by=None, expected_agreed_at=None)
    now = timezone.now()
    agreement(
        mentorship,
        mentee_accepted_at=now,
        mentor_accepted_at=now,
        accepted_at=now,
        goals=[SECRETS["goals"]],
        **{key: value for key, value in SECRETS.items() if key not in ("roles_comment", "goals")},
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(first_meeting_held_on=date(2026, 3, 9))
    TrialResponse.objects.create(
        mentorship=mentorship, side=Side.MENTEE, answer=TrialAnswer.GOOD_FIT, answered_at=now
    )


def pairs_url(programme: Any, show: str | None = None) -> str:
    url = reverse("relationships:coordinate_pairs", args=[programme.slug])
    return f"{url}?show={show}" if show else url


def rows_of(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    return body.split("<tr>")[1:]


@pytest.fixture
def five(programme) -> dict[str, Mentorship]:
    """Five pairs, one at each stage."""
    pairs = {
        name: make_pair(programme, n)
        for n, name in enumerate(
            ["fresh", "one_side", "agreement_waiting", "trial", "ended"], start=1
        )
    }
    answer(pairs["one_side"], Side.MENTOR)
    for name in ("agreement_waiting", "trial", "ended"):
        answer(pairs[name], Side.MENTEE)
        answer(pairs[name], Side.MENTOR)
        roles_agree(mentorship=pairs[name], roles=["coach"], by=None, expected_agreed_at=None)
    agreement(pairs["agreement_waiting"], mentee_accepted_at=timezone.now())
    now = timezone.now()
    for name in ("trial", "ended"):
        agreement(pairs[name], mentee_accepted_at=now, mentor_accepted_at=now, accepted_at=now)
        Mentorship.objects.filter(pk=pairs[name].pk).update(first_meeting_held_on=date(2026, 3, 9))
    TrialResponse.objects.create(
        mentorship=pairs["trial"], side=Side.MENTEE, answer=TrialAnswer.GOOD_FIT, answered_at=now
    )
    TrialResponse.objects.create(
        mentorship=pairs["ended"], side=Side.MENTOR, answer=TrialAnswer.NOT_A_FIT, answered_at=now
    )
    Mentorship.objects.filter(pk=pairs["ended"].pk).update(
        status=MentorshipStatus.ENDED_EARLY, ended_at=now, ended_by=Side.MENTOR
    )
    return pairs


def test_the_list_shows_each_pairs_progress(five, programme, coordinator_en) -> None:
    # A proposal (not yet a pair) of the programme is not listed.
    mentorship_propose(
        programme=programme,
        mentee=accepted_mentee(programme, name="Proposed Person", email="p@example.org"),
        mentor=accepted_mentor(
            programme, name="Waiting Mentor", email="w@example.org", organisation="X"
        ),
        by=None,
    )
    html = logged_in_client(coordinator_en).get(pairs_url(programme)).content.decode()
    rows = {row.split("–")[0].split(">")[-1].strip(): row for row in rows_of(html)}
    assert len(rows) == 5 and "Proposed Person" not in html
    assert "Not answered" in rows["Mentee1 Hansen"]
    assert "Roles exercise: waiting for both" in rows["Mentee1 Hansen"]
    assert "The mentor answered" in rows["Mentee2 Hansen"]
    assert "Roles exercise: waiting for the mentee" in rows["Mentee2 Hansen"]
    assert "Roles agreed" in rows["Mentee3 Hansen"]
    assert "Version 1, waiting for the mentor" in rows["Mentee3 Hansen"]
    assert "Agreement version 1: waiting for the mentor to accept" in rows["Mentee3 Hansen"]
    assert "Version 1, accepted by both" in rows["Mentee4 Hansen"]
    assert "Good fit: we continue" in rows["Mentee4 Hansen"]
    assert "Trial question: waiting for the mentor" in rows["Mentee4 Hansen"]
    assert "Ended after the first meeting" in rows["Mentee5 Hansen"]
    assert "Not a good fit" in rows["Mentee5 Hansen"]
    assert (
        reverse("relationships:coordinate_pair", args=[programme.slug, five["fresh"].pk])
        in rows["Mentee1 Hansen"]
    )


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("all", {"fresh", "one_side", "agreement_waiting", "trial", "ended"}),
        ("roles", {"fresh", "one_side"}),
        ("agreement", {"fresh", "one_side", "agreement_waiting"}),
        ("trial", {"fresh", "one_side", "agreement_waiting", "trial"}),
        ("ended", {"ended"}),
        ("nonsense", {"fresh", "one_side", "agreement_waiting", "trial", "ended"}),
    ],
)
def test_filters(five, programme, coordinator_en, show, expected) -> None:
    html = logged_in_client(coordinator_en).get(pairs_url(programme, show)).content.decode()
    shown = {
        name
        for name, mentorship in five.items()
        if reverse("relationships:coordinate_pair", args=[programme.slug, mentorship.pk]) in html
    }
    assert shown == expected
    # Each filter shows how many pairs it holds.
    assert '>Roles not agreed <span class="badge">2</span></a>' in html
    assert '>Ended early <span class="badge">1</span></a>' in html
    assert f'href="?show={show}" aria-current="page"' in html or show == "nonsense"


def test_a_newer_unaccepted_version_counts_as_not_accepted(programme, coordinator_en) -> None:
    mentorship = make_pair(programme, 1)
    now = timezone.now() - timedelta(days=1)
    agreement(mentorship, 1, mentee_accepted_at=now, mentor_accepted_at=now, accepted_at=now)
    agreement(mentorship, 2)
    html = logged_in_client(coordinator_en).get(pairs_url(programme, "agreement")).content.decode()
    assert "Version 2, waiting for both" in html


def test_the_list_runs_a_constant_number_of_queries(
    programme, coordinator_en, django_assert_max_num_queries
) -> None:
    client = logged_in_client(coordinator_en)
    with_content(make_pair(programme, 1))
    with django_assert_max_num_queries(60) as one:
        client.get(pairs_url(programme))
    for n in range(2, 6):
        with_content(make_pair(programme, n))
    with django_assert_max_num_queries(len(one.captured_queries)) as five:
        html = client.get(pairs_url(programme)).content.decode()
    assert len(rows_of(html)) == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_coordinators_never_see_what_the_pair_wrote(programme, coordinator_en) -> None:
    mentorship = make_pair(programme, 1)
    with_content(mentorship)
    client = logged_in_client(coordinator_en)
    detail = client.get(
        reverse("relationships:coordinate_pair", args=[programme.slug, mentorship.pk])
    ).content.decode()
    listing = client.get(pairs_url(programme)).content.decode()
    for html in (detail, listing):
        for secret in SECRETS.values():
            assert secret not in html
    # Status and dates are there.
    assert "Mentee1 Hansen" in detail and "Mentor1 Jensen" in detail
    assert "Accepted by both" in detail
    assert "First meeting held on 9 March 2026." in detail
    assert "Good fit: we continue" in detail
    assert "Trial question: waiting for the mentor" in detail
    assert detail.count("check-passed") == 5  # all but the trial gate


def test_the_programme_page_links_the_pairs(programme, coordinator_en) -> None:
    html = (
        logged_in_client(coordinator_en)
        .get(reverse("programmes:detail", args=[programme.slug]))
        .content.decode()
    )
    assert f'href="{pairs_url(programme)}"' in html


def test_nobody_else_sees_the_pairs(
    programme, other_programme, other_coordinator, mentee, user, coordinator
) -> None:
    mentorship = make_pair(programme, 1)
    detail = reverse("relationships:coordinate_pair", args=[programme.slug, mentorship.pk])
    for person in (other_coordinator, user, mentorship.mentee.user, mentee):
        client = logged_in_client(person)
        assert client.get(pairs_url(programme)).status_code == 404
        assert client.get(detail).status_code == 404
    # The pair of programme A is not reachable under programme B's address
    # either, not even for its own coordinator.
    foreign = reverse("relationships:coordinate_pair", args=[other_programme.slug, mentorship.pk])
    assert logged_in_client(other_coordinator).get(foreign).status_code == 404
    assert logged_in_client(coordinator).get(foreign).status_code == 404


def test_a_proposal_has_no_pair_detail(programme, coordinator_en) -> None:
    proposed = mentorship_propose(
        programme=programme,
        mentee=accepted_mentee(programme, name="Anna Andersen"),
        mentor=accepted_mentor(programme, name="Mads Madsen", organisation="Novo"),
        by=None,
    )
    url = reverse("relationships:coordinate_pair", args=[programme.slug, proposed.pk])
    assert logged_in_client(coordinator_en).get(url).status_code == 404


def test_the_list_is_paginated_and_keeps_the_filter(
    programme, coordinator_en, django_assert_max_num_queries, monkeypatch
) -> None:
    """50 pairs a page in production; 2 here. The next page's link keeps the
    filter, and a later page runs as many queries as the first."""
    from mentoring.relationships.views import coordinate

    monkeypatch.setattr(coordinate, "PAGE_SIZE", 2)
    for n in range(1, 6):
        make_pair(programme, n)
    client = logged_in_client(coordinator_en)
    with django_assert_max_num_queries(60) as first:
        html = client.get(pairs_url(programme, "trial")).content.decode()
    assert len(rows_of(html)) == 2
    assert "Page 1 of 3" in html
    assert 'href="?show=trial&amp;page=2"' in html
    with django_assert_max_num_queries(len(first.captured_queries)):
        last = client.get(pairs_url(programme, "trial") + "&page=3").content.decode()
    assert len(rows_of(last)) == 1
    assert 'href="?show=trial&amp;page=2"' in last
    # Every pair appears once over the pages.
    names: set[str] = set()
    for page in (1, 2, 3):
        names |= set(
            rows_of(client.get(pairs_url(programme, "all") + f"&page={page}").content.decode())
        )
    assert len(names) == 5
