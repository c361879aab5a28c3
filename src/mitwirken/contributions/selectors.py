"""Reads for needs. The list runs a fixed number of queries whatever the page size."""

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Length, Substr
from django.db.models.lookups import GreaterThan
from django.http import Http404

from mitwirken.core import pagecache
from mitwirken.core.compiled import Compiled
from mitwirken.processes import selectors as process_selectors
from mitwirken.processes.models import Process, Region, StakeholderGroup
from mitwirken.processes.selectors import Taxonomy

from .models import FIELD_SLICE, Need, group_slice, region_slice

ORDERINGS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "supported": ("-support_count", "-created_at", "-id"),
    "commented": ("-comment_count", "-created_at", "-id"),
}
DEFAULT_ORDERING = "newest"
# The list shows the start of each text; the rest does not leave the database.
EXCERPT_LENGTH = 240


# The value of the region filter for needs that concern the whole state (no region).
STATEWIDE = "statewide"


SEARCH_MAX_LENGTH = 100


@dataclass
class NeedFilters:
    """What the needs list is filtered and ordered by, as ids. The web pages and a later
    API build it from the query string with ``from_query``."""

    field_of_action_id: int | None = None
    region_id: int | None = None
    statewide: bool = False
    stakeholder_group_id: int | None = None
    status: str | None = None
    query: str = ""
    ordering: str = DEFAULT_ORDERING
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_query(cls, data: Mapping, taxonomy: Taxonomy) -> "NeedFilters":
        """From the values in an address (slugs and official keys, as the filter form
        offers them) to ids. Unknown values are left out: the form reports them."""
        region_value = data.get("region") or ""
        field_of_action, region, group = taxonomy.pick(
            data.get("field"), region_value, data.get("group")
        )
        status = data.get("status") or None
        ordering = data.get("sort") or DEFAULT_ORDERING
        return cls(
            field_of_action_id=field_of_action.pk if field_of_action else None,
            region_id=region.pk if region else None,
            statewide=region_value == STATEWIDE,
            stakeholder_group_id=group.pk if group else None,
            status=status if status in Need.Status.values else None,
            # a search is at most 100 characters: no request runs unbounded
            query=" ".join((data.get("q") or "").split())[:SEARCH_MAX_LENGTH],
            ordering=ordering if ordering in ORDERINGS else DEFAULT_ORDERING,
        )

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.field_of_action_id
            or self.region_id
            or self.statewide
            or self.stakeholder_group_id
            or self.status
            or self.query
        )

    def scopes(self, process_id: int) -> list[pagecache.Scope]:
        """What a list page or count with these filters depends on: the process's set-up
        and the narrowest slices its filters name, or all of the process's needs when it
        names none (see Need.cache_scopes)."""
        slices = []
        if self.field_of_action_id:
            slices.append((FIELD_SLICE, self.field_of_action_id))
        if self.statewide or self.region_id:
            slices.append(region_slice(process_id, self.region_id))
        if self.stakeholder_group_id:
            slices.append(group_slice(process_id, self.stakeholder_group_id))
        return [(pagecache.SETUP, process_id), *(slices or [(pagecache.PROCESS, process_id)])]


def visible_needs(process: Process) -> QuerySet[Need]:
    return Need.objects.filter(process=process, is_hidden=False)


def search(qs: QuerySet[Need], query: str) -> QuerySet[Need]:
    """German full-text search on PostgreSQL; a plain substring match on SQLite."""
    query = query.strip()
    if not query:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return qs.filter(search_vector=SearchQuery(query, config="german", search_type="websearch"))
    condition = Q()
    for word in query.split()[:8]:
        condition &= Q(title__icontains=word) | Q(text__icontains=word)
    return qs.filter(condition)


