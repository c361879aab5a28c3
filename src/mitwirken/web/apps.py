from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web interface: every page, its view and template, above every app it shows.
    Domain apps keep models, services, selectors, rules and forms; this layer reads through
    their selectors and writes through their services (docs/architecture.md)."""

    name = "mitwirken.web"
    label = "web"
