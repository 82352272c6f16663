"""Object permissions for mentorships: the mentee and the mentor of a
mentorship see it, and answer it while it is proposed. Everybody else gets
404 (views look mentorships up through ``selectors.mentorships_for_user``).
Coordinators see their programmes' mentorships on the matching pages."""

from __future__ import annotations

from typing import Any

import rules

from mentoring.relationships.enums import MentorshipStatus


@rules.predicate
def is_party(user: Any, mentorship: Any) -> bool:
    if mentorship is None or not user.is_authenticated:
        return False
    return bool(mentorship.mentee.user_id == user.pk or mentorship.mentor.user_id == user.pk)


@rules.predicate
def is_proposed(user: Any, mentorship: Any) -> bool:
    return mentorship is not None and mentorship.status == MentorshipStatus.PROPOSED


rules.add_perm("relationships.view_mentorship", is_party)
rules.add_perm("relationships.respond_mentorship", is_party & is_proposed)
