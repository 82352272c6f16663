"""Writes of the provisioning app: what a SCIM request or a CSV row does to
an account. Every change of the account goes through ``accounts.services``
(``user_provision``, ``user_update_attributes``, ``user_deactivate``,
``user_reactivate``), which audit it; each function here audits the request
too (``provisioning.scim_*`` with the token's id, or ``provisioning.csv_applied``).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.accounts.enums import Language
from mentoring.accounts.models import User
from mentoring.accounts.services import (
    AccountAttributesError,
    user_deactivate,
    user_provision,
    user_reactivate,
    user_update_attributes,
)
from mentoring.common.audit import log_action
from mentoring.provisioning.models import ProvisionedUser, ScimToken
from mentoring.provisioning.scim import POLICY, Attributes, attributes_of, to_resource


class ProvisioningError(Exception):
    """A request we refuse: ``status`` and ``scim_type`` for the SCIM error
    (RFC 7644 §3.12), ``detail`` says why (for the client, in English)."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


def _check(attrs: Attributes) -> None:
    if not attrs.user_name:
        raise ProvisioningError(400, "userName is required", "invalidValue")
    if not attrs.email:
        raise ProvisioningError(
            400, "an e-mail address is required (emails or an address as userName)", "invalidValue"
        )


def _user_name_taken(attrs: Attributes, account: User | None) -> bool:
    others = ProvisionedUser.objects.filter(user_name_key=attrs.user_name.lower())
    if account is not None:
        others = others.exclude(user=account)
    if others.exists():
        return True
    # An account the identity provider never touched answers to its address.
    unlinked = User.objects.filter(email__iexact=attrs.user_name, provisioning__isnull=True)
    if account is not None:
        unlinked = unlinked.exclude(pk=account.pk)
    return unlinked.exists()


def _store_link(account: User, attrs: Attributes, *, removed: bool = False) -> None:
    now = timezone.now()
    values = {
        "user_name": attrs.user_name[:255],
        "user_name_key": attrs.user_name.lower()[:255],
        "external_id": attrs.external_id[:255],
        "given_name": attrs.given_name[:200],
        "family_name": attrs.family_name[:200],
        "display_name": attrs.display_name[:200],
        "email_type": attrs.email_type[:20],
        "email_primary": attrs.email_primary,
        "preferred_language": attrs.preferred_language[:35],
        "has_formatted_name": attrs.has_formatted_name,
        "has_active": attrs.has_active,
        "updated_at": now,
        "removed_at": now if removed else None,
    }
    ProvisionedUser.objects.update_or_create(
        user=account, defaults=values, create_defaults={**values, "created_at": now}
    )


def _apply(account: User, attrs: Attributes, *, via: str) -> None:
    try:
        with transaction.atomic():
            user_update_attributes(
                user=account,
                email=attrs.email,
                full_name=attrs.full_name,
                organisation=attrs.organisation,
                language=attrs.language or account.language,
                by=None,
                via=via,
            )
    except AccountAttributesError as exc:
        raise ProvisioningError(400, f"{exc.field}: {exc.message}", "invalidValue") from exc
    except IntegrityError as exc:
        raise ProvisioningError(409, "the e-mail address is taken", "uniqueness") from exc
    if attrs.active:
        user_reactivate(user=account, by=None, via=via)
    else:
        user_deactivate(user=account, by=None, via=via)


@transaction.atomic
def scim_user_create(*, resource: Any, token: ScimToken) -> User:
    """POST /Users: a joiner. An account the identity provider deleted before
    (``removed_at``) with the same address is provisioned again (reactivated).

    Raises ProvisioningError (400 invalid value, 409 userName or address
    taken). Side effects: ``accounts.services.user_provision`` (and
    ``user_deactivate`` for ``active: false``); the link row; audit entry
    ``provisioning.scim_created`` (token id)."""
    attrs = attributes_of(resource)
    _check(attrs)
    returning = (
        User.objects.filter(email__iexact=attrs.email, provisioning__removed_at__isnull=False)
        .select_for_update(of=("self",))
        .first()
    )
    if _user_name_taken(attrs, returning):
        raise ProvisioningError(409, "userName is taken", "uniqueness")
    if returning is not None:
        account = returning
        _apply(account, attrs, via="scim")
    else:
        if User.objects.filter(email__iexact=attrs.email).exists():
            raise ProvisioningError(409, "the e-mail address is taken", "uniqueness")
        try:
            account = user_provision(
                email=attrs.email,
                full_name=attrs.full_name,
                organisation=attrs.organisation,
                language=attrs.language or Language.DANISH,
                by=None,
                via="scim",
            )
        except AccountAttributesError as exc:
            raise ProvisioningError(400, f"{exc.field}: {exc.message}", "invalidValue") from exc
        if not attrs.active:
            user_deactivate(user=account, by=None, via="scim")
    _store_link(account, attrs)
    log_action(
        actor=None, action="provisioning.scim_created", obj=account, data={"token": token.pk}
    )
    return account


