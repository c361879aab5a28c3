"""Who may do what with a process, and what its current phase allows.

Everything phase-aware in other apps' rules builds on the predicates here: a process is
open for X when it is published and the phase running today allows X. "Published, or the
person organises it" is decided here, once: ``may_view_process`` for one process and
``viewable_processes`` for a list (the two are tested to agree).
"""

import rules
from django.db.models import QuerySet

from .models import Process, ProcessMembership


def roles_in(user, process) -> frozenset[str]:
    """The user's roles in the process; memoised on the user object (one query per request)."""
    if process is None:
        return frozenset()
    return frozenset(_roles_by_process(user).get(process.pk, ()))


def has_any_role(user, roles) -> bool:
    """Whether the user has one of ``roles`` in any process (the header's "Manage")."""
    return any(set(roles) & held for held in _roles_by_process(user).values())


def roles_by_process(user) -> dict[int, set[str]]:
    """Every process the user has a role in, with the roles (memoised, one query)."""
    return _roles_by_process(user)


def _roles_by_process(user) -> dict[int, set[str]]:
    if user is None or not getattr(user, "is_authenticated", False):
        return {}
    if getattr(user, "pk", None) is None:  # the operator (core/actors.py) has no roles
        return {}
    cache = getattr(user, "_mitwirken_process_roles", None)
    if cache is None:
        cache = {}
        for process_id, role in ProcessMembership.objects.filter(user=user).values_list(
            "process_id", "role"
        ):
            cache.setdefault(process_id, set()).add(role)
        user._mitwirken_process_roles = cache
    return cache


@rules.predicate
def is_process_organiser(user, process) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return ProcessMembership.Role.ORGANISER in roles_in(user, process)


@rules.predicate
def is_process_moderator(user, process) -> bool:
    """Moderators, and organisers (who may do all a moderator may)."""
    if is_process_organiser(user, process):
        return True
    return ProcessMembership.Role.MODERATOR in roles_in(user, process)


@rules.predicate
def is_event_staff(user, process) -> bool:
    """Event staff at the entrance (check-in), and organisers."""
    if is_process_organiser(user, process):
        return True
    return ProcessMembership.Role.STAFF in roles_in(user, process)


@rules.predicate
def is_published(user, process) -> bool:
    return process is not None and process.is_published


may_view_process = is_published | is_process_organiser


def viewable_processes(user, qs: QuerySet[Process]) -> QuerySet[Process]:
    """``qs`` narrowed to the processes ``may_view_process`` allows the user to see."""
    if getattr(user, "is_superuser", False):
        return qs
    published = qs.filter(state=Process.State.PUBLISHED)
    if not getattr(user, "is_authenticated", False):
        return published
    organised = ProcessMembership.objects.filter(
        user=user, role=ProcessMembership.Role.ORGANISER
    ).values("process_id")
    return qs.filter(pk__in=organised) | published


# Phases ---------------------------------------------------------------------------------


def current_phase_cached(process):
    """The process's current phase, computed once per process object (one cached read)."""
    if not hasattr(process, "_mitwirken_current_phase"):
        from .selectors import current_phase_of  # selectors import this module

        process._mitwirken_current_phase = current_phase_of(process)
    return process._mitwirken_current_phase


def phase_allows(process, flag: str) -> bool:
    """Whether the process is published and the phase running today allows ``flag``
    (``allows_needs``, ``allows_comments``, ``allows_supports``)."""
    if process is None or not process.is_published:
        return False
    phase = current_phase_cached(process)
    return bool(phase and getattr(phase, flag))


@rules.predicate
def needs_open(user, process) -> bool:
    return phase_allows(process, "allows_needs")


@rules.predicate
def comments_open(user, process) -> bool:
    return phase_allows(process, "allows_comments")


@rules.predicate
def supports_open(user, process) -> bool:
    return phase_allows(process, "allows_supports")


@rules.predicate
def sets_up_processes(user) -> bool:
    """Superusers, and staff whom the admin lets add processes (the organisers' group,
    accounts.services.grant_organiser_admin)."""
    if getattr(user, "is_superuser", False):
        return True
    return bool(getattr(user, "is_staff", False) and user.has_perm("processes.add_process"))


rules.add_perm("processes.view_process", may_view_process)
rules.add_perm("processes.organise_process", is_process_organiser)
rules.add_perm("processes.create_process", sets_up_processes)
