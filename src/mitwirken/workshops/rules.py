"""Who may run a workshop board: the process's organisers, event staff, and the people the
organisers named as its facilitators. Guests act through their guest record (services)."""

import rules

from mitwirken.processes.rules import is_event_staff


@rules.predicate
def facilitates(user, board) -> bool:
    if board is None or not getattr(user, "is_authenticated", False):
        return False
    if is_event_staff(user, board.workshop.event.process):
        return True
    if getattr(user, "pk", None) is None or board.pk is None:
        return False
    return board.facilitators.filter(pk=user.pk).exists()


rules.add_perm("workshops.facilitate", facilitates)
