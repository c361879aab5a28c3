"""Who may submit, edit and see needs. Phase-aware: the current phase decides what is open."""

import rules

from mitwirken.processes.rules import is_process_moderator, is_process_organiser
from mitwirken.processes.selectors import current_phase_of


def current_phase_cached(process):
    """The process's current phase, computed once per process object (one query)."""
    if not hasattr(process, "_mitwirken_current_phase"):
        process._mitwirken_current_phase = current_phase_of(process)
    return process._mitwirken_current_phase


def phase_allows(process, flag: str) -> bool:
    if process is None or not process.is_published:
        return False
    phase = current_phase_cached(process)
    return bool(phase and getattr(phase, flag))


@rules.predicate
def needs_open(user, process) -> bool:
    return phase_allows(process, "allows_needs")


@rules.predicate
def is_author(user, need) -> bool:
    return need is not None and user.is_authenticated and need.author_id == user.pk


@rules.predicate
def need_is_visible(user, need) -> bool:
    return need is not None and not need.is_hidden


@rules.predicate
def need_process_open(user, need) -> bool:
    return need is not None and phase_allows(need.process, "allows_needs")


@rules.predicate
def organises_need_process(user, need) -> bool:
    return need is not None and is_process_organiser(user, need.process)


@rules.predicate
def moderates_need_process(user, need) -> bool:
    return need is not None and is_process_moderator(user, need.process)


rules.add_perm("contributions.add_need", rules.is_authenticated & needs_open)
rules.add_perm(
    "contributions.change_need",
    (is_author & need_is_visible & need_process_open) | organises_need_process,
)
rules.add_perm("contributions.moderate_need", moderates_need_process)
