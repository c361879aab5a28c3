"""Who may see and change the stakeholder directory of a process: its organisers (and
superusers and the operator, who pass every rule)."""

import rules

from mitwirken.processes.rules import is_process_organiser

rules.add_perm("directory.manage_directory", is_process_organiser)
