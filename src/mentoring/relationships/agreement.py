"""The collaboration agreement (samarbejdsaftale) as data: its fields grouped
in the flyer's topics, a first draft from the programme and the applications,
the check against the programme's recommendation, and the difference between
two versions. No writes: ``services.agreement`` stores versions and
acceptances; the form, the pages and the PDF all read from here, so they name
and order the fields the same way.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from mentoring.programmes.enums import MeetingFormat, MentorRole
from mentoring.programmes.method import recommendation_text
from mentoring.relationships.enums import MeetingLead

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from mentoring.programmes.models import Programme
    from mentoring.relationships.models import AgreementVersion, Mentorship

#: At most this many goals (as on the application form).
MAX_GOALS = 5
#: Longest goal, longest place description, longest other text.
MAX_GOAL_CHARS = 300
MAX_TEXT_CHARS = 2000
#: Sensible bounds for the numbers (the recommendation is checked separately).
MAX_MEETINGS = 100
MIN_MEETING_MINUTES = 15
MAX_MEETING_MINUTES = 480

#: The agreement's content, in the order of the form, the pages and the PDF.
FIELDS: tuple[str, ...] = (
    "meetings_planned",
    "meeting_minutes",
    "starts_on",
    "ends_on",
    "alternate_hosts",
    "virtual_share",
    "places",
    "agreed_roles",
    "goals",
    "confidentiality",
    "employer_duty_topics",
    "off_limits_topics",
    "meeting_lead",
    "homework",
    "contact_between_meetings",
    "moving_or_cancelling",
    "withdrawal_right",
    "midway_review_on",
    "ending",
)
DATE_FIELDS = frozenset({"starts_on", "ends_on", "midway_review_on"})
BOOL_FIELDS = frozenset({"alternate_hosts", "withdrawal_right"})
LIST_FIELDS = frozenset({"agreed_roles", "goals"})
TEXT_FIELDS = frozenset(
    {
        "places",
        "confidentiality",
        "employer_duty_topics",
        "off_limits_topics",
        "homework",
        "contact_between_meetings",
        "moving_or_cancelling",
        "ending",
    }
)

#: The label of each field, on the form, the pages and in the PDF.
LABELS: dict[str, _StrPromise] = {
    "meetings_planned": gettext_lazy("Number of meetings"),
    "meeting_minutes": gettext_lazy("Meeting length (minutes)"),
    "starts_on": gettext_lazy("Start date"),
    "ends_on": gettext_lazy("End date"),
    "alternate_hosts": gettext_lazy("We take turns providing a meeting room"),
    "virtual_share": gettext_lazy("Share of the meetings held virtually (%)"),
    "places": gettext_lazy("Places we meet"),
    "agreed_roles": gettext_lazy("The roles we agree on"),
    "goals": gettext_lazy("The goals we work towards"),
    "confidentiality": gettext_lazy("What we keep confidential"),
    "employer_duty_topics": gettext_lazy(
        "Topics where a duty to one's own employer may be at stake"
    ),
    "off_limits_topics": gettext_lazy("Topics we do not discuss"),
    "meeting_lead": gettext_lazy("Who steers the meetings"),
    "homework": gettext_lazy("What we expect of the homework between meetings"),
    "contact_between_meetings": gettext_lazy(
        "How and when we may contact each other between meetings"
    ),
    "moving_or_cancelling": gettext_lazy("How we move or cancel a meeting"),
    "withdrawal_right": gettext_lazy(
        "Either of us may end the mentorship after the first meeting, without giving a reason"
    ),
    "midway_review_on": gettext_lazy("Date of the midway review"),
    "ending": gettext_lazy("How we end the mentorship and evaluate it"),
}


@dataclass(frozen=True)
class Section:
    """One topic of the agreement (the flyer's list), with its fields."""

    key: str
    title: _StrPromise
    fields: tuple[str, ...]
    #: Advice shown on the form.
    intro: _StrPromise | None = None
    #: A fixed part of every agreement, shown on the form, the pages and the PDF.
    statement: _StrPromise | None = None


#: The flyer's topics, in order. The agenda is always prepared by the mentee
#: (stated in "working together"); who steers the meetings is agreed.
SECTIONS: tuple[Section, ...] = (
    Section(
        "frame",
        gettext_lazy("Meetings and period"),
        ("meetings_planned", "meeting_minutes", "starts_on", "ends_on"),
    ),
    Section(
        "place",
        gettext_lazy("Where we meet"),
        ("alternate_hosts", "virtual_share", "places"),
        gettext_lazy(
            "Professional meetings need professional surroundings, and the room must suit "
            "the meeting's agenda. Confidential matters are not discussed in a busy café."
        ),
    ),
    Section(
        "roles",
        gettext_lazy("Roles and goals"),
        ("agreed_roles", "goals"),
        gettext_lazy(
            "The roles come from your “Mentor's Many Roles” exercise and the goals from the "
            "mentee's application. Adjust them together."
        ),
    ),
    Section(
        "confidentiality",
        gettext_lazy("Confidentiality"),
        ("confidentiality", "employer_duty_topics", "off_limits_topics"),
        gettext_lazy(
            "Agree what stays between you, where a duty to one's own employer may set limits, "
            "and which topics you leave out."
        ),
    ),
    Section(
        "working",
        gettext_lazy("How we work together"),
        # Its fixed statement names the two people, so the templates write it
        # (relationships/_agreement_statement.html): both read the agreement,
        # and neither is "the mentee" or "the mentor" to themselves.
        ("meeting_lead",),
    ),
    Section("homework", gettext_lazy("Homework"), ("homework",)),
    Section("contact", gettext_lazy("Contact between meetings"), ("contact_between_meetings",)),
    Section("moving", gettext_lazy("Moving or cancelling a meeting"), ("moving_or_cancelling",)),
    Section(
        "withdrawal",
        gettext_lazy("The right to withdraw"),
        ("withdrawal_right",),
        gettext_lazy(
            "After the first meeting you are both asked whether to continue. Ending then is "
            "no one's fault, and the coordinator looks for a new match."
        ),
    ),
    Section(
        "midway",
        gettext_lazy("Midway review"),
        ("midway_review_on",),
        gettext_lazy(
            "Halfway through, you look at how the collaboration is going and whether to "
            "adjust this agreement."
        ),
    ),
    Section("ending", gettext_lazy("Ending and evaluation"), ("ending",)),
)


# --- Dates -----------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's
    last day when the month is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def midpoint(start: date, end: date) -> date:
    return start + timedelta(days=(end - start).days // 2)


# --- The first draft ---------------------------------------------------------

#: A meeting format's share of virtual meetings.
_VIRTUAL_SHARE = {MeetingFormat.IN_PERSON: 0, MeetingFormat.MIXED: 50, MeetingFormat.VIRTUAL: 100}


def virtual_share_from_formats(*formats_: str) -> int:
    """The share of virtual meetings both applications point to: the average
    of each side's preference (in person 0 %, mixed 50 %, virtual 100 %),
    rounded to 5 %; 0 when neither said."""
    shares = [_VIRTUAL_SHARE[MeetingFormat(f)] for f in formats_ if f in MeetingFormat.values]
    if not shares:
        return 0
    return int(5 * round(sum(shares) / len(shares) / 5))


def default_texts(*, mentee_name: str) -> dict[str, str]:
    """Starting texts for the written parts, in the active language. Both of
    the pair read and accept them, so they say "we" and name the mentee
    (``mentee_name``) rather than "the mentee"."""
    return {
        "confidentiality": _(
            "What we talk about in our meetings stays between us. Neither of us passes on "
            "what the other has said in confidence, unless we agree on it together."
        ),
        "homework": _(
            "At the end of each meeting we agree what %(mentee)s will try out or work on "
            "before the next one. %(mentee)s sets aside time for it and tells how it went at "
            "the next meeting."
        )
        % {"mentee": mentee_name},
        "contact_between_meetings": _(
            "We may write to each other by e-mail between meetings and answer within a few "
            "working days. Larger questions wait for the next meeting."
        ),
        "moving_or_cancelling": _(
            "If one of us has to move or cancel a meeting, we tell the other as early as "
            "possible, and at least two working days before, and suggest a new time."
        ),
        "ending": _(
            "At our last meeting we look back at the goals and at what each of us has gained. "
            "We both answer the programme's evaluation."
        ),
    }


def prefill(mentorship: Mentorship, *, today: date | None = None) -> dict[str, Any]:
    """A first draft of the agreement for ``mentorship``: the frame from the
    programme's recommendation, the period from today (or the programme's
    start, if later) for the recommended minimum months (at most to the
    programme's end), the share of virtual meetings from both applications,
    the roles the pair agreed on and the mentee's goals, and starting texts in
    the active language."""
    programme = mentorship.programme
    today = today or timezone.localdate()
    starts_on = max(today, programme.starts_on) if programme.starts_on else today
    ends_on = add_months(starts_on, programme.min_months)
    if programme.ends_on and programme.ends_on > starts_on:
        ends_on = min(ends_on, programme.ends_on)
    return {
        "meetings_planned": programme.min_meetings,
        "meeting_minutes": programme.min_meeting_minutes,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "midway_review_on": midpoint(starts_on, ends_on),
        "alternate_hosts": True,
        "virtual_share": virtual_share_from_formats(
            mentorship.mentee.meeting_format, mentorship.mentor.meeting_format
        ),
        "places": "",
        "agreed_roles": [r for r in (mentorship.agreed_roles or []) if r in MentorRole.values],
        "goals": [str(goal) for goal in (mentorship.mentee.goals or [])][:MAX_GOALS],
        "employer_duty_topics": "",
        "off_limits_topics": "",
        "meeting_lead": MeetingLead.MENTEE.value,
        "withdrawal_right": True,
        **default_texts(mentee_name=mentorship.mentee.user.get_short_name()),
    }


def values_of(version: AgreementVersion) -> dict[str, Any]:
    """The content of a stored version, as a dictionary of field values."""
    return {name: getattr(version, name) for name in FIELDS}


def values_from_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """Field values from a copy stored as JSON (``accepted_content``): dates
    come back as dates."""
    values = {name: content.get(name) for name in FIELDS}
    for name in DATE_FIELDS:
        value = values.get(name)
        if isinstance(value, str):
            values[name] = date.fromisoformat(value)
    return values


def changes_since_accepted(
    version: AgreementVersion, side: str, *, last_agreed: AgreementVersion | None
) -> list[Change] | None:
    """What changed in the working ``version`` since ``side`` last accepted
    it: against the copy kept at that side's acceptance of this version, else
    against ``last_agreed`` (the newest earlier version both accepted). None
    when the side has accepted the current text, the version is agreed, or
    the side accepted nothing to compare with."""
    if version.accepted_at is not None:
        return None
    if version.mentee_accepted_at if side == "mentee" else version.mentor_accepted_at:
        return None
    mine = (version.accepted_content or {}).get(side)
    if mine:
        before = values_from_content(mine)
    elif last_agreed is not None:
        before = values_of(last_agreed)
    else:
        return None
    return diff_values(before, values_of(version)) or None


# --- The check against the recommendation ----------------------------------


def matched_on(mentorship: Mentorship) -> date:
    """The day the pair was matched (the mentorship was made), local time:
    their agreement cannot start before it."""
    return timezone.localdate(mentorship.created_at)


def check_against_recommendation(
    programme: Programme, values: Mapping[str, Any], *, matched: date | None = None
) -> tuple[dict[str, str], list[str]]:
    """Check an agreement's ``values`` against ``programme`` (and against
    ``matched``, the day the pair was matched, when given).

    Returns ``(errors, warnings)``: errors (field name -> message) must be
    corrected before saving: a start before the programme's start or before
    the pair was matched, an end on or before the start, an end after the
    programme's end, no meetings, a midway review outside the period, a share
    of virtual meetings outside 0-100 %. Warnings name the recommendation
    (fewer meetings, shorter meetings or a shorter period than it says) and
    do not stop saving. Missing values are skipped (the form reports them).
    """
    errors: dict[str, str] = {}
    warnings: list[str] = []
    recommendation = recommendation_text(programme)
    meetings = values.get("meetings_planned")
    minutes = values.get("meeting_minutes")
    starts_on = values.get("starts_on")
    ends_on = values.get("ends_on")
    midway = values.get("midway_review_on")
    share = values.get("virtual_share")

    if meetings is not None:
        if meetings < 1:
            errors["meetings_planned"] = _("Plan at least one meeting.")
        elif meetings < programme.min_meetings:
            warnings.append(
                ngettext(
                    "You plan %(count)d meeting. The programme recommends %(recommendation)s.",
                    "You plan %(count)d meetings. The programme recommends %(recommendation)s.",
                    meetings,
                )
                % {"count": meetings, "recommendation": recommendation}
            )
    if minutes is not None:
        if minutes < 1:
            errors["meeting_minutes"] = _("A meeting must last at least one minute.")
        elif minutes < programme.min_meeting_minutes:
            warnings.append(
                ngettext(
                    "Your meetings last %(count)d minute. "
                    "The programme recommends %(recommendation)s.",
                    "Your meetings last %(count)d minutes. "
                    "The programme recommends %(recommendation)s.",
                    minutes,
                )
                % {"count": minutes, "recommendation": recommendation}
            )
    if starts_on is not None and programme.starts_on and starts_on < programme.starts_on:
        errors["starts_on"] = _(
            "The programme starts on %(date)s: your agreement cannot start before then."
        ) % {"date": formats.date_format(programme.starts_on, "DATE_FORMAT")}
    elif starts_on is not None and matched is not None and starts_on < matched:
        errors["starts_on"] = _(
            "You were matched on %(date)s: your agreement cannot start before then."
        ) % {"date": formats.date_format(matched, "DATE_FORMAT")}
    if starts_on is not None and ends_on is not None:
        if ends_on <= starts_on:
            errors["ends_on"] = _("The end date must be after the start date.")
        elif ends_on < add_months(starts_on, programme.min_months):
            warnings.append(
                ngettext(
                    "Your period is shorter than %(count)d month. "
                    "The programme recommends %(recommendation)s.",
                    "Your period is shorter than %(count)d months. "
                    "The programme recommends %(recommendation)s.",
                    programme.min_months,
                )
                % {"count": programme.min_months, "recommendation": recommendation}
            )
    if ends_on is not None and programme.ends_on and ends_on > programme.ends_on:
        errors.setdefault(
            "ends_on",
            _("The programme ends on %(date)s: your agreement must end by then.")
            % {"date": formats.date_format(programme.ends_on, "DATE_FORMAT")},
        )
    if (
        midway is not None
        and starts_on is not None
        and ends_on is not None
        and ends_on > starts_on
        and not starts_on <= midway <= ends_on
    ):
        errors["midway_review_on"] = _(
            "The midway review must lie within the period, between the start and end dates."
        )
    if share is not None and not 0 <= share <= 100:
        errors["virtual_share"] = _("Give a share between 0 and 100 %.")
    return errors, warnings


# --- Display ----------------------------------------------------------------


def _yes_no(value: bool) -> str:
    return pgettext("answer", "Yes") if value else pgettext("answer", "No")


def display(name: str, value: Any) -> str | list[str]:
    """A field's value as the reader sees it, in the active language: a
    string, or a list of strings for the roles and the goals."""
    if name == "agreed_roles":
        return [str(MentorRole(code).label) for code in value or [] if code in MentorRole.values]
    if name == "goals":
        return [str(goal) for goal in value or []]
    if value is None or value == "":
        return ""
    if name in DATE_FIELDS:
        return formats.date_format(value, "DATE_FORMAT")
    if name in BOOL_FIELDS:
        return _yes_no(bool(value))
    if name == "meeting_lead":
        return str(MeetingLead(value).label) if value in MeetingLead.values else str(value)
    if name == "virtual_share":
        return _("%(share)d %%") % {"share": value}
    return str(value)


@dataclass(frozen=True)
class Item:
    """One field of a version, ready for a template."""

    name: str
    label: str
    value: str | list[str]
    is_list: bool
    is_text: bool


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str
    statement: str
    items: list[Item]


def sections_of(values: Mapping[str, Any]) -> list[ShownSection]:
    """The agreement's content grouped in the flyer's topics, for the pages
    and the PDF."""
    return [
        ShownSection(
            key=section.key,
            title=str(section.title),
            statement=str(section.statement) if section.statement else "",
            items=[
                Item(
                    name=name,
                    label=str(LABELS[name]),
                    value=display(name, values.get(name)),
                    is_list=name in LIST_FIELDS,
                    is_text=name in TEXT_FIELDS,
                )
                for name in section.fields
            ],
        )
        for section in SECTIONS
    ]


# --- The difference between two versions -----------------------------------

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
_GLUE = re.compile(r"\s+|[^\w\s]", re.UNICODE)
#: An unchanged run of at most this many spaces or punctuation marks between
#: two changes is shown as part of one change ("<del>a b</del><ins>c d</ins>",
#: not four small pieces).
_MAX_GLUE_TOKENS = 3


def _grouped_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    merged: list[tuple[str, int, int, int, int]] = []
    codes = matcher.get_opcodes()
    for index, (op, a1, a2, b1, b2) in enumerate(codes):
        glue = (
            op == "equal"
            and 0 < index < len(codes) - 1
            and a2 - a1 <= _MAX_GLUE_TOKENS
            and all(_GLUE.fullmatch(token) for token in a[a1:a2])
        )
        if (op != "equal" or glue) and merged and merged[-1][0] == "replace":
            _, m1, _m2, n1, _n2 = merged[-1]
            merged[-1] = ("replace", m1, a2, n1, b2)
        elif op != "equal" or glue:
            merged.append(("replace", a1, a2, b1, b2))
        else:
            merged.append((op, a1, a2, b1, b2))
    return merged


def text_diff(old: str, new: str) -> SafeString:
    """``old`` -> ``new`` as HTML, word by word: removed words in ``<del>``,
    added words in ``<ins>``. Every piece of text is escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts: list[str] = []
    for op, a1, a2, b1, b2 in _grouped_opcodes(a, b):
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


@dataclass
class Change:
    """How one field changed from a version to the next."""

    name: str
    label: str
    old: str = ""
    new: str = ""
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    html: SafeString | None = None  # word-level markup, for texts

    @property
    def kind(self) -> str:
        if self.html is not None:
            return "text"
        if self.added or self.removed:
            return "list"
        return "value"


def diff_values(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The fields that differ between two versions' values, in the agreement's
    order: a value as old -> new, a list as added and removed items, a text
    with word-level ``<del>``/``<ins>`` markup."""
    changes: list[Change] = []
    for name in FIELDS:
        before, after = old.get(name), new.get(name)
        if name in TEXT_FIELDS:
            before, after = before or "", after or ""
        if name in LIST_FIELDS:
            before, after = list(before or []), list(after or [])
        if before == after:
            continue
        label = str(LABELS[name])
        if name in LIST_FIELDS:
            shown_old, shown_new = display(name, before), display(name, after)
            changes.append(
                Change(
                    name,
                    label,
                    added=[item for item in shown_new if item not in shown_old],
                    removed=[item for item in shown_old if item not in shown_new],
                    # Only the order changed: say so as old -> new.
                    old=", ".join(shown_old),
                    new=", ".join(shown_new),
                )
            )
        elif name in TEXT_FIELDS:
            changes.append(Change(name, label, html=text_diff(str(before), str(after))))
        else:
            changes.append(
                Change(name, label, old=str(display(name, before)), new=str(display(name, after)))
            )
    return changes
