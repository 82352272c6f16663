from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.accounts.enums import Language


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    presentation = forms.CharField(
        label=_("A short presentation of yourself (optional)"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A few lines about you and your work. Your mentor or mentee reads it when you are "
            "proposed as a match, and on your shared page. At most 600 characters."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to e-mail and password: the name
    coordinators and mails address the person by (``ACCOUNT_SIGNUP_FORM_CLASS``).
    ``AccountAdapter.save_user`` stores it."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("Your first name and surname, as the coordinator and your mentor will see it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: object, user: object) -> None:
        """Nothing more to do: the adapter has stored the name with the account."""


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False, max_length=2000)
