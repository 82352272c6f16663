"""The default questions of a programme's three surveys, in Danish and English.

``questionnaires_ensure(programme)`` creates the midway check-in, the final
evaluation and the follow-up as drafts with these questions, once: calling it
again changes nothing (a coordinator's edits stay). The question texts are
data (``Question.text_da``/``text_en``), not gettext strings: the coordinator
may reword them per programme, while ``code`` (``enums.QuestionCode``) keeps
its meaning for the dashboard and the report.

The Danish texts say "mentorskab", the flyer's word for the relationship
(never "mentorforløb"). The six benefit areas follow the flyer ("Udbytte af
mentoring"), asked of both sides: "both can gain new learning, new insights and
personal growth".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from mentoring.evaluations.enums import Audience, QuestionCode, QuestionKind, SurveyKind
from mentoring.evaluations.models import Question, Questionnaire
from mentoring.programmes.enums import BenefitArea
from mentoring.programmes.models import Programme


@dataclass(frozen=True)
class DefaultQuestion:
    code: str
    kind: str
    text_da: str
    text_en: str
    help_da: str = ""
    help_en: str = ""
    audience: str = Audience.BOTH
    required: bool = True
    benefit_area: str = ""


#: The six areas in the flyer's words (Danish, English).
BENEFIT_TEXTS: dict[str, tuple[str, str]] = {
    BenefitArea.PERSONAL: ("Personlig udvikling", "Personal development"),
    BenefitArea.PROFESSIONAL: ("Faglig udvikling", "Professional development"),
    BenefitArea.NETWORK: ("Netværk", "Network"),
    BenefitArea.KNOWLEDGE_SHARING: ("Videndeling", "Knowledge sharing"),
    BenefitArea.CULTURE: (
        "Kulturforståelse og gennemslagskraft",
        "Cultural understanding and impact",
    ),
    BenefitArea.CAREER: ("Karriereudvikling", "Career development"),
}

SCALE_HELP_DA = "1 = slet ikke, 5 = i meget høj grad."
SCALE_HELP_EN = "1 = not at all, 5 = to a very high degree."


def _benefit_questions(*, so_far: bool) -> list[DefaultQuestion]:
    questions = []
    for area, (name_da, name_en) in BENEFIT_TEXTS.items():
        if so_far:
            text_da = f"{name_da}: Hvor meget har du fået ud af mentorskabet indtil nu?"
            text_en = f"{name_en}: How much have you gained from the mentorship so far?"
        else:
            text_da = f"{name_da}: Hvor meget har du fået ud af mentorskabet?"
            text_en = f"{name_en}: How much have you gained from the mentorship?"
        questions.append(
            DefaultQuestion(
                code=QuestionCode.BENEFIT,
                kind=QuestionKind.SCALE_5,
                benefit_area=str(area),
                text_da=text_da,
                text_en=text_en,
                help_da="Både mentee og mentor får udbytte. " + SCALE_HELP_DA,
                help_en="Both mentee and mentor benefit. " + SCALE_HELP_EN,
            )
        )
    return questions


def _to_coordinator() -> DefaultQuestion:
    return DefaultQuestion(
        code=QuestionCode.TO_COORDINATOR,
        kind=QuestionKind.TEXT,
        required=False,
        text_da="Er der noget, koordinatoren bør vide?",
        text_en="Is there anything the coordinator should know?",
        help_da="Koordinatoren kan kun læse dit svar, hvis du giver lov nederst i skemaet.",
        help_en="The coordinator can only read your answer if you allow it at the end of the form.",
    )


def _goals(*, final: bool) -> DefaultQuestion:
    if final:
        return DefaultQuestion(
            code=QuestionCode.GOALS,
            kind=QuestionKind.GOALS,
            text_da="I hvor høj grad er målet nået?",
            text_en="To what extent has the goal been reached?",
            help_da="Målene fra ansøgningen og samarbejdsaftalen. " + SCALE_HELP_DA,
            help_en="The goals from the application and the agreement. " + SCALE_HELP_EN,
        )
    return DefaultQuestion(
        code=QuestionCode.GOALS,
        kind=QuestionKind.GOALS,
        text_da="Hvor langt er I kommet med målet?",
        text_en="How far have you come with the goal?",
        help_da="Målene fra ansøgningen og samarbejdsaftalen. " + SCALE_HELP_DA,
        help_en="The goals from the application and the agreement. " + SCALE_HELP_EN,
    )


def midway_questions() -> list[DefaultQuestion]:
    return [
        DefaultQuestion(
            code=QuestionCode.COLLABORATION,
            kind=QuestionKind.SCALE_5,
            text_da="Hvor godt fungerer jeres samarbejde?",
            text_en="How well does your collaboration work?",
            help_da="1 = slet ikke godt, 5 = rigtig godt.",
            help_en="1 = not well at all, 5 = very well.",
        ),
        _goals(final=False),
        *_benefit_questions(so_far=True),
        _to_coordinator(),
    ]


def final_questions() -> list[DefaultQuestion]:
    return [
        *_benefit_questions(so_far=False),
        _goals(final=True),
        DefaultQuestion(
            code=QuestionCode.MEETING_FREQUENCY,
            kind=QuestionKind.SCALE_5,
            text_da="Passede antallet af møder og afstanden mellem dem til jer?",
            text_en="Did the number of meetings and the time between them suit you?",
            help_da=SCALE_HELP_DA,
            help_en=SCALE_HELP_EN,
        ),
        DefaultQuestion(
            code=QuestionCode.PREPARATION,
            kind=QuestionKind.SCALE_5,
            text_da="Var møderne godt forberedt (dagsorden, emner, spørgsmål)?",
            text_en="Were the meetings well prepared (agenda, topics, questions)?",
            help_da=SCALE_HELP_DA,
            help_en=SCALE_HELP_EN,
        ),
        DefaultQuestion(
            code=QuestionCode.HOMEWORK,
            kind=QuestionKind.SCALE_5,
            text_da="Hjalp hjemmearbejdet mellem møderne?",
            text_en="Did the homework between the meetings help?",
            help_da=SCALE_HELP_DA,
            help_en=SCALE_HELP_EN,
        ),
        DefaultQuestion(
            code=QuestionCode.ROLES_USED,
            kind=QuestionKind.ROLES,
            required=False,
            text_da="Hvilke af mentors roller blev brugt i jeres mentorskab?",
            text_en="Which of the mentor's roles were used in your mentorship?",
            help_da="Vælg alle, der passer.",
            help_en="Choose all that apply.",
        ),
        DefaultQuestion(
            code=QuestionCode.SATISFACTION,
            kind=QuestionKind.SCALE_10,
            text_da="Alt i alt: Hvor tilfreds er du med mentorskabet?",
            text_en="All in all: how satisfied are you with the mentorship?",
            help_da="0 = slet ikke tilfreds, 10 = meget tilfreds.",
            help_en="0 = not satisfied at all, 10 = very satisfied.",
        ),
        DefaultQuestion(
            code=QuestionCode.ADVICE,
            kind=QuestionKind.TEXT,
            required=False,
            text_da="Hvad vil du sige til den næste, der skal være mentee eller mentor?",
            text_en="What would you tell the next mentee or mentor?",
        ),
        DefaultQuestion(
            code=QuestionCode.OWN_LEARNING,
            kind=QuestionKind.TEXT,
            audience=Audience.MENTOR,
            required=False,
            text_da="Hvad har du selv lært som mentor?",
            text_en="What have you learned yourself as a mentor?",
            help_da="Mentorskab udvikler begge parter.",
            help_en="Mentoring develops both people.",
        ),
    ]


def follow_up_questions() -> list[DefaultQuestion]:
    return [
        DefaultQuestion(
            code=QuestionCode.LASTING_EFFECT,
            kind=QuestionKind.SCALE_5,
            text_da="Bruger du stadig det, du fik ud af mentorskabet?",
            text_en="Do you still use what you gained from the mentorship?",
            help_da=SCALE_HELP_DA,
            help_en=SCALE_HELP_EN,
        ),
        DefaultQuestion(
            code=QuestionCode.CAREER_CHANGE,
            kind=QuestionKind.YES_NO,
            text_da="Har du skiftet job eller fået nye opgaver siden mentorskabets afslutning?",
            text_en="Have you changed jobs or taken on new tasks since the mentorship ended?",
        ),
        DefaultQuestion(
            code=QuestionCode.CAREER_CHANGE_TEXT,
            kind=QuestionKind.TEXT,
            required=False,
            text_da="Fortæl gerne kort om ændringen.",
            text_en="Tell us briefly about the change, if you like.",
        ),
        _to_coordinator(),
    ]


DEFAULTS: dict[str, list[DefaultQuestion]] = {
    SurveyKind.MIDWAY: midway_questions(),
    SurveyKind.FINAL: final_questions(),
    SurveyKind.FOLLOW_UP: follow_up_questions(),
}


@transaction.atomic
def questionnaires_ensure(programme: Programme) -> list[Questionnaire]:
    """The programme's three questionnaires (midway, final, follow-up), in
    that order, created as drafts with the default questions where missing.

    Idempotent: an existing questionnaire is returned untouched (its questions
    may have been edited by the coordinator). Side effects: up to three
    Questionnaire rows and their Question rows."""
    existing = {q.kind: q for q in Questionnaire.objects.filter(programme=programme)}
    result = []
    for kind in SurveyKind.values:
        questionnaire = existing.get(kind)
        if questionnaire is None:
            questionnaire, created = Questionnaire.objects.get_or_create(
                programme=programme, kind=kind
            )
            if created:
                Question.objects.bulk_create(
                    Question(
                        questionnaire=questionnaire,
                        position=position,
                        code=default.code,
                        kind=default.kind,
                        audience=default.audience,
                        benefit_area=default.benefit_area,
                        text_da=default.text_da,
                        text_en=default.text_en,
                        help_da=default.help_da,
                        help_en=default.help_en,
                        required=default.required,
                    )
                    for position, default in enumerate(DEFAULTS[kind], start=1)
                )
        result.append(questionnaire)
    return result
