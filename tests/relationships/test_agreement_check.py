"""The agreement as data: the check against the programme's recommendation
(errors block, warnings name the recommendation), the prefilled first draft,
and the difference between two versions (escaped word-level markup)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from mentoring.programmes.models import Programme
from mentoring.relationships import agreement
from mentoring.relationships.agreement import (
    add_months,
    check_against_recommendation,
    diff_values,
    prefill,
    text_diff,
    virtual_share_from_formats,
)
from tests.relationships.test_agreement_support import pair_in, values

RECOMMENDATION = "at least 5 meetings of 90–120 minutes over 6–8 months"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def programme(**kwargs) -> Programme:
    """An unsaved programme with the flyer's recommendation (the defaults)."""
    return Programme(slug="p", starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31), **kwargs)


def test_an_agreement_within_the_recommendation_has_no_errors_or_warnings() -> None:
    assert check_against_recommendation(programme(), values()) == ({}, [])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"meetings_planned": 4}, "You plan 4 meetings. The programme recommends"),
        ({"meetings_planned": 1}, "You plan 1 meeting. The programme recommends"),
        ({"meeting_minutes": 60}, "Your meetings last 60 minutes. The programme recommends"),
        (
            {"starts_on": date(2030, 2, 1), "ends_on": date(2030, 7, 31)},
            "Your period is shorter than 6 months. The programme recommends",
        ),
    ],
)
def test_below_the_recommendation_warns_naming_it_but_is_no_error(changes, expected) -> None:
    errors, warnings = check_against_recommendation(programme(), values(**changes))
    assert errors == {}
    assert len(warnings) == 1
    assert warnings[0].startswith(expected)
    assert warnings[0].endswith(f"{RECOMMENDATION}.")


def test_the_warning_follows_the_programmes_own_recommendation() -> None:
    own = programme(min_meetings=8, min_meeting_minutes=60, max_meeting_minutes=60, min_months=3)
    errors, warnings = check_against_recommendation(
        own, values(meetings_planned=6, starts_on=date(2030, 2, 1), ends_on=date(2030, 5, 1))
    )
    assert errors == {}
    assert warnings == [
        "You plan 6 meetings. The programme recommends "
        "at least 8 meetings of 60 minutes over 3–8 months."
    ]


def test_exactly_the_minimum_period_is_enough() -> None:
    errors, warnings = check_against_recommendation(
        programme(), values(starts_on=date(2030, 1, 31), ends_on=date(2030, 7, 31))
    )
    assert (errors, warnings) == ({}, [])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ends_on": date(2031, 1, 15)},
            "ends_on",
            "The programme ends on 31 December 2030: your agreement must end by then.",
        ),
        ({"ends_on": date(2030, 2, 1)}, "ends_on", "The end date must be after the start date."),
        ({"ends_on": date(2030, 1, 20)}, "ends_on", "The end date must be after the start date."),
        ({"meetings_planned": 0}, "meetings_planned", "Plan at least one meeting."),
        (
            {"midway_review_on": date(2030, 10, 1)},
            "midway_review_on",
            "The midway review must lie within the period, between the start and end dates.",
        ),
        (
            {"midway_review_on": date(2030, 1, 15)},
            "midway_review_on",
            "The midway review must lie within the period, between the start and end dates.",
        ),
        ({"virtual_share": 101}, "virtual_share", "Give a share between 0 and 100 %."),
        ({"virtual_share": -1}, "virtual_share", "Give a share between 0 and 100 %."),
    ],
)
def test_rules_of_the_agreement_are_errors(changes, field, message) -> None:
    errors, _warnings = check_against_recommendation(programme(), values(**changes))
    assert errors == {field: message}


def test_missing_values_are_left_to_the_form() -> None:
    assert check_against_recommendation(programme(), {}) == ({}, [])


def test_a_programme_without_an_end_accepts_any_end_after_the_start() -> None:
    open_ended = Programme(slug="p")
    errors, _ = check_against_recommendation(open_ended, values(ends_on=date(2040, 1, 1)))
    assert errors == {}


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month() -> None:
    assert add_months(date(2030, 1, 31), 1) == date(2030, 2, 28)
    assert add_months(date(2032, 1, 31), 1) == date(2032, 2, 29)
    assert add_months(date(2030, 8, 15), 6) == date(2031, 2, 15)
    assert add_months(date(2030, 12, 1), 12) == date(2031, 12, 1)


def test_virtual_share_follows_both_applications() -> None:
    assert virtual_share_from_formats("in_person", "in_person") == 0
    assert virtual_share_from_formats("virtual", "virtual") == 100
    assert virtual_share_from_formats("in_person", "virtual") == 50
    assert virtual_share_from_formats("mixed", "in_person") == 25
    assert virtual_share_from_formats("", "mixed") == 50
    assert virtual_share_from_formats("", "") == 0


# --- The first draft ----------------------------------------------------------


