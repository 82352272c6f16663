from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "mentoring.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self) -> None:
        from django import forms

        from mentoring.common.validators import prohibit_unreadable_characters

        # Every text field of every form refuses text that cannot be stored
        # (common/validators.py); Django's CharField already refuses NUL.
        if prohibit_unreadable_characters not in forms.CharField.default_validators:
            forms.CharField.default_validators = [
                *forms.CharField.default_validators,
                prohibit_unreadable_characters,
            ]
