import datetime

import pytest

from mitwirken.events import services
from mitwirken.events.models import Event


@pytest.fixture
def make_event(process, organiser):
    """A published regional conference of the process, with what the test changes."""

    def make(**overrides) -> Event:
        data = {
            "actor": organiser,
            "process": process,
            "kind": Event.Kind.REGIONAL,
            "title": "Regionalkonferenz in Dessau",
            "slug": "dessau",
            "date": datetime.date(2019, 9, 18),
            "capacity": 80,
            "published": True,
        }
        data.update(overrides)
        return services.create_event(**data)

    return make
