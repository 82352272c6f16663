from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "mentoring.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from mentoring.matching import receivers  # noqa: F401  (connects the receivers)
