"""Submissions are limited per person (or network address): beyond the limit the form
says so, keeps what was typed, saves nothing, and the page answers 429. allauth limits
failed logins itself."""

import pytest
from django.core.cache import cache

from mitwirken.contributions.models import Need
from mitwirken.core import ratelimit
from mitwirken.events.models import Registration


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_needs_per_person(alice_client, process, monkeypatch):
    from mitwirken.web.views import needs as need_views

    monkeypatch.setattr(need_views, "NEED_LIMIT", ratelimit.Limit("need", 2, 600))
    url = f"/processes/{process.slug}/needs/new/"
    for i in range(2):
        response = alice_client.post(
            url, {"title": f"Bedarf {i}", "text": "Ein Text.", "field_of_action": "sprache"}
        )
        assert response.status_code == 302
    response = alice_client.post(
        url, {"title": "Noch einer", "text": "Bleibt im Formular.", "field_of_action": "sprache"}
    )
    page = response.content.decode()
    assert response.status_code == 429
    assert "Sie haben in kurzer Zeit viel gesendet" in page and "Bleibt im Formular." in page
    assert Need.objects.count() == 2


def test_registrations_per_address(client, process, organiser, monkeypatch):
    import datetime

    from django.utils import timezone

    from mitwirken.events import services
    from mitwirken.web.views import events as event_views

    event = services.create_event(
        actor=organiser,
        process=process,
        kind="regional",
        title="Konferenz",
        slug="k",
        date=timezone.localdate() + datetime.timedelta(days=5),
        capacity=50,
        published=True,
    )
    monkeypatch.setattr(event_views, "REGISTRATION_LIMIT", ratelimit.Limit("reg", 1, 600))
    url = event.get_absolute_url() + "register/"
    data = {"name": "Amal Haddad", "email": "a@example.org", "privacy_consent": "on"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "email": "b@example.org"})
    assert response.status_code == 429
    assert Registration.objects.count() == 1


def test_failed_logins_are_limited(client, alice, settings):
    """allauth's limit (5 failures per address in 5 minutes, as in production; the other
    tests run without allauth's limits): then even the right password is refused for a
    while, with the reason in the form."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
    for _ in range(5):
        client.post("/accounts/login/", {"login": alice.email, "password": "falsch"})
    response = client.post(
        "/accounts/login/", {"login": alice.email, "password": "correct horse battery staple"}
    )
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in response.content.decode()
    assert "_auth_user_id" not in client.session
