"""Writes of the privacy app, one module per part:

- ``requests``: erasure requests (asked, confirmed, declined),
- ``erasure``: erasing a person (GDPR Art. 17) and the steps the retention
  job shares,
- ``retention``: deleting rows past their period and anonymising a
  programme's participants after its retention period (Art. 5(1)(e)),
- ``consent``: the optional consents (Art. 7).

The reads are in ``privacy.selectors``, exports in ``privacy.exporting``. The
writes are re-exported here, as callers used them before the module became a
package.
"""

from mentoring.privacy.services.consent import consent_set
from mentoring.privacy.services.erasure import ErasureError, erase_person
from mentoring.privacy.services.requests import (
    DECLINE_REASON_MAX,
    RequestResult,
    erasure_confirm,
    erasure_decline,
    erasure_request,
)
from mentoring.privacy.services.retention import (
    retention_erase_deactivated,
    retention_expire,
    retention_run,
)

__all__ = [
    "DECLINE_REASON_MAX",
    "ErasureError",
    "RequestResult",
    "consent_set",
    "erase_person",
    "erasure_confirm",
    "erasure_decline",
    "erasure_request",
    "retention_erase_deactivated",
    "retention_expire",
    "retention_run",
]
