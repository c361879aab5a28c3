"""Reading the synthesis: the workspace's needs with facets, a need's similar needs with
the reason, clusters, duplicate suggestions and the region comparison — each page in a
fixed number of queries."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from mitwirken.contributions.models import Need, StatusChange
from mitwirken.contributions.selectors import search
from mitwirken.processes.models import Process

from .engine.embed import from_bytes
from .engine.similar import SimilarityIndex, shared_terms
from .engine.vectors import space as engine_space
from .models import Cluster, ClusterMember, ClusterRun, DuplicatePair, NeedVector

SOURCE_ONLINE, SOURCE_IMPORT = "online", "import"


@dataclass
class WorkspaceFilters:
    field_of_action_id: int | None = None
    region_id: int | None = None
    statewide: bool = False
    stakeholder_group_id: int | None = None
    source: str = ""  # "online", "import", or "event-<id>" for the workshops of an event
    status: str = ""
    language: str = ""
    query: str = ""

    def applied(self, qs: QuerySet[Need]) -> QuerySet[Need]:
        if self.field_of_action_id:
            qs = qs.filter(field_of_action_id=self.field_of_action_id)
        if self.statewide:
            qs = qs.filter(region__isnull=True)
        elif self.region_id:
            qs = qs.filter(region_id=self.region_id)
        if self.stakeholder_group_id:
            qs = qs.filter(stakeholder_group_id=self.stakeholder_group_id)
        if self.source == SOURCE_ONLINE:
            qs = qs.filter(source=Need.Source.ONLINE)
        elif self.source == SOURCE_IMPORT:
            qs = qs.filter(source=Need.Source.IMPORT)
        elif self.source.startswith("event-") and self.source[6:].isdigit():
            qs = qs.filter(card__board__workshop__event_id=int(self.source[6:]))
        if self.status:
            qs = qs.filter(status=self.status)
        if self.language:
            qs = qs.filter(language=self.language)
        if self.query:
            qs = search(qs, self.query)
        return qs


def workspace_needs(process: Process, filters: WorkspaceFilters) -> QuerySet[Need]:
    return (
        filters.applied(Need.objects.filter(process=process, is_hidden=False))
        .select_related(
            "field_of_action",
            "region",
            "stakeholder_group",
            "merged_into",
            "card__board__workshop__event",
        )
        .order_by("field_of_action__position", "-created_at", "-id")
    )


def facets(process: Process, filters: WorkspaceFilters) -> dict[str, Counter]:
    """Counts of the filtered needs by field, region, group, source, status and language
    (one aggregate query each)."""
    qs = filters.applied(Need.objects.filter(process=process, is_hidden=False))
    out = {}
    for name, column in (
        ("field", "field_of_action_id"),
        ("region", "region_id"),
        ("group", "stakeholder_group_id"),
        ("status", "status"),
        ("language", "language"),
    ):
        out[name] = Counter(dict(qs.order_by().values_list(column).annotate(n=Count("id"))))
    sources = Counter(dict(qs.order_by().values_list("source").annotate(n=Count("id"))))
    sources.update(
        {
            f"event-{k}": v
            for k, v in qs.filter(card__isnull=False)
            .order_by()
            .values_list("card__board__workshop__event_id")
            .annotate(n=Count("id"))
        }
    )
    out["source"] = sources
    return out


# Similar needs ------------------------------------------------------------------------

_models: dict[int, tuple] = {}
_models_lock = threading.Lock()


def _version(process: Process) -> tuple:
    row = NeedVector.objects.filter(need__process=process).aggregate(
        n=Count("need_id"), last=Max("created_at")
    )
    merged = Need.objects.filter(process=process, merged_into__isnull=False).count()
    return (row["n"], row["last"], merged)


def _space(process: Process):
    """The process's needs as the engine sees them (term model fitted on them, combined
    vectors, index), built once per worker and version of the prepared needs."""
    version = _version(process)
    with _models_lock:
        cached = _models.get(process.pk)
        if cached and cached[0] == version:
            return cached[1]
    rows = list(
        NeedVector.objects.filter(need__process=process, need__is_hidden=False)
        .order_by("need_id")
        .values_list("need_id", "lemmas", "vector", "language")
    )
    if not rows:
        return None
    ids = [r[0] for r in rows]
    lemmas = {r[0]: r[1].split() for r in rows}
    terms, vectors = engine_space(
        list(lemmas.values()),
        from_bytes([bytes(r[2]) for r in rows]),
        [r[3] for r in rows],
        process.language or "de",
    )
    built = (SimilarityIndex(vectors, ids), lemmas, terms.idf)
    with _models_lock:
        _models[process.pk] = (version, built)
    return built


@dataclass
class Similar:
    need: Need
    score: float
    terms: list[str]
    pair: DuplicatePair | None
    same_language: bool


def similar_needs(need: Need, top: int = 8) -> list[Similar]:
    """The needs most like ``need`` (merged ones left out), with the terms they share, and
    the duplicate suggestion for the two where there is one."""
    space = _space(need.process)
    if space is None or need.pk not in space[0].position:
        return []
    index, lemmas, idf = space
    merged = set(
        Need.objects.filter(process=need.process, merged_into__isnull=False).values_list(
            "pk", flat=True
        )
    )
    found = [
        (pk, score)
        for pk, score in index.neighbours(need.pk, top + len(merged))
        if pk not in merged
    ][:top]
    needs = Need.objects.select_related("field_of_action", "region", "stakeholder_group").in_bulk(
        [pk for pk, _ in found]
    )
    pairs = {
        (p.first_id, p.second_id): p
        for p in DuplicatePair.objects.filter(
            Q(first=need) | Q(second=need), state=DuplicatePair.State.SUGGESTED
        )
    }
    out = []
    for pk, score in found:
        if pk not in needs:
            continue
        key = (min(pk, need.pk), max(pk, need.pk))
        out.append(
            Similar(
                need=needs[pk],
                score=score,
                terms=shared_terms(lemmas[need.pk], lemmas[pk], idf),
                pair=pairs.get(key),
                same_language=needs[pk].language == need.language,
            )
        )
    return out


# Clusters, duplicates, runs -------------------------------------------------------------


def last_run(process: Process) -> ClusterRun | None:
    return ClusterRun.objects.filter(process=process).first()


def clusters_of(process: Process, *, field_of_action_id: int | None = None) -> list[Cluster]:
    """Clusters with their needs' count, regions and groups (two queries)."""
    qs = Cluster.objects.filter(process=process).select_related("field_of_action")
    if field_of_action_id:
        qs = qs.filter(field_of_action_id=field_of_action_id)
    clusters = list(
        qs.annotate(size=Count("members")).order_by("field_of_action__position", "-size", "id")
    )
    regions, groups = defaultdict(set), defaultdict(set)
    members = ClusterMember.objects.filter(cluster__in=clusters)
    # where the needs were raised, and the needs merged into them (provenance)
    for prefix in ("need__", "need__merged_needs__"):
        for cluster_id, region, group in members.values_list(
            "cluster_id", f"{prefix}region__name", f"{prefix}stakeholder_group__name"
        ):
            if region:
                regions[cluster_id].add(region)
            if group:
                groups[cluster_id].add(group)
    for cluster in clusters:
        cluster.regions = sorted(regions[cluster.pk])
        cluster.groups = sorted(groups[cluster.pk])
    return clusters


def cluster_needs(cluster: Cluster) -> QuerySet[Need]:
    return (
        Need.objects.filter(cluster_member__cluster=cluster)
        .select_related("region", "stakeholder_group", "cluster_member")
        .order_by("-support_count", "id")
    )


def open_pairs(process: Process) -> QuerySet[DuplicatePair]:
    return DuplicatePair.objects.filter(
        process=process,
        state=DuplicatePair.State.SUGGESTED,
        first__merged_into__isnull=True,
        second__merged_into__isnull=True,
    ).select_related(
        "first__region",
        "second__region",
        "first__stakeholder_group",
        "second__stakeholder_group",
        "first__field_of_action",
        "second__field_of_action",
    )


def region_comparison(process: Process) -> list[dict]:
    """Per cluster: in how many regions its needs were raised, widest first — what is
    raised everywhere, and what in one place only."""
    rows = []
    for cluster in clusters_of(process):
        rows.append({"cluster": cluster, "regions": cluster.regions, "count": len(cluster.regions)})
    rows.sort(key=lambda r: (-r["count"], -r["cluster"].size))
    return rows


def history_of(need: Need) -> QuerySet[StatusChange]:
    return need.status_changes.select_related("actor")
