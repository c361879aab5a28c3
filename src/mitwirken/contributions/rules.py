"""Who may submit, edit, import and moderate needs. Phase-aware through processes/rules.py:
the phase running today decides what is open."""

import rules

from mitwirken.accounts.rules import is_self
from mitwirken.processes.rules import (
    is_process_moderator,
    is_process_organiser,
    needs_open,
    phase_allows,
)


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
# Importing needs (paper cards, a workshop's results, the demo) with their original date
# and author: the process's organisers, whatever the phase.
rules.add_perm("contributions.import_needs", is_process_organiser)
# A person erases what they wrote before their account is deleted.
rules.add_perm("contributions.erase_own_needs", is_self)
# What became of a need (status, public answer, merges): the process's organisers.
rules.add_perm("contributions.set_status", organises_need_process)
