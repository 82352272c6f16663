from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.common.forms import TidyNumberInput
from mentoring.matching.enums import (
    CRITERION_HELP,
    EDITABLE_CRITERIA,
    Criterion,
    DeclinedNotice,
)
from mentoring.matching.models import MAX_RANKED, SHORTLIST_MAX, SHORTLIST_MIN
from mentoring.matching.services import MAX_WEIGHT

RANKING = Criterion.MENTEE_RANKING.value


class SettingsForm(forms.Form):
    """The programme's weights per criterion and its minimum score; whether
    the mentees rank mentors (participants' input) and the shortlist size.
    The weight of the mentees' own ranking is shown (``ranking=True``) only
    while the programme uses it; left out of a POST, it keeps its value."""

    participant_ranking = forms.BooleanField(
        label=_("Let the mentees rank their mentors"),
        required=False,
        help_text=_(
            "Each accepted mentee sees a short list of the mentors who suit them best and "
            "can be matched with them, and may choose a 1st, 2nd and 3rd choice until a "
            "mentor is proposed to them. Mentees see the mentors' job, organisation, "
            "industry, expertise and roles, never their names or anything about other "
            "mentees. The choices count in the matching as the criterion “The mentee's own "
            "ranking”, with the weight you give it."
        ),
    )
    shortlist_size = forms.IntegerField(
        label=_("Mentors on each mentee's list"),
        required=False,
        min_value=SHORTLIST_MIN,
        max_value=SHORTLIST_MAX,
        widget=forms.NumberInput(attrs={"class": "input-narrow"}),
        help_text=_("Between 3 and 10. The mentors the mentee already chose stay on the list."),
    )

    min_score = forms.FloatField(
        label=_("Minimum score"),
        min_value=0.0,
        max_value=1.0,
        widget=TidyNumberInput(attrs={"step": "0.01", "class": "input-narrow"}),
        help_text=_(
            "Pairs that fit less well than this (0-1) are never proposed: a mentee is better "
            "left unmatched, with a reason, than badly matched."
        ),
    )

    def __init__(self, *args: Any, ranking: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ranking = ranking
        labels = dict(Criterion.choices)
        for code in (*EDITABLE_CRITERIA, RANKING):
            self.fields[f"weight_{code}"] = forms.FloatField(
                label=labels[code],
                min_value=0.0,
                max_value=MAX_WEIGHT,
                required=code != RANKING,
                widget=TidyNumberInput(attrs={"step": "0.1", "class": "input-narrow"}),
                help_text=CRITERION_HELP[code],
            )
        # Weights first, then the minimum score.
        self.order_fields(
            [f"weight_{code}" for code in (*EDITABLE_CRITERIA, RANKING)]
            + ["min_score", "participant_ranking", "shortlist_size"]
        )

    @staticmethod
    def initial_for(
        weights: dict[str, float],
        min_score: float,
        *,
        ranking: bool = False,
        shortlist_size: int | None = None,
        ranking_weight: float | None = None,
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"weight_{code}": round(weights.get(code, 0.0), 2) for code in EDITABLE_CRITERIA
        }
        if ranking_weight is not None:
            initial[f"weight_{RANKING}"] = round(ranking_weight, 2)
        initial["min_score"] = round(min_score, 2)
        initial["participant_ranking"] = ranking
        if shortlist_size is not None:
            initial["shortlist_size"] = shortlist_size
        return initial

    def weights(self) -> dict[str, float]:
        weights = {code: float(self.cleaned_data[f"weight_{code}"]) for code in EDITABLE_CRITERIA}
        if self.cleaned_data.get(f"weight_{RANKING}") is not None:
            weights[RANKING] = float(self.cleaned_data[f"weight_{RANKING}"])
        return weights

    def weight_fields(self) -> list[forms.BoundField]:
        codes = (*EDITABLE_CRITERIA, RANKING) if self.ranking else EDITABLE_CRITERIA
        return [self[f"weight_{code}"] for code in codes]


class PairForm(forms.Form):
    """Pin, veto or clear one pair (posted from the run page)."""

    ACTIONS = (("pin", _("Pin")), ("veto", _("Veto")), ("clear", _("Remove")))

    mentee = forms.IntegerField(min_value=1)
    mentor = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=ACTIONS)
    run = forms.IntegerField(min_value=1, required=False)
    #: The mentor of the mentee's earlier pin, which the coordinator confirmed
    #: this pin replaces.
    replaces = forms.IntegerField(min_value=1, required=False)
    #: Where on the run page the decision was made: its filter and page, so that
    #: the coordinator comes back to the same row (without JavaScript).
    show = forms.ChoiceField(
        choices=[(name, name) for name in ("all", "changed", "low", "pinned", "unmatched")],
        required=False,
    )
    page = forms.IntegerField(min_value=1, required=False)


