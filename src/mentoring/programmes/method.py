"""The mentoring method as data: what each of the ten roles of "Mentor's Many
Roles" means, what each of the six benefit areas covers, and the programme's
recommendation as one readable sentence.

Written in our own words after the flyer ("Mentoring – lærerige samtaler",
Kirsten M. Poulsen, KMP+). Every app that shows a role or a benefit area uses
these texts, so the guide, the application form, the roles exercise and the
evaluation describe the method the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentoring.programmes.enums import BenefitArea, MentorRole

if TYPE_CHECKING:
    from mentoring.programmes.models import Programme

#: What the mentor does in each role, without naming either person, so that
#: the text reads well for the mentee who hopes for a role and the mentor who
#: offers it (neither is "the mentee" to themselves).
ROLE_DESCRIPTIONS: dict[MentorRole, Promise] = {
    MentorRole.FRIEND: _("Listens, with understanding and empathy."),
    MentorRole.COACH: _("Asks questions that bring new insights."),
    MentorRole.STORYTELLER: _(
        "Shares experiences and stories from their own working life that can inspire."
    ),
    MentorRole.KNOWLEDGE_SHARER: _("Passes on professional knowledge when it is needed."),
    MentorRole.NETWORKER: _("Helps build a network and make good use of it."),
    MentorRole.DOOR_OPENER: _("Opens doors and can give references."),
    MentorRole.ADVISOR: _("Gives advice based on their own expertise."),
    MentorRole.CRITIC: _("Gives honest, constructive feedback, also when it is critical."),
    MentorRole.SPARRING_PARTNER: _("Discusses, and challenges ways of thinking."),
    MentorRole.SPONSOR: _("Guides in questions about the career."),
}

#: What each benefit area (udbytte) covers, for mentee and mentor alike.
BENEFIT_DESCRIPTIONS: dict[BenefitArea, Promise] = {
    BenefitArea.PERSONAL: _("Insight into yourself, your strengths and how you want to grow."),
    BenefitArea.PROFESSIONAL: _("New knowledge, methods and skills in your field."),
    BenefitArea.NETWORK: _("New contacts, and better use of the network you already have."),
    BenefitArea.KNOWLEDGE_SHARING: _("Experience and knowledge passed on in both directions."),
    BenefitArea.CULTURE: _(
        "Understanding of how other organisations work, and more weight behind what you do and say."
    ),
    BenefitArea.CAREER: _("A clearer picture of your next steps and how to get there."),
}


@dataclass(frozen=True)
class MethodItem:
    """One role or benefit area, ready for a template."""

    code: str
    name: str
    description: str


def roles() -> list[MethodItem]:
    """The ten roles in the method's order, with name and description in the
    active language. Also usable as (code, name, description) tuples."""
    return [
        MethodItem(role.value, str(role.label), str(ROLE_DESCRIPTIONS[role])) for role in MentorRole
    ]


def role_choices() -> list[tuple[str, str, str]]:
    """The ten roles as (code, name, description) tuples."""
    return [(item.code, item.name, item.description) for item in roles()]


def benefits() -> list[MethodItem]:
    """The six benefit areas in the method's order, in the active language."""
    return [
        MethodItem(area.value, str(area.label), str(BENEFIT_DESCRIPTIONS[area]))
        for area in BenefitArea
    ]


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def recommendation_text(programme: Programme) -> str:
    """The programme's recommendation as one sentence in the active language,
    e.g. "at least 5 meetings of 90–120 minutes over 6–8 months"."""
    return ngettext(
        "at least %(meetings)s meeting of %(minutes)s minutes over %(months)s months",
        "at least %(meetings)s meetings of %(minutes)s minutes over %(months)s months",
        programme.min_meetings,
    ) % {
        "meetings": programme.min_meetings,
        "minutes": _span(programme.min_meeting_minutes, programme.max_meeting_minutes),
        "months": _span(programme.min_months, programme.max_months),
    }
