"""Reading action approaches: lists with their need counts, one approach with the needs
behind it and where they were raised (events, regions, groups) — in a fixed number of
queries whatever the number of needs."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Prefetch, Q

from mitwirken.contributions.models import Need

from .models import ActionApproach


def approaches_of(process, *, field_of_action=None):
    qs = (
        ActionApproach.objects.filter(process=process)
        .select_related("field_of_action")
        .prefetch_related("responsible_groups")
        .annotate(need_count=Count("needs", filter=Q(needs__is_hidden=False), distinct=True))
    )
    if field_of_action is not None:
        qs = qs.filter(field_of_action=field_of_action)
    return qs


def approach_with_needs(process, pk: int) -> ActionApproach:
    needs = (
        Need.objects.filter(is_hidden=False)
        .select_related("region", "stakeholder_group", "field_of_action")
        .prefetch_related(
            Prefetch(
                "merged_needs", queryset=Need.objects.select_related("region", "stakeholder_group")
            )
        )
        .order_by("field_of_action__position", "-support_count", "id")
    )
    return (
        ActionApproach.objects.select_related("field_of_action", "process")
        .prefetch_related("responsible_groups", Prefetch("needs", queryset=needs))
        .get(process=process, pk=pk)
    )


def origins(needs) -> dict[str, list[tuple]]:
    """Where the needs (and those merged into them) were raised: (name, count) by region,
    group and source, most first."""
    regions, groups, sources = Counter(), Counter(), Counter()
    for need in needs:
        for n in (need, *need.merged_needs.all()):
            regions[n.region.name if n.region else None] += 1
            groups[n.stakeholder_group.name if n.stakeholder_group else None] += 1
            sources[n.import_note or n.get_source_display()] += 1
    return {
        "regions": regions.most_common(),
        "groups": groups.most_common(),
        "sources": sources.most_common(),
    }


def outcome_figures(process) -> dict[str, int]:
    """Action approaches and needs answered, for the process page (one query, cached with
    the process's other figures until its needs or approaches change)."""
    from mitwirken.core import pagecache

    def build() -> dict[str, int]:
        row = Need.objects.filter(process=process, is_hidden=False).aggregate(
            answered=Count("id", filter=~Q(status=Need.Status.RECEIVED)),
            taken_up=Count("id", filter=Q(status=Need.Status.ADOPTED)),
        )
        row["approaches"] = ActionApproach.objects.filter(process=process).count()
        return row

    scope = (pagecache.PROCESS, process.pk)
    return pagecache.get_or_build(f"outcome-figures-{process.pk}", "", build, scopes=[scope])
