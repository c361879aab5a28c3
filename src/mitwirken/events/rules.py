"""Who may set up events: the process's organisers. Who may see them: everyone who may see
the process, once the event is published (organisers see drafts too)."""

import rules

from mitwirken.processes.rules import is_event_staff, is_process_organiser, may_view_process


@rules.predicate
def organises_event_process(user, event) -> bool:
    return event is not None and is_process_organiser(user, event.process)


@rules.predicate
def staffs_event(user, event) -> bool:
    return event is not None and is_event_staff(user, event.process)


@rules.predicate
def event_is_public(user, event) -> bool:
    return event is not None and event.is_public and may_view_process(user, event.process)


@rules.predicate
def registration_open(user, event) -> bool:
    """Published, the process published, not yet past, and within the registration window
    (if the organiser set one)."""
    from django.utils import timezone

    if event is None or event.state != event.State.PUBLISHED or not event.process.is_published:
        return False
    now = timezone.now()
    if event.date < timezone.localdate():
        return False
    if event.registration_opens and now < event.registration_opens:
        return False
    return not (event.registration_closes and now > event.registration_closes)


rules.add_perm("events.add_event", is_process_organiser)
# With or without an account: registration needs no login.
rules.add_perm("events.register", registration_open)
rules.add_perm("events.change_event", organises_event_process)
rules.add_perm("events.view_event", event_is_public | organises_event_process)
# The entrance: check-in, the attendance list and the name badges.
rules.add_perm("events.check_in", staffs_event)
