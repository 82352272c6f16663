from __future__ import annotations

import pathlib

from django.apps import apps

from mentoring.privacy.registry import entries, linked_models, registered_labels, render_markdown

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def test_every_model_linked_to_a_person_is_in_the_register() -> None:
    missing = [
        model._meta.label
        for model in linked_models()
        if model._meta.label_lower not in registered_labels()
    ]
    assert missing == []


def test_linked_models_include_third_party_and_transitive_links() -> None:
    labels = {model._meta.label_lower for model in linked_models()}
    # allauth (direct), evaluations.Answer (through Response), Programme (M2M)
    assert {"account.emailaddress", "mfa.authenticator", "evaluations.answer"} <= labels
    assert "programmes.programme" in labels
    assert "evaluations.question" not in labels


def test_register_names_real_models_and_fields() -> None:
    for entry in entries():
        model = apps.get_model(entry.model)
        names = {f.name for f in model._meta.get_fields()}
        for field in (*entry.personal, *entry.confidential, *entry.anonymise):
            assert field in names, (entry.model, field)
        assert set(entry.confidential) <= set(entry.personal), entry.model


def test_confidential_texts_are_classified() -> None:
    by_label = {entry.model: entry for entry in entries()}
    assert "body" in by_label["meetings.Note"].confidential
    assert "text" in by_label["evaluations.Answer"].confidential


def test_docs_are_generated_from_the_register() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/privacy.md is stale: run `make docs`."
    )
