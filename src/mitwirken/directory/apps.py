from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "mitwirken.directory"
    verbose_name = _("Stakeholder directory")
    label = "directory"
