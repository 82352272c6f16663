"""Forms of the relationships app, one module per part of the relationship
(``respond``, ``roles``, ``agreement``, ``trial``)."""

from mentoring.relationships.forms.respond import RespondForm

__all__ = ["RespondForm"]
