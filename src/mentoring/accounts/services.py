"""Writes for accounts. Every function is keyword-only and atomic."""

from __future__ import annotations

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
