"""Reads for needs. The list runs a fixed number of queries whatever the page size."""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from mitwirken.processes.models import Process

from .models import Need

ORDERINGS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "supported": ("-support_count", "-created_at", "-id"),
    "commented": ("-comment_count", "-created_at", "-id"),
}
DEFAULT_ORDERING = "newest"


@dataclass
class NeedFilters:
    field_of_action_id: int | None = None
    region_id: int | None = None
    statewide: bool = False
    stakeholder_group_id: int | None = None
    status: str | None = None
    query: str = ""
    ordering: str = DEFAULT_ORDERING
    extra: dict = field(default_factory=dict)


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


def needs_page(process: Process, filters: NeedFilters, *, page: str | int, per_page: int):
    """One page of needs: a COUNT and one SELECT with its related rows joined in."""
    qs = (
        filtered_needs(process, filters)
        .select_related("field_of_action", "region", "stakeholder_group", "author")
        .only(
            "id",
            "process_id",
            "title",
            "text",
            "created_at",
            "status",
            "support_count",
            "comment_count",
            "target_group",
            "source",
            "field_of_action__title",
            "field_of_action__slug",
            "region__name",
            "region__key",
            "stakeholder_group__name",
            "author__display_name",
        )
    )
    paginator = Paginator(qs, per_page)
    try:
        page_obj = paginator.page(page)
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    page_obj.object_list = list(page_obj.object_list)
    return page_obj


def get_need(process: Process, pk: int) -> Need:
    need = (
        Need.objects.select_related(
            "process", "field_of_action", "region", "stakeholder_group", "author"
        )
        .filter(process=process, pk=pk)
        .first()
    )
    if need is None:
        raise Http404
    return need


def figures(process: Process) -> dict[str, int]:
    from django.db.models import Count, Sum

    result = visible_needs(process).aggregate(
        needs=Count("id"),
        supports=Sum("support_count"),
        comments=Sum("comment_count"),
        authors=Count("author", distinct=True),
        regions=Count("region", distinct=True),
    )
    return {key: value or 0 for key, value in result.items()}


def list_cache_key(process: Process, *, language: str, query: str) -> str:
    """The cache key of an anonymous list page. It carries the process's needs version, so
    a write makes every older page unreachable at once (see core/versioning.py)."""
    import hashlib

    from mitwirken.core import versioning

    from .services import VERSION_NAMESPACE

    version = versioning.current(VERSION_NAMESPACE, process.pk)
    digest = hashlib.blake2b(query.encode(), digest_size=12).hexdigest()
    return f"needs-page:{process.pk}:v{version}:{language}:{digest}"
