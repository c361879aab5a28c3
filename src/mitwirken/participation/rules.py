"""Who may comment on and support needs. Phase-aware through processes/rules.py."""

import rules

from mitwirken.accounts.rules import is_self
from mitwirken.processes.rules import is_process_moderator, is_process_organiser, phase_allows


@rules.predicate
def comments_open(user, need) -> bool:
    return need is not None and not need.is_hidden and phase_allows(need.process, "allows_comments")


@rules.predicate
def supports_open(user, need) -> bool:
    return need is not None and not need.is_hidden and phase_allows(need.process, "allows_supports")


@rules.predicate
def moderates_comment(user, comment) -> bool:
    return comment is not None and is_process_moderator(user, comment.need.process)


@rules.predicate
def organises_need_process(user, need) -> bool:
    return need is not None and is_process_organiser(user, need.process)


rules.add_perm("participation.add_comment", rules.is_authenticated & comments_open)
rules.add_perm("participation.add_support", rules.is_authenticated & supports_open)
# Withdrawing is possible while supporting is: the count is part of the phase's result.
rules.add_perm("participation.withdraw_support", rules.is_authenticated & supports_open)
rules.add_perm("participation.moderate_comment", moderates_comment)
# Importing comments with their original author and date (the demo, paper minutes).
rules.add_perm("participation.import_comments", organises_need_process)
# A person erases what they wrote before their account is deleted.
rules.add_perm("participation.erase_own_participation", is_self)
