"""Reads for processes. Views get processes only through these functions."""

import copy
import datetime
import time
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from mitwirken.core import pagecache

from .models import FieldOfAction, Phase, Process, ProcessMembership, Region, StakeholderGroup
from .rules import is_process_organiser


def today() -> datetime.date:
    return timezone.localdate()


def visible_processes(user) -> QuerySet[Process]:
    """Published processes, plus drafts for the people who organise them."""
    qs = Process.objects.select_related("organiser")
    if getattr(user, "is_superuser", False):
        return qs
    published = qs.filter(state=Process.State.PUBLISHED)
    if not getattr(user, "is_authenticated", False):
        return published
    organised = ProcessMembership.objects.filter(
        user=user, role=ProcessMembership.Role.ORGANISER
    ).values("process_id")
    return qs.filter(pk__in=organised) | published


# Anonymous reads look processes up through a small per-worker memo: a process changes
# rarely, and the hot anonymous pages (the cached needs list) then need no database query
# at all. A change (e.g. unpublishing) reaches anonymous readers within this many seconds.
ANONYMOUS_LOOKUP_SECONDS = 10
_anonymous_lookups: dict[str, tuple[float, Process | None]] = {}


def _lookup(slug: str, user) -> Process | None:
    if getattr(user, "is_authenticated", False):
        return Process.objects.select_related("organiser").filter(slug=slug).first()
    now = time.monotonic()
    hit = _anonymous_lookups.get(slug)
    if hit is not None and now - hit[0] < ANONYMOUS_LOOKUP_SECONDS:
        return copy.copy(hit[1])
    process = Process.objects.select_related("organiser").filter(slug=slug).first()
    if len(_anonymous_lookups) > 1000:
        _anonymous_lookups.clear()
    _anonymous_lookups[slug] = (now, process)
    return copy.copy(process)


def forget_anonymous_lookups() -> None:
    _anonymous_lookups.clear()


def get_process(slug: str, user) -> Process:
    """The process with this slug if the user may see it; 404 otherwise (drafts stay hidden)."""
    process = _lookup(slug, user)
    if process is None:
        raise Http404
    if not process.is_published and not is_process_organiser(user, process):
        raise Http404
    return process


def phases(process: Process) -> list[Phase]:
    return list(process.phases.order_by("position", "start_date"))


def current_phase(phase_list: list[Phase], on: datetime.date | None = None) -> Phase | None:
    """The phase running on the given day (today by default): the last one if they overlap."""
    on = on or today()
    running = [phase for phase in phase_list if phase.is_current(on)]
    return running[-1] if running else None


def current_phase_of(process: Process, on: datetime.date | None = None) -> Phase | None:
    return current_phase(phases(process), on)


@dataclass(frozen=True)
class Taxonomy:
    fields: list[FieldOfAction]
    regions: list[Region]
    groups: list[StakeholderGroup]

    def field_by_slug(self) -> dict[str, FieldOfAction]:
        return {f.slug: f for f in self.fields}

    def region_by_key(self) -> dict[str, Region]:
        return {r.key: r for r in self.regions}

    def group_by_slug(self) -> dict[str, StakeholderGroup]:
        return {g.slug: g for g in self.groups}

    def by_id(self) -> tuple[dict, dict, dict]:
        """Fields of action, regions and groups by primary key."""
        return (
            {f.pk: f for f in self.fields},
            {r.pk: r for r in self.regions},
            {g.pk: g for g in self.groups},
        )


def taxonomy(process: Process) -> Taxonomy:
    """Fields of action, regions and stakeholder groups a process offers (three queries on
    a miss; cached until the process changes, see services.settings_changed)."""

    def build() -> Taxonomy:
        return Taxonomy(
            fields=list(process.fields_of_action.order_by("position", "title")),
            regions=list(process.regions.order_by("name")),
            groups=list(process.stakeholder_groups.order_by("position", "name")),
        )

    return pagecache.get_or_build("taxonomy", "", build, scopes=[(pagecache.PROCESS, process.pk)])


def roles_of(user) -> list[dict]:
    """A person's roles in processes, for the data export."""
    return [
        {"process": title, "role": role}
        for title, role in ProcessMembership.objects.filter(user=user)
        .order_by("process__title", "role")
        .values_list("process__title", "role")
    ]
