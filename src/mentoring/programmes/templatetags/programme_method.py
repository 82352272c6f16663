"""Template tags that give any template the method's vocabularies, so the
guide's includes (``programmes/guide/_roles.html`` ...) work on any page."""

from __future__ import annotations

from django import template

from mentoring.programmes import method

register = template.Library()


@register.simple_tag
def mentor_roles() -> list[method.MethodItem]:
    """The ten roles with name and description: ``{% mentor_roles as roles %}``."""
    return method.roles()


@register.simple_tag
def benefit_areas() -> list[method.MethodItem]:
    """The six benefit areas: ``{% benefit_areas as benefits %}``."""
    return method.benefits()
