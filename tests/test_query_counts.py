"""The fixed cost of a page (issue 19, point 9): the number of queries of every
normal page, pinned on the demo programme (``seed_demo``: pairs, meetings,
notes, surveys, a matching run).

A signed-in page view no longer writes the session (it is renewed every
``SESSION_REFRESH_SECONDS``), and the coordinator role and the MFA check are
asked once per request (``common.permissions.request_memo``). Each page's
ceiling below is what it costs now; a change that adds a query to a page
fails here. The request's user is read with the facts the guards and the
navigation ask about (``accounts.backends``: coordinator, MFA), so those
cost no query of their own. Normal pages stay at 10 or fewer; the pages above 10 are listed
in ``ABOVE_TEN`` with the reason, and docs/operations.md names them too.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.demo.management.commands.seed_demo import seed_demo
from mentoring.matching.models import MatchingRun, Proposal
from mentoring.programmes.models import Programme
from mentoring.relationships.models import Mentorship
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

#: (URL name, who, what the URL takes) -> the most queries it may cost.
PAGES: dict[tuple[str, str, str], int] = {
    # Coordinator pages (programme of the demo)
    ("programmes:list", "coordinator", ""): 4,
    ("programmes:create", "coordinator", ""): 2,
    ("programmes:detail", "coordinator", "slug"): 6,
    ("programmes:edit", "coordinator", "slug"): 5,
    ("programmes:audit_log", "coordinator", "slug"): 6,
    ("participants:list", "coordinator", "slug"): 7,
    ("relationships:coordinate_pairs", "coordinator", "slug"): 8,
    ("meetings:coordinate", "coordinator", "slug"): 7,
    ("evaluations:coordinate", "coordinator", "slug"): 7,
    ("reports:compare", "coordinator", "slug"): 4,
    ("privacy:erasure_requests", "coordinator", ""): 3,
    ("matching:home", "coordinator", "slug"): 9,
    ("matching:run", "coordinator", "run"): 10,
    ("reports:dashboard", "coordinator", "slug"): 10,
    # The coordinator's home page (their programmes and the inbox)
    ("home", "coordinator", ""): 7,
    # A mentee's and a mentor's pages
    ("home", "mentee", ""): 10,
    ("home", "mentor", ""): 10,
    ("relationships:my_matches", "mentee", ""): 3,
    ("participants:my_applications", "mentee", ""): 4,
    ("evaluations:mine", "mentee", ""): 3,
    ("meetings:calendar", "mentee", ""): 6,
    ("privacy:home", "mentee", ""): 5,
    ("relationships:pair", "mentee", "pk"): 10,
    ("relationships:pair", "mentor", "pk"): 10,
    ("relationships:roles", "mentee", "pk"): 4,
    ("relationships:agreement", "mentee", "pk"): 4,
    ("relationships:trial", "mentee", "pk"): 4,
    ("meetings:list", "mentee", "pk"): 5,
    ("meetings:plan", "mentee", "pk"): 4,
    ("meetings:journal", "mentee", "pk"): 5,
    ("meetings:note_new", "mentee", "pk"): 4,
    ("meetings:homework", "mentee", "pk"): 5,
    ("meetings:goals", "mentee", "pk"): 7,
}

#: Pages above 10 queries, and why: none since the run page read its run, its
#: programme, the previous done run and "is it the latest" in one query
#: (``matching.review_selectors.reviewed_run``) and the results dashboard its
#: programme and the "compare with" list in one
#: (``programmes.selectors.coordinated_programme_and_others_or_404``).
ABOVE_TEN: dict[str, str] = {}


def two_runs(programme: Programme) -> int:
    """The demo has no matching run: two done runs of the programme's pairs
    (the second compared with the first), with alternatives; the second's number."""
    pairs = list(Mentorship.objects.filter(programme=programme).order_by("pk"))
    assert pairs
    number = 0
    for number in (1, 2):
        run = MatchingRun.objects.create(
            programme=programme,
            number=number,
            status="done",
            n_mentees=len(pairs),
            n_mentors=len(pairs),
            matched=len(pairs),
        )
        Proposal.objects.bulk_create(
            Proposal(
                run=run,
                mentee_id=pair.mentee_id,
                mentor_id=pair.mentor_id,
                score=0.4 + index / 100,
                contributions=[{"criterion": "roles", "value": 0.5, "weight": 1}],
                alternatives=[{"mentor": pairs[index - 1].mentor_id, "score": 0.3}],
            )
            for index, pair in enumerate(pairs)
        )
    return number


def test_every_normal_page_costs_at_most_its_pinned_number_of_queries() -> None:
    seed_demo()
    people = {
        "coordinator": User.objects.get(email="koordinator@example.dk"),
        "mentee": User.objects.get(email="mentee@example.dk"),
        "mentor": User.objects.get(email="mentor@example.dk"),
    }
    programme = Programme.objects.filter(coordinators=people["coordinator"]).first()
    assert programme is not None
    pairs = {
        "mentee": Mentorship.objects.filter(mentee__user=people["mentee"]).first(),
        "mentor": Mentorship.objects.filter(mentor__user=people["mentor"]).first(),
    }
    clients = {role: logged_in_client(person) for role, person in people.items()}
    measured: dict[tuple[str, str, str], int] = {}
    for name, role, takes in PAGES:
        kwargs: dict[str, Any] = {}
        if takes == "slug":
            kwargs["slug"] = programme.slug
        elif takes == "pk":
            mentorship = pairs[role]
            assert mentorship is not None
            kwargs["pk"] = mentorship.pk
        elif takes == "run":
            kwargs.update(slug=programme.slug, number=two_runs(programme))
        url = reverse(name, kwargs=kwargs)
        client = clients[role]
        assert client.get(url).status_code == 200, url  # warm: translations, content types
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        measured[(name, role, takes)] = len(queries)
        # No page view writes the session (it is fresh: renewed at login).
        assert not [
            q["sql"]
            for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
        ], url
    over = {page: (count, PAGES[page]) for page, count in measured.items() if count > PAGES[page]}
    assert over == {}
    above_ten = {name for (name, _role, _takes), count in measured.items() if count > 10}
    assert above_ten <= set(ABOVE_TEN), above_ten


def test_the_results_dashboard_costs_the_same_queries_for_one_pair_as_for_many(
    coordinator: User, programme: Programme
) -> None:
    """The results are aggregated in the database: more pairs, meetings, homework
    and answers add no query (tests/reports/helpers.py writes the rows)."""
    from tests.reports.helpers import answer_final, matching_run, pair, questionnaires

    surveys = questionnaires(programme)
    run = matching_run(programme)
    client = logged_in_client(coordinator)
    url = reverse("reports:dashboard", args=[programme.slug])

    def count() -> int:
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    first = pair(programme, run=run)
    answer_final(surveys, first, "mentee")
    one = count()
    for _ in range(6):
        answer_final(surveys, pair(programme, run=run, held=7), "mentor")
    assert count() == one
