"""Reads for events. Views get events only through these functions."""

import copy
import datetime
import uuid

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, Q, Value, When
from django.http import Http404

from mitwirken.core import pagecache
from mitwirken.processes.models import Process
from mitwirken.processes.rules import is_process_organiser

from .models import EVENTS, Event, Invitation, Registration


def events_of(process: Process, user) -> list[Event]:
    """The events a person may see: published and cancelled ones; organisers see drafts."""
    qs = Event.objects.filter(process=process).select_related("region")
    if not is_process_organiser(user, process):
        qs = qs.filter(state__in=[Event.State.PUBLISHED, Event.State.CANCELLED])
    return list(qs.order_by("date", "start_time", "id"))


def events_shown(process: Process, user) -> list[Event]:
    """events_of() for a page: what everyone but the organisers sees is cached until the
    process's events change (services call pagecache.changed(event)); copies, with the
    process attached, so a page never changes the cached objects."""
    if is_process_organiser(user, process):
        return events_of(process, user)
    found = pagecache.get_or_build(
        "public-events",
        "",
        lambda: events_of(process, AnonymousUser()),
        scopes=[(pagecache.SETUP, process.pk), (EVENTS, process.pk)],
    )
    shown = [copy.copy(event) for event in found]
    for event in shown:
        event.process = process
    return shown


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


def _uuid(token) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(token))
    except ValueError:
        return None


def get_invitation(process: Process, token) -> Invitation:
    """The invitation behind an organisation's link; 404 for an unknown or forged one."""
    token = _uuid(token)
    invitation = (
        Invitation.objects.select_related("event__process", "stakeholder__region")
        .filter(token=token, event__process=process)
        .first()
        if token
        else None
    )
    if invitation is None or not invitation.event.is_public:
        raise Http404
    return invitation


def invitation_for(event: Event, token) -> Invitation | None:
    """The invitation of this event whose link the registration form was opened with."""
    token = _uuid(token) if token else None
    if token is None:
        return None
    return (
        Invitation.objects.select_related("stakeholder__stakeholder_group", "stakeholder__region")
        .filter(event=event, token=token)
        .first()
    )


def places_left(event: Event) -> int:
    """Free places, counted now (never from a cache)."""
    taken = Registration.objects.filter(event=event, state=Registration.State.CONFIRMED).count()
    return max(event.capacity - taken, 0)


def workshop_places_left(event: Event) -> dict[int, int]:
    """Free places per workshop of the event, counted now (one query)."""
    workshops = event.workshops.annotate(
        taken=Count("registrations", filter=Q(registrations__state=Registration.State.CONFIRMED))
    )
    return {w.pk: max(w.capacity - w.taken, 0) for w in workshops}


def find_for_check_in(event: Event, name: str, limit: int = 20) -> list[Registration]:
    """Registrations of the event whose name or organisation contains ``name`` (the entrance
    staff's fallback when a ticket cannot be read)."""
    name = (name or "").strip()
    if len(name) < 2:
        return []
    return list(
        Registration.objects.filter(event=event, erased_at__isnull=True)
        .filter(Q(name__icontains=name) | Q(organisation_name__icontains=name))
        .exclude(state=Registration.State.PENDING)
        .select_related("workshop")
        .order_by("name", "id")[:limit]
    )


def check_in_counts(event: Event) -> dict[str, int]:
    return Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(state=Registration.State.CONFIRMED)),
        attended=Count(
            "pk", filter=Q(state=Registration.State.CONFIRMED, attended_at__isnull=False)
        ),
    )


def attendance(event: Event):
    """The confirmed registrations of the event with their workshop, by name (the
    attendance list and the badges)."""
    return (
        Registration.objects.filter(
            event=event, state=Registration.State.CONFIRMED, erased_at__isnull=True
        )
        .select_related("workshop", "stakeholder_group", "region")
        .order_by("name", "id")
    )


def events_with_counts(process: Process):
    """Every event of the process (drafts too) with its registrations counted by state and
    its invitations: one query, for the organisers' dashboard."""
    state = Registration.State
    return (
        Event.objects.filter(process=process)
        .select_related("region")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__state=state.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__state=state.WAITING)),
            pending=Count("registrations", filter=Q(registrations__state=state.PENDING)),
            cancelled=Count("registrations", filter=Q(registrations__state=state.CANCELLED)),
            attended=Count(
                "registrations",
                filter=Q(
                    registrations__state=state.CONFIRMED, registrations__attended_at__isnull=False
                ),
            ),
        )
        .order_by("date", "start_time", "id")
    )


def get_event_for_organiser(process: Process, slug: str, user) -> Event:
    event = (
        Event.objects.select_related("process", "region").filter(process=process, slug=slug).first()
    )
    if event is None or not user.has_perm("events.view_event", event):
        raise Http404
    return event


# The organisers' list: people with a place first, then the waiting list in its order.
REGISTRATION_ORDER = ("confirmed", "waiting", "pending", "cancelled")


def registrations_of(event: Event, state: str = ""):
    """The event's registrations for the organisers' list (paginated by the caller)."""
    qs = Registration.objects.filter(event=event).select_related(
        "workshop", "stakeholder_group", "region", "invitation__stakeholder"
    )
    if state in Registration.State.values:
        qs = qs.filter(state=state)
    order = Case(
        *(When(state=value, then=Value(i)) for i, value in enumerate(REGISTRATION_ORDER)),
        default=Value(len(REGISTRATION_ORDER)),
    )
    return qs.order_by(order, "confirmed_at", "id")


def invitations_of(event: Event):
    """The event's invitations with what became of them (registered, attended), one query."""
    state = Registration.State
    return (
        Invitation.objects.filter(event=event)
        .select_related("stakeholder__stakeholder_group", "stakeholder__region")
        .annotate(
            registered=Count(
                "registrations",
                filter=Q(registrations__state__in=[state.CONFIRMED, state.WAITING]),
            ),
            attended=Count(
                "registrations",
                filter=Q(
                    registrations__state=state.CONFIRMED, registrations__attended_at__isnull=False
                ),
            ),
        )
        .order_by("stakeholder__name", "id")
    )


def invitation_counts(event: Event) -> dict[str, int]:
    """Organisations invited, declined, with someone registered, with someone there."""
    state = Registration.State
    return Invitation.objects.filter(event=event).aggregate(
        invited=Count("pk", distinct=True),
        declined=Count("pk", distinct=True, filter=Q(declined_at__isnull=False)),
        registered=Count(
            "pk",
            distinct=True,
            filter=Q(registrations__state__in=[state.CONFIRMED, state.WAITING]),
        ),
        attended=Count(
            "pk",
            distinct=True,
            filter=Q(
                registrations__state=state.CONFIRMED, registrations__attended_at__isnull=False
            ),
        ),
    )
