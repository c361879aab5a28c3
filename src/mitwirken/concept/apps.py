from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    name = "mitwirken.concept"
    label = "concept"
    verbose_name = _("Concept")

    def ready(self):
        from . import rules  # noqa: F401
