"""Erasure requests: the person asks (``erasure_request``), a coordinator
(or the person, where no programme of theirs runs) confirms
(``erasure_confirm``, which erases) or declines with a reason
(``erasure_decline``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.mail import mail_queue
from mentoring.common.validators import validate_storable_text
from mentoring.privacy.enums import ErasureStatus
from mentoring.privacy.models import ErasureRequest
from mentoring.privacy.selectors import (
    needs_coordinator,
    programmes_of_person,
    requests_for_coordinator,
)
from mentoring.privacy.services.erasure import (
    ErasureError,
    erase_person,
    refuse_if_last_coordinator,
)


@dataclass
class RequestResult:
    request: ErasureRequest
    created: bool


@transaction.atomic
def erasure_request(*, user: User) -> RequestResult:
    """The person asks for erasure. Idempotent: a second request returns the
    pending one. Refused for the last coordinator of a running programme.

    Side effects: an ErasureRequest row, audit entry ``privacy.erasure_requested``,
    an e-mail to each coordinator of the person's running programmes."""
    if not user.is_active:
        raise ErasureError(_("This account has already been erased."))
    refuse_if_last_coordinator(user)
    existing = ErasureRequest.objects.filter(user=user, status=ErasureStatus.PENDING).first()
    if existing is not None:
        return RequestResult(existing, created=False)
    request = ErasureRequest.objects.create(user=user)
    log_action(actor=user, action="privacy.erasure_requested", obj=request)
    for programme in programmes_of_person(user=user):
        for coordinator in programme.coordinators.all():
            mail_queue(
                key=f"privacy-erasure-requested:{request.pk}:{coordinator.pk}",
                template="privacy_erasure_requested",
                recipient=coordinator,
                context={"programme": programme, "recipient": coordinator},
            )
    return RequestResult(request, created=True)


@transaction.atomic
def erasure_confirm(*, request: ErasureRequest, by: User) -> ErasureRequest:
    """Confirm a pending request and erase. ``by`` is a coordinator who may
    (see ``requests_for_coordinator``) or the person, where no programme of
    theirs is running. Raises ErasureError otherwise."""
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ErasureStatus.PENDING:
        raise ErasureError(_("This request has already been carried out."))
    person = locked.user
    if by.pk == person.pk:
        if needs_coordinator(user=person):
            raise ErasureError(
                _("A coordinator of your programme confirms the erasure while it runs.")
            )
    elif not requests_for_coordinator(user=by).filter(pk=locked.pk).exists():
        raise ErasureError(_("You cannot confirm this request."))
    erase_person(user=person, by=by)
    locked.status = ErasureStatus.DONE
    locked.done_at = timezone.now()
    locked.confirmed_by = None if by.pk == person.pk else by
    locked.save(update_fields=["status", "done_at", "confirmed_by"])
    return locked


#: Longest reason a coordinator gives for declining an erasure request.
DECLINE_REASON_MAX = 1000


@transaction.atomic
def erasure_decline(*, request: ErasureRequest, by: User, reason: str) -> ErasureRequest:
    """A coordinator who may confirm the request (``requests_for_coordinator``)
    declines it with a reason (GDPR Art. 12(4): the person is told why and
    may complain to the data protection authority). The person may ask again
    later.

    Raises ErasureError when the request is no longer pending, ``by`` may not
    decide it, or the reason is empty, too long or holds characters that cannot
    be stored (NUL, lone surrogates, U+FFFD). Side effects: status
    ``declined`` with the reason; audit entry ``privacy.erasure_declined``
    (never the reason); an e-mail with the reason to the person."""
    locked = ErasureRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if locked.status != ErasureStatus.PENDING:
        raise ErasureError(_("This request has already been decided."))
    if not requests_for_coordinator(user=by).filter(pk=locked.pk).exists():
        raise ErasureError(_("You cannot decide this request."))
    reason = (reason or "").strip()
    if not reason:
        raise ErasureError(_("Please give the person a reason."))
    try:
        validate_storable_text(reason)
    except ValidationError as error:
        raise ErasureError(error.messages[0]) from error
    if len(reason) > DECLINE_REASON_MAX:
        raise ErasureError(
            _("The reason can be at most %(max)d characters.") % {"max": DECLINE_REASON_MAX}
        )
    locked.status = ErasureStatus.DECLINED
    locked.declined_at = timezone.now()
    locked.declined_reason = reason
    locked.confirmed_by = by
    locked.save(update_fields=["status", "declined_at", "declined_reason", "confirmed_by"])
    log_action(actor=by, action="privacy.erasure_declined", obj=locked)
    mail_queue(
        key=f"privacy-erasure-declined:{locked.pk}",
        template="privacy_erasure_declined",
        recipient=locked.user,
        context={"recipient": locked.user, "reason": reason},
    )
    return locked
