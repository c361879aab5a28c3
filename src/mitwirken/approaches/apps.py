from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApproachesConfig(AppConfig):
    name = "mitwirken.approaches"
    label = "approaches"
    verbose_name = _("Action approaches")

    def ready(self):
        from . import rules  # noqa: F401
