# ruff: noqa: E501  (allauth's msgids, kept whole so that they match)
"""allauth's Danish texts in the product's wording.

allauth's own Danish catalogue writes "email" ("emailadresse"); the product
writes "e-mail" everywhere else. The accounts app comes before allauth in
``INSTALLED_APPS``, so a msgid in this app's catalogue wins: this module names
the allauth msgids whose Danish differs (so ``make messages`` keeps them), and
``locale/da/LC_MESSAGES/django.po`` holds our Danish. Regenerate the list when
allauth is upgraded (``tests/common/test_formats.py`` fails on an allauth
Danish text that still says "email"). Never imported at run time."""

from django.utils.translation import gettext_lazy

TEXTS = (
    gettext_lazy("You cannot remove your primary email address."),
    gettext_lazy("This email address is already associated with this account."),
    gettext_lazy("The email address and/or password you specified are not correct."),
    gettext_lazy("A user is already registered with this email address."),
    gettext_lazy("You cannot add more than %d email addresses."),
    gettext_lazy("The email address is not assigned to any user account."),
    gettext_lazy("Your primary email address must be verified."),
    gettext_lazy("Mark selected email addresses as verified"),
    gettext_lazy("Email"),
    gettext_lazy("Email address"),
    gettext_lazy("Username, email or phone"),
    gettext_lazy("Username or email"),
    gettext_lazy("Email or phone"),
    gettext_lazy("Email (again)"),
    gettext_lazy("Email address confirmation"),
    gettext_lazy("Email (optional)"),
    gettext_lazy("You must type the same email each time."),
    gettext_lazy("email address"),
    gettext_lazy("email addresses"),
    gettext_lazy("email confirmation"),
    gettext_lazy("email confirmations"),
    gettext_lazy("View your email address"),
    gettext_lazy(
        "The scope(s) the client is allowed to request. Provide one value per line, e.g.: openid(ENTER)profile(ENTER)email(ENTER)"
    ),
    gettext_lazy(
        "In case the client does not specify any scope, these default scopes are used. Provide one value per line, e.g.: openid(ENTER)profile(ENTER)email(ENTER)"
    ),
    gettext_lazy(
        "You cannot add an email address to an account protected by two-factor authentication."
    ),
    gettext_lazy(
        "An account already exists with this email address. Please sign in to that account first, then connect your %s account."
    ),
    gettext_lazy("Your account has no verified email address."),
    gettext_lazy("Email Verification"),
    gettext_lazy("Enter Email Verification Code"),
    gettext_lazy("Use a different email address"),
    gettext_lazy("Do you really want to remove the selected email address?"),
    gettext_lazy(
        "You are receiving this email because you or someone else tried to signup for an\naccount using email address:\n\n%(email)s\n\nHowever, an account using that email address already exists.  In case you have\nforgotten about this, please use the password forgotten procedure to recover\nyour account:\n\n%(password_reset_url)s"
    ),
    gettext_lazy(
        "You are receiving this mail because the following change was made to your account:"
    ),
    gettext_lazy("Your email has been changed from %(from_email)s to %(to_email)s."),
    gettext_lazy("Email Changed"),
    gettext_lazy("Your email has been confirmed."),
    gettext_lazy("Email Confirmation"),
    gettext_lazy(
        "You're receiving this email because user %(user_display)s has given your email address to register an account on %(site_domain)s."
    ),
    gettext_lazy(
        "Your email verification code is listed below. Please enter it in your open browser window."
    ),
    gettext_lazy("Email address %(deleted_email)s has been removed from your account."),
    gettext_lazy("Email Removed"),
    gettext_lazy("This mail can be safely ignored if you did not initiate this action."),
    gettext_lazy(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    gettext_lazy("Password Reset Email"),
    gettext_lazy(
        "You are receiving this email because you, or someone else, tried to access an account with email %(email)s. However, we do not have any record of such an account in our database."
    ),
    gettext_lazy(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_lazy("You cannot remove your primary email address (%(email)s)."),
    gettext_lazy("Removed email address %(email)s."),
    gettext_lazy("Primary email address set."),
    gettext_lazy(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_lazy(
        "You currently do not have any email address set up. You should really add an email address so you can receive notifications, reset your password, etc."
    ),
    gettext_lazy(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    ),
    gettext_lazy(
        "This part of the site requires us to verify that\nyou are who you claim to be. For this purpose, we require that you\nverify ownership of your email address. "
    ),
    gettext_lazy(
        "We have sent an email to you for\nverification. Please click on the link inside that email. If you do not see the verification email in your main inbox, check your spam folder. Otherwise\ncontact us if you do not receive it within a few minutes."
    ),
    gettext_lazy(
        '<strong>Note:</strong> you can still <a href="%(email_url)s">change your email address</a>.'
    ),
    gettext_lazy(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ),
)
