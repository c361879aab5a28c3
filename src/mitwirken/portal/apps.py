from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public entry pages (home, process page) that gather from every app below."""

    name = "mitwirken.portal"
    label = "portal"
