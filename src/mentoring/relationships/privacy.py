"""Personal data of the relationships app: mentorships, the roles exercise,
the collaboration agreement and the trial gate."""

from __future__ import annotations

from django.db.models import Q

from mentoring.common.privacy_register import Entry, Erasure


def _pair(pks: list[int], prefix: str = "") -> Q:
    return Q(**{f"{prefix}mentee__in": pks}) | Q(**{f"{prefix}mentor__in": pks})


def _own_side(pks: list[int]) -> Q:
    return Q(mentorship__mentee__in=pks, side="mentee") | Q(
        mentorship__mentor__in=pks, side="mentor"
    )


ENTRIES = [
    Entry(
        model="relationships.Mentorship",
        purpose="A mentoring relationship between a mentee and a mentor.",
        personal=("mentee", "mentor", "decline_reason", "agreed_roles", "created_by"),
        erasure=Erasure.ANONYMISE,
        anonymise={"decline_reason": ""},
        note="kept for the programme's counts; an active one is ended; a declined one "
        "keeps the reason `–`",
        of_participations=lambda pks, user_ids: _pair(pks),
        export_exclude=("created_by",),
    ),
    Entry(
        model="relationships.RolesExerciseAnswer",
        purpose="One side's answers to the roles exercise.",
        personal=("ratings", "comments"),
        erasure=Erasure.ANONYMISE,
        anonymise={"comments": {}},
        of_participations=lambda pks, user_ids: _own_side(pks),
    ),
    Entry(
        model="relationships.AgreementVersion",
        purpose="The pair's collaboration agreement, with its versions.",
        personal=(
            "places",
            "goals",
            "confidentiality",
            "employer_duty_topics",
            "off_limits_topics",
            "homework",
            "contact_between_meetings",
            "moving_or_cancelling",
            "ending",
            "accepted_content",
            "updated_by",
        ),
        erasure=Erasure.ANONYMISE,
        anonymise={
            "places": "",
            "goals": [],
            "confidentiality": "",
            "employer_duty_topics": "",
            "off_limits_topics": "",
            "homework": "",
            "contact_between_meetings": "",
            "moving_or_cancelling": "",
            "ending": "",
            "accepted_content": {},
        },
        of_participations=lambda pks, user_ids: _pair(pks, "mentorship__"),
        export_exclude=("updated_by",),
    ),
    Entry(
        model="relationships.TrialResponse",
        purpose="One side's answer at the trial gate, with the private comment to the "
        "coordinators when ending.",
        personal=("answer", "comment"),
        confidential=("comment",),
        erasure=Erasure.ANONYMISE,
        anonymise={"comment": ""},
        note="the answer stays for the counts; the comment is blanked (and scrubbed from "
        "the coordinators' mail on erasure)",
        of_participations=lambda pks, user_ids: _own_side(pks),
    ),
]
