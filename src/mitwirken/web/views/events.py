"""The conferences of a process: the list of upcoming and past events, an event's page."""

from django.shortcuts import render

from mitwirken.events import selectors
from mitwirken.processes import selectors as process_selectors

from ..access import process_of


def event_list(request, slug: str):
    process = process_of(request, slug)
    upcoming, past = selectors.upcoming_and_past(
        selectors.events_of(process, request.user), process_selectors.today()
    )
    return render(
        request,
        "web/event_list.html",
        {"process": process, "upcoming": upcoming, "past": past},
    )


def event_detail(request, slug: str, event: str):
    process = process_of(request, slug)
    event = selectors.get_event(process, event, request.user)
    return render(
        request,
        "web/event_detail.html",
        {
            "process": process,
            "event": event,
            "is_past": event.is_past(process_selectors.today()),
            "workshops": list(event.workshops.all()),
        },
    )
