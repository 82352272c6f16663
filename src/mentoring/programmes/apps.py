from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "mentoring.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from mentoring.accounts.backends import register_user_annotation
        from mentoring.programmes.selectors import COORDINATES_ANY, coordinates_any

        register_user_annotation(COORDINATES_ANY, coordinates_any)
