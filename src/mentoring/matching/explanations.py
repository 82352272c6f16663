"""Explanation sentences: one translated sentence per criterion of a proposed
pair, built from the facts the engine stores with each contribution
(``engine.scoring.ProfileScores.facts``; documented in docs/matching.md).

Proposals store facts (codes, words, numbers), never sentences, so every
reader gets the explanation in their own language: "Begge arbejder med
forandringsledelse" for a Danish coordinator, "Both work with change
management" for an English one (the words the two people wrote stay as they
wrote them). The sentences themselves live in ``sentences`` (which one the
facts call for) and ``wordings`` (its words per reader): the coordinator's
third person, "you" for the mentee and the mentor on their own proposal
pages (``explain_for_participant``), and "this mentor" for the mentee reading
about a candidate on their shortlist (``explain_for_candidate``). What a
participant reads as reasons is ``reasons``: the criteria met at least
``REASON_THRESHOLD`` whose sentence speaks for the pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mentoring.matching.engine.types import CRITERIA
from mentoring.matching.enums import EDITABLE_CRITERIA, Criterion
from mentoring.matching.sentences import (
    AVAILABILITY_LABELS,
    CANDIDATE,
    COORDINATOR,
    MENTEE,
    MENTOR,
    READERS,
    REASON,
    REASON_THRESHOLD,
    SENTENCES,
    join,
    sentence,
    tone,
)

__all__ = [
    "AVAILABILITY_LABELS",
    "CANDIDATE",
    "COORDINATOR",
    "MENTEE",
    "MENTOR",
    "READERS",
    "REASON_THRESHOLD",
    "SENTENCES",
    "join",
    "sentence",
]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


#: Criterion names worded for a participant reader where the coordinator's
#: name speaks of them in the third person.
READER_LABELS: dict[str, dict[str, Any]] = {
    MENTEE: {Criterion.MENTEE_RANKING.value: gettext_lazy("Your own ranking")},
}


@dataclass(frozen=True)
class Explained:
    """One criterion of a pair, ready for a template."""

    code: str
    label: str
    value: float
    weight: float
    points: float
    sentence: str
    #: ``wordings.REASON``, ``DRAWBACK`` or ``NEUTRAL``: what the sentence says.
    tone: str = REASON


def explain(
    contributions: Sequence[Mapping[str, Any]] | None, *, reader: str = COORDINATOR
) -> list[Explained]:
    """A proposal's stored contributions as explained criteria, the ones
    that add most to the score first, worded for ``reader`` (the coordinator's
    third person unless told otherwise)."""
    labels = {**dict(Criterion.choices), **READER_LABELS.get(reader, {})}
    rows = []
    for item in contributions or []:
        code = str(item.get("criterion", ""))
        if code not in CRITERIA:
            continue
        value = float(item.get("value", 0.0))
        facts = item.get("facts") or {}
        rows.append(
            Explained(
                code=code,
                label=str(labels.get(code, code)),
                value=value,
                weight=float(item.get("weight", 0.0)),
                points=float(item.get("points", 0.0)),
                sentence=sentence(code, facts, reader=reader, value=value),
                tone=tone(code, facts, value=value),
            )
        )
    rows.sort(key=lambda row: (-row.points, CRITERIA.index(row.code)))
    return rows


#: Criteria only the mentee (and the coordinator) may read: the mentee's own
#: ranking. The shortlist promises the mentee that only the coordinator sees
#: their choices, so the proposed mentor never learns them, not even "did not
#: rank" (pages, e-mails, exports).
MENTEE_ONLY_CRITERIA = frozenset({Criterion.MENTEE_RANKING.value})


def contributions_for_side(
    contributions: Sequence[Mapping[str, Any]] | None, *, side: str
) -> list[Mapping[str, Any]]:
    """The stored contributions a participant on ``side`` ("mentee" or
    "mentor") may read: the mentee all of them, anybody else (the mentor)
    all but ``MENTEE_ONLY_CRITERIA``."""
    items = list(contributions or [])
    if side == "mentee":
        return items
    return [item for item in items if item.get("criterion") not in MENTEE_ONLY_CRITERIA]


def explain_for_participant(
    contributions: Sequence[Mapping[str, Any]] | None, *, side: str
) -> list[Explained]:
    """``explain`` for one of the two people of a pair: what the person on
    ``side`` may read (see ``contributions_for_side``), addressed to them
    ("Your mentor's expertise ...", "Your expertise ... fits your mentee's
    goals")."""
    reader = MENTEE if side == MENTEE else MENTOR
    return explain(contributions_for_side(contributions, side=side), reader=reader)


def explain_for_candidate(contributions: Sequence[Mapping[str, Any]] | None) -> list[Explained]:
    """``explain`` for the mentee reading about a mentor on their shortlist:
    "This mentor's expertise ... fits your goals" (not "your mentor": they are
    not matched)."""
    return explain(contributions_for_side(contributions, side=MENTEE), reader=CANDIDATE)


def reasons(explained: Sequence[Explained], *, limit: int | None = None) -> list[Explained]:
    """The criteria a participant reads as reasons: met at least
    ``REASON_THRESHOLD``, with a sentence that speaks for the pair (never a
    drawback, nor "... is not known"), strongest first; at most ``limit``."""
    rows = [
        row
        for row in explained
        if row.value >= REASON_THRESHOLD and row.sentence and row.tone == REASON
    ]
    return rows if limit is None else rows[:limit]


def weight_rows(weights: Mapping[str, float], *, ranking: bool = False) -> list[tuple[str, float]]:
    """(criterion name, weight) for the criteria a coordinator can weigh
    (with the mentees' own ranking when the run used it)."""
    labels = dict(Criterion.choices)
    codes = (*EDITABLE_CRITERIA, Criterion.MENTEE_RANKING.value) if ranking else EDITABLE_CRITERIA
    return [(str(labels[code]), float(weights.get(code, 0.0))) for code in codes]


#: Why ``services.matching_runs_fail_stale`` failed a run (``parameters["failure"]``).
STALE_NO_PROGRESS = "stale_no_progress"
STALE_NOT_STARTED = "stale_not_started"
STALE_TASK_FAILED = "stale_task_failed"


def stale_run_message(reason: str, *, minutes: int) -> str:
    """Why a stopped worker's run was failed, in the active language ("" if
    ``reason`` is not one of the codes above)."""
    if reason == STALE_NO_PROGRESS:
        return _(
            "The run stopped making progress for %(minutes)s minutes: the background "
            "worker was probably stopped or restarted while it ran. Nothing was changed. "
            "Start a new run."
        ) % {"minutes": minutes}
    if reason == STALE_NOT_STARTED:
        return _(
            "The run did not start within %(minutes)s minutes: the background worker "
            "did not pick it up. Check that the worker is running, then start a new run."
        ) % {"minutes": minutes}
    if reason == STALE_TASK_FAILED:
        return _(
            "The background worker stopped the run without finishing it. Nothing was "
            "changed. Start a new run."
        )
    return ""


def run_error(run: Any) -> str:
    """Why a run failed, in the reader's language when the reason is a code
    (a run a stopped worker left behind), else the stored message."""
    parameters = run.parameters or {}
    message = stale_run_message(
        str(parameters.get("failure", "")), minutes=int(parameters.get("stale_minutes", 30))
    )
    return message or str(run.error)


def unmatched_details(facts: Mapping[str, Any] | None, *, best_name: str = "") -> str:
    """The counts behind an unmatched mentee's reason, as one sentence:
    "Of 12 mentors, 3 work in the same organisation, 1 is vetoed ..."."""
    facts = facts or {}
    total = _int(facts.get("mentors"))
    if total is None:
        return ""
    if total == 0:
        return _("No mentor had a free place.")
    parts = []
    counts = (
        (
            "same_organisation",
            lambda n: ngettext(
                "%(n)s works in the same organisation", "%(n)s work in the same organisation", n
            ),
        ),
        (
            "no_shared_language",
            lambda n: ngettext("%(n)s shares no language", "%(n)s share no language", n),
        ),
        (
            "excluded",
            lambda n: ngettext(
                "%(n)s is excluded by the mentee", "%(n)s are excluded by the mentee", n
            ),
        ),
        ("vetoed", lambda n: ngettext("%(n)s is vetoed", "%(n)s are vetoed", n)),
        (
            "below_min_score",
            lambda n: ngettext(
                "%(n)s fits less well than the minimum score",
                "%(n)s fit less well than the minimum score",
                n,
            ),
        ),
        (
            "allowed",
            lambda n: ngettext(
                "%(n)s would be allowed but is needed by other mentees",
                "%(n)s would be allowed but are needed by other mentees",
                n,
            ),
        ),
    )
    for key, text in counts:
        n = _int(facts.get(key)) or 0
        if n:
            parts.append(text(n) % {"n": n})
    sentence = ngettext(
        "Of %(total)s mentor with a free place: %(details)s.",
        "Of %(total)s mentors with free places: %(details)s.",
        total,
    ) % {"total": total, "details": "; ".join(parts) if parts else "–"}
    score = facts.get("best_score")
    if best_name and isinstance(score, int | float):
        sentence += " " + _("The best of them, %(name)s, would score %(score)s.") % {
            "name": best_name,
            "score": floatformat(float(score), 2),
        }
    return sentence
