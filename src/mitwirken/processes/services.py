"""The only code that writes processes' models. Each operation takes the actor and checks
its own rule (processes/rules.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from mitwirken.accounts.models import Organisation
from mitwirken.core import pagecache

from .models import FieldOfAction, Phase, Process, ProcessMembership, Region, StakeholderGroup


def _require(actor, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Only the process's organisers may do this."))


@transaction.atomic
def create_process(
    *,
    actor,
    title: str,
    slug: str,
    summary: str,
    organiser: Organisation,
    description: str = "",
    published: bool = False,
    regions: list[Region] | None = None,
    stakeholder_groups: list[StakeholderGroup] | None = None,
) -> Process:
    _require(actor, "processes.create_process")
    process = Process.objects.create(
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        organiser=organiser,
        state=Process.State.PUBLISHED if published else Process.State.DRAFT,
    )
    if regions:
        process.regions.set(regions)
    if stakeholder_groups:
        process.stakeholder_groups.set(stakeholder_groups)
    pagecache.changed(process)
    return process


@transaction.atomic
def _append(actor, process: Process, items, **fields):
    """Adds a phase or field of action at the end of the process's list."""
    _require(actor, "processes.organise_process", process)
    item = items.model.objects.create(process=process, position=items.count(), **fields)
    pagecache.changed(item)
    return item


def add_phase(
    *,
    actor,
    process: Process,
    kind: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    description: str = "",
    allows_needs: bool = False,
    allows_comments: bool = False,
    allows_supports: bool = False,
) -> Phase:
    return _append(
        actor,
        process,
        process.phases,
        kind=kind,
        title=title,
        description=description,
        start_date=start_date,
        end_date=end_date,
        allows_needs=allows_needs,
        allows_comments=allows_comments,
        allows_supports=allows_supports,
    )


def add_field_of_action(
    *, actor, process: Process, slug: str, title: str, description: str = ""
) -> FieldOfAction:
    return _append(
        actor, process, process.fields_of_action, slug=slug, title=title, description=description
    )


def assign_role(*, actor, process: Process, user, role: str) -> ProcessMembership:
    """Gives a person a role in the process (organisers, and the operator, may)."""
    _require(actor, "processes.organise_process", process)
    membership, _created = ProcessMembership.objects.get_or_create(
        process=process, user=user, role=role
    )
    return membership


def adopt_new_process(*, actor, process: Process) -> ProcessMembership:
    """The person who created a process in the admin becomes its organiser."""
    if process.memberships.exists() or not actor.has_perm("processes.create_process"):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    return ProcessMembership.objects.create(
        process=process, user=actor, role=ProcessMembership.Role.ORGANISER
    )


def change_setup(*, actor, changed: list) -> None:
    """Tells the cached pages that a process was set up anew in the admin (title, phases,
    fields of action, regions, groups): ``changed`` holds the saved or deleted objects.
    The admin checks the object permissions itself (processes/admin.py); this checks that
    the actor organises every process touched, so no other page can use it as a shortcut."""
    for obj in changed:
        process = obj if isinstance(obj, Process) else getattr(obj, "process", None)
        if process is not None and not actor.has_perm("processes.organise_process", process):
            raise PermissionDenied(_("Only the process's organisers may do this."))
        if process is None and not actor.is_superuser:  # shared regions and groups
            raise PermissionDenied(_("Only administrators may change shared lists."))
    pagecache.changed(*changed)
