"""Organisers create and correct events and workshops from their screens: every problem
is named under its field in words, never as a database constraint."""

import datetime

import pytest
from django.utils import timezone

from mitwirken.events import services
from mitwirken.events.models import Event

from ..factories import UserFactory


def _data(**overrides):
    data = {
        "title": "Regionalkonferenz in Halle",
        "slug": "halle",
        "kind": "regional",
        "state": "published",
        "date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "start_time": "10:00",
        "end_time": "16:00",
        "venue": "Literaturhaus Halle",
        "address": "Bernburger Str. 8",
        "region": "15002",
        "capacity": "80",
        "registration_opens": "",
        "registration_closes": "",
        "description": "",
        "accessibility": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def url(process):
    return f"/processes/{process.slug}/manage/events/new/"


def test_organiser_creates_an_event_and_a_workshop(client, organiser, process, url):
    client.force_login(organiser)
    response = client.post(url, _data())
    assert response.status_code == 302
    event = Event.objects.get(slug="halle")
    assert event.state == "published" and event.start_time == datetime.time(10, 0)
    assert event.region.key == "15002"
    response = client.post(
        f"/processes/{process.slug}/manage/events/halle/workshops/new/",
        {
            "title": "Themenforum Sprache",
            "field_of_action": "sprache",
            "room": "A",
            "capacity": "20",
        },
    )
    assert response.status_code == 302
    assert event.workshops.get().field_of_action.slug == "sprache"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "09:00"}, "Die Veranstaltung kann nicht enden, bevor sie beginnt."),
        (
            {"registration_opens": "2026-05-02T10:00", "registration_closes": "2026-05-01T10:00"},
            "Die Anmeldung kann nicht enden, bevor sie beginnt.",
        ),
        ({"capacity": "0"}, "Bitte geben Sie mindestens einen Platz an."),
        ({"date": "32.13.2026"}, "Bitte geben Sie ein gültiges Datum ein."),
        ({"slug": "Halle Süd"}, "Bitte verwenden Sie nur Buchstaben, Ziffern und Bindestriche."),
    ],
)
def test_bad_event_input_is_explained_and_kept(client, organiser, url, overrides, message):
    client.force_login(organiser)
    response = client.post(url, _data(**overrides))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "events_event" not in page and "constraint" not in page.lower()
    assert 'value="Literaturhaus Halle"' in page
    assert not Event.objects.exists()


def test_a_second_event_with_the_same_address_is_explained(client, organiser, url):
    client.force_login(organiser)
    client.post(url, _data())
    response = client.post(url, _data(title="Noch eine"))
    assert response.status_code == 400
    assert "Eine andere Veranstaltung dieses Beteiligungsprozesses hat bereits diese Adresse." in (
        response.content.decode()
    )
    assert Event.objects.count() == 1


def test_places_cannot_drop_below_those_taken(client, organiser, process, url, make_event):
    event = make_event(date=timezone.localdate() + datetime.timedelta(days=10), capacity=2)
    for email in ("a@example.org", "b@example.org"):
        registration, _ = services.register(
            actor=UserFactory.build(),
            event=event,
            details=services.RegistrationDetails(name="A B", email=email),
        )
        services.confirm_registration(
            actor=UserFactory.build(), registration=registration, token=registration.token
        )
    client.force_login(organiser)
    response = client.post(
        f"/processes/{process.slug}/manage/events/{event.slug}/edit/",
        _data(slug=event.slug, capacity="1", date=event.date.isoformat()),
    )
    assert response.status_code == 400
    assert "2 Plätze sind bereits vergeben" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2


def test_organiser_cancels_an_event(client, organiser, process, make_event):
    event = make_event(date=timezone.localdate() + datetime.timedelta(days=10))
    client.force_login(organiser)
    form = client.get(f"/processes/{process.slug}/manage/events/{event.slug}/edit/")
    assert form.status_code == 200
    response = client.post(
        f"/processes/{process.slug}/manage/events/{event.slug}/edit/",
        _data(slug=event.slug, state="cancelled", title=event.title, date=event.date.isoformat()),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == "cancelled"


def test_participants_cannot_create_or_edit_events(client, alice, process, url, make_event):
    event = make_event()
    client.force_login(alice)
    assert client.post(url, _data()).status_code == 403
    assert (
        client.get(f"/processes/{process.slug}/manage/events/{event.slug}/edit/").status_code == 403
    )
    with pytest.raises(services.PermissionDenied):
        services.change_event(actor=alice, event=event, capacity=1)


def test_cancelling_a_published_event_tells_everyone_registered(
    organiser, make_event, django_capture_on_commit_callbacks
):
    from django.core import mail

    event = make_event(date=timezone.localdate() + datetime.timedelta(days=10))
    registration, _ = services.register(
        actor=UserFactory.build(),
        event=event,
        details=services.RegistrationDetails(name="Amal Haddad", email="amal@example.org"),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_event(actor=organiser, event=event, state="cancelled")
    (message,) = mail.outbox
    assert message.to == ["amal@example.org"] and message.subject.startswith("Abgesagt:")
    assert event.get_absolute_url() in message.body
    with django_capture_on_commit_callbacks(execute=True):  # saving it again tells nobody twice
        services.change_event(actor=organiser, event=event, state="cancelled")
    assert len(mail.outbox) == 1
