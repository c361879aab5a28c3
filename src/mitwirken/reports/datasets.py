"""The open data of a process: what the downloads (CSV, JSON) and the API hold, column by
column. Without personal data: no author, no name shown as author, no e-mail, no note on
where an import came from, no time of day; only needs and comments the moderators left
visible. Read in a fixed number of queries and streamed in chunks, for any size.

Each dataset names its columns once (the data dictionary page shows them) and the cache
scopes whose versions say when a built file is out of date (reports.selectors)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from mitwirken.approaches.models import APPROACHES, ActionApproach
from mitwirken.contributions.models import Need, StatusChange
from mitwirken.core import pagecache
from mitwirken.events.models import EVENTS, Event, Registration
from mitwirken.events.selectors import events_of
from mitwirken.processes.models import Process

CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # "integer", "string", "date", "boolean"
    description: object  # a lazy translation


@dataclass(frozen=True)
class Dataset:
    name: str
    title: object
    description: object
    columns: tuple[Column, ...]
    # The rows in order (a queryset of tuples, or a list for small computed ones) and the
    # function that turns one into the published row: one source for files and the API.
    source: Callable[[Process], tuple[Sequence | QuerySet, Callable[[tuple], tuple]]]
    scopes: Callable[[Process], list[pagecache.Scope]]
    # Scopes whose counters (supports, comments) the rows show: a file older than
    # settings.MITWIRKEN_COUNTS_MAX_AGE after a change of them is built again.
    activity: Callable[[Process], list[pagecache.Scope]] = lambda process: []

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def rows(self, process: Process) -> Iterator[tuple]:
        found, shape = self.source(process)
        if isinstance(found, QuerySet):
            found = found.iterator(chunk_size=CHUNK)
        for row in found:
            yield shape(row)

    def page(self, process: Process, offset: int, limit: int) -> tuple[int, list[tuple]]:
        """The number of rows and the rows from ``offset`` (at most ``limit``)."""
        found, shape = self.source(process)
        total = found.count() if isinstance(found, QuerySet) else len(found)
        return total, [shape(row) for row in found[offset : offset + limit]]


def _site_url(path: str) -> str:
    return settings.MITWIRKEN_SITE_URL + path


def _url_pattern(viewname: str, process: Process) -> str:
    """The public address of an object with "{}" for its number, built once per file
    (reverse() for each of 100,000 rows would cost seconds), in the default language."""
    with override(settings.LANGUAGE_CODE):
        return _site_url(reverse(viewname, kwargs={"slug": process.slug, "pk": 999999999})).replace(
            "999999999", "{}"
        )


def _day(value) -> str:
    return value.date().isoformat() if value else ""


def visible_needs(process: Process):
    return Need.objects.filter(process=process, is_hidden=False)


# Needs -----------------------------------------------------------------------------


NEED_COLUMNS = (
    Column("id", "integer", _("The need's number; its page is at the address in “url”.")),
    Column("title", "string", _("The need's title as written by its author.")),
    Column("text", "string", _("The need's description as written by its author.")),
    Column("field_of_action", "string", _("Short name of the field of action.")),
    Column("field_of_action_title", "string", _("Title of the field of action.")),
    Column(
        "region_key",
        "string",
        _("Official key of the district or independent city (empty: the whole state)."),
    ),
    Column("region", "string", _("Name of the district or independent city.")),
    Column("stakeholder_group", "string", _("Short name of the stakeholder group, if given.")),
    Column("target_group", "string", _("Whom the need is about, as written by its author.")),
    Column(
        "source",
        "string",
        _("How it came in: online (the form), workshop (a card at a conference), import."),
    ),
    Column("event", "string", _("Short name of the conference where it was raised, if any.")),
    Column("language", "string", _("Language the need is written in (ISO 639-1).")),
    Column(
        "status",
        "string",
        _("What became of it: received, in_review, adopted, not_adopted or merged."),
    ),
    Column("response", "string", _("The organisers' public answer.")),
    Column("merged_into", "integer", _("Number of the need it was merged into, if merged.")),
    Column("supports", "integer", _("Number of people who support it.")),
    Column("comments", "integer", _("Number of visible comments.")),
    Column("submitted", "date", _("Day it was submitted.")),
    Column("url", "string", _("Address of its public page.")),
)


def _need_source(process: Process):
    url = _url_pattern("web:need", process)

    def shape(row: tuple) -> tuple:
        return (*row[:-1], _day(row[-1]), url.format(row[0]))

    qs = (
        visible_needs(process)
        .order_by("id")
        .values_list(
            "id",
            "title",
            "text",
            "field_of_action__slug",
            "field_of_action__title",
            "region__key",
            "region__name",
            "stakeholder_group__slug",
            "target_group",
            "source",
            "card__board__workshop__event__slug",
            "language",
            "status",
            "response",
            "merged_into_id",
            "support_count",
            "comment_count",
            "created_at",
        )
    )
    return qs, shape


def _need_scopes(process: Process) -> list[pagecache.Scope]:
    return [(pagecache.SETUP, process.pk), (pagecache.PROCESS, process.pk)]


# Action approaches -------------------------------------------------------------------


APPROACH_COLUMNS = (
    Column("id", "integer", _("The action approach's number.")),
    Column("title", "string", _("Title.")),
    Column("description", "string", _("What is to be done.")),
    Column("field_of_action", "string", _("Short name of the field of action.")),
    Column("status", "string", _("draft, agreed or in_concept (taken into the concept).")),
    Column("horizon", "string", _("Time horizon: short, medium or long.")),
    Column("priority", "integer", _("Priority: 1 high, 2 medium, 3 low.")),
    Column("responsible_actors", "string", _("Who is to act, as the organisers wrote it.")),
    Column(
        "responsible_groups",
        "string",
        _("Short names of the responsible stakeholder groups, separated by “;”."),
    ),
    Column("needs", "integer", _("Number of visible needs behind it.")),
    Column("created", "date", _("Day it was created.")),
    Column("url", "string", _("Address of its public page.")),
)


def _approach_source(process: Process):
    url = _url_pattern("web:approach", process)
    groups: dict[int, list[str]] = {}
    for approach_id, slug in (
        ActionApproach.responsible_groups.through.objects.filter(actionapproach__process=process)
        .order_by("stakeholdergroup__slug")
        .values_list("actionapproach_id", "stakeholdergroup__slug")
    ):
        groups.setdefault(approach_id, []).append(slug)
    qs = (
        ActionApproach.objects.filter(process=process)
        .annotate(n=Count("needs", filter=Q(needs__is_hidden=False), distinct=True))
        .order_by("id")
        .values_list(
            "id",
            "title",
            "description",
            "field_of_action__slug",
            "status",
            "horizon",
            "priority",
            "responsible_actors",
            "n",
            "created_at",
        )
    )

    def shape(row: tuple) -> tuple:
        pk, title, description, field, status, horizon, priority, actors, n, created = row
        return (
            pk, title, description, field, status, horizon, priority, actors,
            ";".join(groups.get(pk, [])), n, _day(created), url.format(pk),
        )  # fmt: skip

    return qs, shape


def _approach_scopes(process: Process) -> list[pagecache.Scope]:
    return [*_need_scopes(process), (APPROACHES, process.pk)]


LINK_COLUMNS = (
    Column("approach_id", "integer", _("Number of the action approach.")),
    Column("need_id", "integer", _("Number of a need behind it.")),
)


def _link_source(process: Process):
    qs = (
        ActionApproach.needs.through.objects.filter(
            actionapproach__process=process, need__is_hidden=False
        )
        .order_by("actionapproach_id", "need_id")
        .values_list("actionapproach_id", "need_id")
    )
    return qs, tuple


# Status history ----------------------------------------------------------------------


STATUS_COLUMNS = (
    Column("need_id", "integer", _("Number of the need.")),
    Column("old_status", "string", _("Status before the change.")),
    Column("status", "string", _("Status after the change.")),
    Column("response", "string", _("The public answer given with the change.")),
    Column("changed", "date", _("Day of the change.")),
)


def _status_source(process: Process):
    qs = (
        StatusChange.objects.filter(need__process=process, need__is_hidden=False)
        .order_by("created_at", "id")
        .values_list("need_id", "old_status", "status", "response", "created_at")
    )

    def shape(row: tuple) -> tuple:
        return (*row[:-1], _day(row[-1]))

    return qs, shape


# Events ------------------------------------------------------------------------------


EVENT_COLUMNS = (
    Column("event", "string", _("Short name of the event.")),
    Column("kind", "string", _("Kind of event.")),
    Column("title", "string", _("Title.")),
    Column("date", "date", _("Day of the event.")),
    Column("venue", "string", _("Venue.")),
    Column("region_key", "string", _("Official key of the district or city where it takes place.")),
    Column("region", "string", _("Name of the district or city.")),
    Column("cancelled", "boolean", _("true if the event was cancelled.")),
    Column("places", "integer", _("Number of places.")),
    Column("attended", "integer", _("Number of people checked in.")),
    Column("needs", "integer", _("Number of visible needs raised in its workshops.")),
)


def _public_events(process: Process) -> list[Event]:
    return events_of(process, AnonymousUser())


def _event_source(process: Process):
    events = _public_events(process)
    attended = dict(
        Registration.objects.filter(event__in=events, attended_at__isnull=False)
        .order_by()
        .values_list("event_id")
        .annotate(n=Count("id"))
    )
    needs = dict(
        visible_needs(process)
        .filter(card__board__workshop__event__in=events)
        .order_by()
        .values_list("card__board__workshop__event_id")
        .annotate(n=Count("id"))
    )
    rows = [
        (
            e.slug,
            e.kind,
            e.title,
            e.date.isoformat(),
            e.venue,
            e.region.key if e.region else "",
            e.region.name if e.region else "",
            e.state == Event.State.CANCELLED,
            e.capacity,
            attended.get(e.pk, 0),
            needs.get(e.pk, 0),
        )  # fmt: skip
        for e in events
    ]
    return rows, tuple


def _event_scopes(process: Process) -> list[pagecache.Scope]:
    return [*_need_scopes(process), (EVENTS, process.pk)]


# Statistics --------------------------------------------------------------------------


STATISTICS_COLUMNS = (
    Column(
        "measure",
        "string",
        _(
            "What is counted: needs_by_field, needs_by_status, needs_by_source, "
            "needs_by_region, needs_by_group, approaches_by_field, attended_by_event, "
            "attended_by_group, attended_by_region."
        ),
    ),
    Column("key", "string", _("Short name or key of what the row counts (empty: not given).")),
    Column("label", "string", _("Its name.")),
    Column("value", "integer", _("The number.")),
)


def statistics(process: Process) -> list[tuple]:
    """Every figure of the process as (measure, key, label, value), in a fixed number of
    queries: what the appendix "Beteiligung in Zahlen" shows, as data."""
    rows: list[tuple] = []
    needs = visible_needs(process).order_by()

    def counted(measure, qs, key, label, choices=None):
        for k, lab, n in qs.values_list(key, label).annotate(n=Count("id")).order_by(key):
            shown = str(dict(choices).get(k, k)) if choices else (lab or "")
            rows.append((measure, k or "", shown, n))

    with override(settings.LANGUAGE_CODE):
        counted("needs_by_field", needs, "field_of_action__slug", "field_of_action__title")
        counted("needs_by_status", needs, "status", "status", Need.Status.choices)
        counted("needs_by_source", needs, "source", "source", Need.Source.choices)
        counted("needs_by_region", needs, "region__key", "region__name")
        counted("needs_by_group", needs, "stakeholder_group__slug", "stakeholder_group__name")
        counted(
            "approaches_by_field",
            ActionApproach.objects.filter(process=process).order_by(),
            "field_of_action__slug",
            "field_of_action__title",
        )
        events = _public_events(process)
        present = Registration.objects.filter(event__in=events, attended_at__isnull=False)
        counted("attended_by_event", present.order_by(), "event__slug", "event__title")
        counted(
            "attended_by_group",
            present.order_by(),
            "stakeholder_group__slug",
            "stakeholder_group__name",
        )
        counted("attended_by_region", present.order_by(), "region__key", "region__name")
    return rows


def _statistics_source(process: Process):
    return statistics(process), tuple


def _everything(process: Process) -> list[pagecache.Scope]:
    return [*_event_scopes(process), (APPROACHES, process.pk)]


def _counters(process: Process) -> list[pagecache.Scope]:
    return [(pagecache.PROCESS, process.pk)]


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "needs",
            _("Needs"),
            _("Every visible need with its field of action, region, status and counts."),
            NEED_COLUMNS,
            _need_source,
            _need_scopes,
            _counters,
        ),
        Dataset(
            "approaches",
            _("Action approaches"),
            _("The action approaches drawn up from the needs."),
            APPROACH_COLUMNS,
            _approach_source,
            _approach_scopes,
        ),
        Dataset(
            "approach-needs",
            _("Links between action approaches and needs"),
            _("Which needs stand behind which action approach (one row per link)."),
            LINK_COLUMNS,
            _link_source,
            _approach_scopes,
        ),
        Dataset(
            "status-changes",
            _("Status history of the needs"),
            _("Every change of a need's status, with the public answer given."),
            STATUS_COLUMNS,
            _status_source,
            _need_scopes,
        ),
        Dataset(
            "events",
            _("Events"),
            _("The conferences with their places, attendance and the needs raised there."),
            EVENT_COLUMNS,
            _event_source,
            _event_scopes,
        ),
        Dataset(
            "statistics",
            _("Statistics"),
            _(
                "Participation in figures: needs and attendance counted by field, status, "
                "region, stakeholder group and event."
            ),
            STATISTICS_COLUMNS,
            _statistics_source,
            _everything,
        ),
    )
}
FORMATS = ("csv", "json")
