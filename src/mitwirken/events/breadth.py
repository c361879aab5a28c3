"""The breadth of participation: who was invited, who registered, who came, by stakeholder
group and region, for one event or the whole process; and the access needs to plan for.

All figures come from a handful of grouped queries (never one per cell), counted now."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Lower, Trim

from mitwirken.processes.models import Process

from .models import Event, Invitation, Registration

PLACE_HOLDING = (Registration.State.CONFIRMED, Registration.State.WAITING)


@dataclass
class Cell:
    invited: int = 0
    registered: int = 0
    attended: int = 0

    def add(self, other: "Cell") -> None:
        self.invited += other.invited
        self.registered += other.registered
        self.attended += other.attended

    @property
    def gap(self) -> bool:
        """Invited, but nobody registered."""
        return self.invited > 0 and self.registered == 0


@dataclass
class Row:
    group: object  # a StakeholderGroup, or None for "not specified"
    cells: list[Cell]
    total: Cell = field(default_factory=Cell)


@dataclass
class Breadth:
    regions: list  # Region objects, and None for "not specified" when it occurs
    rows: list[Row]
    column_totals: list[Cell]
    total: Cell
    # For one event, a gap is a group or region that was invited and sent nobody (a
    # regional conference does not invite the whole state); for the process, any group or
    # region with nobody registered.
    whole_process: bool = True

    def _is_gap(self, cell: Cell) -> bool:
        return cell.registered == 0 and (self.whole_process or cell.invited > 0)

    @property
    def missing_groups(self) -> list:
        return [row.group for row in self.rows if row.group is not None and self._is_gap(row.total)]

    @property
    def missing_regions(self) -> list:
        return [
            region
            for region, cell in zip(self.regions, self.column_totals, strict=True)
            if region is not None and self._is_gap(cell)
        ]


def breadth(process: Process, event: Event | None = None) -> Breadth:
    """The matrix of stakeholder groups × regions with invited / registered / attended.
    Registered counts people with a place or on the waiting list; invited counts
    organisations (distinct per event)."""
    invitations = Invitation.objects.filter(event__process=process)
    registrations = Registration.objects.filter(event__process=process)
    if event is not None:
        invitations = invitations.filter(event=event)
        registrations = registrations.filter(event=event)
    invited = Counter(
        {
            (r["stakeholder__stakeholder_group"], r["stakeholder__region"]): r["n"]
            for r in invitations.values(
                "stakeholder__stakeholder_group", "stakeholder__region"
            ).annotate(n=Count("pk"))
        }
    )
    counted = registrations.values("stakeholder_group", "region").annotate(
        registered=Count("pk", filter=Q(state__in=PLACE_HOLDING)),
        attended=Count(
            "pk", filter=Q(state=Registration.State.CONFIRMED, attended_at__isnull=False)
        ),
    )
    registered, attended = Counter(), Counter()
    for r in counted:
        key = (r["stakeholder_group"], r["region"])
        registered[key] += r["registered"]
        attended[key] += r["attended"]
    groups = list(process.stakeholder_groups.order_by("position", "name"))
    regions = list(process.regions.order_by("name"))
    keys = set(invited) | set(registered)
    if any(g is None for g, _r in keys):
        groups.append(None)
    if any(r is None for _g, r in keys):
        regions.append(None)
    rows, column_totals, total = [], [Cell() for _r in regions], Cell()
    for group in groups:
        g = group.pk if group else None
        row = Row(group=group, cells=[])
        for i, region in enumerate(regions):
            key = (g, region.pk if region else None)
            cell = Cell(invited[key], registered[key], attended[key])
            row.cells.append(cell)
            row.total.add(cell)
            column_totals[i].add(cell)
        total.add(row.total)
        rows.append(row)
    if event is not None:  # one event: only the regions it invited or heard from
        keep = [
            i
            for i, (region, cell) in enumerate(zip(regions, column_totals, strict=True))
            if cell.invited
            or cell.registered
            or (region is not None and region.pk == event.region_id)
        ]
        regions = [regions[i] for i in keep]
        column_totals = [column_totals[i] for i in keep]
        for row in rows:
            row.cells = [row.cells[i] for i in keep]
    return Breadth(
        regions=regions,
        rows=rows,
        column_totals=column_totals,
        total=total,
        whole_process=event is None,
    )


@dataclass
class AccessNeeds:
    interpreters: list[tuple[str, int]]  # (language, people)
    sign_language: int
    step_free: int
    childcare: int
    other: list[str]  # what people wrote, for the organisers to read

    @property
    def any(self) -> bool:
        return bool(
            self.interpreters
            or self.sign_language
            or self.step_free
            or self.childcare
            or self.other
        )


def access_needs(event: Event) -> AccessNeeds:
    """What the people with a place (or waiting for one) need, for planning."""
    people = Registration.objects.filter(event=event, state__in=PLACE_HOLDING)
    flags = people.aggregate(
        sign_language=Count("pk", filter=Q(sign_language=True)),
        step_free=Count("pk", filter=Q(step_free=True)),
        childcare=Count("pk", filter=Q(childcare=True)),
    )
    interpreters = (
        people.exclude(interpreter_language="")
        .annotate(spoken=Lower(Trim("interpreter_language")))
        .values("spoken")
        .annotate(n=Count("pk"))
        .order_by("-n", "spoken")
    )
    return AccessNeeds(
        interpreters=[(r["spoken"].capitalize(), r["n"]) for r in interpreters],
        other=list(people.exclude(access_other="").values_list("access_other", flat=True)[:200]),
        **flags,
    )
