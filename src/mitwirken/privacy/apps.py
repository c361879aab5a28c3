from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's data across every app: export it (DSGVO Art. 15, 20), erase it (Art. 17).
    It sits above the apps it gathers from; each app contributes its own part."""

    name = "mitwirken.privacy"
    label = "privacy"
    verbose_name = _("Data protection")
