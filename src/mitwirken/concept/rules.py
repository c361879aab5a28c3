"""Who may write the concept (the process's organisers) and who may comment on a
published version (anyone logged in, while its comment period runs)."""

import rules

from mitwirken.processes.rules import is_process_moderator, is_process_organiser, may_view_process

rules.add_perm("concept.edit_concept", is_process_organiser)
rules.add_perm("concept.view_concept", may_view_process)
rules.add_perm("concept.comment", rules.is_authenticated)
rules.add_perm("concept.moderate_comment", is_process_moderator)
