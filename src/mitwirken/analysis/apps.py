from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "mitwirken.analysis"
    label = "analysis"
    verbose_name = _("Synthesis")

    def ready(self):
        from . import rules, signals  # noqa: F401
