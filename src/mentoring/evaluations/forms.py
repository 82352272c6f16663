"""Forms of the evaluations app: the coordinator's question forms and the
respondent's survey form, built from the questions in data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.evaluations.enums import MAX_TEXT_ANSWER, QuestionKind
from mentoring.evaluations.models import Answer, Question, Response
from mentoring.evaluations.services import AnswerValue, NewQuestion, QuestionValues
from mentoring.evaluations.services.responses import SCALES, AnswerKey
from mentoring.meetings.models import Goal
from mentoring.programmes.enums import MentorRole


class QuestionForm(forms.ModelForm[Question]):
    """Reword a question (both languages), its help, who it is for, required."""

    class Meta:
        model = Question
        fields: tuple[str, ...] = (
            "text_da",
            "text_en",
            "help_da",
            "help_en",
            "audience",
            "required",
        )

    def values(self) -> QuestionValues:
        data = self.cleaned_data
        return QuestionValues(
            text_da=data["text_da"].strip(),
            text_en=data["text_en"].strip(),
            help_da=data["help_da"].strip(),
            help_en=data["help_en"].strip(),
            audience=data["audience"],
            required=bool(data["required"]),
        )


class NewQuestionForm(QuestionForm):
    """Add a question: also its kind and a new key."""

    code = forms.SlugField(
        label=gettext_lazy("Key"),
        max_length=40,
        help_text=gettext_lazy(
            "A short name for the question in exports, e.g. “workload” "
            "(lowercase letters, digits, hyphens, underscores)."
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Answered as"), choices=QuestionKind.choices)

    class Meta(QuestionForm.Meta):
        fields = (
            "code",
            "kind",
            "text_da",
            "text_en",
            "help_da",
            "help_en",
            "audience",
            "required",
        )

    def new_question(self) -> NewQuestion:
        return NewQuestion(
            code=self.cleaned_data["code"].lower(),
            kind=self.cleaned_data["kind"],
            values=self.values(),
        )


def field_name(question: Question, goal: Goal | None = None) -> str:
    return f"q{question.pk}" if goal is None else f"q{question.pk}_g{goal.pk}"


def _scale_choices(kind: str) -> list[tuple[int, str]]:
    if kind == QuestionKind.YES_NO:
        return [(1, _("Yes")), (0, _("No"))]
    low, high = SCALES[kind]
    return [(n, str(n)) for n in range(low, high + 1)]


class ResponseForm(forms.Form):
    """The survey form for one side: one field per question (per goal for
    goal questions), the consent and the revision the form was opened at.
    ``rows`` lists (question, goal, bound field) in order for the template."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    share_individually = forms.BooleanField(
        required=False,
        label=gettext_lazy("The coordinator may read my answers individually"),
    )

    def __init__(
        self,
        *args: Any,
        response: Response,
        questions: list[Question],
        goals: list[Goal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.response = response
        self.keys: dict[str, tuple[Question, Goal | None]] = {}
        self.missing_goals = not goals and any(q.kind == QuestionKind.GOALS for q in questions)
        self.optional_names = tuple(
            field_name(q) for q in questions if not q.required and q.kind != QuestionKind.GOALS
        )
        existing: dict[AnswerKey, Answer] = {
            (a.question_id, a.goal_id): a for a in response.answers.all()
        }
        self.initial.setdefault("revision", response.revision)
        self.initial.setdefault("share_individually", response.share_individually)
        for question in questions:
            if question.kind == QuestionKind.GOALS:
                for goal in goals:
                    self._add(question, goal, existing.get((question.pk, goal.pk)))
            else:
                self._add(question, None, existing.get((question.pk, None)))

    def _add(self, question: Question, goal: Goal | None, answer: Answer | None) -> None:
        name = field_name(question, goal)
        label = goal.text if goal is not None else question.text
        field: forms.Field
        initial: Any = None
        if question.kind in SCALES:
            field = forms.TypedChoiceField(
                choices=_scale_choices(question.kind),
                coerce=int,
                widget=forms.RadioSelect,
                required=question.required,
                empty_value=None,
            )
            initial = answer.number if answer else None
        elif question.kind == QuestionKind.ROLES:
            field = forms.MultipleChoiceField(
                choices=MentorRole.choices,
                widget=forms.CheckboxSelectMultiple,
                required=question.required,
            )
            initial = answer.roles if answer else []
        else:
            field = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=MAX_TEXT_ANSWER,
                required=question.required,
            )
            initial = answer.text if answer else ""
        field.label = label
        field.help_text = question.help if goal is None else ""
        self.fields[name] = field
        self.initial.setdefault(name, initial)
        self.keys[name] = (question, goal)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Questions in order; a goal question once, with its goals' fields."""
        rows: list[dict[str, Any]] = []
        for name, (question, goal) in self.keys.items():
            if goal is not None and rows and rows[-1]["question"].pk == question.pk:
                rows[-1]["fields"].append(self[name])
                continue
            rows.append({"question": question, "goals": goal is not None, "fields": [self[name]]})
        return rows

    def answers(self) -> dict[AnswerKey, AnswerValue]:
        values: dict[AnswerKey, AnswerValue] = {}
        for name, (question, goal) in self.keys.items():
            value = self.cleaned_data.get(name)
            key: AnswerKey = (question.pk, goal.pk if goal else None)
            if question.kind in SCALES:
                values[key] = AnswerValue(number=value)
            elif question.kind == QuestionKind.ROLES:
                values[key] = AnswerValue(roles=list(value or []))
            else:
                values[key] = AnswerValue(text=value or "")
        return values
