import pytest
from django.utils import translation

from mitwirken.directory.models import Stakeholder


@pytest.fixture
def english():
    """The messages in their English source (the German catalogue may change them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def make_stakeholder(process):
    def make(**fields) -> Stakeholder:
        data = {"process": process, "name": "Caritasverband Halle", "email": "info@caritas.example"}
        data.update(fields)
        return Stakeholder.objects.create(**data)

    return make
