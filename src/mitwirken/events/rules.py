"""Who may set up events: the process's organisers. Who may see them: everyone who may see
the process, once the event is published (organisers see drafts too)."""

import rules

from mitwirken.processes.rules import is_process_organiser, may_view_process


@rules.predicate
def organises_event_process(user, event) -> bool:
    return event is not None and is_process_organiser(user, event.process)


@rules.predicate
def event_is_public(user, event) -> bool:
    return event is not None and event.is_public and may_view_process(user, event.process)


rules.add_perm("events.add_event", is_process_organiser)
rules.add_perm("events.change_event", organises_event_process)
rules.add_perm("events.view_event", event_is_public | organises_event_process)
