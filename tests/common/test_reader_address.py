"""The reader is "du"/"you" on their own pages (issue 17, point 6).

A mentee reading their own pages is addressed as "du"/"you", never named in
the third person as "menteen"/"the mentee"; a mentor likewise is never "the
mentor" on their pages. Where a text must name the other party it says "din
mentor"/"your mentor" (or their name). Coordinator pages keep the third person.

The rule, per reader and language, is a list of forbidden forms that name the
reader's own role as someone else (the definite "the mentee", Danish
"menteen"/"menteens", and the flyer's bare form "mentee" as a subject, object
or owner):

- mentee reader, English: "the mentee", "the mentee's" (but "as the mentee,
  you ..." names the reader's own role, and a capitalised "The mentee" not
  followed by a lowercase word is a label, such as a choice's name);
- mentee reader, Danish: "menteen", "menteens", and the bare "mentee" in
  running text ("hvad mentee har brug for", "Mentee forbereder ...") except
  where a word before it makes it a role rather than the reader: "din
  mentee", "en mentee", "som mentee" (the reader's own role), "(mentee)" after
  a name, "mentee:" as a label, "mentee og mentor" naming both roles; a
  capitalised "Mentee" not followed by a lowercase word is a label ("Mentee ·
  Optaget"), and the method's name "Mentors mange roller" is not about anyone;
- the same for a mentor reader with "the mentor", "mentoren", "mentorens" and
  the bare "mentor".

The main pages of a pair in the learning phase and of a pair still
establishing, and the reader's lists, are rendered for the mentee and the
mentor in Danish and English; so is a proposal page published from a real
matching run, with its "Why you were matched" explanations (the mentee's own
ranking among them for the mentee).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.matching.wordings import REASON
from mentoring.relationships.models import Mentorship
from tests.common.test_formats import visible_text
from tests.conftest import logged_in_client
from tests.evaluations.helpers import invited
from tests.matching.test_ranking import ranking_on, shortlist_url
from tests.meetings.test_meetings import make_pair, plan
from tests.relationships.helpers import (
    accepted_mentee,
    accepted_mentor,
    accepted_pair,
    ranked_choice_published,
    small_programme,
)

pytestmark = pytest.mark.django_db

#: The method's name and the roles' own names are not about the reader.
NEUTRAL = re.compile(r"Mentors mange roller|Mentor's Many Roles", re.I)

#: Words before a bare role noun that make it "a"/"your"/"as a" role, not
#: the reader named in the third person.
ALLOWED_BEFORE_DA = (
    "din",
    "dine",
    "en",
    "anden",
    "som",
    "hver",
    "ny",
    "foreslåede",
    "blive",
    "være",
)


def forbidden(role: str, language: str) -> list[re.Pattern[str]]:
    if language == "en":
        return [
            re.compile(rf"(?<!as )(?<!As )\bthe {role}(?:'s|’s)?\b"),
            re.compile(rf"\bThe {role}(?:'s|’s)?\b(?=\s+[a-z])"),
        ]
    other = "mentor" if role == "mentee" else "mentee"
    before = (
        r"(?<![\w(-])"
        + "".join(f"(?<!{word} )" for w in ALLOWED_BEFORE_DA for word in (w, w.capitalize()))
        + rf"(?<!{other} og )(?<!{other}s og )"
    )
    after = rf"s?\b(?![:)])(?! og {other})(?!-)"
    return [
        # "menteen", "menteens", "mentoren", "mentorens"
        re.compile(rf"\b{role}{'n' if role == 'mentee' else 'en'}s?\b", re.I),
        # the bare form in running text: "hvad mentee har brug for"
        re.compile(before + role + after),
        # and as a sentence's subject: "Mentee forbereder dagsordenen"; a
        # capitalised "Mentee" before anything but a lowercase word is a label
        re.compile(before + role.capitalize() + after + r"(?=\s+[a-zæøå])"),
    ]


def offences(text: str, role: str, language: str) -> list[str]:
    text = NEUTRAL.sub(" ", re.sub(r"\s+", " ", text))
    found = []
    for pattern in forbidden(role, language):
        for match in pattern.finditer(text):
            found.append(text[max(0, match.start() - 60) : match.end() + 40].strip())
    return found


def pages(pair: Mentorship, establishing: Mentorship, meeting_pk: int) -> list[str]:
    return [
        "/",
        reverse("participants:my_applications"),
        reverse("relationships:my_matches"),
        reverse("relationships:match", args=[pair.pk]),
        reverse("relationships:pair", args=[pair.pk]),
        reverse("relationships:agreement", args=[pair.pk]),
        reverse("relationships:roles", args=[pair.pk]),
        reverse("meetings:list", args=[pair.pk]),
        reverse("meetings:detail", args=[pair.pk, meeting_pk]),
        reverse("meetings:homework", args=[pair.pk]),
        reverse("meetings:journal", args=[pair.pk]),
        reverse("meetings:goals", args=[pair.pk]),
        reverse("meetings:held", args=[pair.pk, meeting_pk]),
        reverse("meetings:close", args=[pair.pk]),
        reverse("evaluations:mine"),
        reverse("evaluations:respond", args=[pair.pk, "midway"]),
        reverse("accounts:profile"),
        reverse("relationships:match", args=[establishing.pk]),
        reverse("relationships:pair", args=[establishing.pk]),
        reverse("relationships:agreement", args=[establishing.pk]),
        reverse("relationships:roles", args=[establishing.pk]),
    ]


def test_the_reader_is_addressed_as_du_on_their_own_pages(programme) -> None:
    pair = make_pair(programme, language="da")
    meeting = plan(pair, timezone.now() + timedelta(days=1, hours=3))
    plan(pair, timezone.now() - timedelta(days=20), held=True)
    invited(pair)
    establishing = accepted_pair(
        programme,
        mentee=accepted_mentee(programme, name="Eva Ebbesen", language="da"),
        mentor=accepted_mentor(programme, name="Ole Olsen", organisation="Vestas", language="da"),
    )
    problems = []
    walked = 0
    for role in ("mentee", "mentor"):
        for language in ("da", "en"):
            for mentorship in (pair, establishing):
                person = getattr(mentorship, role).user
                person.language = language
                person.save(update_fields=["language"])
            client = logged_in_client(getattr(pair, role).user)
            other_client = logged_in_client(getattr(establishing, role).user)
            for url in pages(pair, establishing, meeting.pk):
                which = other_client if str(establishing.pk) in url.split("/") else client
                response = which.get(url)
                assert response.status_code == 200, (role, url, response.status_code)
                for offence in offences(visible_text(response.content.decode()), role, language):
                    problems.append(f"{role} {language} {url}: …{offence}…")
                walked += 1
    assert walked == 4 * 21
    assert not problems, "\n".join(problems)


def test_the_proposal_page_explains_the_match_to_its_reader(programme, coordinator) -> None:
    """Anna ranks Per as her 1st choice; the run proposes him and the
    coordinator publishes it. Both read why they were matched, as "du"/"you"."""
    anna = accepted_mentee(programme, name="Anna Andersen", organisation="Aarhus Kommune")
    per = accepted_mentor(
        programme, name="Per Poulsen", organisation="Vestas", tags=["forandringsledelse"]
    )
    ranked_choice_published(programme, coordinator=coordinator, mentee=anna, mentor=per)
    mentorship = Mentorship.objects.get(mentee=anna, mentor=per)
    url = reverse("relationships:match", args=[mentorship.pk])
    problems = []
    for role, person in (("mentee", anna), ("mentor", per)):
        for language in ("da", "en"):
            person.user.language = language
            person.user.save(update_fields=["language"])
            response = logged_in_client(person.user).get(url)
            assert response.status_code == 200
            text = visible_text(response.content.decode())
            shown = response.context["sentences"]
            # The page explains the match with several criteria, all on the page.
            assert len(shown) >= 4, (role, language, [item.code for item in shown])
            for item in shown:
                assert item.sentence in text, item.sentence
            codes = {item.code for item in shown}
            assert ("mentee_ranking" in codes) == (role == "mentee")
            problems += [f"{role} {language}: …{o}…" for o in offences(text, role, language)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("role", "language", "text"),
    [
        ("mentee", "da", "Hvad menteen håber på"),
        ("mentee", "da", "Mentee forbereder dagsordenen."),
        ("mentee", "da", "Tal om, hvad mentee har mest brug for."),
        ("mentee", "en", "What the mentee hopes for"),
        ("mentee", "en", "The mentee prepares the agenda."),
        ("mentor", "da", "de roller, mentor brugte"),
        ("mentor", "da", "Mentorens erfaring"),
        ("mentor", "en", "The mentor's own learning"),
    ],
)
def test_the_rule_catches_the_third_person(role: str, language: str, text: str) -> None:
    assert offences(text, role, language), text


@pytest.mark.parametrize(
    ("role", "language", "text"),
    [
        ("mentee", "da", "Som mentee forbereder du mødet. Din mentor læser dagsordenen."),
        ("mentee", "da", "Anna Andersen (mentee) og Mads Madsen (mentor). Mentee: Anna"),
        ("mentee", "da", "Mentorordning A Mentee · Optaget. Hvem styrer møderne Mentee 6. Hjem"),
        ("mentee", "da", "Lav øvelsen »Mentors mange roller«. Søg som mentee."),
        ("mentor", "da", "Din mentee: Anna. Kun mentee og mentor kan gøre dette."),
        ("mentor", "en", "Your mentee writes the agenda; your mentor's workplace."),
        ("mentee", "en", "As the mentee, you prepare the agenda."),
        ("mentee", "en", "Who steers the meetings The mentee 6. Homework"),
    ],
)
def test_the_rule_allows_the_second_person_and_labels(role: str, language: str, text: str) -> None:
    assert not offences(text, role, language), offences(text, role, language)


def test_the_shortlist_speaks_of_this_mentor(programme, coordinator) -> None:
    """The mentee's shortlist explains each candidate as "this mentor" /
    "denne mentor", never in the third person and never as "your mentor" (they
    are not matched yet); every reason shown is a reason."""
    people = small_programme(programme)
    ranking_on(programme, coordinator)
    anna = people["anna"].user
    problems = []
    for language, this_mentor, your_mentor in (
        ("da", "Denne mentor", re.compile(r"\bdin mentor", re.I)),
        ("en", "This mentor", re.compile(r"\byour mentor\b", re.I)),
    ):
        anna.language = language
        anna.save(update_fields=["language"])
        response = logged_in_client(anna).get(shortlist_url(programme))
        assert response.status_code == 200
        text = visible_text(response.content.decode())
        entries = response.context["shortlist"].entries
        shown = [item for entry in entries for item in entry.sentences]
        assert len(shown) >= len(entries) >= 2, language
        for item in shown:
            assert item.sentence in text, item.sentence
            assert item.tone == REASON, item
            assert not your_mentor.search(item.sentence), item.sentence
        assert any(item.sentence.startswith(this_mentor) for item in shown), language
        problems += [f"{language}: …{o}…" for o in offences(text, "mentee", language)]
    assert not problems, "\n".join(problems)
