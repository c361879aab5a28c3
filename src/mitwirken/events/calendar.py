"""The calendar file (iCalendar, RFC 5545) of a person's place at an event: attached to the
confirmation mail and downloadable from the registration page."""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Registration


def ics_for(registration: Registration, link: str) -> str:
    event = registration.event
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.MITWIRKEN_SITE_NAME}//Mitwirken//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    host = settings.MITWIRKEN_SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "mitwirken"
    entry.add("uid", f"registration-{registration.token}@{host}")
    entry.add("dtstamp", timezone.now())
    if event.start_time:
        start = datetime.datetime.combine(event.date, event.start_time, tzinfo=tz)
        end_time = (
            event.end_time
            or (
                datetime.datetime.combine(event.date, event.start_time)
                + datetime.timedelta(hours=4)
            ).time()
        )
        entry.add("dtstart", start)
        entry.add("dtend", datetime.datetime.combine(event.date, end_time, tzinfo=tz))
    else:  # the times are not known yet: a whole-day entry
        entry.add("dtstart", event.date)
        entry.add("dtend", event.date + datetime.timedelta(days=1))
    entry.add("summary", event.title)
    location = ", ".join(part for part in (event.venue, event.address) if part)
    if location:
        entry.add("location", location)
    description = [event.title]
    if registration.workshop:
        room = f" ({registration.workshop.room})" if registration.workshop.room else ""
        description.append(f"{registration.workshop.title}{room}")
    description.append(link)
    entry.add("description", "\n".join(description))
    entry.add("url", link)
    if event.state == event.State.CANCELLED or registration.state == registration.State.CANCELLED:
        entry.add("status", "CANCELLED")
    else:
        entry.add("status", "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical().decode("utf-8")
