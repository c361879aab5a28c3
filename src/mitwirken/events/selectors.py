"""Reads for events. Views get events only through these functions."""

import datetime
import uuid

from django.http import Http404

from mitwirken.processes.models import Process
from mitwirken.processes.rules import is_process_organiser

from .models import Event, Registration


def events_of(process: Process, user) -> list[Event]:
    """The events a person may see: published and cancelled ones; organisers see drafts."""
    qs = Event.objects.filter(process=process).select_related("region")
    if not is_process_organiser(user, process):
        qs = qs.filter(state__in=[Event.State.PUBLISHED, Event.State.CANCELLED])
    return list(qs.order_by("date", "start_time", "id"))


def upcoming_and_past(events: list[Event], today: datetime.date) -> tuple[list[Event], list[Event]]:
    """Upcoming events soonest first, past events latest first."""
    upcoming = [e for e in events if not e.is_past(today)]
    past = sorted((e for e in events if e.is_past(today)), key=lambda e: e.date, reverse=True)
    return upcoming, past


def get_event(process: Process, slug: str, user) -> Event:
    """The event with its workshops if the person may see it; 404 otherwise."""
    event = (
        Event.objects.select_related("process", "region")
        .prefetch_related("workshops__field_of_action")
        .filter(process=process, slug=slug)
        .first()
    )
    if event is None or not user.has_perm("events.view_event", event):
        raise Http404
    return event


def get_registration(process: Process, token) -> Registration:
    """The registration behind a person's link; 404 for an unknown or malformed token."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        raise Http404 from None
    registration = (
        Registration.objects.select_related("event__process", "workshop")
        .filter(token=token, event__process=process)
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def places_left(event: Event) -> int:
    """Free places, counted now (never from a cache)."""
    taken = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED).count()
    return max(event.capacity - taken, 0)
