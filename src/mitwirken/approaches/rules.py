"""Who may make and change action approaches: the process's organisers. Everyone may read
those of a published process."""

import rules

from mitwirken.processes.rules import is_process_organiser, may_view_process

rules.add_perm("approaches.manage_approaches", is_process_organiser)
rules.add_perm("approaches.view_approaches", may_view_process)
