"""The wordings of the explanation sentences: one row per sentence key, one
msgid per reader (``sentences`` decides which key the facts call for).

The readers:

- ``COORDINATOR`` (the run page, exports): the third person, "The mentor's
  expertise in X fits the mentee's goals.";
- ``MENTEE`` (the mentee's own proposal page): "Your mentor's expertise in X
  fits your goals.";
- ``MENTOR`` (the mentor's own proposal page): "Your expertise in X fits your
  mentee's goals.";
- ``CANDIDATE`` (the mentee's shortlist, reading about a mentor they may
  choose, not yet theirs): "This mentor's expertise in X fits your goals."

Each row also says whether the sentence speaks for the pair (``REASON``),
against it (``DRAWBACK``), or says only that something is not known or
neither helps nor hinders (``NEUTRAL``): only a ``REASON`` is ever shown to a
participant as a reason ("Why you were matched", the shortlist).

The msgids are lazy; ``Wording.render`` translates them in the active
language. A plural msgid names the parameter that counts
(``ngettext_lazy(..., "gap")``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

COORDINATOR = "coordinator"
MENTEE = "mentee"
MENTOR = "mentor"
CANDIDATE = "candidate"
READERS = (COORDINATOR, MENTEE, MENTOR, CANDIDATE)

REASON = "reason"
DRAWBACK = "drawback"
NEUTRAL = "neutral"


@dataclass(frozen=True)
class Wording:
    """One sentence, worded for each reader. ``mentor`` is None for a
    sentence the mentor never reads (the mentee's own ranking)."""

    coordinator: Promise
    mentee: Promise
    mentor: Promise | None
    candidate: Promise
    tone: str = REASON

    def msgid(self, reader: str) -> Promise | None:
        """The reader's msgid (the coordinator's for any other reader)."""
        if reader == MENTEE:
            return self.mentee
        if reader == MENTOR:
            return self.mentor
        if reader == CANDIDATE:
            return self.candidate
        return self.coordinator

    def render(self, reader: str, params: Mapping[str, Any] | None = None) -> str:
        """The sentence for ``reader`` in the active language ("" when the
        reader never reads it)."""
        message = self.msgid(reader)
        if message is None:
            return ""
        if params is None:
            return str(message)
        return str(message % dict(params))


def _pair(coordinator: Promise, pair: Promise, candidate: Promise, tone: str) -> Wording:
    """A sentence the mentee and the mentor read alike ("You both ...")."""
    return Wording(coordinator, pair, pair, candidate, tone)


WORDINGS: dict[str, Wording] = {
    # --- goals_expertise -------------------------------------------------------------
    "goals.tags_terms": Wording(
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
        _(
            "This mentor's expertise in %(tags)s fits your goals, and you both write "
            "about %(terms)s."
        ),
    ),
    "goals.tags": Wording(
        _("The mentor's expertise in %(tags)s fits the mentee's goals."),
        _("Your mentor's expertise in %(tags)s fits your goals."),
        _("Your expertise in %(tags)s fits your mentee's goals."),
        _("This mentor's expertise in %(tags)s fits your goals."),
    ),
    "goals.terms": _pair(
        _("Both work with %(terms)s."),
        _("You both work with %(terms)s."),
        _("You and this mentor both work with %(terms)s."),
        REASON,
    ),
    "goals.few": Wording(
        _("The mentee's goals and the mentor's expertise have few words in common."),
        _("Your goals and your mentor's expertise have few words in common."),
        _("Your mentee's goals and your expertise have few words in common."),
        _("Your goals and this mentor's expertise have few words in common."),
        DRAWBACK,
    ),
    # --- change_lived ----------------------------------------------------------------
    "change.same": Wording(
        _("The mentor has lived through the same change as the mentee: “%(change)s”."),
        _("Your mentor has lived through the same change as you: “%(change)s”."),
        _("You have lived through the same change as your mentee: “%(change)s”."),
        _("This mentor has lived through the same change as you: “%(change)s”."),
    ),
    "change.same_kind_external": Wording(
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
        _(
            "Your change comes from outside (“%(change)s”); this mentor has lived "
            "through such changes too: %(lived)s."
        ),
    ),
    "change.same_kind_internal": Wording(
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
        _(
            "Your change comes from inside (“%(change)s”); this mentor has lived "
            "through such changes too: %(lived)s."
        ),
    ),
    "change.none": Wording(
        _("The mentor has not lived through a change like the mentee's (“%(change)s”)."),
        _("Your mentor has not lived through a change like yours (“%(change)s”)."),
        _("You have not lived through a change like your mentee's (“%(change)s”)."),
        _("This mentor has not lived through a change like yours (“%(change)s”)."),
        DRAWBACK,
    ),
    "change.unknown": Wording(
        _("The mentee has not described their change situation."),
        _("You have not described your change situation."),
        _("Your mentee has not described their change situation."),
        _("You have not described your change situation."),
        NEUTRAL,
    ),
    # --- roles -----------------------------------------------------------------------
    "roles.top": Wording(
        _("The mentor is comfortable as %(roles)s, which the mentee ranks highest."),
        _("Your mentor is comfortable as %(roles)s, which you rank highest."),
        _("You are comfortable as %(roles)s, which your mentee ranks highest."),
        _("This mentor is comfortable as %(roles)s, which you rank highest."),
    ),
    "roles.matched": Wording(
        _("The mentor is comfortable as %(roles)s, roles the mentee hopes for."),
        _("Your mentor is comfortable as %(roles)s, roles you hope for."),
        _("You are comfortable as %(roles)s, roles your mentee hopes for."),
        _("This mentor is comfortable as %(roles)s, roles you hope for."),
    ),
    "roles.partly": Wording(
        _("The mentor is open to some of the roles the mentee hopes for: %(roles)s."),
        _("Your mentor is open to some of the roles you hope for: %(roles)s."),
        _("You are open to some of the roles your mentee hopes for: %(roles)s."),
        _("This mentor is open to some of the roles you hope for: %(roles)s."),
    ),
    "roles.partly_unnamed": Wording(
        _("The mentor is open to some of the roles the mentee hopes for."),
        _("Your mentor is open to some of the roles you hope for."),
        _("You are open to some of the roles your mentee hopes for."),
        _("This mentor is open to some of the roles you hope for."),
    ),
    "roles.missing": Wording(
        _("The mentor is not comfortable as %(roles)s, which the mentee hopes for."),
        _("Your mentor is not comfortable as %(roles)s, which you hope for."),
        _("You are not comfortable as %(roles)s, which your mentee hopes for."),
        _("This mentor is not comfortable as %(roles)s, which you hope for."),
        DRAWBACK,
    ),
    "roles.unknown": Wording(
        _("The mentee has not said which of the mentor's roles matter most to them."),
        _("You have not said which of your mentor's roles matter most to you."),
        _("Your mentee has not said which of your roles matter most to them."),
        _("You have not said which of a mentor's roles matter most to you."),
        NEUTRAL,
    ),
    # --- benefits --------------------------------------------------------------------
    "benefits.senior": Wording(
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
        _(
            "With a long career behind them, this mentor can help with %(areas)s, "
            "which you hope to gain."
        ),
    ),
    "benefits.matched": Wording(
        _("The mentor can help with %(areas)s, which the mentee hopes to gain."),
        _("Your mentor can help with %(areas)s, which you hope to gain."),
        _("You can help with %(areas)s, which your mentee hopes to gain."),
        _("This mentor can help with %(areas)s, which you hope to gain."),
    ),
    "benefits.partly": Wording(
        _("The mentor can help with some of what the mentee hopes to gain: %(areas)s."),
        _("Your mentor can help with some of what you hope to gain: %(areas)s."),
        _("You can help with some of what your mentee hopes to gain: %(areas)s."),
        _("This mentor can help with some of what you hope to gain: %(areas)s."),
    ),
    "benefits.partly_unnamed": Wording(
        _("The mentor can help with some of what the mentee hopes to gain."),
        _("Your mentor can help with some of what you hope to gain."),
        _("You can help with some of what your mentee hopes to gain."),
        _("This mentor can help with some of what you hope to gain."),
    ),
    "benefits.missing": Wording(
        _("The mentor offers little on %(areas)s, which the mentee hopes to gain."),
        _("Your mentor offers little on %(areas)s, which you hope to gain."),
        _("You offer little on %(areas)s, which your mentee hopes to gain."),
        _("This mentor offers little on %(areas)s, which you hope to gain."),
        DRAWBACK,
    ),
    "benefits.unknown": Wording(
        _("The mentee has not said which benefits they hope for."),
        _("You have not said which benefits you hope for."),
        _("Your mentee has not said which benefits they hope for."),
        _("You have not said which benefits you hope for."),
        NEUTRAL,
    ),
    # --- experience ------------------------------------------------------------------
    "experience.unknown": _pair(
        _("The years of experience of one of them are not known."),
        _("The years of experience of one of you are not known."),
        _("Your years of experience or this mentor's are not known."),
        NEUTRAL,
    ),
    "experience.more": Wording(
        ngettext_lazy(
            "The mentor has %(gap)s year more experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            "The mentor has %(gap)s years more experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
        ngettext_lazy(
            "Your mentor has %(gap)s year more experience than you "
            "(%(mentor)s against %(mentee)s).",
            "Your mentor has %(gap)s years more experience than you "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
        ngettext_lazy(
            "You have %(gap)s year more experience than your mentee "
            "(%(mentor)s against %(mentee)s).",
            "You have %(gap)s years more experience than your mentee "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
        ngettext_lazy(
            "This mentor has %(gap)s year more experience than you "
            "(%(mentor)s against %(mentee)s).",
            "This mentor has %(gap)s years more experience than you "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
    ),
    "experience.same": Wording(
        ngettext_lazy(
            "The mentor and the mentee have the same experience (%(years)s year).",
            "The mentor and the mentee have the same experience (%(years)s years).",
            "years",
        ),
        ngettext_lazy(
            "You and your mentor have the same experience (%(years)s year).",
            "You and your mentor have the same experience (%(years)s years).",
            "years",
        ),
        ngettext_lazy(
            "You and your mentee have the same experience (%(years)s year).",
            "You and your mentee have the same experience (%(years)s years).",
            "years",
        ),
        ngettext_lazy(
            "You and this mentor have the same experience (%(years)s year).",
            "You and this mentor have the same experience (%(years)s years).",
            "years",
        ),
        NEUTRAL,
    ),
    "experience.less": Wording(
        ngettext_lazy(
            "The mentor has %(gap)s year less experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            "The mentor has %(gap)s years less experience than the mentee "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
        ngettext_lazy(
            "Your mentor has %(gap)s year less experience than you "
            "(%(mentor)s against %(mentee)s).",
            "Your mentor has %(gap)s years less experience than you "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
        ngettext_lazy(
            "You have %(gap)s year less experience than your mentee "
            "(%(mentor)s against %(mentee)s).",
            "You have %(gap)s years less experience than your mentee "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
        ngettext_lazy(
            "This mentor has %(gap)s year less experience than you "
            "(%(mentor)s against %(mentee)s).",
            "This mentor has %(gap)s years less experience than you "
            "(%(mentor)s against %(mentee)s).",
            "gap",
        ),
        DRAWBACK,
    ),
    # --- different_base --------------------------------------------------------------
    "base.organisation_industry": Wording(
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
        _(
            "This mentor works in another organisation (%(organisation)s) and another "
            "industry (%(industries)s rather than %(industry)s)."
        ),
    ),
    "base.organisation_same_industry": Wording(
        _("Another organisation (%(organisation)s) in the same industry (%(industry)s)."),
        _(
            "Your mentor works in another organisation (%(organisation)s) in the same "
            "industry (%(industry)s)."
        ),
        _(
            "Your mentee works in another organisation than yours (%(organisation)s) "
            "in the same industry (%(industry)s)."
        ),
        _(
            "This mentor works in another organisation (%(organisation)s) in the same "
            "industry (%(industry)s)."
        ),
        NEUTRAL,
    ),
    "base.organisation": Wording(
        _("The mentor works in another organisation (%(organisation)s)."),
        _("Your mentor works in another organisation (%(organisation)s)."),
        _("Your mentee works in another organisation than yours (%(organisation)s)."),
        _("This mentor works in another organisation (%(organisation)s)."),
    ),
    "base.same_organisation_industries": Wording(
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
        _(
            "You and this mentor both work at %(organisation)s, but in different "
            "industries (this mentor in %(industries)s, you in %(industry)s)."
        ),
    ),
    "base.same_organisation": _pair(
        _("Both work at %(organisation)s."),
        _("You both work at %(organisation)s."),
        _("You and this mentor both work at %(organisation)s."),
        NEUTRAL,
    ),
    "base.industries": Wording(
        _("Different industries: %(industries)s rather than %(industry)s."),
        _("Different industries: your mentor works in %(industries)s, you in %(industry)s."),
        _("Different industries: you work in %(industries)s, your mentee in %(industry)s."),
        _("Different industries: this mentor works in %(industries)s, you in %(industry)s."),
    ),
    "base.same_industry": _pair(
        _("Both work in %(industry)s."),
        _("You both work in %(industry)s."),
        _("You and this mentor both work in %(industry)s."),
        NEUTRAL,
    ),
    "base.unknown": _pair(
        _("Their organisations and industries are not known."),
        _("Your organisations and industries are not known."),
        _("The organisations and industries of you and this mentor are not known."),
        NEUTRAL,
    ),
    # --- region_format ---------------------------------------------------------------
    "region.same": _pair(
        _("Both are in %(region)s."),
        _("You are both in %(region)s."),
        _("You and this mentor are both in %(region)s."),
        REASON,
    ),
    "region.different_virtual": Wording(
        _("Different regions (%(mentee)s and %(mentor)s), but both can meet virtually."),
        _(
            "Different regions (you in %(mentee)s, your mentor in %(mentor)s), but you "
            "can both meet virtually."
        ),
        _(
            "Different regions (you in %(mentor)s, your mentee in %(mentee)s), but you "
            "can both meet virtually."
        ),
        _(
            "Different regions (you in %(mentee)s, this mentor in %(mentor)s), but you "
            "can both meet virtually."
        ),
    ),
    "region.different": Wording(
        _("Different regions (%(mentee)s and %(mentor)s): meeting in person means travelling."),
        _(
            "Different regions (you in %(mentee)s, your mentor in %(mentor)s): meeting in "
            "person means travelling."
        ),
        _(
            "Different regions (you in %(mentor)s, your mentee in %(mentee)s): meeting in "
            "person means travelling."
        ),
        _(
            "Different regions (you in %(mentee)s, this mentor in %(mentor)s): meeting in "
            "person means travelling."
        ),
        DRAWBACK,
    ),
    "region.different_unknown": Wording(
        _(
            "Different regions (%(mentee)s and %(mentor)s); whether they can meet "
            "virtually is not known."
        ),
        _(
            "Different regions (you in %(mentee)s, your mentor in %(mentor)s); whether you "
            "can meet virtually is not known."
        ),
        _(
            "Different regions (you in %(mentor)s, your mentee in %(mentee)s); whether you "
            "can meet virtually is not known."
        ),
        _(
            "Different regions (you in %(mentee)s, this mentor in %(mentor)s); whether you "
            "can meet virtually is not known."
        ),
        NEUTRAL,
    ),
    "region.virtual": _pair(
        _("Both can meet virtually."),
        _("You can both meet virtually."),
        _("You and this mentor can both meet virtually."),
        REASON,
    ),
    "region.formats": Wording(
        _("Meeting format: %(mentee)s for the mentee, %(mentor)s for the mentor."),
        _("Meeting format: %(mentee)s for you, %(mentor)s for your mentor."),
        _("Meeting format: %(mentor)s for you, %(mentee)s for your mentee."),
        _("Meeting format: %(mentee)s for you, %(mentor)s for this mentor."),
        NEUTRAL,
    ),
    "region.unknown": _pair(
        _("Where they can meet is not known."),
        _("Where you can meet is not known."),
        _("Where you and this mentor can meet is not known."),
        NEUTRAL,
    ),
    # --- availability ----------------------------------------------------------------
    "availability.overlap": _pair(
        _("Their availability overlaps: %(times)s."),
        _("Your availability overlaps: %(times)s."),
        _("Your availability and this mentor's overlap: %(times)s."),
        REASON,
    ),
    "availability.apart": Wording(
        _("Their availability does not overlap (the mentee: %(mentee)s; the mentor: %(mentor)s)."),
        _("Your availability does not overlap (you: %(mentee)s; your mentor: %(mentor)s)."),
        _("Your availability does not overlap (you: %(mentor)s; your mentee: %(mentee)s)."),
        _(
            "Your availability and this mentor's do not overlap (you: %(mentee)s; this "
            "mentor: %(mentor)s)."
        ),
        DRAWBACK,
    ),
    "availability.unknown": _pair(
        _("The availability of one of them is not known."),
        _("The availability of one of you is not known."),
        _("Your availability or this mentor's is not known."),
        NEUTRAL,
    ),
    # --- mentee_ranking: the mentor never reads it -----------------------------------
    "ranking.1": Wording(
        _("The mentee ranked this mentor as their 1st choice."),
        _("You ranked this mentor as your 1st choice."),
        None,
        _("You ranked this mentor as your 1st choice."),
    ),
    "ranking.2": Wording(
        _("The mentee ranked this mentor as their 2nd choice."),
        _("You ranked this mentor as your 2nd choice."),
        None,
        _("You ranked this mentor as your 2nd choice."),
    ),
    "ranking.3": Wording(
        _("The mentee ranked this mentor as their 3rd choice."),
        _("You ranked this mentor as your 3rd choice."),
        None,
        _("You ranked this mentor as your 3rd choice."),
    ),
    "ranking.none": Wording(
        _("The mentee did not rank this mentor."),
        _("You did not rank this mentor."),
        None,
        _("You did not rank this mentor."),
        NEUTRAL,
    ),
}
