"""What changed since you accepted (issue 16, point 18): when the other
person edits a text you had accepted (the working version is edited in
place, which clears your acceptance), the agreement page shows what changed
since your acceptance, not only between versions. Read in English."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mentoring.relationships.enums import Side
from mentoring.relationships.models import AgreementVersion, Mentorship
from mentoring.relationships.services.agreement import agreement_accept, agreement_save
from tests.conftest import logged_in_client
from tests.relationships.test_agreement_support import pair_in, values

pytestmark = pytest.mark.django_db

HEADING = "What changed since you accepted"


@pytest.fixture
def mentorship(programme) -> Mentorship:  # type: ignore[no-untyped-def]
    return pair_in(programme, mentee_kwargs={"language": "en"}, mentor_kwargs={"language": "en"})


def save(mentorship: Mentorship, side: Side, **changes: object) -> AgreementVersion:
    current = AgreementVersion.objects.filter(mentorship=mentorship).order_by("-number").first()
    return agreement_save(
        mentorship=mentorship,
        side=side,
        values=values(**changes),
        expected_number=current.number if current else None,
        expected_revision=current.revision if current else None,
    ).version


def accept(mentorship: Mentorship, side: Side, version: AgreementVersion) -> AgreementVersion:
    return agreement_accept(
        mentorship=mentorship, side=side, number=version.number, revision=version.revision
    )


def page(mentorship: Mentorship, side: Side) -> str:
    person = mentorship.mentee if side == Side.MENTEE else mentorship.mentor
    response = logged_in_client(person.user).get(
        reverse("relationships:agreement", args=[mentorship.pk])
    )
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def section(html: str) -> str:
    start = html.index(HEADING)
    return html[start : html.index("</section>", start)]


def test_an_edit_after_my_acceptance_shows_what_changed_since_then(
    mentorship: Mentorship,
) -> None:
    first = save(mentorship, Side.MENTOR, places="Hos Novo Nordisk.", meetings_planned=6)
    accept(mentorship, Side.MENTEE, first)
    # The mentor edits twice more (revisions 2 and 3): each clears the
    # mentee's acceptance; "between versions" shows nothing (still version 1).
    save(mentorship, Side.MENTOR, places="Hos Novo Nordisk eller på biblioteket.")
    save(
        mentorship,
        Side.MENTOR,
        places="Hos Novo Nordisk eller på biblioteket.",
        meetings_planned=8,
    )

    changes = section(page(mentorship, Side.MENTEE))

    assert "<ins>eller på biblioteket</ins>" in changes or "<ins> eller" in changes
    assert "<del>6</del>" in changes and "<ins>8</ins>" in changes
    # The mentor never accepted: nothing "since you accepted" for them.
    assert HEADING not in page(mentorship, Side.MENTOR)


def test_nothing_is_shown_when_i_have_accepted_the_current_text(mentorship: Mentorship) -> None:
    first = save(mentorship, Side.MENTOR)
    accept(mentorship, Side.MENTEE, first)

    assert HEADING not in page(mentorship, Side.MENTEE)


def test_the_copy_of_what_one_side_accepted_is_dropped_once_both_accept(
    mentorship: Mentorship,
) -> None:
    first = save(mentorship, Side.MENTOR)
    accept(mentorship, Side.MENTEE, first)
    second = save(mentorship, Side.MENTOR, meetings_planned=8)
    accept(mentorship, Side.MENTEE, second)
    version = accept(mentorship, Side.MENTOR, second)

    version.refresh_from_db()
    assert version.accepted_at is not None
    assert version.accepted_content == {}


def test_my_own_edit_after_accepting_is_not_shown_as_the_other_persons(
    mentorship: Mentorship,
) -> None:
    first = save(mentorship, Side.MENTOR)
    accept(mentorship, Side.MENTEE, first)
    save(mentorship, Side.MENTEE, meetings_planned=8)

    assert HEADING not in page(mentorship, Side.MENTEE)


def test_a_new_version_proposed_by_the_other_shows_the_changes_since_the_agreed_one(
    mentorship: Mentorship,
) -> None:
    first = save(mentorship, Side.MENTOR)
    accept(mentorship, Side.MENTEE, first)
    accept(mentorship, Side.MENTOR, first)
    save(mentorship, Side.MENTOR, meetings_planned=9)

    changes = section(page(mentorship, Side.MENTEE))

    assert "<del>6</del>" in changes and "<ins>9</ins>" in changes
