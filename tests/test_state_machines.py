"""One transition function per state machine.

``Mentorship.status`` changes only in
``relationships.services.transition.mentorship_transition``,
``Meeting.status`` only in ``meetings.services.transition.meeting_transition``
and ``Participation.status`` only in ``participants/services.py`` (its
``TRANSITIONS`` table, ``_set_status`` and ``participations_withdraw``):
they check the move against the table in the app's ``enums.py``, write,
audit and send the ``*_status_changed`` signal. The first test reads every
source module (ast) and fails when another one writes either status; the
others check the tables and that an illegal move is refused.

What counts as a write of these statuses: an assignment to ``<x>.status``
(or ``setattr(<x>, "status", ...)``) where ``<x>`` is named like a mentorship
or a meeting or the value is a ``MentorshipStatus``/``MeetingStatus``; a
``status=`` (or ``defaults={"status": ...}``) in ``update()``,
``update_or_create()`` or ``bulk_update()`` whose queryset starts from
``Mentorship``/``Meeting`` (or their related managers) or whose value is one
of those enums. Creating a row with its initial status (``create(status=...)``)
is allowed: that is not a transition.
"""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from mentoring.meetings.enums import MEETING_TRANSITIONS, MeetingStatus, VenueKind
from mentoring.meetings.models import Meeting
from mentoring.meetings.services.meetings import meeting_cancel
from mentoring.meetings.services.transition import meeting_transition
from mentoring.programmes.models import Programme
from mentoring.relationships.enums import (
    CLOSED_STATUSES,
    MENTORSHIP_TRANSITIONS,
    MentorshipStatus,
)
from mentoring.relationships.models import Mentorship
from mentoring.relationships.services.transition import (
    StatusTransitionError,
    mentorship_transition,
)
from tests.relationships.helpers import accepted_pair


@pytest.fixture
def pair(programme: Programme) -> Mentorship:
    return accepted_pair(programme)


@pytest.fixture
def planned_meeting(pair: Mentorship) -> Meeting:
    return Meeting.objects.create(
        mentorship=pair,
        starts_at=timezone.now() + timedelta(days=7),
        duration_minutes=60,
        venue_kind=VenueKind.OTHER,
        created_by=pair.mentee.user,
    )


SRC = Path(__file__).resolve().parent.parent / "src" / "mentoring"

#: The only modules that may write the statuses.
TRANSITION_SERVICES = {
    "relationships/services/transition.py",
    "meetings/services/transition.py",
    "participants/services.py",
}
ENUMS = {"MentorshipStatus", "MeetingStatus", "ApplicationStatus"}
MODELS = {"Mentorship", "Meeting", "Participation"}
#: Names of variables and related managers that hold these models.
NAME = re.compile(r"mentorship|meeting|participation", re.IGNORECASE)
WRITES = {"update", "update_or_create", "bulk_update"}


def _names(node: ast.AST) -> set[str]:
    """Every name and attribute name inside ``node``."""
    found: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            found.add(child.id)
        elif isinstance(child, ast.Attribute):
            found.add(child.attr)
    return found


