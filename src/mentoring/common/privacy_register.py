"""The entry types of the register of personal data (GDPR Art. 30).

Every app declares, in its own ``privacy.py``, a list ``ENTRIES`` of
:class:`Entry` built from these types; they live on the ground floor so that
no app's ``privacy.py`` imports the ``privacy`` app. The collecting, the
export, the erasure and the retention job are the ``privacy`` app's
(``privacy.registry`` and the modules it names).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q


class Erasure(enum.StrEnum):
    DELETE = "delete"
    ANONYMISE = "anonymise"
    #: Kept as it is: holds no personal data once the account is anonymised
    #: (e.g. a link to the anonymised account), or is handled by the service.
    KEEP = "keep"
    #: Handled by code in ``privacy.services`` (the account, sessions, mail).
    SPECIAL = "special"


class Classification(enum.StrEnum):
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"


UserQ = Callable[[Any], Q]
ParticipationQ = Callable[[list[int], list[int]], Q]


@dataclass(frozen=True)
class Entry:
    """One model in the register."""

    model: str  # "app_label.ModelName"
    purpose: str
    personal: tuple[str, ...]
    erasure: Erasure
    confidential: tuple[str, ...] = ()
    #: Field values written on erasure or retention (for ANONYMISE).
    anonymise: Mapping[str, Any] = field(default_factory=dict)
    of_user: UserQ | None = None
    of_participations: ParticipationQ | None = None
    #: Fields never put in the person's export (secrets, other people's text).
    export_exclude: tuple[str, ...] = ()
    #: False: not in the export (e.g. nothing of the person's own).
    export: bool = True
    #: Only rows matching this are exported (e.g. the person's own notes).
    export_filter: UserQ | None = None
    #: Rewrites one exported row (field name -> value) given the person's
    #: participation ids, to leave out what this person may not read of a
    #: shared row (e.g. the mentee's own ranking in the mentor's export).
    export_row: Callable[[dict[str, Any], list[int]], dict[str, Any]] | None = None
    #: Retention: anonymised with the participations of an ended programme.
    retention: bool = True
    #: Retention of rows kept apart from any programme (the audit log, mail):
    #: the setting holding the number of days, the date field they count
    #: from, and which rows expire (None: all). The retention job deletes them.
    expire_setting: str = ""
    expire_from: str = "created_at"
    expire_only: Q | None = None
    expire_note: str = ""
    note: str = ""

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def classification(self) -> Classification:
        return Classification.CONFIDENTIAL if self.confidential else Classification.INTERNAL

    def expired(self, now: datetime) -> Q | None:
        """The rows past their retention period at ``now`` (None: no period)."""
        if not self.expire_setting:
            return None
        days = int(getattr(settings, self.expire_setting))
        condition = Q(**{f"{self.expire_from}__lt": now - timedelta(days=days)})
        if self.expire_only is not None:
            condition &= self.expire_only
        return condition

    def query(self, *, user: Any | None, participations: list[int], user_ids: list[int]) -> Q:
        """The rows of these people (never everything: an empty match is ``pk__in=[]``)."""
        condition = Q(pk__in=[])
        if user is not None and self.of_user is not None:
            condition |= self.of_user(user)
        if participations and self.of_participations is not None:
            condition |= self.of_participations(participations, user_ids)
        return condition