def filtered_needs(process: Process, filters: NeedFilters) -> QuerySet[Need]:
    qs = visible_needs(process)
    if filters.field_of_action_id:
        qs = qs.filter(field_of_action_id=filters.field_of_action_id)
    if filters.statewide:
        qs = qs.filter(region__isnull=True)
    elif filters.region_id:
        qs = qs.filter(region_id=filters.region_id)
    if filters.stakeholder_group_id:
        qs = qs.filter(stakeholder_group_id=filters.stakeholder_group_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    qs = search(qs, filters.query)
    return qs.order_by(*ORDERINGS.get(filters.ordering, ORDERINGS[DEFAULT_ORDERING]))


class _CountedPaginator(Paginator):
    """A paginator that is told the number of rows instead of counting them itself."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _filters_vary(filters: NeedFilters) -> tuple:
    return (
        filters.field_of_action_id,
        filters.region_id,
        filters.statewide,
        filters.stakeholder_group_id,
        filters.status,
        " ".join(filters.query.split()).lower(),
    )


def count_needs(process: Process, filters: NeedFilters) -> int:
    """How many visible needs match the filters. Cached until a need in the filtered slice
    is added, edited or hidden; supports and comments do not change it."""
    return pagecache.get_or_build(
        "need-count",
        repr(_filters_vary(filters)),
        lambda: filtered_needs(process, filters).order_by().count(),
        scopes=filters.scopes(process.pk),
    )


# Orderings that follow the counters: their pages change with supports and comments.
ORDERED_BY_COUNTS = ("supported", "commented")


def _page_ids(process: Process, filters: NeedFilters, page_obj) -> list[int]:
    """The ids of one page of the list, in order. Cached like the count: until a need in
    the filtered slice is added, edited or hidden — and for the orderings by supports or
    comments also after a support or comment, within COUNTS_MAX_AGE like a cached page.
    The first view after a support then reads only the page's rows."""
    number, per_page = page_obj.number, page_obj.paginator.per_page
    rows = page_obj.object_list  # a range: the page's positions in the ordered list
    activity = [(pagecache.PROCESS, process.pk)] if filters.ordering in ORDERED_BY_COUNTS else []
    return pagecache.get_or_build(
        "need-page-ids",
        repr((*_filters_vary(filters), filters.ordering, per_page, number)),
        lambda: list(
            filtered_needs(process, filters).values_list("pk", flat=True)[rows.start : rows.stop]
        ),
        scopes=filters.scopes(process.pk),
        activity=activity,
    )


class NeedRow:
    """A need as the list shows it: the columns ``needs_page`` reads, its field of action,
    region, group and author's name. Not a model instance (nothing to save or follow)."""

    __slots__ = (
        "pk",
        "field_of_action_id",
        "region_id",
        "stakeholder_group_id",
        "title",
        "created_at",
        "status",
        "support_count",
        "comment_count",
        "byline",
        "language",
        "author_id",
        "author_name",
        "excerpt",
        "is_truncated",
        "field_of_action",
        "region",
        "stakeholder_group",
    )
    COLUMNS = __slots__[:15]

    def __init__(self, values) -> None:
        for name, value in zip(self.COLUMNS, values, strict=True):
            setattr(self, name, value)

    @property
    def id(self) -> int:
        return self.pk


@functools.lru_cache(maxsize=16)
def _rows_sql(vendor: str, count: int) -> tuple | None:
    """The SELECT of ``count`` needs by id, compiled by the ORM once per size (and
    database): its SQL, the parameters before the ids, and the compiler with the
    converters the ORM applies to such rows (e.g. SQLite's dates). None when the compiled
    shape is not the expected one, the ids last (then the ORM runs the query itself)."""
    marks = [-(10**12) - i for i in range(count)]  # no need has these ids
    compiler = _rows_query(marks).query.get_compiler(using="default")
    sql, params = compiler.as_sql()
    if list(params[-count:]) != marks:
        return None
    converters = compiler.get_converters([column[0] for column in compiler.select])
    return sql, tuple(params[:-count]), compiler, converters


def _rows_query(ids):
    return (
        Need.objects.filter(pk__in=ids)
        .values_list(
            *NeedRow.COLUMNS[:12],
            "author__display_name",
            Substr("text", 1, EXCERPT_LENGTH),
            GreaterThan(Length("text"), EXCERPT_LENGTH),
        )
        .order_by()
    )


def _page_rows(ids: list[int]) -> list[NeedRow]:
    """The needs with these ids, in this order."""
    if not ids:
        return []
    compiled = _rows_sql(connection.vendor, len(ids))
    if compiled is None:
        rows = list(_rows_query(ids))
    else:
        sql, before, compiler, converters = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, (*before, *ids))
            rows = cursor.fetchall()
        if converters:  # the backend's value converters only read settings, no connection
            rows = list(compiler.apply_converters(rows, converters))
    found = {}
    for values in rows:
        row = NeedRow(values)
        row.is_truncated = bool(row.is_truncated)  # SQLite answers 0 or 1
        found[row.pk] = row
    return [found[pk] for pk in ids if pk in found]