@pytest.mark.django_db
def test_prefill_takes_the_frame_from_the_programme_and_the_rest_from_the_pair(
    programme,
) -> None:
    mentorship = pair_in(programme)
    mentorship.agreed_roles = ["sparring_partner", "coach", "not-a-role"]
    draft = prefill(mentorship, today=date(2030, 3, 10))
    assert draft["meetings_planned"] == 5
    assert draft["meeting_minutes"] == 90
    assert draft["starts_on"] == date(2030, 3, 10)
    assert draft["ends_on"] == date(2030, 9, 10)
    assert draft["midway_review_on"] == date(2030, 6, 10)
    assert draft["alternate_hosts"] is True
    assert draft["virtual_share"] == 50  # in person (mentee) and virtual (mentor)
    assert draft["agreed_roles"] == ["sparring_partner", "coach"]
    assert draft["goals"] == ["Lede forandring efter fusionen", "Blive bedre til svære samtaler"]
    assert draft["meeting_lead"] == "mentee"
    assert draft["withdrawal_right"] is True
    assert draft["confidentiality"].startswith("What we talk about in our meetings stays")
    assert draft["moving_or_cancelling"].startswith("If one of us has to move or cancel")
    assert set(draft) == set(agreement.FIELDS)
    assert check_against_recommendation(mentorship.programme, draft) == ({}, [])


@pytest.mark.django_db
def test_prefill_starts_with_the_programme_and_ends_with_it_at_the_latest(programme) -> None:
    mentorship = pair_in(programme)
    early = prefill(mentorship, today=date(2029, 11, 1))
    assert early["starts_on"] == date(2030, 1, 1)
    assert early["ends_on"] == date(2030, 7, 1)
    late = prefill(mentorship, today=date(2030, 9, 1))
    assert late["ends_on"] == date(2030, 12, 31)  # capped at the programme's end
    errors, warnings = check_against_recommendation(mentorship.programme, late)
    assert errors == {}
    assert warnings and "shorter than 6 months" in warnings[0]


@pytest.mark.django_db
def test_prefill_without_roles_exercise_leaves_the_roles_empty(programme) -> None:
    mentorship = pair_in(programme)
    assert prefill(mentorship)["agreed_roles"] == []


@pytest.mark.django_db
def test_prefill_texts_are_in_the_readers_language(programme) -> None:
    mentorship = pair_in(programme)
    with translation.override("da"):
        draft = prefill(mentorship)
    assert draft["confidentiality"].startswith("Det, vi taler om på vores møder")


# --- Differences ----------------------------------------------------------------


def test_text_diff_marks_words_and_escapes_everything() -> None:
    html = text_diff(
        "Vi mødes hos <b>Novo</b> & taler frit.", "Vi mødes på <script>x</script> & taler frit."
    )
    assert "<script>" not in html
    assert "<b>" not in html
    # One change, not many small pieces.
    assert "<del>hos &lt;b&gt;Novo&lt;/b</del><ins>på &lt;script&gt;x&lt;/script</ins>&gt;" in html
    assert html.startswith("Vi mødes ")
    assert html.endswith(" &amp; taler frit.")


def test_diff_lists_values_lists_and_texts_in_the_agreements_order() -> None:
    old = values()
    new = values(
        meetings_planned=8,
        agreed_roles=["coach", "door_opener"],
        homework="Mentee afprøver to ting mellem møderne.",
        withdrawal_right=False,
    )
    changes = diff_values(old, new)
    assert [change.name for change in changes] == [
        "meetings_planned",
        "agreed_roles",
        "homework",
        "withdrawal_right",
    ]
    meetings, roles, homework, withdrawal = changes
    assert (meetings.kind, meetings.old, meetings.new) == ("value", "6", "8")
    assert roles.kind == "list"
    assert roles.added == ["Door opener"]
    assert roles.removed == ["Sparring partner"]
    assert homework.kind == "text"
    assert "<del>én</del><ins>to</ins>" in homework.html
    assert (withdrawal.old, withdrawal.new) == ("Yes", "No")


def test_no_change_no_diff() -> None:
    assert diff_values(values(), values()) == []


def test_every_content_field_of_the_model_is_in_the_agreement_and_the_form() -> None:
    from mentoring.relationships.forms.agreement import AgreementForm
    from mentoring.relationships.models import AgreementVersion

    bookkeeping = {
        "id",
        "mentorship",
        "number",
        "revision",
        "created_at",
        "updated_at",
        "updated_by",
        "mentee_accepted_at",
        "mentor_accepted_at",
        "accepted_at",
        "accepted_content",
    }
    content = {f.name for f in AgreementVersion._meta.concrete_fields} - bookkeeping
    assert set(agreement.FIELDS) == content
    assert {name for section in agreement.SECTIONS for name in section.fields} == content
    form = AgreementForm(programme=programme())
    assert content - {"goals"} <= set(form.fields)
    assert {f"goal_{n}" for n in range(1, 6)} <= set(form.fields)
