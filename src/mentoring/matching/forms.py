from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.matching.enums import CRITERION_HELP, EDITABLE_CRITERIA, Criterion
from mentoring.matching.services import MAX_WEIGHT


class SettingsForm(forms.Form):
    """The programme's weights per criterion and its minimum score."""

    min_score = forms.FloatField(
        label=_("Minimum score"),
        min_value=0.0,
        max_value=1.0,
        widget=forms.NumberInput(attrs={"step": "0.01", "class": "input-narrow"}),
        help_text=_(
            "Pairs that fit less well than this (0-1) are never proposed: a mentee is better "
            "left unmatched, with a reason, than badly matched."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Criterion.choices)
        for code in EDITABLE_CRITERIA:
            self.fields[f"weight_{code}"] = forms.FloatField(
                label=labels[code],
                min_value=0.0,
                max_value=MAX_WEIGHT,
                widget=forms.NumberInput(attrs={"step": "0.1", "class": "input-narrow"}),
                help_text=CRITERION_HELP[code],
            )
        # Weights first, then the minimum score.
        self.order_fields([f"weight_{code}" for code in EDITABLE_CRITERIA] + ["min_score"])

    @staticmethod
    def initial_for(weights: dict[str, float], min_score: float) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"weight_{code}": round(weights.get(code, 0.0), 2) for code in EDITABLE_CRITERIA
        }
        initial["min_score"] = round(min_score, 2)
        return initial

    def weights(self) -> dict[str, float]:
        return {code: float(self.cleaned_data[f"weight_{code}"]) for code in EDITABLE_CRITERIA}

    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{code}"] for code in EDITABLE_CRITERIA]


class PairForm(forms.Form):
    """Pin, veto or clear one pair (posted from the run page)."""

    ACTIONS = (("pin", _("Pin")), ("veto", _("Veto")), ("clear", _("Remove")))

    mentee = forms.IntegerField(min_value=1)
    mentor = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=ACTIONS)
    run = forms.IntegerField(min_value=1, required=False)
