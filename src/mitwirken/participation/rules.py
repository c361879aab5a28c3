import rules

from mitwirken.contributions.rules import phase_allows
from mitwirken.processes.rules import is_process_moderator


@rules.predicate
def comments_open(user, need) -> bool:
    return need is not None and not need.is_hidden and phase_allows(need.process, "allows_comments")


@rules.predicate
def supports_open(user, need) -> bool:
    return need is not None and not need.is_hidden and phase_allows(need.process, "allows_supports")


@rules.predicate
def moderates_comment(user, comment) -> bool:
    return comment is not None and is_process_moderator(user, comment.need.process)


rules.add_perm("participation.add_comment", rules.is_authenticated & comments_open)
rules.add_perm("participation.add_support", rules.is_authenticated & supports_open)
rules.add_perm("participation.moderate_comment", moderates_comment)
