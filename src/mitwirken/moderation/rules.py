"""Who may report and moderate. Moderators (and organisers) of a process, in that process."""

import rules

from mitwirken.processes.rules import is_process_moderator, may_view_process

# Anyone logged in may report what they can see.
rules.add_perm("moderation.report", rules.is_authenticated & may_view_process)
rules.add_perm("moderation.moderate", is_process_moderator)
