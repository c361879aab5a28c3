"""Who may do what with a process. Roles are loaded once per user and request."""

import rules

from .models import ProcessMembership


def roles_in(user, process) -> frozenset[str]:
    """The user's roles in the process; memoised on the user object (one query per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or process is None:
        return frozenset()
    cache = getattr(user, "_mitwirken_process_roles", None)
    if cache is None:
        cache = {}
        for process_id, role in ProcessMembership.objects.filter(user=user).values_list(
            "process_id", "role"
        ):
            cache.setdefault(process_id, set()).add(role)
        user._mitwirken_process_roles = cache
    return frozenset(cache.get(process.pk, ()))


@rules.predicate
def is_process_organiser(user, process) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return ProcessMembership.Role.ORGANISER in roles_in(user, process)


@rules.predicate
def is_process_moderator(user, process) -> bool:
    if is_process_organiser(user, process):
        return True
    return ProcessMembership.Role.MODERATOR in roles_in(user, process)


@rules.predicate
def is_published(user, process) -> bool:
    return process is not None and process.is_published


rules.add_perm("processes.view_process", is_published | is_process_organiser)
rules.add_perm("processes.moderate_process", is_process_moderator)
rules.add_perm("processes.organise_process", is_process_organiser)
