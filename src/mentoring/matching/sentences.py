"""One translated sentence per criterion of a proposed pair, for one reader.

The facts are the ones the engine stores with each contribution
(``engine.scoring.ProfileScores.facts``; documented in docs/matching.md). Each
criterion's function below decides once which sentence the facts call for (a
key of ``wordings.WORDINGS``) and with which words; the table then gives that
sentence's wording for the reader (the coordinator, the mentee, the mentor,
or the mentee reading about a candidate on their shortlist: see
``wordings``). So the facts and the branching are the same for every reader;
only the words differ.

When the caller says how well the criterion is met (``value``), a criterion
met at least ``REASON_THRESHOLD`` is never worded as a drawback: roles or
benefit areas the mentor covers only in part read "open to some of the
roles you hope for", not "not comfortable as ...". Only a sentence whose
wording is a reason (``wordings.REASON``) is shown to a participant as a
reason (``explanations.reasons``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.matching.wordings import (
    CANDIDATE,
    COORDINATOR,
    DRAWBACK,
    MENTEE,
    MENTOR,
    NEUTRAL,
    READERS,
    REASON,
    WORDINGS,
)
from mentoring.participants.enums import ChangeSituation, Region
from mentoring.programmes.enums import BenefitArea, MeetingFormat, MentorRole

__all__ = [
    "AVAILABILITY_LABELS",
    "CANDIDATE",
    "COORDINATOR",
    "DRAWBACK",
    "MENTEE",
    "MENTOR",
    "NEUTRAL",
    "READERS",
    "REASON",
    "REASON_THRESHOLD",
    "SENTENCES",
    "join",
    "sentence",
    "sentence_key",
]

#: A criterion met at least this well is a reason a participant reads ("why you
#: were matched", the mentee's shortlist), and is never worded as a drawback.
REASON_THRESHOLD = 0.5

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

#: What a criterion's function returns: the sentence key and its words
#: (None: the wording has no placeholders).
Choice = tuple[str, Mapping[str, Any] | None]


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


def _is_reason(value: float | None) -> bool:
    return value is not None and value >= REASON_THRESHOLD


# --- One function per criterion: which sentence, with which words --------------------


def _goals(facts: Mapping[str, Any], value: float | None) -> Choice:
    tags = _list(facts.get("tags"))[:MAX_WORDS]
    terms = _list(facts.get("terms"))[:MAX_WORDS]
    if tags and terms:
        return "goals.tags_terms", {"tags": join(tags), "terms": join(terms)}
    if tags:
        return "goals.tags", {"tags": join(tags)}
    if terms:
        return "goals.terms", {"terms": join(terms)}
    return "goals.few", None


def _change(facts: Mapping[str, Any], value: float | None) -> Choice:
    situation_code = str(facts.get("situation") or "")
    situation = dict(ChangeSituation.choices).get(situation_code, situation_code)
    match = facts.get("match")
    if match == "same":
        return "change.same", {"change": situation}
    if match == "same_kind":
        lived = _labels(_list(facts.get("mentor_situations")), ChangeSituation.choices)
        kind = "external" if facts.get("kind") == "external" else "internal"
        return f"change.same_kind_{kind}", {"change": situation, "lived": join(lived)}
    if match == "none":
        return "change.none", {"change": situation}
    return "change.unknown", None


def _partly(facts: Mapping[str, Any], prefix: str, key: str, choices: Any, lower: bool) -> Choice:
    """Roles or benefit areas met in part, as a reason: the ones the mentor
    offers something on (``partly``, stored since this wording), else none named."""
    partly = _labels(_list(facts.get("partly"))[:MAX_WORDS], choices, lower=lower)
    if partly:
        return f"{prefix}.partly", {key: join(partly)}
    return f"{prefix}.partly_unnamed", None


def _roles(facts: Mapping[str, Any], value: float | None) -> Choice:
    matched = _list(facts.get("roles"))
    top = set(_list(facts.get("mentee_top")))
    missing = _list(facts.get("missing"))
    top_matched = [code for code in matched if code in top][:MAX_WORDS]
    if top_matched:
        return "roles.top", {"roles": join(_labels(top_matched, MentorRole.choices))}
    if matched:
        return "roles.matched", {"roles": join(_labels(matched[:MAX_WORDS], MentorRole.choices))}
    if _is_reason(value) and (missing or top or facts.get("partly")):
        return _partly(facts, "roles", "roles", MentorRole.choices, False)
    if missing:
        return "roles.missing", {"roles": join(_labels(missing[:MAX_WORDS], MentorRole.choices))}
    return "roles.unknown", None


def _benefits(facts: Mapping[str, Any], value: float | None) -> Choice:
    areas = _labels(_list(facts.get("areas"))[:MAX_WORDS], BenefitArea.choices, lower=True)
    missing = _labels(_list(facts.get("missing"))[:MAX_WORDS], BenefitArea.choices, lower=True)
    if areas:
        key = "benefits.senior" if facts.get("senior") else "benefits.matched"
        return key, {"areas": join(areas)}
    if _is_reason(value) and (missing or facts.get("mentee_top") or facts.get("partly")):
        return _partly(facts, "benefits", "areas", BenefitArea.choices, True)
    if missing:
        return "benefits.missing", {"areas": join(missing)}
    return "benefits.unknown", None


def _experience(facts: Mapping[str, Any], value: float | None) -> Choice:
    gap = _int(facts.get("gap"))
    mentor, mentee = _int(facts.get("mentor_years")), _int(facts.get("mentee_years"))
    if gap is None or mentor is None or mentee is None:
        return "experience.unknown", None
    if gap > 0:
        return "experience.more", {"gap": gap, "mentor": mentor, "mentee": mentee}
    if gap == 0:
        return "experience.same", {"years": mentor}
    return "experience.less", {"gap": -gap, "mentor": mentor, "mentee": mentee}


def _base(facts: Mapping[str, Any], value: float | None) -> Choice:
    words = {
        "organisation": str(facts.get("mentor_organisation") or ""),
        "industry": str(facts.get("mentee_industry") or ""),
        "industries": join(_list(facts.get("mentor_industries"))[:MAX_WORDS]),
    }
    org = _int(facts.get("different_organisation"))
    industry = _int(facts.get("different_industry"))
    if org == 1:
        key = {1: "base.organisation_industry", 0: "base.organisation_same_industry"}.get(
            industry if industry in (0, 1) else -1, "base.organisation"
        )
    elif org == 0:
        key = "base.same_organisation_industries" if industry == 1 else "base.same_organisation"
    elif industry == 1:
        key = "base.industries"
    elif industry == 0:
        key = "base.same_industry"
    else:
        return "base.unknown", None
    return key, words


def _region(facts: Mapping[str, Any], value: float | None) -> Choice:
    regions = dict(Region.choices)
    mentee_region = str(regions.get(str(facts.get("mentee_region") or ""), ""))
    mentor_region = str(regions.get(str(facts.get("mentor_region") or ""), ""))
    places = {"mentee": mentee_region, "mentor": mentor_region}
    same = _int(facts.get("same_region"))
    virtual = bool(_int(facts.get("both_virtual")))
    if same == 1:
        return "region.same", {"region": mentee_region}
    if same == 0:
        if virtual:
            return "region.different_virtual", places
        # Half met or better with different regions: a meeting format is not known.
        return ("region.different_unknown" if _is_reason(value) else "region.different"), places
    if virtual:
        return "region.virtual", None
    formats = dict(MeetingFormat.choices)
    mentee_format = formats.get(str(facts.get("mentee_format") or ""))
    mentor_format = formats.get(str(facts.get("mentor_format") or ""))
    if mentee_format and mentor_format:
        return "region.formats", {
            "mentee": str(mentee_format).lower(),
            "mentor": str(mentor_format).lower(),
        }
    return "region.unknown", None


_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIMES = ("morning", "midday", "afternoon", "evening")


def _flexible_overlap(facts: Mapping[str, Any]) -> list[str]:
    """What "flexible" on one side meets on the other (the engine counts a
    side that names no day, or no time of day, but is flexible as fitting any
    day or time the other names: ``engine.criteria._set_similarity``)."""
    mine, theirs = _list(facts.get("mentee")), _list(facts.get("mentor"))
    found: list[str] = []
    for axis in (_DAYS, _TIMES):
        a = [code for code in mine if code in axis]
        b = [code for code in theirs if code in axis]
        if not a and "flexible" in mine:
            found += b
        elif not b and "flexible" in theirs:
            found += a
    if not found and "flexible" in mine and "flexible" in theirs:
        found = ["flexible"]
    return found


def _availability(facts: Mapping[str, Any], value: float | None) -> Choice:
    def labels(key: str) -> list[str]:
        return [str(AVAILABILITY_LABELS.get(code, code)) for code in _list(facts.get(key))]

    common, mentee, mentor = labels("common"), labels("mentee"), labels("mentor")
    if not common:
        common = [str(AVAILABILITY_LABELS[code]) for code in _flexible_overlap(facts)]
    if common:
        return "availability.overlap", {"times": join(common)}
    if mentee and mentor:
        return "availability.apart", {"mentee": join(mentee), "mentor": join(mentor)}
    return "availability.unknown", None


def _ranking(facts: Mapping[str, Any], value: float | None) -> Choice:
    # "chosen_rank": the rank the mentee gave (stored by the Django side);
    # "rank": the engine's, counted among the mentors in the run. The mentor
    # never reads the mentee's choices (no mentor wording).
    rank = _int(facts.get("chosen_rank")) or _int(facts.get("rank")) or 0
    return (f"ranking.{rank}" if rank in (1, 2, 3) else "ranking.none"), None


SENTENCES: dict[str, Callable[[Mapping[str, Any], float | None], Choice]] = {
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


def sentence_key(
    criterion: str, facts: Mapping[str, Any] | None, *, value: float | None = None
) -> Choice | None:
    """Which sentence (a key of ``wordings.WORDINGS``) and which words the
    facts call for; None if the criterion is unknown or the facts unreadable."""
    choose = SENTENCES.get(criterion)
    if choose is None:
        return None
    try:
        return choose(facts or {}, value)
    except (KeyError, TypeError, ValueError):  # facts of an older engine version
        return None


def sentence(
    criterion: str,
    facts: Mapping[str, Any] | None,
    *,
    reader: str = COORDINATOR,
    value: float | None = None,
) -> str:
    """The sentence for one criterion in the active language, worded for
    ``reader`` (one of ``READERS``; "" if the criterion is unknown or the
    reader never reads it). With ``value`` (how well the criterion is met,
    0-1), a criterion met at least ``REASON_THRESHOLD`` is never worded as
    a drawback."""
    choice = sentence_key(criterion, facts, value=value)
    if choice is None:
        return ""
    key, params = choice
    try:
        return WORDINGS[key].render(reader, params)
    except (KeyError, TypeError, ValueError):
        return ""


def tone(criterion: str, facts: Mapping[str, Any] | None, *, value: float | None = None) -> str:
    """Whether the criterion's sentence is a reason, a drawback or neutral."""
    choice = sentence_key(criterion, facts, value=value)
    return WORDINGS[choice[0]].tone if choice else NEUTRAL
