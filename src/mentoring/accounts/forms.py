from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.accounts.enums import Language


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=Language.choices)
    next = forms.CharField(required=False, max_length=2000)
