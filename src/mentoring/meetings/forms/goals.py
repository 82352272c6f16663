"""Forms for goals: a new goal and a new name (the mentee), and a progress
update (either person). The services check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.meetings.models import Goal
from mentoring.meetings.services.goals import GOAL_COMMENT_MAX, GOAL_TEXT_MAX


class GoalForm(forms.Form):
    """A goal's text: a new goal, or a new name for one."""

    text = forms.CharField(
        label=_("Goal"),
        max_length=GOAL_TEXT_MAX,
        help_text=_("What you want to achieve in the mentorship, in one sentence."),
    )


class GoalProgressForm(forms.Form):
    """A progress update: how far, in per cent, and a comment. Marking the
    goal achieved (``achieved=True``) needs no percentage."""

    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5, "class": "input-narrow"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=GOAL_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What has happened since the last update? You both see it."),
    )

    #: Fields the template marks "(optional)".
    optional_names = ("comment",)

    def __init__(self, *args: Any, goal: Goal, achieved: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.achieved = achieved
        if achieved:
            self.fields["progress"].required = False
        self.initial.setdefault("progress", goal.progress)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.achieved or self.errors:
            return data
        unchanged = data.get("progress") == self.goal.progress and not data.get("comment")
        if unchanged:
            raise forms.ValidationError(
                _("Change the progress or write a comment, so that there is something to record.")
            )
        return data
