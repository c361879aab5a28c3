"""The synthesis workspace is the organisers'."""

import rules

from mitwirken.processes.rules import is_process_organiser

rules.add_perm("analysis.use_workspace", is_process_organiser)
