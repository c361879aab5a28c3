"""Shared fixtures: named personas and an open process, as in Zulip's test classes."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from mitwirken.processes.models import ProcessMembership, Region, StakeholderGroup
from mitwirken.processes.selectors import forget_process_lookups

from .factories import FieldOfActionFactory, PhaseFactory, ProcessFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_state():
    """Each test starts in the default language with an empty cache (a request to /en/
    leaves English active in the thread, and reverse() would then build /en/ URLs)."""
    cache.clear()
    forget_process_lookups()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
    cache.clear()


@pytest.fixture
def process(db):
    """A published process whose online phase is running today, with two fields."""
    process = ProcessFactory(slug="integration", title="Integrationskonzept")
    PhaseFactory(process=process)
    FieldOfActionFactory(process=process, slug="sprache", title="Sprache und Deutschkurse")
    FieldOfActionFactory(process=process, slug="wohnen", title="Wohnen")
    return process


@pytest.fixture
def closed_process(db):
    """A published process with no phase open for contributions."""
    process = ProcessFactory(slug="closed", title="Abgeschlossen")
    PhaseFactory(process=process, allows_needs=False, allows_comments=False, allows_supports=False)
    FieldOfActionFactory(process=process, slug="sprache", title="Sprache")
    return process


@pytest.fixture
def field(process):
    return process.fields_of_action.get(slug="sprache")


@pytest.fixture
def magdeburg(db):
    return Region.objects.get(key="15003")


@pytest.fixture
def group(db):
    return StakeholderGroup.objects.get(slug="migrantenorganisationen")


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@example.org", display_name="Alice Pseudonym")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.org", display_name="Bob B.")


@pytest.fixture
def moderator(process):
    user = UserFactory(email="mod@example.org", display_name="Moderation")
    ProcessMembership.objects.create(process=process, user=user, role="moderator")
    return user


@pytest.fixture
def organiser(process):
    user = UserFactory(email="org@example.org", display_name="Prozessleitung", is_staff=True)
    ProcessMembership.objects.create(process=process, user=user, role="organiser")
    return user


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
