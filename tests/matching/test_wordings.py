"""The table of explanation wordings (``matching.wordings``): every sentence key
rendered for every reader in both languages.

- none is empty (except the mentor's wording of the mentee's own ranking, which
  the mentor never reads);
- the mentee's, the mentor's and the candidate's wordings never name their
  reader in the third person (``tests.common.test_reader_address.offences``);
- the candidate's wording (the mentee on their shortlist) says "this mentor",
  never "your mentor": they are not matched yet;
- every msgid has its own Danish translation (the Danish differs from the
  English), so none falls back to English on a Danish page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from mentoring.matching.sentences import SENTENCES, sentence_key
from mentoring.matching.wordings import (
    CANDIDATE,
    COORDINATOR,
    MENTEE,
    MENTOR,
    READERS,
    REASON,
    WORDINGS,
)
from tests.common.test_reader_address import offences
from tests.matching.test_reader_sentences import BRANCHES

#: Words for every placeholder any wording uses (numbers count plurals).
PARAMS: dict[str, Any] = {
    "tags": "HR",
    "terms": "fusioner",
    "change": "Fusion",
    "lived": "Ny leder",
    "roles": "Sponsor",
    "areas": "netværk",
    "gap": 2,
    "mentor": 12,
    "mentee": 10,
    "years": 3,
    "organisation": "Vestas",
    "industry": "Energi",
    "industries": "Finans",
    "region": "Region Midtjylland",
    "times": "tirsdage",
}

#: The reader the wording is read by ("candidate": the mentee, on the shortlist).
READER_ROLE = {MENTEE: "mentee", MENTOR: "mentor", CANDIDATE: "mentee"}

YOUR_MENTOR = {
    "en": re.compile(r"\byour mentor\b", re.I),
    "da": re.compile(r"\bdin mentor", re.I),
}


def rendered(key: str, reader: str) -> str:
    """A mapping with words the wording does not use is harmless to ``%``."""
    return WORDINGS[key].render(reader, PARAMS)


@pytest.mark.parametrize("language", ["en", "da"])
def test_every_key_for_every_reader(language: str) -> None:
    problems = []
    with translation.override(language):
        for key in WORDINGS:
            for reader in READERS:
                text = rendered(key, reader)
                if key.startswith("ranking.") and reader == MENTOR:
                    assert text == "", key  # the mentor never reads the mentee's ranking
                    continue
                assert text.strip(), (key, reader)
                assert "%(" not in text, (key, reader, text)
                if reader == COORDINATOR:
                    continue
                role = READER_ROLE[reader]
                problems += [f"{key} {reader}: {o}" for o in offences(text, role, language)]
                if reader == CANDIDATE and YOUR_MENTOR[language].search(text):
                    problems.append(f"{key} candidate says 'your mentor': {text}")
    assert not problems, "\n".join(problems)


def test_every_msgid_has_a_danish_translation() -> None:
    untranslated = []
    for key in WORDINGS:
        for reader in READERS:
            if WORDINGS[key].msgid(reader) is None:
                continue
            with translation.override("en"):
                english = rendered(key, reader)
            with translation.override("da"):
                danish = rendered(key, reader)
            if danish == english:
                untranslated.append(f"{key} {reader}: {english}")
    assert not untranslated, "\n".join(untranslated)


def test_the_candidate_reads_this_mentor() -> None:
    with translation.override("en"):
        assert rendered("goals.tags", CANDIDATE) == "This mentor's expertise in HR fits your goals."
    with translation.override("da"):
        assert rendered("goals.tags", CANDIDATE) == (
            "Denne mentors ekspertise i HR passer til dine mål."
        )
        assert rendered("goals.tags", MENTEE) == "Din mentors ekspertise i HR passer til dine mål."


def test_every_branch_of_every_criterion_has_a_wording() -> None:
    """The branching (sentences) only ever names keys of the table, and every
    key of the table is reached by some facts."""
    reached = set()
    for criterion, facts in BRANCHES:
        for value in (None, 0.0, 1.0):
            choice = sentence_key(criterion, facts, value=value)
            assert choice is not None, (criterion, facts)
            assert choice[0] in WORDINGS, choice
            reached.add(choice[0])
    for criterion in ("roles", "benefits"):
        for facts in ({"missing": ["x"], "partly": ["x"]}, {"missing": ["x"]}):
            choice = sentence_key(criterion, facts, value=0.6)
            assert choice is not None
            reached.add(choice[0])
    assert set(WORDINGS) - reached == set()
    assert set(SENTENCES) == {criterion for criterion, _ in BRANCHES}


def test_tones_are_known() -> None:
    assert {w.tone for w in WORDINGS.values()} <= {REASON, "drawback", "neutral"}
