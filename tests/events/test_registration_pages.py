"""Registering through the pages, without an account; the link in the e-mail."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from mitwirken.events.models import Registration


@pytest.fixture
def event(make_event, organiser):
    from mitwirken.events import services

    event = make_event(date=timezone.localdate() + datetime.timedelta(days=20), capacity=1)
    services.add_workshop(actor=organiser, event=event, title="Themenforum Sprache", capacity=1)
    return event


def _register_url(event) -> str:
    return event.get_absolute_url() + "register/"


def _post(client, event, prefix="", **overrides):
    data = {"name": "Amal Haddad", "email": "amal@example.org", "privacy_consent": "on"}
    data.update(overrides)
    return client.post(prefix + _register_url(event), data)


def _link(message) -> str:
    return re.search(r"http://\S+/registrations/\S+/", message.body).group(0).split("8000", 1)[1]


def test_register_confirm_and_cancel_without_an_account(
    client, event, django_capture_on_commit_callbacks
):
    page = client.get(event.get_absolute_url()).content.decode()
    assert "1 Platz frei." in page and _register_url(event) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, event)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.state == "pending" and registration.language == "de"
    (message,) = mail.outbox
    assert message.to == ["amal@example.org"] and "Bitte bestätigen Sie" in message.subject
    link = _link(message)
    assert client.get(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link + "confirm/")
    registration.refresh_from_db()
    assert registration.state == "confirmed"
    assert "Ihr Platz" in mail.outbox[1].subject
    client.post(link + "cancel/")
    registration.refresh_from_db()
    assert registration.state == "cancelled"


def test_the_english_form_and_mail(client, event, django_capture_on_commit_callbacks):
    url = _register_url(event)  # before a request to /en/ leaves English active
    assert "Register for" in client.get("/en" + url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en" + url,
            {"name": "Amal Haddad", "email": "amal@example.org", "privacy_consent": "on"},
        )
    assert response.status_code == 302
    assert Registration.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("Please confirm your registration")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "  "}, "Bitte füllen Sie Ihren Namen aus."),
        ({"email": "kein-at"}, "Bitte geben Sie eine gültige E-Mail-Adresse ein."),
        ({"privacy_consent": ""}, "Bitte stimmen Sie zu"),
    ],
)
def test_bad_input_is_explained_and_kept(client, event, overrides, message):
    response = _post(client, event, organisation_name="Verein Brücke", **overrides)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert 'value="Verein Brücke"' in html
    assert not Registration.objects.exists()


def test_a_tampered_or_unknown_link_is_404_or_403(client, event):
    from django.contrib.auth.models import AnonymousUser

    from mitwirken.events import services

    registration, _ = services.register(
        actor=AnonymousUser(),
        event=event,
        details=services.RegistrationDetails(name="A B", email="a@example.org"),
    )
    base = event.get_absolute_url().split("events/")[0] + "registrations/"
    assert client.get(base + "kaputt/").status_code == 404
    assert client.get(base + "00000000-0000-0000-0000-000000000000/").status_code == 404
    registration.refresh_from_db()
    assert registration.state == "pending"


def test_registration_after_the_deadline_is_refused(client, event):
    event.registration_closes = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    main = client.get(event.get_absolute_url()).content.decode().split("<main")[1]
    assert _register_url(event) not in main and "Zur Veranstaltung anmelden" not in main
    assert _post(client, event).status_code == 403
    assert not Registration.objects.exists()


def test_confirming_a_cancelled_registration_changes_nothing_and_says_so(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, event)
    link = _link(mail.outbox[0])
    client.post(link + "cancel/")
    response = client.post(link + "confirm/", follow=True)
    assert "Ihre Anmeldung ist abgesagt." in response.content.decode()
    assert Registration.objects.get().state == "cancelled"
