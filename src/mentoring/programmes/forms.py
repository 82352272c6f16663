"""Forms of the coordinator pages. Fields are listed explicitly: a posted field
that is not listed here changes nothing. The rules that tie fields together
live in ``validation.settings_errors`` and are shared with the services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentoring.accounts.models import User
from mentoring.common.limits import ADDRESS_LIST, LONG_TEXT
from mentoring.programmes.enums import Phase, ProgrammeKind
from mentoring.programmes.models import Programme
from mentoring.programmes.selectors import programme_has_survey_answers
from mentoring.programmes.validation import (
    BOUNDS,
    SETTINGS_FIELDS,
    min_respondents_floor,
    settings_errors,
)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _number(label: Any, field: str, help_text: Any = "") -> forms.IntegerField:
    low, high = BOUNDS[field]
    # The bounds are checked in clean() with a clear message; the widget
    # carries them for assistive technology and number steppers.
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "class": "input-narrow"}),
    )


_SPLIT_ADDRESSES = re.compile(r"[\s,;]+")


class ProgrammeForm(forms.Form):
    """Create or edit a programme. ``programme`` is None when creating.

    Its page wraps Django's own field group (``django/forms/field.html``),
    so it keeps Django's renderer rather than the project's."""

    default_renderer = DjangoTemplates()

    slug = forms.SlugField(
        label=_("Short name for the web address"),
        max_length=80,
        required=False,
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. mentorordning-2027. Leave it empty "
            "to make one from the Danish name. It cannot be changed later."
        ),
    )
    name_da = forms.CharField(
        label=_("Name in Danish"),
        max_length=200,
        error_messages={"required": _("Give the programme a Danish name.")},
    )
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        error_messages={"required": _("Give the programme an English name.")},
    )
    description_da = forms.CharField(
        label=_("Description in Danish"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown on the public page: who the programme is for and what it offers."),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    kind = forms.ChoiceField(
        label=_("Type of programme"),
        choices=ProgrammeKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "In an open programme a mentor never comes from the mentee's own employer. "
            "An internal programme runs inside one organisation."
        ),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("For an internal programme: the organisation it belongs to."),
    )
    applications_open_at = forms.DateTimeField(
        label=_("Applications open"), required=False, widget=DateTimeLocalInput()
    )
    applications_close_at = forms.DateTimeField(
        label=_("Applications close"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("The application deadline. It must be after the opening time."),
    )
    starts_on = forms.DateField(label=_("First day"), required=False, widget=DateInput())
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=DateInput(),
        help_text=_("Must be after the first day."),
    )
    min_meetings = _number(_("Number of meetings (at least)"), "min_meetings")
    min_meeting_minutes = _number(_("Shortest meeting (minutes)"), "min_meeting_minutes")
    max_meeting_minutes = _number(_("Longest meeting (minutes)"), "max_meeting_minutes")
    min_months = _number(_("Shortest duration (months)"), "min_months")
    max_months = _number(_("Longest duration (months)"), "max_months")
    default_mentor_capacity = _number(
        _("Mentees per mentor"),
        "default_mentor_capacity",
        _("How many mentees a mentor takes unless they say otherwise (1-3)."),
    )
    inactivity_days = _number(
        _("Days without meetings before a pair is flagged"),
        "inactivity_days",
        _(
            "A pair with no meeting held or planned for this many days is shown as at "
            "risk, and the coordinators are told (7-180 days)."
        ),
    )
    follow_up_days = _number(
        _("Days after the end before the follow-up survey"),
        "follow_up_days",
        _("The follow-up asks about the lasting effect (30-365 days; about 3 months is usual)."),
    )
    min_respondents = _number(_("Fewest respondents behind a result"), "min_respondents")
    retention_months = _number(
        _("Months personal data is kept after the end"),
        "retention_months",
        _(
            "After this, the personal data of participants who are not in a later "
            "programme is anonymised (1-120 months; default 12)."
        ),
    )
    coordinators = forms.CharField(
        label=_("Coordinators' e-mail addresses"),
        max_length=ADDRESS_LIST,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        programme: Programme | None = None,
        initial: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.programme = programme
        source = programme if programme is not None else Programme()
        values: dict[str, Any] = {field: getattr(source, field) for field in SETTINGS_FIELDS}
        if programme is not None:
            values["coordinators"] = "\n".join(
                person.email for person in programme.coordinators.order_by("email")
            )
        values.update(initial or {})
        super().__init__(data, initial=values, **kwargs)
        self._limit_min_respondents(programme)
        if programme is None:
            self.fields["coordinators"].help_text = _(
                "Anyone besides you, one address per line. Each person needs an account "
                "already and gets an e-mail. You become a coordinator yourself."
            )
        else:
            del self.fields["slug"]
            self.fields["coordinators"].help_text = _(
                "One address per line. Each person needs an account already; new coordinators "
                "get an e-mail. A programme keeps at least one coordinator."
            )

    def _limit_min_respondents(self, programme: Programme | None) -> None:
        """The deployment's floor on the widget and in the help text; frozen
        (disabled, so a posted value is ignored) once answers are in."""
        field = self.fields["min_respondents"]
        floor = min_respondents_floor()
        field.widget.attrs["min"] = floor
        field.help_text = gettext(
            "Results with fewer respondents are hidden, so that nobody's answers can be "
            "recognised (%(floor)s-20)."
        ) % {"floor": floor}
        if programme is not None and programme_has_survey_answers(programme=programme):
            field.disabled = True
            field.help_text = gettext(
                "Results with fewer respondents are hidden, so that nobody's answers can be "
                "recognised. The first answers have come in, so the number can no longer be "
                "changed."
            )

    def clean_coordinators(self) -> list[User]:
        raw = self.cleaned_data.get("coordinators") or ""
        addresses: list[str] = []
        for address in _SPLIT_ADDRESSES.split(raw):
            address = address.strip().lower()
            if address and address not in addresses:
                addresses.append(address)
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(
                _("Not a valid e-mail address: %(addresses)s."),
                params={"addresses": ", ".join(invalid)},
            )
        found = User.objects.filter(email__in=addresses)
        users = {person.email.lower(): person for person in found}
        unknown = [address for address in addresses if address not in users]
        if unknown:
            raise ValidationError(
                ngettext(
                    "Nobody has an account with %(addresses)s. Ask the person to sign up first.",
                    "Nobody has an account with these addresses: %(addresses)s. Ask the people "
                    "to sign up first.",
                    len(unknown),
                ),
                params={"addresses": ", ".join(unknown)},
            )
        if self.programme is not None and not addresses:
            raise ValidationError(_("A programme must keep at least one coordinator."))
        return [users[address] for address in addresses]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        phase = self.programme.phase if self.programme is not None else Phase.DECISION
        values = {field: cleaned.get(field) for field in SETTINGS_FIELDS}
        for field, message in settings_errors(values, phase=phase).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def settings(self) -> dict[str, Any]:
        """The cleaned settings, as keyword arguments for the services."""
        return {field: self.cleaned_data[field] for field in SETTINGS_FIELDS}


class TransitionForm(forms.Form):
    to_phase = forms.ChoiceField(choices=Phase.choices)
