"""Application forms (mentee and mentor) and the coordinator's decision form.

The forms list their fields explicitly and return only the applicant's
answers (``answers()``): posting any other field changes nothing. A draft is
checked only for formats; sending also checks that every required answer is
given (the list lives in ``services.REQUIRED_TO_SUBMIT``).
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.participants.enums import ApplicationStatus, ChangeSituation, Language, Region, Role
from mentoring.participants.models import Participation
from mentoring.participants.readiness import (
    MAX_GOALS,
    MIN_CHANGE_DESCRIPTION_CHARS,
    MIN_GOAL_CHARS,
    MIN_MOTIVATION_CHARS,
)
from mentoring.participants.selectors import COMFORT_CHOICES, WISH_CHOICES
from mentoring.participants.services import (
    COMMON_FIELDS,
    REQUIRED_TO_SUBMIT,
    missing_for_submit,
)
from mentoring.programmes.enums import BenefitArea, MeetingFormat, MentorRole
from mentoring.programmes.method import BENEFIT_DESCRIPTIONS, ROLE_DESCRIPTIONS
from mentoring.programmes.models import Programme

CAPACITY_CHOICES = [(1, _("1 mentee")), (2, _("2 mentees")), (3, _("3 mentees"))]
NEEDED = _("This answer is needed to send the application.")


class CommaListField(forms.Field):
    """A text input holding a comma-separated list; cleans to a list of strings
    (trimmed, empty items and repeats dropped)."""

    widget = forms.TextInput

    def __init__(self, *, max_items: int = 20, max_item_length: int = 100, **kwargs: Any):
        self.max_items = max_items
        self.max_item_length = max_item_length
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:
        if value in self.empty_values:
            return []
        if isinstance(value, list | tuple):
            items = [str(item) for item in value]
        else:
            items = str(value).split(",")
        cleaned: list[str] = []
        seen: set[str] = set()
        for item in items:
            item = " ".join(item.split())
            if item and item.casefold() not in seen:
                seen.add(item.casefold())
                cleaned.append(item)
        return cleaned

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > self.max_items:
            raise forms.ValidationError(
                _("List at most %(max)d, separated by commas."),
                code="max_items",
                params={"max": self.max_items},
            )
        if any(len(item) > self.max_item_length for item in value):
            raise forms.ValidationError(
                _("Each item can be at most %(max)d characters long."),
                code="max_item_length",
                params={"max": self.max_item_length},
            )


def _rating_field(
    label: Any, choices: list[tuple[int, Any]], help_text: Any = ""
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "rating-options"}),
    )


def _at_least(field: forms.Field, minimum: int, *, empty_ok: bool = False) -> None:
    """Tell the applicant a readiness minimum before they send (issue 16.14):
    the help text says it, and ``common/field.html`` adds a live count
    (``participants/js/char-count.js``). ``minimum`` is the constant that
    ``readiness.py`` checks, never a copy."""
    field.min_chars = minimum  # type: ignore[attr-defined]
    field.min_chars_empty_ok = empty_ok  # type: ignore[attr-defined]
    if not empty_ok:
        field.help_text = _("Write at least %(count)s characters.") % {"count": minimum}


def _text(label: Any, *, max_length: int, rows: int | None = None, **kwargs: Any) -> forms.Field:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(
        label=label, max_length=max_length, required=False, widget=widget, **kwargs
    )


class ApplicationForm(forms.Form):
    """What both roles answer. Subclasses add their own questions."""

    role: ClassVar[str]
    rating_prefix: ClassVar[str] = "role_"

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    organisation = _text(_("Organisation (employer)"), max_length=200)
    job_title = _text(_("Job title"), max_length=200)
    years_of_experience = forms.IntegerField(
        label=_("Years of work experience"), min_value=0, max_value=70, required=False
    )
    region = forms.ChoiceField(
        label=_("Region"),
        choices=[("", _("Choose a region")), *Region.choices],
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can hold the conversations in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    meeting_format = forms.ChoiceField(
        label=_("How would you prefer to meet?"),
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    availability = _text(
        _("When are you usually available?"),
        max_length=1000,
        rows=2,
        help_text=_("For example: weekday mornings, not in July."),
    )
    motivation = _text(_("Why do you want to take part?"), max_length=4000, rows=5)
    commits_to_meetings = forms.BooleanField(
        label=_("I can and will set aside time for the meetings."), required=False
    )
    note_to_coordinator = _text(
        _("Anything the coordinator should know"),
        max_length=2000,
        rows=3,
        help_text=_("Only the programme's coordinators read this."),
    )
    consent_contact_after = forms.BooleanField(
        label=_("The association may contact me after the programme (optional)"),
        required=False,
        help_text=_("For example about alumni meetings. You can withdraw it on your privacy page."),
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        submit: bool = False,
        needs_name: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.submit = submit
        if needs_name:
            # The account has no name yet (issue 16.5): ask for it here.
            self.fields["full_name"] = forms.CharField(
                label=_("Your full name"),
                max_length=200,
                required=False,
                help_text=_(
                    "The coordinator and your mentor see it, and we greet you by it in e-mails."
                ),
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            )
        _at_least(self.fields["motivation"], MIN_MOTIVATION_CHARS)
        for role in MentorRole:
            self.fields[f"role_{role.value}"] = _rating_field(
                role.label, self.rating_choices(), ROLE_DESCRIPTIONS.get(role, "")
            )

    # --- Groups for the template -------------------------------------------

    def rating_choices(self) -> list[tuple[int, Any]]:
        return WISH_CHOICES

    @property
    def role_fields(self) -> list[forms.BoundField]:
        return [self[f"role_{code}"] for code in MentorRole.values]

    @property
    def required_names(self) -> set[str]:
        """Form fields that must be answered before sending (marked in the page)."""
        names: set[str] = set()
        for name in REQUIRED_TO_SUBMIT[self.role]:
            names.update(self._form_fields_of(name))
        return names

    @property
    def optional_names(self) -> set[str]:
        """Questions that may stay unanswered when sending (marked optional).
        Commitments are left unmarked: unticked, they are flagged for the
        coordinator; extra goals are explained beside them."""
        return {
            name
            for name, field in self.fields.items()
            if name not in self.required_names
            and name != "full_name"  # needed to send, checked in clean()
            and not isinstance(field.widget, forms.CheckboxInput | forms.HiddenInput)
            and not name.startswith("goal_")
        }

    def _form_fields_of(self, model_field: str) -> list[str]:
        if model_field in ("role_wishes", "role_comfort"):
            return [f"role_{code}" for code in MentorRole.values]
        if model_field == "benefit_wishes":
            return [f"benefit_{code}" for code in BenefitArea.values]
        if model_field == "goals":
            return ["goal_1"]
        if model_field == "industry" and "industry" not in self.fields:
            return ["industries"]
        return [model_field]

    # --- Cleaning ----------------------------------------------------------

    def _ratings(self, prefix: str, codes: list[str]) -> dict[str, int]:
        values = {code: self.cleaned_data.get(f"{prefix}{code}") for code in codes}
        return {code: value for code, value in values.items() if value is not None}

    def answers(self) -> dict[str, Any]:
        """The applicant's answers as model field values (only those fields)."""
        data = self.cleaned_data
        return {
            "organisation": data.get("organisation", ""),
            "job_title": data.get("job_title", ""),
            "years_of_experience": data.get("years_of_experience"),
            "region": data.get("region", ""),
            "languages": list(data.get("languages") or []),
            "meeting_format": data.get("meeting_format", ""),
            "availability": data.get("availability", ""),
            "motivation": data.get("motivation", ""),
            "commits_to_meetings": bool(data.get("commits_to_meetings")),
            "note_to_coordinator": data.get("note_to_coordinator", ""),
            "consent_contact_after": bool(data.get("consent_contact_after")),
        }

    def full_name(self) -> str | None:
        """The name given on the form (only asked when the account has none)."""
        if "full_name" not in self.fields:
            return None
        return " ".join(str(self.cleaned_data.get("full_name") or "").split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.submit and "full_name" in self.fields and not self.full_name():
            self.add_error("full_name", NEEDED)
        if self.submit:
            draft = Participation(role=self.role, **self.answers())
            for model_field in missing_for_submit(draft):
                for name in self._form_fields_of(model_field):
                    if name in self.errors:
                        continue  # already told what is wrong with it
                    if name == "goal_1":
                        self.add_error(name, _("Give at least one concrete goal."))
                    elif self.cleaned_data.get(name) in (None, "", []):
                        self.add_error(name, NEEDED)
        return cleaned

    @property
    def expected_version(self) -> int | None:
        version = self.cleaned_data.get("version")
        return int(version) if version else None

    @classmethod
    def initial_for(
        cls, participation: Participation | None, programme: Programme
    ) -> dict[str, Any]:
        """Initial values for editing ``participation`` (or a new application)."""
        if participation is None:
            return {}
        # The answers both roles give (a mentor's "industry" has no field of
        # its own: it is derived from their industries, so it is ignored).
        initial: dict[str, Any] = {name: getattr(participation, name) for name in COMMON_FIELDS}
        initial["version"] = participation.version
        return initial


class MenteeApplicationForm(ApplicationForm):
    role = Role.MENTEE

    industry = _text(_("Industry"), max_length=100)
    change_situation = forms.ChoiceField(
        label=_("Which change are you in?"),
        choices=ChangeSituation.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    change_description = _text(
        _("Describe the change and what it means for you"), max_length=4000, rows=4
    )
    commits_to_homework = forms.BooleanField(
        label=_("I can and will set aside time for the homework between the meetings."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_GOALS + 1):
            self.fields[f"goal_{number}"] = forms.CharField(
                label=_("Goal %(number)d") % {"number": number},
                max_length=300,
                required=False,
            )
            _at_least(self.fields[f"goal_{number}"], MIN_GOAL_CHARS, empty_ok=number > 1)
        _at_least(self.fields["change_description"], MIN_CHANGE_DESCRIPTION_CHARS)
        for area in BenefitArea:
            self.fields[f"benefit_{area.value}"] = _rating_field(
                area.label, WISH_CHOICES, BENEFIT_DESCRIPTIONS.get(area, "")
            )
        # The order of the page (and of the error summary at its top).
        self.order_fields(
            [
                "version",
                "organisation",
                "job_title",
                "industry",
                "years_of_experience",
                "region",
                "languages",
                "change_situation",
                "change_description",
                *(f"goal_{number}" for number in range(1, MAX_GOALS + 1)),
                *(f"benefit_{code}" for code in BenefitArea.values),
                *(f"role_{code}" for code in MentorRole.values),
                "motivation",
                "commits_to_meetings",
                "commits_to_homework",
                "consent_contact_after",
            ]
        )

    @property
    def min_goal_chars(self) -> int:
        return MIN_GOAL_CHARS

    @property
    def goal_fields(self) -> list[forms.BoundField]:
        return [self[f"goal_{number}"] for number in range(1, MAX_GOALS + 1)]

    @property
    def benefit_fields(self) -> list[forms.BoundField]:
        return [self[f"benefit_{code}"] for code in BenefitArea.values]

    @property
    def change_groups(self) -> list[tuple[Any, list[Any]]]:
        """The change situations as two groups: from outside and from inside."""
        external = ChangeSituation.external()
        options = list(self["change_situation"])
        return [
            (
                _("From outside"),
                [o for o in options if o.data["value"] in external],
            ),
            (
                _("From inside"),
                [o for o in options if o.data["value"] not in external],
            ),
        ]

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        goals = [
            " ".join(str(data.get(f"goal_{number}") or "").split())
            for number in range(1, MAX_GOALS + 1)
        ]
        return {
            **super().answers(),
            "industry": data.get("industry", ""),
            "change_situation": data.get("change_situation", ""),
            "change_description": data.get("change_description", ""),
            "goals": [goal for goal in goals if goal],
            "benefit_wishes": self._ratings("benefit_", BenefitArea.values),
            "role_wishes": self._ratings("role_", MentorRole.values),
            "commits_to_homework": bool(data.get("commits_to_homework")),
        }

    @classmethod
    def initial_for(
        cls, participation: Participation | None, programme: Programme
    ) -> dict[str, Any]:
        initial = super().initial_for(participation, programme)
        if participation is None:
            return initial
        for name in ("industry", "change_situation", "change_description", "commits_to_homework"):
            initial[name] = getattr(participation, name)
        for number, goal in enumerate(participation.goals or [], start=1):
            initial[f"goal_{number}"] = goal
        for code, value in (participation.benefit_wishes or {}).items():
            initial[f"benefit_{code}"] = value
        for code, value in (participation.role_wishes or {}).items():
            initial[f"role_{code}"] = value
        return initial


class MentorApplicationForm(ApplicationForm):
    role = Role.MENTOR

    industries = CommaListField(
        label=_("Industries you know from the inside"),
        required=False,
        max_items=10,
        help_text=_("Separate them with commas; your current industry first."),
    )
    expertise = _text(_("Your experience and expertise"), max_length=4000, rows=5)
    expertise_tags = CommaListField(
        label=_("Areas of expertise (keywords)"),
        required=False,
        help_text=_(
            "Separate them with commas, for example: leadership, change management, recruitment."
        ),
    )
    change_situations_lived = forms.MultipleChoiceField(
        label=_("Changes you have lived through yourself"),
        choices=ChangeSituation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.TypedChoiceField(
        label=_("How many mentees can you take in this programme?"),
        choices=CAPACITY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("A mentor can take 1, 2 or 3 mentees.")},
    )
    commits_to_presence = forms.BooleanField(
        label=_("I will give the meetings my presence and concentration."), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].initial = self.programme.default_mentor_capacity
        # The order of the page (and of the error summary at its top).
        self.order_fields(
            [
                "version",
                "organisation",
                "job_title",
                "industries",
                "years_of_experience",
                "region",
                "languages",
                "expertise",
                "expertise_tags",
                "change_situations_lived",
                *(f"role_{code}" for code in MentorRole.values),
                "motivation",
                "commits_to_meetings",
                "commits_to_presence",
                "capacity",
                "consent_contact_after",
            ]
        )

    def rating_choices(self) -> list[tuple[int, Any]]:
        return COMFORT_CHOICES

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        industries = list(data.get("industries") or [])
        return {
            **super().answers(),
            # The first industry is the mentor's own, comparable with a mentee's.
            "industry": industries[0][:100] if industries else "",
            "industries": industries,
            "expertise": data.get("expertise", ""),
            "expertise_tags": list(data.get("expertise_tags") or []),
            "change_situations_lived": list(data.get("change_situations_lived") or []),
            "role_comfort": self._ratings("role_", MentorRole.values),
            "capacity": data.get("capacity"),
            "commits_to_presence": bool(data.get("commits_to_presence")),
        }

    @classmethod
    def initial_for(
        cls, participation: Participation | None, programme: Programme
    ) -> dict[str, Any]:
        initial = super().initial_for(participation, programme)
        if participation is None:
            return initial
        for name in (
            "industries",
            "expertise",
            "expertise_tags",
            "change_situations_lived",
            "capacity",
            "commits_to_presence",
        ):
            initial[name] = getattr(participation, name)
        if participation.capacity is None:
            initial["capacity"] = programme.default_mentor_capacity
        for code, value in (participation.role_comfort or {}).items():
            initial[f"role_{code}"] = value
        return initial


APPLICATION_FORMS: dict[str, type[ApplicationForm]] = {
    Role.MENTEE: MenteeApplicationForm,
    Role.MENTOR: MentorApplicationForm,
}


DECISION_CHOICES: list[tuple[str, Any]] = [
    (ApplicationStatus.ACCEPTED, _("Accept")),
    (ApplicationStatus.WAITLISTED, _("Put on the waiting list")),
    (ApplicationStatus.DECLINED, _("Decline")),
]


class DecisionForm(forms.Form):
    """The coordinator's decision on a sent application."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISION_CHOICES,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when you wait-list or decline. The applicant reads it in the e-mail "
            "and on their applications page."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, current_status: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if current_status:
            field = cast(forms.ChoiceField, self.fields["decision"])
            field.choices = [
                (value, label) for value, label in DECISION_CHOICES if value != current_status
            ]
