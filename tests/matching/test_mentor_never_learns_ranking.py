"""The mentee's shortlist promises that only the coordinator sees the
mentee's choices. The proposed mentor must never learn the mentee's
ranking: not on the match pages, in the explanation sentences, the e-mails,
the pair's pages or the mentor's personal data export (issue 16, point 1).
The mentee may read their own choice; the coordinator sees it on the run page."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from mentoring.common.models import OutboxMessage
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services import mentorship_respond
from tests.conftest import logged_in_client
from tests.relationships.helpers import accepted_mentee, accepted_mentor, ranked_choice_published

pytestmark = pytest.mark.django_db

#: Whatever would tell the mentor about the mentee's ranking, in both languages.
RANKING_WORDS = (
    "1. valg",
    "2. valg",
    "3. valg",
    "ikke valgt denne mentor",
    "Menteens egen prioritering",
    "favoritter",
    "1st choice",
    "2nd choice",
    "3rd choice",
    "did not rank this mentor",
    "The mentee's own ranking",
    "favourites",
    "mentee_ranking",
    "chosen_rank",
)


def _leaks(text: str) -> list[str]:
    return [word for word in RANKING_WORDS if word in text]


@pytest.fixture
def ranked_pair(programme, coordinator):
    """Anna ranks Per as her 1st choice; the run proposes Per (the choice
    outweighs Mads' slightly better fit) and the coordinator publishes it."""
    anna = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    accepted_mentor(programme, name="Mads Madsen", organisation="Novo Nordisk")
    per = accepted_mentor(
        programme, name="Per Poulsen", organisation="Vestas", availability="Torsdag aften"
    )
    run = ranked_choice_published(programme, coordinator=coordinator, mentee=anna, mentor=per)
    assert run.proposals.get(mentee=anna).mentor == per
    mentorship = Mentorship.objects.get(mentee=anna, mentor=per)
    return run, anna, per, mentorship


def _export_texts(client) -> list[str]:
    response = client.post(reverse("privacy:export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = archive.read("data.json").decode()
    assert "Per Poulsen" in data or "matching.Proposal" in data
    return [data, archive.read("summary.html").decode()]


def test_the_mentor_never_learns_the_mentees_ranking(programme, coordinator, ranked_pair) -> None:
    _run, anna, per, mentorship = ranked_pair
    mentor = logged_in_client(per.user)
    match_url = reverse("relationships:match", args=[mentorship.pk])

    surfaces: dict[str, str] = {}
    for language in ("da", "en"):
        with translation.override(language):
            per.user.language = language
            per.user.save(update_fields=["language"])
            for name, url in (
                ("my matches", reverse("relationships:my_matches")),
                ("match", match_url),
            ):
                response = mentor.get(url, HTTP_ACCEPT_LANGUAGE=language)
                assert response.status_code == 200
                surfaces[f"{name} ({language})"] = response.content.decode()
    # The match page still explains the pair to the mentor (other reasons).
    assert "Hvorfor" in surfaces["match (da)"] or "Why" in surfaces["match (en)"]
    for message in OutboxMessage.objects.filter(recipient=per.user):
        surfaces[f"mail {message.key}"] = message.subject + message.body_text + message.body_html
    assert any(key.startswith("mail ") for key in surfaces)

    # Both accept: the pair's own pages.
    mentorship_respond(mentorship=mentorship, participation=anna, accept=True)
    mentorship_respond(mentorship=mentorship, participation=per, accept=True)
    surfaces["pair"] = mentor.get(
        reverse("relationships:pair", args=[mentorship.pk])
    ).content.decode()
    surfaces["match (accepted)"] = mentor.get(match_url).content.decode()
    for message in OutboxMessage.objects.filter(recipient=per.user):
        surfaces[f"mail {message.key}"] = message.subject + message.body_text + message.body_html
    for index, text in enumerate(_export_texts(mentor)):
        surfaces[f"export {index}"] = text

    leaks = {name: _leaks(text) for name, text in surfaces.items() if _leaks(text)}
    assert leaks == {}
    # Nor through the numbers: the score and the normalised weights and points
    # would show the ranking's share.
    response = mentor.post(reverse("privacy:export"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    (row,) = data["data"]["matching.Proposal"]["rows"]
    assert row["score"] is None
    assert row["contributions"]
    assert all(set(c) == {"criterion", "value", "facts"} for c in row["contributions"])


def test_the_mentee_and_the_coordinator_still_see_the_choice(
    programme, coordinator, ranked_pair
) -> None:
    run, anna, _per, mentorship = ranked_pair
    with translation.override("da"):
        own = logged_in_client(anna.user).get(reverse("relationships:match", args=[mentorship.pk]))
    # On her own page she reads it as "du"; the coordinator's run page keeps
    # the third person.
    assert "Du har valgt denne mentor som dit 1. valg." in own.content.decode()
    assert "Menteen har valgt" not in own.content.decode()
    run_page = logged_in_client(coordinator).get(
        reverse("matching:run", args=[programme.slug, run.number])
    )
    assert "Menteen har valgt denne mentor som sit 1. valg." in run_page.content.decode()
    # The mentee's own export keeps the explanation of her match.
    response = logged_in_client(anna.user).post(reverse("privacy:export"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    rows = data["data"]["matching.Proposal"]["rows"]
    assert any(c["criterion"] == "mentee_ranking" for row in rows for c in row["contributions"])
