"""Reads for processes. Views get processes only through these functions."""

import copy
import datetime
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from mitwirken.core import pagecache
from mitwirken.core.memo import LocalLRU

from .models import FieldOfAction, Phase, Process, ProcessMembership, Region, StakeholderGroup
from .rules import may_view_process, viewable_processes


def today() -> datetime.date:
    return timezone.localdate()


def visible_processes(user) -> QuerySet[Process]:
    """Published processes, plus drafts for the people who organise them."""
    return viewable_processes(user, Process.objects.select_related("organiser"))


# Processes are looked up through a per-worker memo, checked against the process's set-up
# version in the shared cache on every use (one cache read, no query): a change in the
# admin (publishing, phases, title) reaches every worker at once. An unknown address is
# remembered for MISSING_LOOKUP_SECONDS, so a flood of 404s does not reach the database.
# Both memos are thread-safe (core/memo.py): a worker's threads share them.
MISSING_LOOKUP_SECONDS = 10
_lookups = LocalLRU(1000)  # slug -> (set-up version, process)
_missing = LocalLRU(1000)  # slug -> when it was last not found


def _lookup(slug: str) -> Process | None:
    hit = _lookups.get(slug)
    if hit is not None:
        pk = hit[1].pk  # what the process's pages will ask for, in the same round trip
        pagecache.prefetch(
            [(pagecache.SETUP, pk), (pagecache.PROCESS, pk)], [(pagecache.PROCESS, pk)]
        )
        if pagecache.version((pagecache.SETUP, pk)) == hit[0]:
            return copy.copy(hit[1])
    missing_since = _missing.get(slug)
    if missing_since is not None and time.monotonic() - missing_since < MISSING_LOOKUP_SECONDS:
        return None
    _lookups.pop(slug, None)
    pk = Process.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if pk is None:
        _missing.set(slug, time.monotonic())
        return None
    current = pagecache.version((pagecache.SETUP, pk))  # read before the row: never newer
    process = Process.objects.select_related("organiser").filter(pk=pk).first()
    if process is None:
        return None
    _lookups.set(slug, (current, process))
    _missing.pop(slug, None)
    return copy.copy(process)


def forget_process_lookups() -> None:
    """Forgets this worker's memos (tests start each case with a clean slate)."""
    _lookups.clear()
    _missing.clear()
    _localized_taxonomies.clear()
    pagecache.forget_local()


def get_process(slug: str, user) -> Process:
    """The process with this slug if the user may see it; 404 otherwise (drafts stay hidden).
    Its title, summary and description in the active language where the organisers gave
    them (``shown_in`` says which language they are in)."""
    process = _lookup(slug)
    if process is None:
        raise Http404
    if not may_view_process(user, process):
        raise Http404
    return shown(process)


def shown(obj, original_language: str | None = None):
    """A copy of a process, phase, field of action or stakeholder group with its texts in
    the active language where a translation exists (processes.models.Translatable)."""
    if original_language is None:
        original_language = getattr(obj, "language", None) or settings.LANGUAGE_CODE
    return obj.localized(get_language() or settings.LANGUAGE_CODE, original_language)


def phases(process: Process) -> list[Phase]:
    """The process's phases in order (cached until its set-up changes)."""
    found = pagecache.get_or_build(
        "phases",
        "",
        lambda: list(process.phases.order_by("position", "start_date")),
        scopes=[(pagecache.SETUP, process.pk)],
    )
    return [shown(phase, process.language) for phase in found]


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

    def pick(
        self, field: str | None, region: str | None, group: str | None
    ) -> tuple[FieldOfAction | None, Region | None, StakeholderGroup | None]:
        """The field of action, region and group named in an address or a form (slug,
        official key, slug); None for each that is empty or unknown."""
        return (
            self.field_by_slug().get(field or ""),
            self.region_by_key().get(region or ""),
            self.group_by_slug().get(group or ""),
        )

    def by_id(self) -> tuple[dict, dict, dict]:
        """Fields of action, regions and groups by primary key."""
        return (
            {f.pk: f for f in self.fields},
            {r.pk: r for r in self.regions},
            {g.pk: g for g in self.groups},
        )


def collation_key(name: str) -> str:
    """Sorts names as a German reader expects ("Börde" before "Burgenlandkreis"): letters
    with umlauts next to their base letter, case ignored. Databases sort by code point."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def taxonomy(process: Process) -> Taxonomy:
    """Fields of action, regions and stakeholder groups a process offers (three queries on
    a miss; cached until the process is set up anew, see services.change_setup)."""

    def build() -> Taxonomy:
        return Taxonomy(
            fields=list(process.fields_of_action.order_by("position", "title")),
            regions=sorted(process.regions.all(), key=lambda r: collation_key(r.name)),
            groups=list(process.stakeholder_groups.order_by("position", "name")),
        )

    found = pagecache.get_or_build("taxonomy", "", build, scopes=[(pagecache.SETUP, process.pk)])
    # The localised copies are made once per built taxonomy and language in this worker
    # (read-only, like the cached taxonomy itself), not on every request.
    language = get_language() or settings.LANGUAGE_CODE
    key = (process.pk, language)
    kept = _localized_taxonomies.get(key)
    if kept is not None and kept[0] is found:
        return kept[1]
    localized = Taxonomy(
        fields=[shown(field, process.language) for field in found.fields],
        regions=found.regions,
        # the groups are shared by every process; their names are written in German
        groups=[shown(group, settings.LANGUAGE_CODE) for group in found.groups],
    )
    _localized_taxonomies.set(key, (found, localized))
    return localized


_localized_taxonomies = LocalLRU(256)  # (process, language) -> (built taxonomy, copies)


def roles_of(user) -> list[dict]:
    """A person's roles in processes, for the data export."""
    return [
        {"process": title, "role": role}
        for title, role in ProcessMembership.objects.filter(user=user)
        .order_by("process__title", "role")
        .values_list("process__title", "role")
    ]


def content_for_translation(process: Process):
    """The process, its phases, fields of action and stakeholder groups as written (not
    shown in another language), for the translation form (four queries)."""
    original = Process.objects.get(pk=process.pk)
    return (
        original,
        list(original.phases.order_by("position", "start_date")),
        list(original.fields_of_action.order_by("position", "title")),
        list(original.stakeholder_groups.order_by("position", "name")),
    )