def needs_page(
    process: Process, filters: NeedFilters, *, page: str | int, per_page: int, taxonomy=None
):
    """One page of needs: a (cached) COUNT and one SELECT joining only the authors. The
    fields of action, regions and groups come from the process's (cached) taxonomy.

    The page's ids come first, from the index alone; only then are the authors joined and
    the texts' beginnings read — for these 20 rows, not for every row skipped on the way to
    a deep page (page 37: 3.3 ms became 0.6 ms in PostgreSQL). The rows are plain objects
    (``NeedRow``) read with SQL compiled once per page size (``_rows_sql``): the ORM's
    compiling and model instances were two thirds of the list's query time."""
    taxonomy = taxonomy or process_selectors.taxonomy(process)
    count = count_needs(process, filters)
    paginator = _CountedPaginator(range(count), per_page, count=count)
    try:
        page_obj = paginator.page(page)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    needs = _page_rows(_page_ids(process, filters, page_obj))
    fields, regions, groups = taxonomy.by_id()
    # A region or group the process no longer offers still shows (one query, rarely).
    missing_regions = {n.region_id for n in needs if n.region_id and n.region_id not in regions}
    if missing_regions:
        regions.update(Region.objects.in_bulk(missing_regions))
    missing_groups = {
        n.stakeholder_group_id
        for n in needs
        if n.stakeholder_group_id and n.stakeholder_group_id not in groups
    }
    if missing_groups:
        groups.update(StakeholderGroup.objects.in_bulk(missing_groups))
    for need in needs:
        need.field_of_action = fields[need.field_of_action_id]
        need.region = regions.get(need.region_id)
        need.stakeholder_group = groups.get(need.stakeholder_group_id)
    page_obj.object_list = needs
    return page_obj


def excerpt_of(need: Need) -> str:
    """The start of a need's text as the list shows it (annotated by ``needs_page``), cut
    at a word boundary when the text goes on."""
    if not need.is_truncated:
        return need.excerpt
    head, _space, _rest = need.excerpt.rpartition(" ")
    return (head or need.excerpt).rstrip(" ,;:.-–")


def last_edit_by_others(need: Need):
    """The latest change of the need by someone other than its author, or None."""
    return need.edits.order_by("-created_at", "-id").first()


_need_by_id = Compiled(
    lambda process_id, pk: (
        Need.objects.select_related("author").filter(process_id=process_id, pk=pk).order_by()
    ),
    arity=2,
)


def get_need(process: Process, pk: int) -> Need:
    """A need of the process with its author; its field of action, region and group come
    from the process's (cached) taxonomy, as in the list — a join of six tables cost more
    to plan in PostgreSQL (about 2 ms) than to run."""
    found = _need_by_id(process.pk, int(pk))
    if not found:
        raise Http404
    need = found[0]
    fields, regions, groups = process_selectors.taxonomy(process).by_id()
    need.process = process
    need.field_of_action = fields.get(need.field_of_action_id) or need.field_of_action
    if need.region_id:  # one query, rarely: a region the process no longer offers
        need.region = regions.get(need.region_id) or need.region
    if need.stakeholder_group_id:
        need.stakeholder_group = groups.get(need.stakeholder_group_id) or need.stakeholder_group
    return need


def figures(process: Process) -> dict[str, int]:
    """Participation in figures. Cached: the numbers of needs, people and regions are exact;
    the sums of supports and comments may be up to MITWIRKEN_COUNTS_MAX_AGE seconds old."""

    def build() -> dict[str, int]:
        result = visible_needs(process).aggregate(
            needs=Count("id"),
            supports=Sum("support_count"),
            comments=Sum("comment_count"),
            authors=Count("author", distinct=True),
            regions=Count("region", distinct=True),
        )
        return {key: value or 0 for key, value in result.items()}

    scope = (pagecache.PROCESS, process.pk)
    return pagecache.get_or_build("figures", "", build, scopes=[scope], activity=[scope])


def needs_per_field(process: Process) -> dict[int, int]:
    """Visible needs per field of action id (cached until the process's needs change)."""

    def build() -> dict[int, int]:
        return dict(
            visible_needs(process)
            .order_by()
            .values_list("field_of_action_id")
            .annotate(n=Count("id"))
            .values_list("field_of_action_id", "n")
        )

    return pagecache.get_or_build(
        "needs-per-field", "", build, scopes=[(pagecache.PROCESS, process.pk)]
    )


def needs_of(user) -> QuerySet[Need]:
    """A person's own needs in every process, newest first (hidden ones included)."""
    return (
        Need.objects.filter(author=user)
        .select_related("process", "field_of_action", "region", "stakeholder_group")
        .order_by("-created_at", "-id")
    )


def personal_data(user) -> list[dict]:
    """Everything a person wrote as needs, for the data export (DSGVO Art. 15 and 20)."""
    return [
        {
            "id": need.pk,
            "process": need.process.title,
            "title": need.title,
            "text": need.text,
            "field_of_action": need.field_of_action.title,
            "region": need.region.name if need.region else None,
            "stakeholder_group": need.stakeholder_group.name if need.stakeholder_group else None,
            "target_group": need.target_group,
            "status": need.status,
            "public_answer": need.response,
            "hidden_by_moderation": need.is_hidden,
            "submitted_at": need.created_at.isoformat(),
            "updated_at": need.updated_at.isoformat(),
        }
        for need in needs_of(user).order_by("created_at", "id")
    ]


def untold_status_changes(process_id: int) -> int:
    """Status changes of a process's needs not yet sent to their authors in a digest."""
    from .models import StatusChange

    return StatusChange.objects.filter(
        need__process_id=process_id, notified_at__isnull=True
    ).count()
