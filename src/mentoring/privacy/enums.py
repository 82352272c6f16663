from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    DONE = "done", _("Erased")
    DECLINED = "declined", _("Declined")
