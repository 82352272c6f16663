"""Writes for accounts. Every function is keyword-only and atomic."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.accounts.enums import Language
from mentoring.accounts.models import User
from mentoring.common.audit import log_action
from mentoring.common.validators import validate_storable_text

#: The longest short presentation (the profile form stops there too).
PRESENTATION_MAX = 600


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Store the user's preferred language (used for pages and e-mails).

    Side effects: an audit entry ``account.language_changed``.
    Raises ValueError for a language the product does not offer.
    """
    if language not in Language.values:
        raise ValueError(f"Unsupported language: {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
        log_action(
            actor=user, action="account.language_changed", obj=user, data={"language": language}
        )
    return user


@transaction.atomic
def user_update_profile(
    *, user: User, full_name: str, language: str, presentation: str | None = None
) -> User:
    """Update the user's name, language and (when given) short presentation.

    Side effects: an audit entry ``account.profile_updated`` (field names only).
    Raises ValidationError for a name with characters that cannot be stored.
    """
    if language not in Language.values:
        raise ValueError(f"Unsupported language: {language!r}")
    validate_storable_text(full_name)
    values = {"full_name": full_name, "language": language}
    if presentation is not None:
        presentation = presentation.strip()
        validate_storable_text(presentation)
        if len(presentation) > PRESENTATION_MAX:
            raise ValidationError(
                _("The presentation can be at most %(max)d characters.") % {"max": PRESENTATION_MAX}
            )
        values["presentation"] = presentation
    changed = [field for field, value in values.items() if getattr(user, field) != value]
    if changed:
        for field in changed:
            setattr(user, field, values[field])
        user.save(update_fields=changed)
        log_action(
            actor=user,
            action="account.profile_updated",
            obj=user,
            data={"fields": ",".join(changed)},
        )
    return user


@transaction.atomic
def user_verify_address_after_reset(*, user: User) -> bool:
    """A password reset through the mailed link proves the person reads the
    mail of their address: verify it, so an imported person who chose their
    password through "forgot password" is not asked to verify it once more.
    Only for an account with a single address (then the link went to it).

    Side effects: the allauth address marked verified; an audit entry
    ``account.email_confirmed`` with ``by=password_reset``. Returns whether it did.
    """
    from allauth.account.models import EmailAddress

    addresses = list(EmailAddress.objects.select_for_update().filter(user=user)[:2])
    if len(addresses) != 1 or addresses[0].verified:
        return False
    address = addresses[0]
    address.verified = True
    address.save(update_fields=["verified"])
    log_action(
        actor=user, action="account.email_confirmed", obj=user, data={"by": "password_reset"}
    )
    return True


def user_sessions_end(*, user: User) -> int:
    """Delete every unexpired session of ``user`` (database sessions: each is
    decoded to find its account). Returns the number of sessions ended."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


class AccountAttributesError(ValueError):
    """Attributes that cannot be stored; ``field`` names the one at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _clean_attributes(
    *, email: str, full_name: str, organisation: str, language: str
) -> tuple[str, str, str, str]:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise AccountAttributesError("email", "not a valid e-mail address") from exc
    full_name = " ".join((full_name or "").split())[:200]
    organisation = " ".join((organisation or "").split())[:200]
    for field, value in (("full_name", full_name), ("organisation", organisation)):
        try:
            validate_storable_text(value)
        except ValidationError as exc:
            raise AccountAttributesError(field, "characters that cannot be stored") from exc
    if language not in Language.values:
        raise AccountAttributesError("language", f"unsupported language {language!r}")
    return email, full_name, organisation, language


@transaction.atomic
def user_provision(
    *, email: str, full_name: str, organisation: str, language: str, by: User | None, via: str
) -> User:
    """Create an account for a person the organisation provisions (``via``:
    "scim" or "csv"). The account has no usable password and an unverified
    address: the person sets a password through "forgot password" (which
    verifies the address) or logs in through single sign-on.

    Raises AccountAttributesError for attributes that cannot be stored and
    IntegrityError when the address is taken. Side effects: the user and its
    allauth address; audit entry ``account.provisioned`` (``via``).
    """
    from allauth.account.models import EmailAddress

    email, full_name, organisation, language = _clean_attributes(
        email=email, full_name=full_name, organisation=organisation, language=language
    )
    user = User(email=email, full_name=full_name, organisation=organisation, language=language)
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    log_action(actor=by, action="account.provisioned", obj=user, data={"via": via})
    return user


@transaction.atomic
def user_update_attributes(
    *,
    user: User,
    email: str,
    full_name: str,
    organisation: str,
    language: str,
    by: User | None,
    via: str,
) -> list[str]:
    """Update the attributes the organisation manages (a mover: new name,
    address, organisation or language). A changed address replaces the
    account's primary allauth address (unverified until the person proves it).

    Raises AccountAttributesError and IntegrityError (address taken). Side
    effects: audit entry ``account.attributes_updated`` (field names only).
    Returns the names of the changed fields.
    """
    from allauth.account.models import EmailAddress

    email, full_name, organisation, language = _clean_attributes(
        email=email, full_name=full_name, organisation=organisation, language=language
    )
    values = {
        "email": email,
        "full_name": full_name,
        "organisation": organisation,
        "language": language,
    }
    changed = [field for field, value in values.items() if getattr(user, field) != value]
    if not changed:
        return []
    if "email" in changed:
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    for field in changed:
        setattr(user, field, values[field])
    user.save(update_fields=changed)
    log_action(
        actor=by,
        action="account.attributes_updated",
        obj=user,
        data={"fields": ",".join(changed), "via": via},
    )
    return changed


@transaction.atomic
def user_deactivate(*, user: User, by: User | None, via: str, now: Any = None) -> bool:
    """The person left the organisation: block the account. Nothing is
    deleted; the retention clock starts (the privacy app's retention job
    erases the account ``MENTORING_DEACTIVATED_RETENTION_DAYS`` later).

    Side effects: every session of the account ended; ``is_active`` false and
    ``deactivated_at`` set; audit entry ``account.deactivated`` (``via``);
    the signal ``signals.user_deactivated`` (``user``, ``by``, ``now``), whose
    receivers (relationships: the person's running mentorships end early and
    the coordinators are told) run in this transaction. Returns False when the
    account was inactive already (nothing happens then).
    """
    from django.utils import timezone

    from mentoring.accounts.signals import user_deactivated

    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        return False
    now = now or timezone.now()
    user.is_active = False
    user.deactivated_at = now
    user.save(update_fields=["is_active", "deactivated_at"])
    ended = user_sessions_end(user=user)
    log_action(
        actor=by, action="account.deactivated", obj=user, data={"via": via, "sessions": ended}
    )
    user_deactivated.send(sender=User, user=user, by=by, now=now)
    return True


@transaction.atomic
def user_reactivate(*, user: User, by: User | None, via: str) -> bool:
    """The person is back (rehired, or deactivated by mistake): the account
    may log in again and the retention clock stops. Mentorships ended at the
    deactivation stay ended.

    Side effects: ``is_active`` true, ``deactivated_at`` cleared; audit entry
    ``account.reactivated``. Returns False when the account was active.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        return False
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    log_action(actor=by, action="account.reactivated", obj=user, data={"via": via})
    return True