def _holder(target: ast.expr) -> str:
    """The name of what a ``<x>.status`` belongs to (``x`` or ``a.x``)."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        return _holder(target.value)
    return ""


def _is_status_write(holder: ast.expr, value: ast.AST | None) -> bool:
    return bool(NAME.search(_holder(holder))) or (value is not None and bool(_names(value) & ENUMS))


def _status_values(call: ast.Call) -> list[ast.expr]:
    """The values given to ``status`` in a write call."""
    values = [kw.value for kw in call.keywords if kw.arg == "status"]
    for kw in call.keywords:
        if kw.arg == "defaults" and isinstance(kw.value, ast.Dict):
            values += [
                v
                for k, v in zip(kw.value.keys, kw.value.values, strict=True)
                if isinstance(k, ast.Constant) and k.value == "status"
            ]
        if kw.arg == "fields" and "status" in {
            c.value for c in ast.walk(kw.value) if isinstance(c, ast.Constant)
        }:
            values.append(kw.value)
    if (
        call.func.attr == "bulk_update"
        and any(  # type: ignore[attr-defined]
            isinstance(c, ast.Constant) and c.value == "status"
            for arg in call.args[1:]
            for c in ast.walk(arg)
        )
    ):
        values.append(call.args[0])
    return values


def status_writes(source: str) -> list[int]:
    """Line numbers of writes of a mentorship's or meeting's status."""
    lines: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if (
                        isinstance(part, ast.Attribute)
                        and part.attr == "status"
                        and isinstance(part.ctx, ast.Store)
                        and _is_status_write(part.value, node.value)
                    ):
                        lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if (
                node.func.id == "setattr"
                and len(node.args) == 3
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "status"
                and _is_status_write(node.args[0], node.args[2])
            ):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr not in WRITES:
                continue
            values = _status_values(node)
            if not values:
                continue
            chain = _names(node.func.value)
            from_model = bool(chain & MODELS) or any(NAME.search(name) for name in chain)
            if from_model or any(_names(value) & ENUMS for value in values):
                lines.append(node.lineno)
    return lines


def _modules() -> list[Path]:
    return sorted(path for path in SRC.rglob("*.py") if "migrations" not in path.parts)


def test_only_the_transition_services_write_a_mentorship_or_meeting_status() -> None:
    offenders = []
    for path in _modules():
        relative = path.relative_to(SRC).as_posix()
        if relative in TRANSITION_SERVICES:
            continue
        for line in status_writes(path.read_text(encoding="utf-8")):
            offenders.append(f"{relative}:{line}")
    assert offenders == [], (
        "Mentorship.status, Meeting.status and Participation.status change only through "
        "mentorship_transition / meeting_transition / participants' services: "
        + ", ".join(offenders)
    )


def test_the_guard_sees_each_kind_of_write() -> None:
    # The transition services themselves write the status (and are exempt).
    for relative in TRANSITION_SERVICES:
        assert status_writes((SRC / relative).read_text(encoding="utf-8"))
    caught = [
        "mentorship.status = MentorshipStatus.ENDED_EARLY",
        "locked.status = MeetingStatus.HELD",
        "meeting.status = target",
        "setattr(mentorship, 'status', target)",
        "Mentorship.objects.filter(pk=1).update(status='declined')",
        "pair.meetings.update(status=MeetingStatus.CANCELLED)",
        "rows.update(status=MentorshipStatus.ENDED_EARLY)",
        "Mentorship.objects.update_or_create(pk=1, defaults={'status': 'declined'})",
        "Meeting.objects.bulk_update(rows, ['status'])",
        "participations.update(status=ApplicationStatus.WITHDRAWN)",
        "participation.status = status",
    ]
    for source in caught:
        assert status_writes(source) == [1], source
    allowed = [
        "Mentorship.objects.create(status=MentorshipStatus.COMPLETED)",
        "Meeting.objects.filter(status=MeetingStatus.HELD).count()",
        "run.status = RunStatus.FAILED",
        "invitation.status = InvitationStatus.ACCEPTED",
        "if meeting.status == MeetingStatus.HELD: pass",
    ]
    for source in allowed:
        assert status_writes(source) == [], source


@pytest.mark.parametrize(
    ("table", "enum"),
    [(MENTORSHIP_TRANSITIONS, MentorshipStatus), (MEETING_TRANSITIONS, MeetingStatus)],
)
def test_each_table_covers_every_status(table: dict, enum: type) -> None:
    assert set(table) == set(enum.values)
    for targets in table.values():
        assert targets <= set(enum.values)


def test_closed_mentorships_have_no_way_out_and_active_ones_can_end() -> None:
    for status in MentorshipStatus.values:
        if status in CLOSED_STATUSES:
            assert MENTORSHIP_TRANSITIONS[status] == frozenset()
        else:
            assert MENTORSHIP_TRANSITIONS[status] & set(CLOSED_STATUSES)


@pytest.mark.django_db
def test_an_illegal_mentorship_move_is_refused_and_changes_nothing(pair: Mentorship) -> None:
    from mentoring.common.models import AuditEntry

    assert pair.status == MentorshipStatus.ACCEPTED
    audits = AuditEntry.objects.count()
    with pytest.raises(StatusTransitionError, match="from 'accepted' to 'completed'"):
        mentorship_transition(mentorship=pair, to=MentorshipStatus.COMPLETED, by=None, side=None)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACCEPTED
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_a_legal_meeting_move_audits_and_signals_and_an_illegal_one_is_refused(
    pair: Mentorship, planned_meeting: Meeting
) -> None:
    from mentoring.common.models import AuditEntry
    from mentoring.meetings.signals import meeting_status_changed

    heard: list[tuple[str, str]] = []

    def listen(*, old: str, new: str, **kwargs: object) -> None:
        heard.append((old, new))

    meeting_status_changed.connect(listen)
    try:
        meeting_cancel(meeting=planned_meeting, by=pair.mentee.user)
    finally:
        meeting_status_changed.disconnect(listen)
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == MeetingStatus.CANCELLED
    assert heard == [(MeetingStatus.PLANNED.value, MeetingStatus.CANCELLED.value)]
    assert AuditEntry.objects.filter(action="meeting.cancelled").count() == 1
    with pytest.raises(StatusTransitionError, match="from 'cancelled' to 'held'"):
        meeting_transition(meeting=planned_meeting, to=MeetingStatus.HELD, by=None, side=None)
    planned_meeting.refresh_from_db()
    assert planned_meeting.status == MeetingStatus.CANCELLED


@pytest.mark.django_db
def test_erasure_ends_a_mentorship_through_the_transition_without_personal_data(
    pair: Mentorship,
) -> None:
    from mentoring.common.audit import ERASED_LABEL
    from mentoring.common.models import AuditEntry
    from mentoring.privacy.services import erase_person

    mentee = pair.mentee.user
    name, email = mentee.full_name, mentee.email
    erase_person(user=mentee, by=mentee)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ENDED_EARLY
    entry = AuditEntry.objects.get(action="mentorship.ended_early", object_id=str(pair.pk))
    assert entry.actor is None
    assert entry.data == {"side": "mentee", "reason": "erasure"}
    assert entry.object_repr == ERASED_LABEL
    assert name not in str(entry.data) and email not in str(entry.data)