@transaction.atomic
def scim_user_replace(*, account: User, resource: Any, token: ScimToken) -> User:
    """PUT /Users/<id>: a mover (new name, address, organisation, language)
    or a leaver (``active: false``). Raises ProvisioningError. Side effects:
    ``user_update_attributes``, ``user_deactivate`` or ``user_reactivate``;
    the link row; audit entry ``provisioning.scim_replaced`` (token id)."""
    account = User.objects.select_for_update().get(pk=account.pk)
    attrs = attributes_of(resource)
    _check(attrs)
    if _user_name_taken(attrs, account):
        raise ProvisioningError(409, "userName is taken", "uniqueness")
    _apply(account, attrs, via="scim")
    _store_link(account, attrs)
    log_action(
        actor=None, action="provisioning.scim_replaced", obj=account, data={"token": token.pk}
    )
    return account


@transaction.atomic
def scim_user_patch(*, account: User, patch: Any, token: ScimToken, location: str) -> User:
    """PATCH /Users/<id>: apply the operations to the account's SCIM User and
    store the result as ``scim_user_replace`` does. Raises ProvisioningError
    and the ``SCIMException`` of an operation that cannot apply."""
    resource = to_resource(account, location=location)
    patch.patch(resource, scim_policy=POLICY)
    return scim_user_replace(account=account, resource=resource, token=token)


@transaction.atomic
def scim_user_delete(*, account: User, token: ScimToken) -> None:
    """DELETE /Users/<id>: the person left. The account is deactivated (see
    ``user_deactivate``: sessions end, mentorships end early, coordinators are
    told, the retention clock starts), nothing is deleted, and the account no
    longer shows through SCIM. Side effects: audit ``provisioning.scim_deleted``."""
    account = User.objects.select_for_update().get(pk=account.pk)
    user_deactivate(user=account, by=None, via="scim")
    now = timezone.now()
    updated = ProvisionedUser.objects.filter(user=account).update(removed_at=now, updated_at=now)
    if not updated:
        ProvisionedUser.objects.create(
            user=account,
            user_name=account.email,
            # Not the address: another account's userName may be that text.
            user_name_key=f"~removed-{account.pk}",
            removed_at=now,
        )
    log_action(
        actor=None, action="provisioning.scim_deleted", obj=account, data={"token": token.pk}
    )


class CsvInvalidError(Exception):
    """The upload has rows with errors: nothing was applied."""


@transaction.atomic
def csv_rows_apply(*, text: str, by: User) -> dict[str, int]:
    """Apply a CSV upload (see ``csv_io``): checked again, and only when no
    row has an error; everything in one transaction. The same services as
    SCIM: ``user_provision``, ``user_update_attributes``, ``user_deactivate``
    (sessions end, mentorships end early, coordinators are told),
    ``user_reactivate``. Raises CsvInvalidError (and csv_io.CsvFileError).
    Side effects: those services' audit entries (``via=csv``) and
    ``provisioning.csv_applied`` with the counts. Returns the counts."""
    from mentoring.provisioning import csv_io

    preview = csv_io.read_rows(text)
    if preview.has_errors:
        raise CsvInvalidError
    counts = dict.fromkeys((csv_io.CREATE, csv_io.UPDATE, csv_io.DEACTIVATE, csv_io.REACTIVATE), 0)
    for row in preview.rows:
        account = row.user
        if account is None:
            account = user_provision(
                email=row.email,
                full_name=row.full_name,
                organisation=row.organisation,
                language=row.language or Language.DANISH,
                by=by,
                via="csv",
            )
            counts[csv_io.CREATE] += 1
        elif csv_io.UPDATE in row.actions:
            user_update_attributes(
                user=account,
                email=account.email,
                full_name=row.full_name,
                organisation=row.organisation,
                language=row.language or account.language,
                by=by,
                via="csv",
            )
            counts[csv_io.UPDATE] += 1
        if csv_io.DEACTIVATE in row.actions:
            user_deactivate(user=account, by=by, via="csv")
            counts[csv_io.DEACTIVATE] += 1
        elif csv_io.REACTIVATE in row.actions:
            user_reactivate(user=account, by=by, via="csv")
            counts[csv_io.REACTIVATE] += 1
    log_action(actor=by, action="provisioning.csv_applied", data=counts)
    return counts
