"""One translated sentence per criterion of a proposed pair, for one reader.

The facts are the ones the engine stores with each contribution
(``engine.scoring.ProfileScores.facts``; documented in docs/matching.md). Each
criterion's function decides once which sentence the facts call for, and
``_say`` then picks that sentence's wording for the reader:

- ``COORDINATOR`` (the run page, exports): the third person, "The mentor's
  expertise in X fits the mentee's goals.";
- ``MENTEE`` (the mentee's own proposal page): "Your mentor's expertise in X
  fits your goals.";
- ``MENTOR`` (the mentor's own proposal page): "Your expertise in X fits your
  mentee's goals."

So the facts and the branching are the same for every reader; only the
words differ. The mentee's own ranking has no mentor wording: the mentor
never reads it (``explanations.MENTEE_ONLY_CRITERIA``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mentoring.participants.enums import ChangeSituation, Region
from mentoring.programmes.enums import BenefitArea, MeetingFormat, MentorRole

COORDINATOR = "coordinator"
MENTEE = "mentee"
MENTOR = "mentor"
READERS = (COORDINATOR, MENTEE, MENTOR)

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


def _say(reader: str, coordinator: str, mentee: str, mentor: str) -> str:
    """The wording of one sentence for ``reader`` (the coordinator's third
    person for any reader but the pair's two people)."""
    if reader == MENTEE:
        return mentee
    if reader == MENTOR:
        return mentor
    return coordinator


# --- One function per criterion ----------------------------------------------------


def _goals(facts: Mapping[str, Any], reader: str) -> str:
    tags = _list(facts.get("tags"))[:MAX_WORDS]
    terms = _list(facts.get("terms"))[:MAX_WORDS]
    if tags and terms:
        return _say(
            reader,
            _(
                "The mentor's expertise in %(tags)s fits the mentee's goals, and both write "
                "about %(terms)s."
            ),
            _(
                "Your mentor's expertise in %(tags)s fits your goals, and you both write "
                "about %(terms)s."
            ),
            _(
                "Your expertise in %(tags)s fits your mentee's goals, and you both write "
                "about %(terms)s."
            ),
        ) % {"tags": join(tags), "terms": join(terms)}
    if tags:
        return _say(
            reader,
            _("The mentor's expertise in %(tags)s fits the mentee's goals."),
            _("Your mentor's expertise in %(tags)s fits your goals."),
            _("Your expertise in %(tags)s fits your mentee's goals."),
        ) % {"tags": join(tags)}
    if terms:
        both = _("You both work with %(terms)s.")
        return _say(reader, _("Both work with %(terms)s."), both, both) % {"terms": join(terms)}
    return _say(
        reader,
        _("The mentee's goals and the mentor's expertise have few words in common."),
        _("Your goals and your mentor's expertise have few words in common."),
        _("Your mentee's goals and your expertise have few words in common."),
    )


def _change(facts: Mapping[str, Any], reader: str) -> str:
    situation_code = str(facts.get("situation") or "")
    situation = dict(ChangeSituation.choices).get(situation_code, situation_code)
    match = facts.get("match")
    lived = _labels(_list(facts.get("mentor_situations")), ChangeSituation.choices)
    if match == "same":
        return _say(
            reader,
            _("The mentor has lived through the same change as the mentee: “%(change)s”."),
            _("Your mentor has lived through the same change as you: “%(change)s”."),
            _("You have lived through the same change as your mentee: “%(change)s”."),
        ) % {"change": situation}
    if match == "same_kind":
        if facts.get("kind") == "external":
            wording = _say(
                reader,
                _(
                    "The mentee's change comes from outside (“%(change)s”); the mentor has "
                    "lived through such changes too: %(lived)s."
                ),
                _(
                    "Your change comes from outside (“%(change)s”); your mentor has lived "
                    "through such changes too: %(lived)s."
                ),
                _(
                    "Your mentee's change comes from outside (“%(change)s”); you have lived "
                    "through such changes too: %(lived)s."
                ),
            )
        else:
            wording = _say(
                reader,
                _(
                    "The mentee's change comes from inside (“%(change)s”); the mentor has lived "
                    "through such changes too: %(lived)s."
                ),
                _(
                    "Your change comes from inside (“%(change)s”); your mentor has lived "
                    "through such changes too: %(lived)s."
                ),
                _(
                    "Your mentee's change comes from inside (“%(change)s”); you have lived "
                    "through such changes too: %(lived)s."
                ),
            )
        return wording % {"change": situation, "lived": join(lived)}
    if match == "none":
        return _say(
            reader,
            _("The mentor has not lived through a change like the mentee's (“%(change)s”)."),
            _("Your mentor has not lived through a change like yours (“%(change)s”)."),
            _("You have not lived through a change like your mentee's (“%(change)s”)."),
        ) % {"change": situation}
    return _say(
        reader,
        _("The mentee has not described their change situation."),
        _("You have not described your change situation."),
        _("Your mentee has not described their change situation."),
    )


def _roles(facts: Mapping[str, Any], reader: str) -> str:
    matched = _list(facts.get("roles"))
    top = set(_list(facts.get("mentee_top")))
    missing = _list(facts.get("missing"))
    top_matched = [code for code in matched if code in top][:MAX_WORDS]
    if top_matched:
        return _say(
            reader,
            _("The mentor is comfortable as %(roles)s, which the mentee ranks highest."),
            _("Your mentor is comfortable as %(roles)s, which you rank highest."),
            _("You are comfortable as %(roles)s, which your mentee ranks highest."),
        ) % {"roles": join(_labels(top_matched, MentorRole.choices))}
    if matched:
        return _say(
            reader,
            _("The mentor is comfortable as %(roles)s, roles the mentee hopes for."),
            _("Your mentor is comfortable as %(roles)s, roles you hope for."),
            _("You are comfortable as %(roles)s, roles your mentee hopes for."),
        ) % {"roles": join(_labels(matched[:MAX_WORDS], MentorRole.choices))}
    if missing:
        return _say(
            reader,
            _("The mentor is not comfortable as %(roles)s, which the mentee hopes for."),
            _("Your mentor is not comfortable as %(roles)s, which you hope for."),
            _("You are not comfortable as %(roles)s, which your mentee hopes for."),
        ) % {"roles": join(_labels(missing[:MAX_WORDS], MentorRole.choices))}
    return _say(
        reader,
        _("The mentee has not said which of the mentor's roles matter most to them."),
        _("You have not said which of your mentor's roles matter most to you."),
        _("Your mentee has not said which of your roles matter most to them."),
    )


def _benefits(facts: Mapping[str, Any], reader: str) -> str:
    areas = _labels(_list(facts.get("areas"))[:MAX_WORDS], BenefitArea.choices, lower=True)
    missing = _labels(_list(facts.get("missing"))[:MAX_WORDS], BenefitArea.choices, lower=True)
    if areas:
        if facts.get("senior"):
            wording = _say(
                reader,
                _(
                    "With a long career behind them, the mentor can help with %(areas)s, "
                    "which the mentee hopes to gain."
                ),
                _(
                    "With a long career behind them, your mentor can help with %(areas)s, "
                    "which you hope to gain."
                ),
                _(
                    "With a long career behind you, you can help with %(areas)s, "
                    "which your mentee hopes to gain."
                ),
            )
        else:
            wording = _say(
                reader,
                _("The mentor can help with %(areas)s, which the mentee hopes to gain."),
                _("Your mentor can help with %(areas)s, which you hope to gain."),
                _("You can help with %(areas)s, which your mentee hopes to gain."),
            )
        return wording % {"areas": join(areas)}
    if missing:
        return _say(
            reader,
            _("The mentor offers little on %(areas)s, which the mentee hopes to gain."),
            _("Your mentor offers little on %(areas)s, which you hope to gain."),
            _("You offer little on %(areas)s, which your mentee hopes to gain."),
        ) % {"areas": join(missing)}
    return _say(
        reader,
        _("The mentee has not said which benefits they hope for."),
        _("You have not said which benefits you hope for."),
        _("Your mentee has not said which benefits they hope for."),
    )


def _experience(facts: Mapping[str, Any], reader: str) -> str:
    gap = _int(facts.get("gap"))
    mentor, mentee = _int(facts.get("mentor_years")), _int(facts.get("mentee_years"))
    if gap is None or mentor is None or mentee is None:
        unknown = _("The years of experience of one of you are not known.")
        return _say(
            reader, _("The years of experience of one of them are not known."), unknown, unknown
        )
    if gap > 0:
        return _say(
            reader,
            ngettext(
                "The mentor has %(gap)s year more experience than the mentee "
                "(%(mentor)s against %(mentee)s).",
                "The mentor has %(gap)s years more experience than the mentee "
                "(%(mentor)s against %(mentee)s).",
                gap,
            ),
            ngettext(
                "Your mentor has %(gap)s year more experience than you "
                "(%(mentor)s against %(mentee)s).",
                "Your mentor has %(gap)s years more experience than you "
                "(%(mentor)s against %(mentee)s).",
                gap,
            ),
            ngettext(
                "You have %(gap)s year more experience than your mentee "
                "(%(mentor)s against %(mentee)s).",
                "You have %(gap)s years more experience than your mentee "
                "(%(mentor)s against %(mentee)s).",
                gap,
            ),
        ) % {"gap": gap, "mentor": mentor, "mentee": mentee}
    if gap == 0:
        return _say(
            reader,
            ngettext(
                "The mentor and the mentee have the same experience (%(years)s year).",
                "The mentor and the mentee have the same experience (%(years)s years).",
                mentor,
            ),
            ngettext(
                "You and your mentor have the same experience (%(years)s year).",
                "You and your mentor have the same experience (%(years)s years).",
                mentor,
            ),
            ngettext(
                "You and your mentee have the same experience (%(years)s year).",
                "You and your mentee have the same experience (%(years)s years).",
                mentor,
            ),
        ) % {"years": mentor}
    return _say(
        reader,
        ngettext(
            "The mentor has %(gap)s year less experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            "The mentor has %(gap)s years less experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            -gap,
        ),
        ngettext(
            "Your mentor has %(gap)s year less experience than you "
            "(%(mentor)s against %(mentee)s).",
            "Your mentor has %(gap)s years less experience than you "
            "(%(mentor)s against %(mentee)s).",
            -gap,
        ),
        ngettext(
            "You have %(gap)s year less experience than your mentee "
            "(%(mentor)s against %(mentee)s).",
            "You have %(gap)s years less experience than your mentee "
            "(%(mentor)s against %(mentee)s).",
            -gap,
        ),
    ) % {"gap": -gap, "mentor": mentor, "mentee": mentee}


def _base(facts: Mapping[str, Any], reader: str) -> str:
    words = {
        "organisation": str(facts.get("mentor_organisation") or ""),
        "industry": str(facts.get("mentee_industry") or ""),
        "industries": join(_list(facts.get("mentor_industries"))[:MAX_WORDS]),
    }
    different_org = _int(facts.get("different_organisation"))
    different_industry = _int(facts.get("different_industry"))
    if different_org == 1 and different_industry == 1:
        wording = _say(
            reader,
            _(
                "Another organisation (%(organisation)s) and another industry "
                "(%(industries)s rather than %(industry)s)."
            ),
            _(
                "Your mentor works in another organisation (%(organisation)s) and another "
                "industry (%(industries)s rather than %(industry)s)."
            ),
            _(
                "Your mentee works in another organisation than yours (%(organisation)s) "
                "and another industry (%(industry)s rather than %(industries)s)."
            ),
        )
    elif different_org == 1 and different_industry == 0:
        wording = _say(
            reader,
            _("Another organisation (%(organisation)s) in the same industry (%(industry)s)."),
            _(
                "Your mentor works in another organisation (%(organisation)s) in the same "
                "industry (%(industry)s)."
            ),
            _(
                "Your mentee works in another organisation than yours (%(organisation)s) "
                "in the same industry (%(industry)s)."
            ),
        )
    elif different_org == 1:
        wording = _say(
            reader,
            _("The mentor works in another organisation (%(organisation)s)."),
            _("Your mentor works in another organisation (%(organisation)s)."),
            _("Your mentee works in another organisation than yours (%(organisation)s)."),
        )
    elif different_org == 0 and different_industry == 1:
        wording = _say(
            reader,
            _(
                "Both work at %(organisation)s, but in different industries "
                "(%(industries)s rather than %(industry)s)."
            ),
            _(
                "You both work at %(organisation)s, but in different industries "
                "(your mentor in %(industries)s, you in %(industry)s)."
            ),
            _(
                "You both work at %(organisation)s, but in different industries "
                "(you in %(industries)s, your mentee in %(industry)s)."
            ),
        )
    elif different_org == 0:
        both = _("You both work at %(organisation)s.")
        wording = _say(reader, _("Both work at %(organisation)s."), both, both)
    elif different_industry == 1:
        wording = _say(
            reader,
            _("Different industries: %(industries)s rather than %(industry)s."),
            _("Different industries: your mentor works in %(industries)s, you in %(industry)s."),
            _("Different industries: you work in %(industries)s, your mentee in %(industry)s."),
        )
    elif different_industry == 0:
        both = _("You both work in %(industry)s.")
        wording = _say(reader, _("Both work in %(industry)s."), both, both)
    else:
        both = _("Your organisations and industries are not known.")
        return _say(reader, _("Their organisations and industries are not known."), both, both)
    return wording % words


def _region(facts: Mapping[str, Any], reader: str) -> str:
    regions = dict(Region.choices)
    mentee_region = str(regions.get(str(facts.get("mentee_region") or ""), ""))
    mentor_region = str(regions.get(str(facts.get("mentor_region") or ""), ""))
    places = {"mentee": mentee_region, "mentor": mentor_region}
    same = _int(facts.get("same_region"))
    virtual = bool(_int(facts.get("both_virtual")))
    if same == 1:
        both = _("You are both in %(region)s.")
        return _say(reader, _("Both are in %(region)s."), both, both) % {"region": mentee_region}
    if same == 0 and virtual:
        wording = _say(
            reader,
            _("Different regions (%(mentee)s and %(mentor)s), but both can meet virtually."),
            _(
                "Different regions (you in %(mentee)s, your mentor in %(mentor)s), but you "
                "can both meet virtually."
            ),
            _(
                "Different regions (you in %(mentor)s, your mentee in %(mentee)s), but you "
                "can both meet virtually."
            ),
        )
        return wording % places
    if same == 0:
        wording = _say(
            reader,
            _("Different regions (%(mentee)s and %(mentor)s): meeting in person means travelling."),
            _(
                "Different regions (you in %(mentee)s, your mentor in %(mentor)s): meeting in "
                "person means travelling."
            ),
            _(
                "Different regions (you in %(mentor)s, your mentee in %(mentee)s): meeting in "
                "person means travelling."
            ),
        )
        return wording % places
    if virtual:
        both = _("You can both meet virtually.")
        return _say(reader, _("Both can meet virtually."), both, both)
    formats = dict(MeetingFormat.choices)
    mentee_format = formats.get(str(facts.get("mentee_format") or ""))
    mentor_format = formats.get(str(facts.get("mentor_format") or ""))
    if mentee_format and mentor_format:
        wording = _say(
            reader,
            _("Meeting format: %(mentee)s for the mentee, %(mentor)s for the mentor."),
            _("Meeting format: %(mentee)s for you, %(mentor)s for your mentor."),
            _("Meeting format: %(mentor)s for you, %(mentee)s for your mentee."),
        )
        return wording % {
            "mentee": str(mentee_format).lower(),
            "mentor": str(mentor_format).lower(),
        }
    both = _("Where you can meet is not known.")
    return _say(reader, _("Where they can meet is not known."), both, both)


def _availability(facts: Mapping[str, Any], reader: str) -> str:
    def labels(key: str) -> list[str]:
        return [str(AVAILABILITY_LABELS.get(code, code)) for code in _list(facts.get(key))]

    common, mentee, mentor = labels("common"), labels("mentee"), labels("mentor")
    if common:
        both = _("Your availability overlaps: %(times)s.")
        return _say(reader, _("Their availability overlaps: %(times)s."), both, both) % {
            "times": join(common)
        }
    if mentee and mentor:
        return _say(
            reader,
            _(
                "Their availability does not overlap (the mentee: %(mentee)s; the mentor: "
                "%(mentor)s)."
            ),
            _("Your availability does not overlap (you: %(mentee)s; your mentor: %(mentor)s)."),
            _("Your availability does not overlap (you: %(mentor)s; your mentee: %(mentee)s)."),
        ) % {"mentee": join(mentee), "mentor": join(mentor)}
    both = _("The availability of one of you is not known.")
    return _say(reader, _("The availability of one of them is not known."), both, both)


def _ranking(facts: Mapping[str, Any], reader: str) -> str:
    # "chosen_rank": the rank the mentee gave (stored by the Django side);
    # "rank": the engine's, counted among the mentors in the run. The mentor
    # never reads the mentee's choices: no mentor wording ("").
    rank = _int(facts.get("chosen_rank")) or _int(facts.get("rank")) or 0
    if rank == 1:
        return _say(
            reader,
            _("The mentee ranked this mentor as their 1st choice."),
            _("You ranked this mentor as your 1st choice."),
            "",
        )
    if rank == 2:
        return _say(
            reader,
            _("The mentee ranked this mentor as their 2nd choice."),
            _("You ranked this mentor as your 2nd choice."),
            "",
        )
    if rank == 3:
        return _say(
            reader,
            _("The mentee ranked this mentor as their 3rd choice."),
            _("You ranked this mentor as your 3rd choice."),
            "",
        )
    return _say(
        reader, _("The mentee did not rank this mentor."), _("You did not rank this mentor."), ""
    )


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


def sentence(criterion: str, facts: Mapping[str, Any], *, reader: str = COORDINATOR) -> str:
    """The sentence for one criterion in the active language, worded for
    ``reader`` (one of ``READERS``; "" if the criterion is unknown)."""
    make = SENTENCES.get(criterion)
    if make is None:
        return ""
    try:
        return make(facts or {}, reader)
    except (KeyError, TypeError, ValueError):  # facts of an older engine version
        return ""
