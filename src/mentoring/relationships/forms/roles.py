"""Forms of the "Mentor's Many Roles" exercise: one side's answers (a rating
and an optional comment for each of the ten roles), and the roles the pair
agrees on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from mentoring.participants.selectors import COMFORT_CHOICES, WISH_CHOICES
from mentoring.programmes.enums import MentorRole
from mentoring.programmes.method import ROLE_DESCRIPTIONS
from mentoring.relationships.enums import ROLE_COMMENT_MAX, Side


class RolesExerciseForm(forms.Form):
    """One side's answers. The mentee rates how much they want each role
    (``WISH_CHOICES``), the mentor how comfortable they are with it
    (``COMFORT_CHOICES``). Prefilled from their application."""

    def __init__(self, *args: Any, side: Side | str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.side = Side(side)
        choices = WISH_CHOICES if self.side == Side.MENTEE else COMFORT_CHOICES
        for role in MentorRole:
            self.fields[f"rating_{role.value}"] = forms.TypedChoiceField(
                label=role.label,
                help_text=str(ROLE_DESCRIPTIONS[role]),
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "rating-options"}),
                error_messages={"required": _("Please choose a rating for this role.")},
            )
            self.fields[f"comment_{role.value}"] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=ROLE_COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": _(
                        "Please shorten the comment to at most %(limit_value)d characters "
                        "(it has %(show_value)d)."
                    )
                },
            )

    @staticmethod
    def initial_from(ratings: dict[str, Any] | None) -> dict[str, Any]:
        """Initial values from the application's ratings (``role_wishes`` /
        ``role_comfort``), ignoring anything that is not a rating."""
        initial: dict[str, Any] = {}
        for code in MentorRole.values:
            value = (ratings or {}).get(code)
            if isinstance(value, int) and not isinstance(value, bool):
                initial[f"rating_{code}"] = value
        return initial

    @property
    def role_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(rating, comment) per role, in the method's order."""
        return [(self[f"rating_{code}"], self[f"comment_{code}"]) for code in MentorRole.values]

    @property
    def ratings(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"rating_{code}"] for code in MentorRole.values}

    @property
    def comments(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"comment_{code}") or "" for code in MentorRole.values}


class RolesAgreeForm(forms.Form):
    """The roles the pair agrees the mentor takes on. ``seen`` carries the
    time the agreed roles were last recorded when the form was opened, so a
    change by the other person in between is noticed."""

    roles = forms.MultipleChoiceField(
        label=_("The roles we agree on"),
        choices=MentorRole.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role you agree on.")},
    )
    seen = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    @staticmethod
    def seen_value(agreed_at: datetime | None) -> str:
        return agreed_at.isoformat() if agreed_at is not None else ""

    @property
    def expected_agreed_at(self) -> datetime | None:
        value = self.cleaned_data.get("seen") or ""
        try:
            return parse_datetime(value) if value else None
        except ValueError:  # tampered with: treated as "changed since"
            return None
