"""The register of personal data (GDPR Art. 30).

Each app declares, in its own ``privacy.py``, a list ``ENTRIES`` of
:class:`Entry` (the entry types live on the ground floor, in
``common.privacy_register``, and are re-exported here): which of its models
hold personal data, which fields are personal or confidential, how the rows
of one person are found, and what erasure does with them. This module
collects the entries; the export (``privacy.exporting``), the erasure and
the retention job (``privacy.services``) work from it, and ``docs/privacy.md`` is rendered
from it (a test checks the file is current; regenerate with
``.venv/bin/python -m mentoring.privacy.registry``).

Rows of a person are found in two ways, so that the retention job can work on
the participations of one programme while an erasure works on everything:

- ``of_user(user)``: rows that hang directly off the account (e-mail
  addresses, authenticators, notes the person wrote, mail sent to them);
- ``of_participations(pks, user_ids)``: rows that hang off the person's
  participations (applications, matches, mentorships, meetings, answers).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache

from django.apps import apps
from django.db import models

from mentoring.common.privacy_register import (
    Classification,
    Entry,
    Erasure,
    ParticipationQ,
    UserQ,
)

__all__ = [
    "APP_MODULES",
    "Classification",
    "Entry",
    "Erasure",
    "ParticipationQ",
    "UserQ",
    "entries",
    "entry_for",
    "linked_models",
    "registered_labels",
    "render_markdown",
]


#: Where each app keeps its entries (``<app>.privacy.ENTRIES``).
APP_MODULES = (
    "mentoring.accounts",
    "mentoring.common",
    "mentoring.programmes",
    "mentoring.participants",
    "mentoring.matching",
    "mentoring.relationships",
    "mentoring.meetings",
    "mentoring.evaluations",
    "mentoring.privacy",
    "mentoring.webhooks",
    "mentoring.api",
    "mentoring.provisioning",
    "mentoring.reports",
)


@cache
def entries() -> tuple[Entry, ...]:
    """Every entry of every app, in app order."""
    collected: list[Entry] = []
    for module_name in APP_MODULES:
        module = importlib.import_module(f"{module_name}.privacy")
        collected.extend(module.ENTRIES)
    return tuple(collected)


def entry_for(label: str) -> Entry:
    for entry in entries():
        if entry.model.lower() == label.lower():
            return entry
    raise KeyError(label)


def registered_labels() -> set[str]:
    return {entry.model.lower() for entry in entries()}


def _targets() -> set[type[models.Model]]:
    from mentoring.participants.models import Participation
    from mentoring.relationships.models import Mentorship

    return {apps.get_model("accounts", "User"), Participation, Mentorship}


def linked_models() -> list[type[models.Model]]:
    """Every model (ours and third-party) with a ForeignKey, OneToOne or
    ManyToMany to the user, a participation or a mentorship, directly or
    through another such model. These must all be in the register."""
    linked: set[type[models.Model]] = set(_targets())
    changed = True
    all_models = [m for m in apps.get_models() if not m._meta.auto_created]
    while changed:
        changed = False
        for model in all_models:
            if model in linked:
                continue
            if any(f.is_relation and f.related_model in linked for f in model._meta.fields):
                linked.add(model)
                changed = True
    # Programme links to the user through its coordinators (ManyToMany); it
    # is a tenant, not a person's row, so the link does not propagate.
    user_model = apps.get_model("accounts", "User")
    for model in all_models:
        if any(f.related_model is user_model for f in model._meta.many_to_many):
            linked.add(model)
    return sorted(linked, key=lambda m: m._meta.label_lower)


def _join(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names) or "–"


def render_markdown() -> str:
    """``docs/privacy.md``: the register as a document."""
    lines = [
        "# Privacy: the register of personal data",
        "",
        "<!-- Generated from the register (`src/mentoring/*/privacy.py`) by",
        "     `.venv/bin/python -m mentoring.privacy.registry`; a test checks it is current. -->",
        "",
        "Every model that holds personal data, or links to a person (their account, a",
        "participation or a mentorship), is declared in its app's `privacy.py`. The",
        "export (Art. 15), the erasure (Art. 17) and the retention job (Art. 5(1)(e))",
        "work from these declarations; `tests/privacy/test_register.py` fails when a",
        "model linked to a person is missing.",
        "",
        "- **Export**: *Account → Privacy → Download my data* gives a ZIP with `data.json`",
        "  and `summary.html`. Rows are those of the person; fields listed under",
        "  *not exported* are left out (secrets, other people's text). Exports are audited.",
        "- **Erasure**: the person asks on the same page; a coordinator of a running",
        "  programme they are in confirms (or the person themselves, when none is",
        "  running). The account is anonymised (no name, e-mail or password; it can no",
        "  longer log in), rows are deleted or anonymised as below, mail to the person is",
        "  deleted, the label of every audit row about the person's rows is replaced",
        "  (whatever it says, so names they used earlier go too), and their current and",
        "  earlier names, e-mail, organisation and job title are scrubbed from other",
        "  people's mail and from audit details. The audit log records that an",
        "  erasure happened (`privacy.erased`), never what was erased. Counts and",
        "  survey numbers stay, detached from the person. A coordinator may instead",
        "  decline a request with a reason, which the person receives by e-mail and",
        "  sees on their privacy page (GDPR Art. 12(4)); they may ask again. A matching",
        "  run working at the time drops the person when it stores its result.",
        "- **Retention**: `retention_months` (default 12) after a programme's end, the",
        "  rows of its participants who are in no later programme are anonymised as",
        "  below (the account itself stays until the person deletes it); coordinators",
        "  are warned by e-mail 30 days before. A programme without an end date is",
        "  treated the same way once nothing has happened in it (no entry in its audit",
        "  log) for `MENTORING_RETENTION_INACTIVE_MONTHS` (default 24) months; any",
        "  activity after the warning postpones it. Rows kept apart from programmes",
        "  have their own period (column *kept*), after which the same job deletes",
        "  them; the audit labels of an anonymised participation are blanked.",
        "- **Survey results** are shown only behind at least the programme's",
        "  `min_respondents` respondents, never fewer than 3 (a deployer may raise the",
        "  floor with `MENTORING_MIN_RESPONDENTS_FLOOR`); the number is frozen once the",
        "  first answer is in.",
        "",
        "| model | class | personal fields | confidential | erasure | not exported | kept |",
        "|---|---|---|---|---|---|---|",
    ]
    for entry in entries():
        erasure = str(entry.erasure)
        if entry.anonymise:
            erasure += ": " + ", ".join(f"`{name}`" for name in entry.anonymise)
        if entry.note:
            erasure += f" ({entry.note})"
        exported = _join(entry.export_exclude) if entry.export else "not exported"
        if entry.expire_setting:
            kept = f"{entry.expire_note} (`{entry.expire_setting}`)"
        elif entry.retention:
            kept = "with the programme's retention"
        else:
            kept = "–"
        lines.append(
            f"| `{entry.model}` | {entry.classification} | {_join(entry.personal)} "
            f"| {_join(entry.confidential)} | {erasure} | {exported} | {kept} |"
        )
    lines.append("")
    lines.append("## Purposes")
    lines.append("")
    for entry in entries():
        lines.append(f"- `{entry.model}`: {entry.purpose}")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    import os
    import pathlib

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    django.setup()
    target = pathlib.Path(__file__).resolve().parents[3] / "docs" / "privacy.md"
    target.write_text(render_markdown(), encoding="utf-8")
    print(f"wrote {target}")
