"""The coordinator's side: the list (filters, sort, search, pagination, a
constant number of queries), the screening page with its audit entry, the
decision, and the walls between programmes and people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.participants.models import Participation
from mentoring.programmes.models import Programme
from tests.conftest import logged_in_client
from tests.factories import ParticipationFactory, UserFactory
from tests.participants.conftest import sent_application

pytestmark = pytest.mark.django_db


def list_url(programme: Programme, **params: str) -> str:
    from urllib.parse import urlencode

    url = reverse("participants:list", args=[programme.slug])
    return f"{url}?{urlencode(params)}" if params else url


def detail_url(p: Participation) -> str:
    return reverse("participants:detail", args=[p.programme.slug, p.pk])


def decide_url(p: Participation) -> str:
    return reverse("participants:decide", args=[p.programme.slug, p.pk])


def names(response: object) -> list[str]:
    return [row.user.full_name for row in response.context["page"].object_list]  # type: ignore[attr-defined]


@pytest.fixture
def people(open_programme: Programme) -> dict[str, Participation]:
    """Four sent applications and a draft in programme A."""
    now = timezone.now()
    return {
        "anna": sent_application(
            open_programme,
            user=UserFactory(full_name="Anna Andersen", email="anna@firma.dk"),
            organisation="Aarhus Kommune",
            job_title="HR-konsulent",
            industry="Offentlig administration",
            region="midtjylland",
            years_of_experience=3,
            submitted_at=now - timedelta(days=3),
        ),
        "bo": ParticipationFactory(
            programme=open_programme,
            user=UserFactory(full_name="Bo Bech", email="bo@eksempel.dk"),
            submitted=True,
            organisation="Lego",
            job_title="Teamleder",
            industry="Industri",
            region="syddanmark",
            years_of_experience=12,
            motivation="",
            submitted_at=now - timedelta(days=1),
        ),
        "carl": sent_application(
            open_programme,
            role="mentor",
            user=UserFactory(full_name="Carl Clausen", email="carl@novo.dk"),
            organisation="Novo Nordisk",
            job_title="HR-direktør",
            industry="Medicinalindustri",
            region="hovedstaden",
            years_of_experience=25,
            submitted_at=now - timedelta(days=2),
            status="accepted",
        ),
        "dorte": ParticipationFactory(
            programme=open_programme,
            role="mentor",
            user=UserFactory(full_name="Dorte Dam", email="dorte@dsb.dk"),
            submitted=True,
            organisation="DSB",
            job_title="Personalechef",
            industry="Transport",
            industries=["Transport", "Offentlig administration"],
            region="hovedstaden",
            years_of_experience=None,
            commits_to_meetings=True,
            submitted_at=now - timedelta(days=4),
        ),
        "draft": ParticipationFactory(
            programme=open_programme,
            user=UserFactory(full_name="Erik Kladde"),
            organisation="Kladdefirma",
        ),
    }


@pytest.fixture
def coordinating(coordinator: User) -> Client:
    return logged_in_client(coordinator)


def test_list_shows_sent_applications_with_flags_but_never_drafts(
    people: dict[str, Participation], open_programme: Programme, coordinating: Client
) -> None:
    response = coordinating.get(list_url(open_programme))
    assert response.status_code == 200
    assert names(response) == ["Anna Andersen", "Bo Bech", "Carl Clausen", "Dorte Dam"]
    html = response.content.decode()
    assert "Erik Kladde" not in html and "Kladdefirma" not in html
    # Flags as short badges: Bo lacks motivation; Dorte lacks presence; Anna is ready.
    rows = {row.user.full_name: row for row in response.context["page"].object_list}
    assert [str(label) for label in rows["Bo Bech"].flag_labels] == [
        "Motivation",
        "Konkrete mål",
        "Tid til møder og hjemmearbejde",
        "Forandringssituation",
    ]
    assert [str(label) for label in rows["Dorte Dam"].flag_labels] == [
        "Motivation",
        "Tid og nærvær",
    ]
    assert rows["Anna Andersen"].flag_labels == []
    assert 'class="badge badge-success">Klar<' in html
    assert html.count("badge-warning") == 6


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "mentor"}, ["Carl Clausen", "Dorte Dam"]),
        ({"role": "mentee"}, ["Anna Andersen", "Bo Bech"]),
        ({"status": "accepted"}, ["Carl Clausen"]),
        ({"status": "submitted"}, ["Anna Andersen", "Bo Bech", "Dorte Dam"]),
        ({"status": "draft"}, ["Anna Andersen", "Bo Bech", "Carl Clausen", "Dorte Dam"]),
        ({"readiness": "ready"}, ["Anna Andersen", "Carl Clausen"]),
        ({"readiness": "motivation"}, ["Bo Bech", "Dorte Dam"]),
        ({"readiness": "presence"}, ["Dorte Dam"]),
        ({"readiness": "change"}, ["Bo Bech"]),
        ({"industry": "Industri"}, ["Bo Bech"]),
        # A mentor's second industry counts too.
        ({"industry": "Offentlig administration"}, ["Anna Andersen", "Dorte Dam"]),
        ({"region": "hovedstaden"}, ["Carl Clausen", "Dorte Dam"]),
        ({"region": "hovedstaden", "role": "mentor", "readiness": "ready"}, ["Carl Clausen"]),
        ({"q": "bech"}, ["Bo Bech"]),
        ({"q": "novo.dk"}, ["Carl Clausen"]),
        ({"q": "aarhus"}, ["Anna Andersen"]),
        ({"q": "personalechef"}, ["Dorte Dam"]),
        ({"q": "hr-"}, ["Anna Andersen", "Carl Clausen"]),
        ({"q": "kladde"}, []),
        ({"sort": "-name"}, ["Dorte Dam", "Carl Clausen", "Bo Bech", "Anna Andersen"]),
        ({"sort": "-submitted"}, ["Bo Bech", "Carl Clausen", "Anna Andersen", "Dorte Dam"]),
        ({"sort": "submitted"}, ["Dorte Dam", "Anna Andersen", "Carl Clausen", "Bo Bech"]),
        ({"sort": "-experience"}, ["Carl Clausen", "Bo Bech", "Anna Andersen", "Dorte Dam"]),
        ({"sort": "experience"}, ["Anna Andersen", "Bo Bech", "Carl Clausen", "Dorte Dam"]),
        ({"sort": "readiness"}, ["Anna Andersen", "Carl Clausen", "Bo Bech", "Dorte Dam"]),
        (
            {"role": "nonsense", "sort": "nonsense"},
            ["Anna Andersen", "Bo Bech", "Carl Clausen", "Dorte Dam"],
        ),
    ],
)
def test_list_filters_search_and_sort(
    params: dict[str, str],
    expected: list[str],
    people: dict[str, Participation],
    open_programme: Programme,
    coordinating: Client,
) -> None:
    response = coordinating.get(list_url(open_programme, **params))
    assert response.status_code == 200
    assert names(response) == expected


def test_list_paginates_by_fifty_and_keeps_the_filters(
    open_programme: Programme, coordinating: Client
) -> None:
    for n in range(55):
        sent_application(open_programme, user=UserFactory(full_name=f"Person {n:02d}"))
    first = coordinating.get(list_url(open_programme, role="mentee"))
    assert len(first.context["page"].object_list) == 50
    assert "role=mentee&amp;page=2" in first.content.decode()
    second = coordinating.get(list_url(open_programme, role="mentee", page="2"))
    assert names(second) == [f"Person {n}" for n in range(50, 55)]


def test_list_query_count_is_constant(open_programme: Programme, coordinating: Client) -> None:
    sent_application(open_programme, industry="Branche 0")
    coordinating.get(list_url(open_programme))  # warm up (session, content types)
    with CaptureQueriesContext(connection) as one:
        coordinating.get(list_url(open_programme))
    for n in range(1, 40):
        sent_application(
            open_programme,
            role="mentor" if n % 2 else "mentee",
            industry=f"Branche {n}",
            motivation="" if n % 3 else "Motiveret af at lære fra mig og lære selv noget nyt.",
        )
    with CaptureQueriesContext(connection) as forty:
        response = coordinating.get(list_url(open_programme))
    assert len(response.context["page"].object_list) == 40
    assert len(forty) == len(one), [q["sql"] for q in forty.captured_queries]


def test_detail_shows_structured_answers_readiness_and_audits_the_read(
    people: dict[str, Participation], open_programme: Programme, coordinating: Client
) -> None:
    bo = people["bo"]
    bo.goals = ["Vækst nu"]
    bo.change_situation = "merger"
    bo.change_description = "Vi fusionerer med et andet firma."
    bo.role_wishes = {"coach": 3, "sponsor": 0}
    bo.benefit_wishes = {"network": 3}
    bo.save()
    response = coordinating.get(detail_url(bo))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bo Bech" in html and "bo@eksempel.dk" in html
    # Enum names, not codes.
    assert "Fusion" in html and "Udefra" in html
    assert "Netværk" in html or "Network" in html
    assert "Vækst nu" in html
    assert "no-store" in response["Cache-Control"]
    # The readiness checklist with the reason of each flag.
    assert "Motivationen mangler eller er kun få ord" in html
    assert "Et mål er for kort til at være konkret" in html
    # The decision form.
    assert 'action="' + decide_url(bo) + '"' in html
    assert 'value="accepted"' in html and 'value="declined"' in html
    # Who opened which application, never its content.
    entry = AuditEntry.objects.get(action="application.viewed")
    assert entry.object_id == str(bo.pk)
    assert entry.programme == open_programme
    assert entry.actor is not None and entry.actor.email == "coordinator@example.org"
    assert "Vækst" not in str(entry.data) and "fusionerer" not in str(entry.data)
    # Opening it again is another entry; listing is not a read of an application.
    coordinating.get(detail_url(bo))
    coordinating.get(list_url(open_programme))
    assert AuditEntry.objects.filter(action="application.viewed").count() == 2


def test_mentor_detail_shows_roles_and_capacity(
    people: dict[str, Participation], coordinating: Client
) -> None:
    carl = people["carl"]
    carl.expertise_tags = ["forandringsledelse"]
    carl.change_situations_lived = ["step_up"]
    carl.save()
    html = coordinating.get(detail_url(carl)).content.decode()
    assert "forandringsledelse" in html
    assert "Træde i karakter" in html
    assert "Kan tage 1 mentee." in html
    # Already accepted: no decision form.
    assert decide_url(carl) not in html


def test_draft_is_404_for_the_coordinator(
    people: dict[str, Participation], coordinating: Client
) -> None:
    assert coordinating.get(detail_url(people["draft"])).status_code == 404
    assert (
        coordinating.post(decide_url(people["draft"]), {"decision": "accepted"}).status_code == 404
    )
    assert not AuditEntry.objects.filter(action="application.viewed").exists()


def test_decide_through_the_page(people: dict[str, Participation], coordinating: Client) -> None:
    anna = people["anna"]
    response = coordinating.post(
        decide_url(anna), {"decision": "declined", "reason": "", "version": anna.version}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    anna.refresh_from_db()
    assert anna.status == "submitted"

    response = coordinating.post(
        decide_url(anna),
        {"decision": "waitlisted", "reason": "Vi mangler mentorer.", "version": anna.version},
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(anna)
    anna.refresh_from_db()
    assert anna.status == "waitlisted"
    assert anna.decision_reason == "Vi mangler mentorer."
    assert OutboxMessage.objects.filter(recipient=anna.user).count() == 1


def test_decide_on_a_stale_version_changes_nothing(
    people: dict[str, Participation], coordinating: Client
) -> None:
    anna = people["anna"]
    response = coordinating.post(
        decide_url(anna), {"decision": "accepted", "reason": "", "version": anna.version - 1}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.status == "submitted"
    assert not OutboxMessage.objects.exists()


def test_other_programmes_coordinator_gets_404(
    people: dict[str, Participation],
    open_programme: Programme,
    other_programme: Programme,
    other_coordinator: User,
) -> None:
    client = logged_in_client(other_coordinator)
    anna = people["anna"]
    assert client.get(list_url(open_programme)).status_code == 404
    assert client.get(detail_url(anna)).status_code == 404
    assert client.post(decide_url(anna), {"decision": "accepted"}).status_code == 404
    # Nor through their own programme's address.
    wrong = reverse("participants:detail", args=[other_programme.slug, anna.pk])
    assert client.get(wrong).status_code == 404
    own = client.get(list_url(other_programme))
    assert own.status_code == 200
    assert "Anna Andersen" not in own.content.decode()
    anna.refresh_from_db()
    assert anna.status == "submitted"


def test_superuser_sees_every_programme(
    people: dict[str, Participation], open_programme: Programme, superuser: User
) -> None:
    client = logged_in_client(superuser)
    assert names(client.get(list_url(open_programme)))[:1] == ["Anna Andersen"]
    assert client.get(detail_url(people["anna"])).status_code == 200


@pytest.mark.parametrize("role", ["user", "mentee", "mentor"])
def test_people_without_a_coordinator_role_get_404(
    role: str,
    request: pytest.FixtureRequest,
    people: dict[str, Participation],
    open_programme: Programme,
) -> None:
    person = request.getfixturevalue(role)
    client = logged_in_client(person)
    anna = people["anna"]
    assert client.get(list_url(open_programme)).status_code == 404
    assert client.get(detail_url(anna)).status_code == 404
    assert client.post(decide_url(anna), {"decision": "accepted"}).status_code == 404
    # Not even their own application through the coordinator's address.
    own = Participation.objects.filter(user=person).first()
    if own is not None:
        assert client.get(detail_url(own)).status_code == 404


def test_accepted_mentee_sees_their_own_application(
    mentee: User, open_programme: Programme
) -> None:
    client = logged_in_client(mentee)
    page = client.get(reverse("participants:apply", args=[open_programme.slug, "mentee"]))
    assert page.status_code == 200
    assert page.context["participation"].user == mentee
    assert page.context["editable"] is False
    mine = client.get(reverse("participants:my_applications"))
    assert "Optaget" in mine.content.decode()


def test_anonymous_is_sent_to_login(open_programme: Programme, people: dict) -> None:
    client = Client()
    for url in (list_url(open_programme), detail_url(people["anna"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
