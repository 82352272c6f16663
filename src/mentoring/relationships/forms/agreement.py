"""The collaboration agreement form: every field of ``AgreementVersion``, in
the flyer's topics (``agreement.SECTIONS``), checked against the programme's
recommendation. Errors stop the save; warnings are shown and do not."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.programmes.enums import MentorRole
from mentoring.programmes.method import ROLE_DESCRIPTIONS
from mentoring.programmes.models import Programme
from mentoring.relationships import agreement
from mentoring.relationships.enums import MeetingLead

TOO_LONG = _("Please shorten this to at most %(limit_value)d characters (it has %(show_value)d).")
NOT_A_NUMBER = _("Enter a whole number.")
NOT_A_DATE = _("Enter a date, for example 2025-09-01.")


def _text(name: str, *, max_length: int = agreement.MAX_TEXT_CHARS, rows: int = 3) -> forms.Field:
    return forms.CharField(
        label=agreement.LABELS[name],
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TOO_LONG},
    )


def _date(name: str, *, required: bool = True) -> forms.Field:
    return forms.DateField(
        label=agreement.LABELS[name],
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": NOT_A_DATE, "required": _("Give a date.")},
    )


def _number(name: str, **kwargs: Any) -> forms.Field:
    return forms.IntegerField(
        label=agreement.LABELS[name],
        widget=forms.NumberInput(attrs={"class": "input-narrow"}),
        error_messages={"invalid": NOT_A_NUMBER, "required": _("Give a number.")},
        **kwargs,
    )


class AgreementForm(forms.Form):
    """The agreement's content plus the version and revision the form was
    opened at (a stale pair is a conflict, see ``services.agreement``)."""

    number = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    meetings_planned = _number(
        "meetings_planned",
        max_value=agreement.MAX_MEETINGS,
    )
    meeting_minutes = _number(
        "meeting_minutes",
        min_value=agreement.MIN_MEETING_MINUTES,
        max_value=agreement.MAX_MEETING_MINUTES,
    )
    starts_on = _date("starts_on")
    ends_on = _date("ends_on")
    alternate_hosts = forms.BooleanField(label=agreement.LABELS["alternate_hosts"], required=False)
    virtual_share = _number("virtual_share")
    places = _text("places", max_length=1000, rows=2)
    agreed_roles = forms.MultipleChoiceField(
        label=agreement.LABELS["agreed_roles"],
        required=False,
        choices=MentorRole.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the ten roles.")},
    )
    confidentiality = _text("confidentiality")
    employer_duty_topics = _text("employer_duty_topics")
    off_limits_topics = _text("off_limits_topics")
    meeting_lead = forms.ChoiceField(
        label=agreement.LABELS["meeting_lead"],
        choices=MeetingLead.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who steers the meetings.")},
    )
    homework = _text("homework")
    contact_between_meetings = _text("contact_between_meetings")
    moving_or_cancelling = _text("moving_or_cancelling")
    withdrawal_right = forms.BooleanField(
        label=agreement.LABELS["withdrawal_right"], required=False
    )
    midway_review_on = _date("midway_review_on", required=False)
    ending = _text("ending")

    def __init__(
        self, *args: Any, programme: Programme, matched: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.matched = matched
        self.warnings: list[str] = []
        for number in range(1, agreement.MAX_GOALS + 1):
            self.fields[f"goal_{number}"] = forms.CharField(
                label=_("Goal %(number)d") % {"number": number},
                max_length=agreement.MAX_GOAL_CHARS,
                required=False,
                error_messages={"max_length": TOO_LONG},
            )
        self.fields["meetings_planned"].help_text = _("Including the first meeting.")
        self.fields["virtual_share"].help_text = _(
            "0 if you always meet in person, 100 if you always meet online."
        )
        self.fields["places"].help_text = _(
            "For example: our two workplaces' meeting rooms, a library's group room."
        )
        self.fields["employer_duty_topics"].help_text = _(
            "For example: competitors, ongoing negotiations or recruitment the mentor takes "
            "part in at work."
        )
        self.fields["midway_review_on"].help_text = _("Within the period.")
        self.order_fields([*self._hidden(), *self._content()])

    @staticmethod
    def _hidden() -> list[str]:
        return ["number", "revision"]

    @staticmethod
    def _content() -> list[str]:
        names: list[str] = []
        for section in agreement.SECTIONS:
            for name in section.fields:
                if name == "goals":
                    names += [f"goal_{n}" for n in range(1, agreement.MAX_GOALS + 1)]
                else:
                    names.append(name)
        return names

    # --- Initial values ------------------------------------------------------

    @classmethod
    def initial_for(
        cls, values: dict[str, Any], *, number: int | None, revision: int | None
    ) -> dict[str, Any]:
        """Initial form values from an agreement's ``values`` and the version
        and revision they come from (None for a first draft)."""
        initial = {name: value for name, value in values.items() if name != "goals"}
        for index, goal in enumerate(values.get("goals") or [], start=1):
            if index <= agreement.MAX_GOALS:
                initial[f"goal_{index}"] = goal
        initial["number"] = number
        initial["revision"] = revision
        return initial

    # --- Groups for the template ------------------------------------------------

    @property
    def sections(self) -> list[dict[str, Any]]:
        """The fieldsets: each topic with its bound fields."""
        groups = []
        for section in agreement.SECTIONS:
            names: list[str] = []
            for name in section.fields:
                if name == "goals":
                    names += [f"goal_{n}" for n in range(1, agreement.MAX_GOALS + 1)]
                else:
                    names.append(name)
            groups.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "intro": section.intro,
                    "statement": section.statement,
                    "fields": [self[name] for name in names],
                }
            )
        return groups

    @property
    def role_options(self) -> list[tuple[Any, str]]:
        """Each role's checkbox with the role's description from the flyer."""
        return [
            (option, str(ROLE_DESCRIPTIONS[MentorRole(option.data["value"])]))
            for option in self["agreed_roles"]
        ]

    # --- Cleaning --------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        errors, warnings = agreement.check_against_recommendation(
            self.programme, data, matched=self.matched
        )
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        self.warnings = warnings
        return data

    @property
    def expected_number(self) -> int | None:
        return self.cleaned_data.get("number")

    @property
    def expected_revision(self) -> int | None:
        return self.cleaned_data.get("revision")

    def values(self) -> dict[str, Any]:
        """The agreement's content as model field values."""
        data = self.cleaned_data
        goals = [
            " ".join(str(data.get(f"goal_{n}") or "").split())
            for n in range(1, agreement.MAX_GOALS + 1)
        ]
        values: dict[str, Any] = {}
        for name in agreement.FIELDS:
            if name == "goals":
                values[name] = [goal for goal in goals if goal]
            elif name == "agreed_roles":
                chosen = set(data.get(name) or [])
                values[name] = [code for code in MentorRole.values if code in chosen]
            elif name in agreement.TEXT_FIELDS:
                values[name] = (data.get(name) or "").strip()
            elif name in agreement.BOOL_FIELDS:
                values[name] = bool(data.get(name))
            else:
                values[name] = data.get(name)
        return values


class AcceptForm(forms.Form):
    """Accept exactly the version and revision the person read."""

    number = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