class DeclineNoticeForm(forms.Form):
    """How the coordinator hears about declined proposals in this programme."""

    declined = forms.ChoiceField(
        label=_("When a mentee or a mentor declines a proposed match"),
        choices=DeclinedNotice.choices,
        widget=forms.RadioSelect,
    )


class PublishForm(forms.Form):
    """The confirmation of publishing a run. ``early`` (shown only while
    applications are still open) is the coordinator's explicit override of
    the rule that publishing waits for the application deadline."""

    confirm = forms.BooleanField(required=True, widget=forms.HiddenInput)
    early = forms.BooleanField(
        label=_(
            "I know that applications are still open, and I want to publish the proposals now."
        ),
        required=False,
    )

    def __init__(self, *args: Any, applications_open: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applications_open = applications_open
        if not applications_open:
            del self.fields["early"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.applications_open and not cleaned.get("early"):
            self.add_error(
                "early",
                _(
                    "Applications are still open. Tick the box if you want to publish the "
                    "proposals before the deadline."
                ),
            )
        return cleaned


#: The ranks a mentee can give (value, label).
RANK_CHOICES = (
    ("", _("Not chosen")),
    ("1", _("1st choice")),
    ("2", _("2nd choice")),
    ("3", _("3rd choice")),
)


class RankingForm(forms.Form):
    """A mentee's 1st, 2nd and 3rd choice among the mentors on their list:
    one select per mentor (``rank_<mentor id>``). Each rank goes to one mentor
    at most, and the ranks are given in order (no 2nd choice without a 1st)."""

    def __init__(self, *args: Any, entries: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[f"rank_{entry.mentor.pk}"] = forms.TypedChoiceField(
                label=_("Your choice for mentor %(letter)s") % {"letter": entry.letter},
                choices=RANK_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    @staticmethod
    def initial_for(entries: list[Any]) -> dict[str, Any]:
        return {f"rank_{e.mentor.pk}": str(e.rank) for e in entries if e.rank}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        by_rank: dict[int, list[Any]] = {}
        for entry in self.entries:
            rank = cleaned.get(f"rank_{entry.mentor.pk}")
            if rank:
                by_rank.setdefault(int(rank), []).append(entry)
        labels = dict(RANK_CHOICES)
        for rank, chosen in sorted(by_rank.items()):
            if len(chosen) > 1:
                message = _(
                    "You gave “%(choice)s” to more than one mentor (%(mentors)s). Each choice "
                    "can go to one mentor only."
                ) % {
                    "choice": labels[str(rank)],
                    "mentors": ", ".join(
                        str(_("mentor %(letter)s") % {"letter": e.letter}) for e in chosen
                    ),
                }
                self.add_error(None, message)
                for entry in chosen:
                    self.add_error(
                        f"rank_{entry.mentor.pk}",
                        _("You gave this choice to another mentor too."),
                    )
        for rank in range(2, MAX_RANKED + 1):
            if rank in by_rank and rank - 1 not in by_rank:
                raise forms.ValidationError(
                    _(
                        "Give your choices in order: you have chosen a “%(choice)s” but no "
                        "“%(missing)s”."
                    )
                    % {"choice": labels[str(rank)], "missing": labels[str(rank - 1)]}
                )
        return cleaned

    def ranking(self) -> list[int]:
        """The chosen mentors' ids, 1st choice first."""
        chosen = []
        for entry in self.entries:
            rank = self.cleaned_data.get(f"rank_{entry.mentor.pk}")
            if rank:
                chosen.append((int(rank), entry.mentor.pk))
        return [pk for _rank, pk in sorted(chosen)]

    def rank_fields(self) -> list[tuple[Any, forms.BoundField]]:
        return [(entry, self[f"rank_{entry.mentor.pk}"]) for entry in self.entries]
