"""Explanation sentences: one translated sentence per criterion of a proposed
pair, built from the facts the engine stores with each contribution
(``engine.scoring.ProfileScores.facts``; documented in docs/matching.md).

Proposals store facts (codes, words, numbers), never sentences, so every
reader gets the explanation in their own language: "Begge arbejder med
forandringsledelse" for a Danish coordinator, "Both work with change
management" for an English one (the words the two people wrote stay as they
wrote them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mentoring.matching.engine.types import CRITERIA
from mentoring.matching.enums import EDITABLE_CRITERIA, Criterion
from mentoring.participants.enums import ChangeSituation, Region
from mentoring.programmes.enums import BenefitArea, MeetingFormat, MentorRole

#: Words of the availability facts (engine.text DAYS, TIMES, "flexible").
AVAILABILITY_LABELS = {
    "monday": gettext_lazy("Mondays"),
    "tuesday": gettext_lazy("Tuesdays"),
    "wednesday": gettext_lazy("Wednesdays"),
    "thursday": gettext_lazy("Thursdays"),
    "friday": gettext_lazy("Fridays"),
    "saturday": gettext_lazy("Saturdays"),
    "sunday": gettext_lazy("Sundays"),
    "morning": gettext_lazy("mornings"),
    "midday": gettext_lazy("around midday"),
    "afternoon": gettext_lazy("afternoons"),
    "evening": gettext_lazy("evenings"),
    "flexible": gettext_lazy("flexible times"),
}
MAX_WORDS = 3
#: A criterion met at least this well is a reason a participant reads ("why you
#: were matched", the mentee's shortlist).
REASON_THRESHOLD = 0.5


@dataclass(frozen=True)
class Explained:
    """One criterion of a pair, ready for a template."""

    code: str
    label: str
    value: float
    weight: float
    points: float
    sentence: str


def join(items: Iterable[Any]) -> str:
    """ "A, B and C" in the active language."""
    words = [str(item) for item in items if str(item)]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _labels(codes: Any, choices: Any, *, lower: bool = False) -> list[str]:
    known = dict(choices)
    out = []
    for code in codes or []:
        label = str(known.get(code, code))
        out.append(label[:1].lower() + label[1:] if lower else label)
    return out


def _list(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v)]
    return []


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- One function per criterion ----------------------------------------------------


def _goals(facts: Mapping[str, Any]) -> str:
    tags = _list(facts.get("tags"))[:MAX_WORDS]
    terms = _list(facts.get("terms"))[:MAX_WORDS]
    if tags and terms:
        return _(
            "The mentor's expertise in %(tags)s fits the mentee's goals, and both write "
            "about %(terms)s."
        ) % {"tags": join(tags), "terms": join(terms)}
    if tags:
        return _("The mentor's expertise in %(tags)s fits the mentee's goals.") % {
            "tags": join(tags)
        }
    if terms:
        return _("Both work with %(terms)s.") % {"terms": join(terms)}
    return _("The mentee's goals and the mentor's expertise have few words in common.")


def _change(facts: Mapping[str, Any]) -> str:
    situation_code = str(facts.get("situation") or "")
    situation = dict(ChangeSituation.choices).get(situation_code, situation_code)
    match = facts.get("match")
    lived = _labels(_list(facts.get("mentor_situations")), ChangeSituation.choices)
    if match == "same":
        return _("The mentor has lived through the same change as the mentee: “%(change)s”.") % {
            "change": situation
        }
    if match == "same_kind":
        if facts.get("kind") == "external":
            return _(
                "The mentee's change comes from outside (“%(change)s”); the mentor has "
                "lived through such changes too: %(lived)s."
            ) % {"change": situation, "lived": join(lived)}
        return _(
            "The mentee's change comes from inside (“%(change)s”); the mentor has lived "
            "through such changes too: %(lived)s."
        ) % {"change": situation, "lived": join(lived)}
    if match == "none":
        return _("The mentor has not lived through a change like the mentee's (“%(change)s”).") % {
            "change": situation
        }
    return _("The mentee has not described their change situation.")


def _roles(facts: Mapping[str, Any]) -> str:
    matched = _list(facts.get("roles"))
    top = set(_list(facts.get("mentee_top")))
    missing = _list(facts.get("missing"))
    top_matched = [code for code in matched if code in top][:MAX_WORDS]
    if top_matched:
        return _("The mentor is comfortable as %(roles)s, which the mentee ranks highest.") % {
            "roles": join(_labels(top_matched, MentorRole.choices))
        }
    if matched:
        return _("The mentor is comfortable as %(roles)s, roles the mentee hopes for.") % {
            "roles": join(_labels(matched[:MAX_WORDS], MentorRole.choices))
        }
    if missing:
        return _("The mentor is not comfortable as %(roles)s, which the mentee hopes for.") % {
            "roles": join(_labels(missing[:MAX_WORDS], MentorRole.choices))
        }
    return _("The mentee has not said which of the mentor's roles matter most to them.")


def _benefits(facts: Mapping[str, Any]) -> str:
    areas = _labels(_list(facts.get("areas"))[:MAX_WORDS], BenefitArea.choices, lower=True)
    missing = _labels(_list(facts.get("missing"))[:MAX_WORDS], BenefitArea.choices, lower=True)
    if areas:
        if facts.get("senior"):
            return _(
                "With a long career behind them, the mentor can help with %(areas)s, "
                "which the mentee hopes to gain."
            ) % {"areas": join(areas)}
        return _("The mentor can help with %(areas)s, which the mentee hopes to gain.") % {
            "areas": join(areas)
        }
    if missing:
        return _("The mentor offers little on %(areas)s, which the mentee hopes to gain.") % {
            "areas": join(missing)
        }
    return _("The mentee has not said which benefits they hope for.")


def _experience(facts: Mapping[str, Any]) -> str:
    gap = _int(facts.get("gap"))
    mentor, mentee = _int(facts.get("mentor_years")), _int(facts.get("mentee_years"))
    if gap is None or mentor is None or mentee is None:
        return _("The years of experience of one of them are not known.")
    if gap > 0:
        return ngettext(
            "The mentor has %(gap)s year more experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            "The mentor has %(gap)s years more experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            gap,
        ) % {"gap": gap, "mentor": mentor, "mentee": mentee}
    if gap == 0:
        return ngettext(
            "The mentor and the mentee have the same experience (%(years)s year).",
            "The mentor and the mentee have the same experience (%(years)s years).",
            mentor,
        ) % {"years": mentor}
    return ngettext(
        "The mentor has %(gap)s year less experience than the mentee "
        "(%(mentor)s against %(mentee)s).",
        "The mentor has %(gap)s years less experience than the mentee "
        "(%(mentor)s against %(mentee)s).",
        -gap,
    ) % {"gap": -gap, "mentor": mentor, "mentee": mentee}


def _base(facts: Mapping[str, Any]) -> str:
    organisation = str(facts.get("mentor_organisation") or "")
    mentee_industry = str(facts.get("mentee_industry") or "")
    industries = join(_list(facts.get("mentor_industries"))[:MAX_WORDS])
    different_org = _int(facts.get("different_organisation"))
    different_industry = _int(facts.get("different_industry"))
    if different_org == 1:
        if different_industry == 1:
            return _(
                "Another organisation (%(organisation)s) and another industry "
                "(%(industries)s rather than %(industry)s)."
            ) % {
                "organisation": organisation,
                "industries": industries,
                "industry": mentee_industry,
            }
        if different_industry == 0:
            return _(
                "Another organisation (%(organisation)s) in the same industry (%(industry)s)."
            ) % {"organisation": organisation, "industry": mentee_industry}
        return _("The mentor works in another organisation (%(organisation)s).") % {
            "organisation": organisation
        }
    if different_org == 0:
        if different_industry == 1:
            return _(
                "Both work at %(organisation)s, but in different industries "
                "(%(industries)s rather than %(industry)s)."
            ) % {
                "organisation": organisation,
                "industries": industries,
                "industry": mentee_industry,
            }
        return _("Both work at %(organisation)s.") % {"organisation": organisation}
    if different_industry == 1:
        return _("Different industries: %(industries)s rather than %(industry)s.") % {
            "industries": industries,
            "industry": mentee_industry,
        }
    if different_industry == 0:
        return _("Both work in %(industry)s.") % {"industry": mentee_industry}
    return _("Their organisations and industries are not known.")


def _region(facts: Mapping[str, Any]) -> str:
    regions = dict(Region.choices)
    mentee_region = str(regions.get(str(facts.get("mentee_region") or ""), ""))
    mentor_region = str(regions.get(str(facts.get("mentor_region") or ""), ""))
    same = _int(facts.get("same_region"))
    virtual = bool(_int(facts.get("both_virtual")))
    if same == 1:
        return _("Both are in %(region)s.") % {"region": mentee_region}
    if same == 0:
        if virtual:
            return _(
                "Different regions (%(mentee)s and %(mentor)s), but both can meet virtually."
            ) % {"mentee": mentee_region, "mentor": mentor_region}
        return _(
            "Different regions (%(mentee)s and %(mentor)s): meeting in person means travelling."
        ) % {"mentee": mentee_region, "mentor": mentor_region}
    if virtual:
        return _("Both can meet virtually.")
    formats = dict(MeetingFormat.choices)
    mentee_format = formats.get(str(facts.get("mentee_format") or ""))
    mentor_format = formats.get(str(facts.get("mentor_format") or ""))
    if mentee_format and mentor_format:
        return _("Meeting format: %(mentee)s for the mentee, %(mentor)s for the mentor.") % {
            "mentee": str(mentee_format).lower(),
            "mentor": str(mentor_format).lower(),
        }
    return _("Where they can meet is not known.")


def _availability(facts: Mapping[str, Any]) -> str:
    def labels(key: str) -> list[str]:
        return [str(AVAILABILITY_LABELS.get(code, code)) for code in _list(facts.get(key))]

    common, mentee, mentor = labels("common"), labels("mentee"), labels("mentor")
    if common:
        return _("Their availability overlaps: %(times)s.") % {"times": join(common)}
    if mentee and mentor:
        return _(
            "Their availability does not overlap (the mentee: %(mentee)s; the mentor: %(mentor)s)."
        ) % {"mentee": join(mentee), "mentor": join(mentor)}
    return _("The availability of one of them is not known.")


def _ranking(facts: Mapping[str, Any]) -> str:
    # "chosen_rank": the rank the mentee gave (stored by the Django side);
    # "rank": the engine's, counted among the mentors in the run.
    rank = _int(facts.get("chosen_rank")) or _int(facts.get("rank")) or 0
    if rank == 1:
        return _("The mentee ranked this mentor as their 1st choice.")
    if rank == 2:
        return _("The mentee ranked this mentor as their 2nd choice.")
    if rank == 3:
        return _("The mentee ranked this mentor as their 3rd choice.")
    return _("The mentee did not rank this mentor.")


SENTENCES = {
    "goals_expertise": _goals,
    "change_lived": _change,
    "roles": _roles,
    "benefits": _benefits,
    "experience": _experience,
    "different_base": _base,
    "region_format": _region,
    "availability": _availability,
    "mentee_ranking": _ranking,
}


def sentence(criterion: str, facts: Mapping[str, Any]) -> str:
    """The sentence for one criterion in the active language ("" if unknown)."""
    make = SENTENCES.get(criterion)
    if make is None:
        return ""
    try:
        return make(facts or {})
    except (KeyError, TypeError, ValueError):  # facts of an older engine version
        return ""


def explain(contributions: Sequence[Mapping[str, Any]] | None) -> list[Explained]:
    """A proposal's stored contributions as explained criteria, the ones
    that add most to the score first."""
    labels = dict(Criterion.choices)
    rows = []
    for item in contributions or []:
        code = str(item.get("criterion", ""))
        if code not in CRITERIA:
            continue
        rows.append(
            Explained(
                code=code,
                label=str(labels.get(code, code)),
                value=float(item.get("value", 0.0)),
                weight=float(item.get("weight", 0.0)),
                points=float(item.get("points", 0.0)),
                sentence=sentence(code, item.get("facts") or {}),
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
    ``side`` may read (see ``contributions_for_side``)."""
    return explain(contributions_for_side(contributions, side=side))


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
