"""The only code that writes processes' models."""

import datetime

from django.db import transaction

from mitwirken.accounts.models import Organisation, User
from mitwirken.core import pagecache

from .models import FieldOfAction, Phase, Process, ProcessMembership, Region, StakeholderGroup


@transaction.atomic
def create_process(
    *,
    title: str,
    slug: str,
    summary: str,
    organiser: Organisation,
    description: str = "",
    published: bool = False,
    regions: list[Region] | None = None,
    stakeholder_groups: list[StakeholderGroup] | None = None,
) -> Process:
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
    return process


def add_phase(
    *,
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
    position = process.phases.count()
    return Phase.objects.create(
        process=process,
        kind=kind,
        title=title,
        description=description,
        start_date=start_date,
        end_date=end_date,
        position=position,
        allows_needs=allows_needs,
        allows_comments=allows_comments,
        allows_supports=allows_supports,
    )


def add_field_of_action(
    *, process: Process, slug: str, title: str, description: str = ""
) -> FieldOfAction:
    position = process.fields_of_action.count()
    return FieldOfAction.objects.create(
        process=process, slug=slug, title=title, description=description, position=position
    )


def assign_role(*, process: Process, user: User, role: str) -> ProcessMembership:
    membership, _created = ProcessMembership.objects.get_or_create(
        process=process, user=user, role=role
    )
    return membership


def settings_changed(*, process_ids: list[int]) -> None:
    """Tells the caches that processes were set up anew (title, phases, fields of action,
    regions, groups). Called by the admin, the organisers' set-up tool."""
    scopes = [(kind, pk) for pk in process_ids for kind in (pagecache.PROCESS, pagecache.SETUP)]
    pagecache.changed(*scopes)
