"""Every text a person types has an upper limit: no form field without
``max_length`` (the browser's ``maxlength`` and Django's clear message), and
every free-text column of the models is written through a limited form field
or a service that checks the length. A new field without a limit fails here."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from django import forms
from django.apps import apps
from django.db import models

import mentoring

SRC = Path(mentoring.__file__).resolve().parent

#: Form text fields limited in another way than ``max_length``, with where.
LIMITED_ELSEWHERE = {
    # The journal keeps its own message ("at most 20,000 characters"), in the form's
    # clean_body and in the note services.
    ("mentoring.meetings.forms.notes", "NoteForm", "body"),
}

#: Every free-text column (TextField) of our models, and what limits what people write
#: into it: "form:<module>.<Form>.<field>" (a static form field, checked below),
#: "dynamic:<module>" (a field built in a form's __init__; the source check below sees
#: its max_length), "service:<module>.<CONSTANT>" (checked in the service), or
#: "system" (written by the application itself, never typed by a person).
TEXT_COLUMNS = {
    "common.OutboxMessage.body_text": "system",
    "common.OutboxMessage.body_html": "system",
    "common.OutboxMessage.calendar": "system",
    "common.OutboxMessage.last_error": "system",
    "matching.MatchingRun.error": "system",
    # Written by the webhooks app itself: the JSON of ids, the encrypted secret.
    "webhooks.Delivery.body": "system",
    "participants.PendingImport.packed": "system",
    "webhooks.Endpoint.secret_encrypted": "system",
    "programmes.Programme.description_da": (
        "form:mentoring.programmes.forms.ProgrammeForm.description_da"
    ),
    "programmes.Programme.description_en": (
        "form:mentoring.programmes.forms.ProgrammeForm.description_en"
    ),
    "participants.Participation.decision_reason": (
        "form:mentoring.participants.forms.DecisionForm.reason"
    ),
    "participants.Participation.availability": (
        "form:mentoring.participants.forms.ApplicationForm.availability"
    ),
    "participants.Participation.motivation": (
        "form:mentoring.participants.forms.ApplicationForm.motivation"
    ),
    "participants.Participation.note_to_coordinator": (
        "form:mentoring.participants.forms.ApplicationForm.note_to_coordinator"
    ),
    "participants.Participation.change_description": (
        "form:mentoring.participants.forms.MenteeApplicationForm.change_description"
    ),
    "participants.Participation.expertise": (
        "form:mentoring.participants.forms.MentorApplicationForm.expertise"
    ),
    "relationships.Mentorship.decline_reason": (
        "form:mentoring.relationships.forms.respond.RespondForm.reason"
    ),
    "relationships.TrialResponse.comment": (
        "form:mentoring.relationships.forms.trial.TrialForm.comment"
    ),
    "relationships.AgreementVersion.places": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.places"
    ),
    "relationships.AgreementVersion.confidentiality": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.confidentiality"
    ),
    "relationships.AgreementVersion.employer_duty_topics": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.employer_duty_topics"
    ),
    "relationships.AgreementVersion.off_limits_topics": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.off_limits_topics"
    ),
    "relationships.AgreementVersion.homework": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.homework"
    ),
    "relationships.AgreementVersion.contact_between_meetings": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.contact_between_meetings"
    ),
    "relationships.AgreementVersion.moving_or_cancelling": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.moving_or_cancelling"
    ),
    "relationships.AgreementVersion.ending": (
        "form:mentoring.relationships.forms.agreement.AgreementForm.ending"
    ),
    "meetings.Meeting.agenda": "form:mentoring.meetings.forms.meetings.AgendaForm.agenda",
    "meetings.Meeting.summary": "form:mentoring.meetings.forms.meetings.HeldForm.summary",
    "meetings.Meeting.role_feedback": (
        "form:mentoring.meetings.forms.meetings.FeedbackForm.role_feedback"
    ),
    "meetings.Note.body": "service:mentoring.meetings.enums.MAX_NOTE_LENGTH",
    "meetings.GoalUpdate.comment": "form:mentoring.meetings.forms.goals.GoalProgressForm.comment",
    "evaluations.Answer.text": "dynamic:mentoring.evaluations.forms",
    "privacy.ErasureRequest.declined_reason": (
        "service:mentoring.privacy.services.DECLINE_REASON_MAX"
    ),
}


def _form_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(mentoring.__path__, "mentoring.")
        if ".forms" in info.name or info.name.endswith(("_forms", ".forms"))
    )


def _text_field_classes() -> tuple[type[forms.Field], ...]:
    return (forms.CharField,)


def test_every_text_field_of_every_form_has_an_upper_limit() -> None:
    missing = []
    checked = 0
    for name in _form_modules():
        module = importlib.import_module(name)
        for class_name, form in inspect.getmembers(module, inspect.isclass):
            if form.__module__ != name or not issubclass(form, forms.BaseForm):
                continue
            for field_name, field in form.base_fields.items():
                if not isinstance(field, _text_field_classes()):
                    continue
                checked += 1
                if (name, class_name, field_name) in LIMITED_ELSEWHERE:
                    continue
                if getattr(field, "max_length", None) is None:
                    missing.append(f"{name}.{class_name}.{field_name}")
    assert checked > 50
    assert not missing, f"form text fields without max_length: {missing}"


def test_every_text_field_built_in_code_has_an_upper_limit() -> None:
    """Fields made in a form's __init__ or by a helper function do not show in
    ``base_fields``: every ``CharField(...)`` call in a forms module names a
    ``max_length`` (or passes the caller's limit on with ``**kwargs``)."""
    missing = []
    for name in _form_modules():
        path = Path(importlib.import_module(name).__file__ or "")
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called != "CharField":
                continue
            keywords = {keyword.arg for keyword in node.keywords}
            if "max_length" in keywords or None in keywords:
                continue
            missing.append(f"{path.relative_to(SRC)}:{node.lineno}")
    allowed = {"meetings/forms/notes.py"}  # the journal body: see LIMITED_ELSEWHERE
    missing = [place for place in missing if place.split(":")[0] not in allowed]
    assert not missing, f"CharField without max_length: {missing}"


def test_every_free_text_column_is_limited_where_people_write_it() -> None:
    columns = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("mentoring.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    }
    unknown = sorted(columns - set(TEXT_COLUMNS))
    assert not unknown, (
        f"new free-text columns: give each a limited form field or a service check, "
        f"and list it in TEXT_COLUMNS: {unknown}"
    )
    assert not set(TEXT_COLUMNS) - columns, "TEXT_COLUMNS names a column that is gone"
    for column, source in TEXT_COLUMNS.items():
        kind, _, where = source.partition(":")
        if kind == "form":
            module_name, form_name, field_name = where.rsplit(".", 2)
            form = getattr(importlib.import_module(module_name), form_name)
            field = form.base_fields[field_name]
            assert isinstance(field.max_length, int) and field.max_length > 0, column
        elif kind == "service":
            module_name, constant = where.rsplit(".", 1)
            limit = getattr(importlib.import_module(module_name), constant)
            assert isinstance(limit, int) and limit > 0, column
        elif kind == "dynamic":
            importlib.import_module(where)  # its CharField calls are checked above
        else:
            assert kind == "system", column
