"""Registration data is deleted on request and some days after the event (DSGVO)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from mitwirken.core.models import OutgoingMail
from mitwirken.events import services
from mitwirken.events.models import Event, Registration

ANONYMOUS = AnonymousUser()


@pytest.fixture
def event(make_event):
    return make_event(date=timezone.localdate() + datetime.timedelta(days=10), capacity=1)


def registered(event, email, django_capture_on_commit_callbacks, **extra):
    details = services.RegistrationDetails(
        name="Amal Haddad", email=email, organisation_name="Verein Brücke", **extra
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration, _ = services.register(actor=ANONYMOUS, event=event, details=details)
        return services.confirm_registration(
            actor=ANONYMOUS, registration=registration, token=registration.token
        )


def test_a_person_deletes_their_data_and_the_next_person_gets_the_place(
    client, event, django_capture_on_commit_callbacks, group
):
    first = registered(
        event,
        "a@example.org",
        django_capture_on_commit_callbacks,
        stakeholder_group=group,
        childcare=True,
    )
    second = registered(event, "b@example.org", django_capture_on_commit_callbacks)
    assert second.state == "waiting"
    link = first.get_absolute_url()
    assert client.post(link + "erase/").status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, first.email, first.organisation_name) == ("", "", "")
    assert first.erased_at and first.state == "cancelled"
    assert (first.stakeholder_group, first.childcare) == (group, True)  # anonymous counts
    assert second.state == "confirmed"
    assert not OutgoingMail.objects.filter(to="a@example.org").exists()
    assert client.get(link).status_code == 404  # the old link opens nothing


def test_personal_data_is_deleted_some_days_after_the_event(
    event, make_event, django_capture_on_commit_callbacks
):
    registered(event, "a@example.org", django_capture_on_commit_callbacks)
    past = make_event(slug="frueher", date=timezone.localdate() + datetime.timedelta(days=10))
    registered(past, "b@example.org", django_capture_on_commit_callbacks)
    Event.objects.filter(pk=past.pk).update(date=timezone.localdate() - datetime.timedelta(days=91))
    call_command("purge_registrations", days=90)
    kept, erased = Registration.objects.get(event=event), Registration.objects.get(event=past)
    assert kept.email == "a@example.org" and kept.erased_at is None
    assert erased.email == "" and erased.erased_at and erased.state == "confirmed"
    call_command("purge_registrations", days=90)  # again: nothing more to do
    assert Registration.objects.filter(erased_at__isnull=False).count() == 1
