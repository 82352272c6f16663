"""The programme's matching settings: criterion weights, minimum score, the
mentees' own ranking and the shortlist size."""

from __future__ import annotations

import math
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.common.audit import log_action
from mentoring.matching.enums import EDITABLE_CRITERIA, Criterion
from mentoring.matching.models import SHORTLIST_MAX, SHORTLIST_MIN, MatchingSettings
from mentoring.matching.selectors import effective_settings
from mentoring.matching.services.errors import MatchingError
from mentoring.programmes.models import Programme

#: Weights the coordinator may give a criterion.
MAX_WEIGHT = 10.0


@transaction.atomic
def matching_settings_update(
    *,
    programme: Programme,
    by: Any,
    weights: dict[str, float],
    min_score: float,
    participant_ranking: bool | None = None,
    shortlist_size: int | None = None,
) -> MatchingSettings:
    """Store the programme's weights (criteria in ``EDITABLE_CRITERIA`` and
    the mentees' own ranking, 0-10) and minimum score (0-1); when given,
    whether mentees rank mentors (``participant_ranking``) and how many
    mentors their shortlists show (``shortlist_size``, clamped to 3-10).

    Side effects: audit entry ``matching.settings_changed`` naming what
    changed. Raises MatchingError on an unknown criterion or a value out of range.
    """
    unknown = set(weights) - {*EDITABLE_CRITERIA, Criterion.MENTEE_RANKING.value}
    if unknown:
        raise MatchingError(
            _("Unknown criteria: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    clean = {key: float(value) for key, value in weights.items()}
    if any(not (0.0 <= v <= MAX_WEIGHT) or math.isnan(v) for v in clean.values()):
        raise MatchingError(_("Weights must be between 0 and 10."))
    if clean and not any(v > 0 for v in clean.values()):
        raise MatchingError(_("At least one criterion needs a weight above 0."))
    if not (0.0 <= float(min_score) <= 1.0):
        raise MatchingError(_("The minimum score must be between 0 and 1."))
    row, _created = MatchingSettings.objects.select_for_update().get_or_create(programme=programme)
    before, _before_min = effective_settings(programme=programme)
    changed = sorted(k for k, v in clean.items() if abs(before.get(k, 0.0) - v) > 1e-9)
    row.weights = {**row.weights, **clean}
    min_changed = abs(row.min_score - float(min_score)) > 1e-9
    row.min_score = float(min_score)
    ranking_changed = (
        participant_ranking is not None and bool(participant_ranking) != row.participant_ranking
    )
    if participant_ranking is not None:
        row.participant_ranking = bool(participant_ranking)
    size_changed = False
    if shortlist_size is not None:
        size = min(SHORTLIST_MAX, max(SHORTLIST_MIN, int(shortlist_size)))
        size_changed = size != row.shortlist_size
        row.shortlist_size = size
    row.save(
        update_fields=[
            "weights",
            "min_score",
            "participant_ranking",
            "shortlist_size",
            "updated_at",
        ]
    )
    if changed or min_changed or ranking_changed or size_changed:
        log_action(
            actor=by,
            action="matching.settings_changed",
            obj=row,
            programme=programme,
            data={
                "weights": ",".join(changed)[:200],
                "min_score": row.min_score if min_changed else None,
                "participant_ranking": row.participant_ranking if ranking_changed else None,
                "shortlist_size": row.shortlist_size if size_changed else None,
            },
        )
    return row
