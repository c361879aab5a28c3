"""Registration without an account: double opt-in, places, waiting list, cancellation."""

import datetime
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from mitwirken.events import services
from mitwirken.events.models import Event, Registration

ANONYMOUS = AnonymousUser()


@pytest.fixture
def event(make_event):
    return make_event(date=timezone.localdate() + datetime.timedelta(days=20), capacity=2)


def register(event, email, **extra):
    details = services.RegistrationDetails(name="Eine Person", email=email, **extra)
    return services.register(actor=ANONYMOUS, event=event, details=details)[0]


def confirm(registration):
    return services.confirm_registration(
        actor=ANONYMOUS, registration=registration, token=registration.token
    )


def test_a_place_is_taken_only_when_the_address_is_confirmed(event):
    first = register(event, "a@example.org")
    assert first.state == Registration.State.PENDING
    assert confirm(first).state == Registration.State.CONFIRMED
    assert confirm(first).state == Registration.State.CONFIRMED  # again: nothing changes


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_promotes(event):
    people = [confirm(register(event, f"p{n}@example.org")) for n in range(4)]
    assert [p.state for p in people] == ["confirmed", "confirmed", "waiting", "waiting"]
    promoted = services.cancel_registration(
        actor=ANONYMOUS, registration=people[0], token=people[0].token
    )
    assert promoted.pk == people[2].pk and promoted.state == Registration.State.CONFIRMED
    states = dict(Registration.objects.values_list("email", "state"))
    assert states == {
        "p0@example.org": "cancelled",
        "p1@example.org": "confirmed",
        "p2@example.org": "confirmed",
        "p3@example.org": "waiting",
    }
    assert (
        services.cancel_registration(  # cancelling twice frees nothing more
            actor=ANONYMOUS, registration=people[0], token=people[0].token
        )
        is None
    )


def test_workshops_get_the_first_choice_with_room(event, organiser, field):
    small = services.add_workshop(actor=organiser, event=event, title="Klein", capacity=1)
    other = services.add_workshop(actor=organiser, event=event, title="Anders", capacity=5)
    first = confirm(register(event, "a@example.org", first_choice=small, second_choice=other))
    second = confirm(register(event, "b@example.org", first_choice=small, second_choice=other))
    assert (first.workshop, second.workshop) == (small, other)


def test_an_address_registers_once_but_a_repeated_form_is_no_error(event):
    key = uuid.uuid4()
    details = services.RegistrationDetails(name="Eine Person", email="A@Example.org")
    first, created = services.register(
        actor=ANONYMOUS, event=event, details=details, submission_key=key
    )
    again, created_again = services.register(
        actor=ANONYMOUS, event=event, details=details, submission_key=key
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert first.email == "a@example.org"
    with pytest.raises(ValidationError) as info:
        register(event, "a@EXAMPLE.org")
    assert "email" in info.value.message_dict


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"name": " ", "email": "a@example.org"}, "name"),
        ({"name": "A B", "email": "kaputt"}, "email"),
    ],
)
def test_bad_details_are_named_and_nothing_is_saved(event, details, field):
    with pytest.raises(ValidationError) as info:
        services.register(
            actor=ANONYMOUS, event=event, details=services.RegistrationDetails(**details)
        )
    assert field in info.value.message_dict
    assert not Registration.objects.exists()


def test_a_tampered_link_changes_nothing(event):
    registration = register(event, "a@example.org")
    with pytest.raises(PermissionDenied):
        services.confirm_registration(
            actor=ANONYMOUS, registration=registration, token=uuid.uuid4()
        )
    with pytest.raises(PermissionDenied):
        services.cancel_registration(actor=ANONYMOUS, registration=registration, token="x")
    registration.refresh_from_db()
    assert registration.state == Registration.State.PENDING


@pytest.mark.parametrize(
    "change",
    [
        {"registration_closes": timezone.now() - datetime.timedelta(minutes=1)},
        {"registration_opens": timezone.now() + datetime.timedelta(days=1)},
        {"date": timezone.localdate() - datetime.timedelta(days=1)},
        {"state": Event.State.CANCELLED},
    ],
)
def test_registration_outside_its_window_is_refused(event, change):
    Event.objects.filter(pk=event.pk).update(**change)
    event.refresh_from_db()
    with pytest.raises(PermissionDenied):
        register(event, "a@example.org")


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook(make_event):
    """200 people register and confirm at the same moment for 50 places: exactly 50 are
    confirmed and 150 wait, and no request fails. (PostgreSQL: the rows are locked.)"""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this proves; SQLite serialises all writes anyway")
    event = make_event(date=timezone.localdate() + datetime.timedelta(days=5), capacity=50)
    start = threading.Barrier(40)

    def one(n: int) -> str:
        try:
            if n < 40:
                start.wait(timeout=30)  # the first 40 start at exactly the same moment
            registration = register(event, f"person{n}@example.org")
            return confirm(registration).state
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(one, range(200)))
    assert sorted(set(results)) == ["confirmed", "waiting"]
    counts = {
        state: Registration.objects.filter(event=event, state=state).count()
        for state in ("confirmed", "waiting", "pending")
    }
    assert counts == {"confirmed": 50, "waiting": 150, "pending": 0}
