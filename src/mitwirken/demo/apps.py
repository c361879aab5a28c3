from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo process (seed_demo) and the benchmark data (seed_bench)."""

    name = "mitwirken.demo"
    label = "demo"
