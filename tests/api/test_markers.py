"""No API answer ever carries a journal note (private or shared), an agenda,
a meeting summary or an answer its respondent did not share: every GET
endpoint is walked with a token of every scope, and the marker strings of
those texts are looked for in every answer."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from mentoring.accounts.models import User
from mentoring.evaluations.models import Answer
from mentoring.meetings.models import Meeting
from mentoring.programmes.models import Programme
from tests.api.helpers import api
from tests.privacy.helpers import markers, seed_pair
from tests.reports.helpers import SECRET_TEXT, matching_run, pair

pytestmark = pytest.mark.django_db

SUMMARY = "MØDEREFERAT-MARKER-5521"
FEEDBACK = "ROLLEFEEDBACK-MARKER-5522"


def api_get_names() -> set[str]:
    resolver = get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        for inner in getattr(pattern, "url_patterns", []):
            if (
                isinstance(inner, URLPattern)
                and getattr(pattern, "namespace", None) == "api"
                and str(inner.pattern).startswith("api/v1/programmes")
            ):
                names.add(f"api:{inner.name}")
    return names


def test_no_confidential_text_in_any_api_answer(coordinator: User, programme: Programme) -> None:
    seeded = seed_pair(programme, mentee_tag="APIME", mentor_tag="APIMO")
    run = matching_run(programme)
    pair(programme, run=run)
    Meeting.objects.filter(mentorship=seeded.mentorship).update(
        summary=SUMMARY, role_feedback=FEEDBACK, agenda_confidential=True
    )
    mentee, mentor = markers("APIME"), markers("APIMO")
    secrets = [
        mentee["private_note"],
        mentee["shared_note"],
        mentor["private_note"],
        mentor["shared_note"],
        mentee["agenda"],
        mentee["answer"],  # submitted, not shared individually
        mentor["answer"],
        SUMMARY,
        FEEDBACK,
        SECRET_TEXT,  # the agreement's confidentiality, meeting summaries, homework
    ]
    # The answers exist, unshared; the texts are in the database.
    assert Answer.objects.filter(text=mentee["answer"], response__share_individually=False)
    kwargs: dict[str, dict[str, object]] = {
        "api:programmes": {},
        "api:programme": {"slug": programme.slug},
        "api:participant": {"slug": programme.slug, "pk": seeded.mentee.pk},
        "api:matching_run": {"slug": programme.slug, "number": run.number},
        "api:mentorship": {"slug": programme.slug, "pk": seeded.mentorship.pk},
    }
    names = api_get_names()
    assert len(names) == 12, sorted(names)
    client = api(coordinator)
    seen = []
    for name in sorted(names):
        path = reverse(name, kwargs=kwargs.get(name, {"slug": programme.slug}))
        for suffix in ("", "?page_size=200"):
            response = client.get(path + suffix)
            assert response.status_code == 200, (path, response.content[:300])
            body = response.content.decode()
            leaked = [secret for secret in secrets if secret in body]
            assert not leaked, (path, leaked)
            seen.append(body)
    everything = "\n".join(seen)
    # The walk did read the pair: what coordinators may see is there.
    assert mentee["motivation"] in everything and mentee["coordinator_note"] in everything
    assert f'"id":{seeded.mentorship.pk},' in everything.replace(" ", "")
