"""The "Mentor's Many Roles" exercise: each side answers once, on their
own; neither sees the other's answers until both have answered; then both
side by side with the biggest gaps and strongest agreements, and the roles
the pair agrees on. Texts are checked in English (people with language "en")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import AuditEntry, OutboxMessage
from mentoring.programmes.enums import MentorRole
from mentoring.relationships.enums import ROLE_COMMENT_MAX, MentorshipStatus, Side
from mentoring.relationships.models import Mentorship, RolesExerciseAnswer
from mentoring.relationships.services.roles import (
    RolesAlreadySubmitted,
    RolesConflict,
    RolesError,
    roles_agree,
    roles_answer_submit,
)
from tests.conftest import logged_in_client
from tests.relationships.helpers import ROLES_LOW, accepted_mentee, accepted_mentor, accepted_pair

pytestmark = pytest.mark.django_db

MENTEE_MARKER = "MENTEE-COMMENT-7f3a"
MENTOR_MARKER = "MENTOR-COMMENT-91bc"

#: The mentee wants a door opener and a sparring partner a lot, a friend not at all.
WISHES = {**ROLES_LOW, "door_opener": 3, "sparring_partner": 3, "coach": 2, "friend": 0}
#: The mentor is not comfortable as a door opener, very much as a friend, a
#: sparring partner and a coach.
COMFORT = {**ROLES_LOW, "door_opener": 0, "sparring_partner": 3, "coach": 3, "friend": 2}


@pytest.fixture
def pair(programme) -> Mentorship:
    mentee = accepted_mentee(
        programme, name="Anna Andersen", language="en", role_wishes={**ROLES_LOW, "critic": 3}
    )
    mentor = accepted_mentor(
        programme,
        name="Mads Madsen",
        organisation="Novo Nordisk",
        language="da",
        role_comfort={**ROLES_LOW, "networker": 0},
    )
    mentor.user.language = "en"
    mentor.user.save(update_fields=["language"])
    return accepted_pair(programme, mentee=mentee, mentor=mentor)


def url(mentorship: Mentorship, name: str = "relationships:roles") -> str:
    return reverse(name, args=[mentorship.pk])


def form_data(ratings: dict[str, int], comments: dict[str, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {f"rating_{code}": value for code, value in ratings.items()}
    data.update({f"comment_{code}": text for code, text in (comments or {}).items()})
    return data


def submit(mentorship: Mentorship, side: Side, ratings: dict[str, int], **comments: str) -> Any:
    person = mentorship.mentee.user if side == Side.MENTEE else mentorship.mentor.user
    return logged_in_client(person).post(url(mentorship), form_data(ratings, comments), follow=True)


def test_the_form_is_prefilled_from_the_application(pair) -> None:
    html = logged_in_client(pair.mentee.user).get(url(pair)).content.decode()
    assert (
        'name="rating_critic" value="3" class="rating-options" required '
        'id="id_rating_critic_3" checked' in html
    )
    assert "How much you want" not in html  # the form, not the read-only answers
    # The role descriptions from the method are on the form.
    assert "Gives honest, constructive feedback, also when it is critical." in html
    html = logged_in_client(pair.mentor.user).get(url(pair)).content.decode()
    assert 'value="0" class="rating-options" required id="id_rating_networker_0" checked' in html
    assert "Very comfortable" in html  # the mentor's scale
    # Nothing is stored by opening the form.
    assert not RolesExerciseAnswer.objects.exists()


def test_submitting_stores_the_answer_audits_and_tells_the_other(pair) -> None:
    response = submit(pair, Side.MENTEE, WISHES, sparring_partner=f"  {MENTEE_MARKER}  ")
    assert "Thank you for your answers. We have told the other person" in response.content.decode()
    answer = RolesExerciseAnswer.objects.get(mentorship=pair)
    assert answer.side == Side.MENTEE
    assert answer.ratings == WISHES
    assert answer.comments == {"sparring_partner": MENTEE_MARKER}  # trimmed, empty ones dropped
    entry = AuditEntry.objects.get(action="roles.submitted")
    assert entry.data == {"side": "mentee"} and entry.actor == pair.mentee.user
    mail = OutboxMessage.objects.get(key__startswith="roles-submitted:")
    assert mail.to_email == pair.mentor.user.email and mail.language == "en"
    assert mail.subject.endswith("Anna Andersen has answered the roles exercise")
    assert "Now it is your turn" in mail.body_text
    assert url(pair) in mail.body_text
    assert MENTEE_MARKER not in mail.body_text  # the mail carries no answers


def test_mail_is_in_the_recipients_language(pair) -> None:
    pair.mentor.user.language = "da"
    pair.mentor.user.save(update_fields=["language"])
    submit(pair, Side.MENTEE, WISHES)
    mail = OutboxMessage.objects.get(key__startswith="roles-submitted:")
    assert mail.language == "da"


def test_neither_sees_the_others_answers_before_both_have_answered(pair) -> None:
    submit(pair, Side.MENTEE, WISHES, sparring_partner=MENTEE_MARKER)
    mentor_page = logged_in_client(pair.mentor.user).get(url(pair)).content.decode()
    assert MENTEE_MARKER not in mentor_page
    assert 'name="rating_friend"' in mentor_page  # the mentor's own form
    mentee_page = logged_in_client(pair.mentee.user).get(url(pair)).content.decode()
    assert MENTEE_MARKER in mentee_page  # their own answers
    assert "We are waiting for Mads Madsen's answers" in mentee_page
    assert 'name="rating_friend"' not in mentee_page  # no form a second time
    # The pair page of the mentor shows nothing of the mentee's answers either.
    pair_page = logged_in_client(pair.mentor.user).get(url(pair, "relationships:pair"))
    assert MENTEE_MARKER not in pair_page.content.decode()

    response = submit(pair, Side.MENTOR, COMFORT, friend=MENTOR_MARKER)
    assert "You have both answered now" in response.content.decode()
    for person in (pair.mentee.user, pair.mentor.user):
        html = logged_in_client(person).get(url(pair)).content.decode()
        assert MENTEE_MARKER in html and MENTOR_MARKER in html
    # Both are told that both have answered; the first mail went to the mentor only.
    both = OutboxMessage.objects.filter(key__startswith="roles-both:")
    assert sorted(both.values_list("to_email", flat=True)) == sorted(
        [pair.mentee.user.email, pair.mentor.user.email]
    )
    assert all(m.subject.endswith("You have both answered the roles exercise") for m in both)
    assert OutboxMessage.objects.filter(key__startswith="roles-submitted:").count() == 1


def test_side_by_side_highlights_gaps_and_agreements(pair) -> None:
    submit(pair, Side.MENTEE, WISHES)
    submit(pair, Side.MENTOR, COMFORT)
    html = logged_in_client(pair.mentee.user).get(url(pair)).content.decode()
    gaps = html[html.index('id="gaps-heading"') : html.index('id="agreements-heading"')]
    agreements = html[html.index('id="agreements-heading"') : html.index('id="all-heading"')]
    # The biggest gaps, either way, largest first.
    assert "<strong>Door opener</strong>: Anna Andersen wants this role" in gaps
    assert "<strong>Friend</strong>: Mads Madsen is comfortable with this role" in gaps
    assert gaps.index("Door opener") < gaps.index("Friend")
    assert "Sparring partner" not in gaps
    # The strongest agreements, strongest first.
    assert agreements.index("Sparring partner") < agreements.index("Coach")
    assert "Door opener" not in agreements
    # All ten roles with both ratings and the method's descriptions.
    for role in MentorRole:
        assert str(role.label) in html
    assert "Opens doors and can give references." in html
    assert "Very important" in html and "Not for me" in html
    # The agree form: the strong agreements are ticked to start with.
    form = html[html.index('class="stacked-form roles-agree-form"') :]
    assert 'value="sparring_partner" id="id_roles_8" checked' in form
    assert 'value="coach" id="id_roles_1" checked' in form
    assert 'value="door_opener" id="id_roles_5">' in form  # not ticked


def test_agreeing_records_the_roles_in_the_methods_order(pair) -> None:
    submit(pair, Side.MENTEE, WISHES)
    submit(pair, Side.MENTOR, COMFORT)
    client = logged_in_client(pair.mentor.user)
    response = client.post(
        url(pair, "relationships:roles_agree"),
        {"roles": ["sparring_partner", "coach", "networker"], "seen": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == url(pair, "relationships:pair")
    pair.refresh_from_db()
    assert pair.agreed_roles == ["coach", "networker", "sparring_partner"]
    assert pair.roles_agreed_at is not None
    entry = AuditEntry.objects.get(action="roles.agreed")
    assert entry.data == {"roles": "coach,networker,sparring_partner"}
    # Either side may change them later; the form carries what they saw.
    html = logged_in_client(pair.mentee.user).get(url(pair)).content.decode()
    assert 'value="networker" id="id_roles_4" checked' in html
    seen = pair.roles_agreed_at.isoformat()
    assert f'name="seen" value="{seen}"' in html
    response = logged_in_client(pair.mentee.user).post(
        url(pair, "relationships:roles_agree"), {"roles": ["coach"], "seen": seen}
    )
    pair.refresh_from_db()
    assert pair.agreed_roles == ["coach"]


def test_a_stale_agree_form_is_a_conflict_not_an_overwrite(pair) -> None:
    submit(pair, Side.MENTEE, WISHES)
    submit(pair, Side.MENTOR, COMFORT)
    # Both open the form before anything is recorded; the mentor saves first.
    logged_in_client(pair.mentor.user).post(
        url(pair, "relationships:roles_agree"), {"roles": ["coach"], "seen": ""}
    )
    response = logged_in_client(pair.mentee.user).post(
        url(pair, "relationships:roles_agree"), {"roles": ["friend"], "seen": ""}, follow=True
    )
    assert "The agreed roles were changed while you were choosing." in response.content.decode()
    pair.refresh_from_db()
    assert pair.agreed_roles == ["coach"]
    with pytest.raises(RolesConflict):
        roles_agree(mentorship=pair, roles=["friend"], by=None, expected_agreed_at=None)


def test_agreeing_needs_both_answers_and_a_role(pair) -> None:
    submit(pair, Side.MENTEE, WISHES)
    response = logged_in_client(pair.mentee.user).post(
        url(pair, "relationships:roles_agree"), {"roles": ["coach"], "seen": ""}, follow=True
    )
    assert "when both of you have answered the roles exercise" in response.content.decode()
    submit(pair, Side.MENTOR, COMFORT)
    response = logged_in_client(pair.mentee.user).post(
        url(pair, "relationships:roles_agree"), {"seen": ""}
    )
    assert response.status_code == 200
    assert "Choose at least one role you agree on." in response.content.decode()
    pair.refresh_from_db()
    assert pair.agreed_roles == [] and pair.roles_agreed_at is None
    with pytest.raises(RolesError):
        roles_agree(mentorship=pair, roles=["no_such_role"], by=None, expected_agreed_at=None)


def test_submitting_twice_changes_nothing(pair) -> None:
    submit(pair, Side.MENTEE, WISHES, coach=MENTEE_MARKER)
    first = RolesExerciseAnswer.objects.get()
    response = submit(pair, Side.MENTEE, COMFORT, coach="changed my mind")
    assert "You have already sent your answers to the roles exercise." in (
        response.content.decode()
    )
    answer = RolesExerciseAnswer.objects.get()
    assert answer.ratings == WISHES and answer.comments == {"coach": MENTEE_MARKER}
    assert answer.submitted_at == first.submitted_at
    assert AuditEntry.objects.filter(action="roles.submitted").count() == 1
    # The service itself relies on the database's one-answer-per-side rule.
    with pytest.raises(RolesAlreadySubmitted):
        roles_answer_submit(
            mentorship=pair, side=Side.MENTEE, ratings=COMFORT, comments={}, by=None
        )
    assert RolesExerciseAnswer.objects.count() == 1


def test_a_too_long_comment_is_a_clear_error(pair) -> None:
    response = submit(pair, Side.MENTEE, WISHES, coach="x" * (ROLE_COMMENT_MAX + 1))
    html = response.content.decode()
    assert (
        f"Please shorten the comment to at most {ROLE_COMMENT_MAX} characters "
        f"(it has {ROLE_COMMENT_MAX + 1})." in html
    )
    assert "Your comment on Coach" in html  # the error summary names the role
    assert not RolesExerciseAnswer.objects.exists()
    with pytest.raises(RolesError):
        roles_answer_submit(
            mentorship=pair,
            side=Side.MENTEE,
            ratings=WISHES,
            comments={"coach": "x" * (ROLE_COMMENT_MAX + 1)},
            by=None,
        )


def test_every_role_needs_a_rating(pair) -> None:
    ratings = {code: value for code, value in WISHES.items() if code != "critic"}
    response = submit(pair, Side.MENTEE, ratings)
    assert "Please choose a rating for this role." in response.content.decode()
    assert not RolesExerciseAnswer.objects.exists()
    with pytest.raises(RolesError):
        roles_answer_submit(
            mentorship=pair, side=Side.MENTEE, ratings={**WISHES, "critic": 4}, comments={}, by=None
        )
    assert not RolesExerciseAnswer.objects.exists()


def test_ended_early_is_read_only(pair) -> None:
    submit(pair, Side.MENTEE, WISHES, coach=MENTEE_MARKER)
    Mentorship.objects.filter(pk=pair.pk).update(
        status=MentorshipStatus.ENDED_EARLY, ended_at=timezone.now(), ended_by=Side.MENTEE
    )
    client = logged_in_client(pair.mentor.user)
    html = client.get(url(pair)).content.decode()
    assert "This mentorship has ended." in html
    assert 'name="rating_friend"' not in html and MENTEE_MARKER not in html
    response = client.post(url(pair), form_data(COMFORT), follow=True)
    assert "This mentorship has ended." in response.content.decode()
    assert RolesExerciseAnswer.objects.count() == 1
    response = client.post(url(pair, "relationships:roles_agree"), {"roles": ["coach"]})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.agreed_roles == []
    with pytest.raises(RolesError):
        roles_answer_submit(
            mentorship=pair, side=Side.MENTOR, ratings=COMFORT, comments={}, by=None
        )


def test_nobody_else_sees_or_answers(pair, programme, user, coordinator, superuser) -> None:
    submit(pair, Side.MENTEE, WISHES, coach=MENTEE_MARKER)
    stranger = accepted_mentee(programme, name="Bo Bech", organisation="Odense Kommune")
    for person in (stranger.user, user, coordinator, superuser):
        client = logged_in_client(person)
        assert client.get(url(pair)).status_code == 404
        assert client.post(url(pair), form_data(COMFORT)).status_code == 404
        response = client.post(url(pair, "relationships:roles_agree"), {"roles": ["coach"]})
        assert response.status_code == 404
    assert RolesExerciseAnswer.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_racing_keep_one_answer(programme) -> None:
    from tests.relationships.test_capacity_race import race

    mentee = accepted_mentee(programme, name="Anna Andersen")
    mentor = accepted_mentor(programme, name="Mads Madsen", organisation="Novo Nordisk")
    mentorship = accepted_pair(programme, mentee=mentee, mentor=mentor)

    def answer() -> RolesExerciseAnswer:
        return roles_answer_submit(
            mentorship=Mentorship.objects.get(pk=mentorship.pk),
            side=Side.MENTEE,
            ratings=WISHES,
            comments={},
            by=None,
        )

    results = race(answer, answer)
    assert sum(isinstance(result, RolesExerciseAnswer) for result in results) == 1
    assert sum(isinstance(result, RolesAlreadySubmitted) for result in results) == 1
    assert RolesExerciseAnswer.objects.filter(mentorship=mentorship).count() == 1
    assert AuditEntry.objects.filter(action="roles.submitted").count() == 1
