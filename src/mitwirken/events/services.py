"""The only code that writes events and workshops. Every public function takes the actor
and checks its own rule (events/rules.py)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mitwirken.core.text import clean_text
from mitwirken.processes.models import FieldOfAction, Process, Region

from .models import Event, Workshop


def _positive(value: int, field: str) -> int:
    if value is None or value < 1:
        raise ValidationError({field: [_("Please enter at least one place.")]})
    return value


@transaction.atomic
def create_event(
    *,
    actor,
    process: Process,
    kind: str,
    title: str,
    slug: str,
    date: datetime.date,
    capacity: int,
    description: str = "",
    venue: str = "",
    address: str = "",
    region: Region | None = None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    registration_opens: datetime.datetime | None = None,
    registration_closes: datetime.datetime | None = None,
    accessibility: str = "",
    published: bool = False,
) -> Event:
    """An organiser adds a conference to the process (a draft unless ``published``)."""
    if not actor.has_perm("events.add_event", process):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    title = clean_text(title, max_length=200, label=_("the title"))
    _positive(capacity, "capacity")
    if start_time and end_time and end_time < start_time:
        raise ValidationError({"end_time": [_("The event cannot end before it begins.")]})
    if registration_opens and registration_closes and registration_closes < registration_opens:
        raise ValidationError(
            {"registration_closes": [_("Registration cannot close before it opens.")]}
        )
    if Event.objects.filter(process=process, slug=slug).exists():
        raise ValidationError({"slug": [_("Another event of this process has this address.")]})
    return Event.objects.create(
        process=process,
        kind=kind,
        title=title,
        slug=slug,
        date=date,
        capacity=capacity,
        description=description.strip(),
        venue=venue.strip(),
        address=address.strip(),
        region=region,
        start_time=start_time,
        end_time=end_time,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        accessibility=accessibility.strip(),
        state=Event.State.PUBLISHED if published else Event.State.DRAFT,
    )


@transaction.atomic
def add_workshop(
    *,
    actor,
    event: Event,
    title: str,
    capacity: int,
    field_of_action: FieldOfAction | None = None,
    room: str = "",
) -> Workshop:
    """An organiser adds a workshop at the end of the event's list."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    title = clean_text(title, max_length=200, label=_("the title"))
    _positive(capacity, "capacity")
    if field_of_action is not None and field_of_action.process_id != event.process_id:
        raise ValidationError(
            {"field_of_action": [_("This field of action does not belong to the process.")]}
        )
    return Workshop.objects.create(
        event=event,
        title=title,
        capacity=capacity,
        field_of_action=field_of_action,
        room=room.strip(),
        position=event.workshops.count(),
    )
