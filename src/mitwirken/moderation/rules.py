import rules

from mitwirken.processes.rules import is_process_moderator

rules.add_perm("moderation.report", rules.is_authenticated)


@rules.predicate
def moderates(user, process) -> bool:
    return is_process_moderator(user, process)


rules.add_perm("moderation.moderate", moderates)
