from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mitwirken.core"
    label = "core"
