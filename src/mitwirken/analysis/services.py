"""The only code that writes the synthesis: clustering runs, the organisers' edits of
clusters (kept through later runs), duplicate decisions and merges, and action approaches
made from a cluster or a workshop's group in one step. Every function takes the actor and
checks ``analysis.use_workspace``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.approaches import services as approach_services
from mitwirken.approaches.models import ActionApproach
from mitwirken.contributions import status as need_status
from mitwirken.contributions.models import Need
from mitwirken.core.text import clean_optional_text
from mitwirken.processes.models import Process

from .models import NAME_MAX_LENGTH, Cluster, ClusterMember, ClusterRun, DuplicatePair
from .tasks import compute_clusters

NEEDS_PER_CLUSTER = (4, 40)


def _check(actor, process: Process) -> None:
    if not actor.has_perm("analysis.use_workspace", process):
        raise PermissionDenied(_("Only the process's organisers may do this."))


# Runs ---------------------------------------------------------------------------------


def request_clusters(*, actor, process: Process, needs_per_cluster: int = 8) -> ClusterRun:
    """Queues a clustering run (or returns the one already waiting or running)."""
    _check(actor, process)
    low, high = NEEDS_PER_CLUSTER
    if not low <= needs_per_cluster <= high:
        raise ValidationError(
            {
                "needs_per_cluster": [
                    _("Please choose between %(low)s and %(high)s needs per cluster.")
                    % {"low": low, "high": high}
                ]
            }
        )
    with transaction.atomic():
        Process.objects.select_for_update().get(pk=process.pk)  # one run at a time
        running = ClusterRun.objects.filter(
            process=process, state__in=[ClusterRun.State.QUEUED, ClusterRun.State.RUNNING]
        ).first()
        if running is not None:
            return running
        run = ClusterRun.objects.create(
            process=process,
            needs_per_cluster=needs_per_cluster,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        transaction.on_commit(lambda: compute_clusters.enqueue(run.pk))
    return run


# Cluster edits ------------------------------------------------------------------------


def _own_cluster(process: Process, cluster: Cluster) -> Cluster:
    if cluster.process_id != process.pk:
        raise ValidationError(_("Please choose a cluster of this process."))
    return cluster


@transaction.atomic
def rename_cluster(*, actor, cluster: Cluster, name: str) -> Cluster:
    _check(actor, cluster.process)
    cluster.name = clean_optional_text(name, max_length=NAME_MAX_LENGTH)
    cluster.edited = True
    cluster.save(update_fields=["name", "edited"])
    return cluster


@transaction.atomic
def move_needs(*, actor, process: Process, needs, into: Cluster) -> Cluster:
    """The needs go into ``into`` and stay there through later runs; both clusters count
    as edited."""
    _check(actor, process)
    _own_cluster(process, into)
    ids = [n.pk if isinstance(n, Need) else int(n) for n in needs]
    found = list(Need.objects.filter(pk__in=ids, process=process).values_list("pk", flat=True))
    if not ids or len(found) != len(set(ids)):
        raise ValidationError({"needs": [_("Please choose one or more needs of this process.")]})
    wrong_field = Need.objects.filter(pk__in=found).exclude(field_of_action=into.field_of_action_id)
    if wrong_field.exists():
        raise ValidationError(
            {
                "needs": [
                    _(
                        "A cluster holds needs of one field of action; change the need's field first."
                    )
                ]
            }
        )
    sources = set(
        ClusterMember.objects.filter(need_id__in=found).values_list("cluster_id", flat=True)
    )
    for pk in found:
        ClusterMember.objects.update_or_create(
            need_id=pk, defaults={"cluster": into, "pinned": True}
        )
    Cluster.objects.filter(pk__in=sources | {into.pk}).update(edited=True)
    Cluster.objects.filter(pk__in=sources, members__isnull=True).delete()
    return into


@transaction.atomic
def split_cluster(*, actor, cluster: Cluster, needs, name: str = "") -> Cluster:
    """The chosen needs of a cluster become a cluster of their own."""
    _check(actor, cluster.process)
    ids = {n.pk if isinstance(n, Need) else int(n) for n in needs}
    members = set(cluster.members.values_list("need_id", flat=True))
    if not ids or not ids <= members:
        raise ValidationError({"needs": [_("Please choose needs of this cluster.")]})
    if ids == members:
        raise ValidationError(
            {"needs": [_("Leave at least one need in the cluster; to rename it, use its name.")]}
        )
    new = Cluster.objects.create(
        process=cluster.process,
        field_of_action=cluster.field_of_action,
        terms=cluster.terms,
        name=clean_optional_text(name, max_length=NAME_MAX_LENGTH),
        edited=True,
    )
    ClusterMember.objects.filter(need_id__in=ids).update(cluster=new, pinned=True)
    cluster.edited = True
    cluster.save(update_fields=["edited"])
    return new


@transaction.atomic
def join_clusters(*, actor, cluster: Cluster, other: Cluster) -> Cluster:
    """``other``'s needs join ``cluster``; ``other`` goes."""
    _check(actor, cluster.process)
    _own_cluster(cluster.process, other)
    if other.pk == cluster.pk or other.field_of_action_id != cluster.field_of_action_id:
        raise ValidationError(
            {"other": [_("Please choose another cluster of the same field of action.")]}
        )
    ClusterMember.objects.filter(cluster=other).update(cluster=cluster, pinned=True)
    other.delete()
    cluster.edited = True
    cluster.save(update_fields=["edited"])
    return cluster


# Duplicates ---------------------------------------------------------------------------


@transaction.atomic
def decide_pair(*, actor, pair: DuplicatePair, merge: bool, keep: Need | None = None):
    """Merges the pair (``keep`` stays, the other is merged into it) or marks it "not a
    duplicate", which is never suggested again."""
    _check(actor, pair.process)
    pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if pair.state != DuplicatePair.State.SUGGESTED:
        return pair  # decided already (a second press)
    if merge:
        keep = keep or pair.first
        if keep.pk not in (pair.first_id, pair.second_id):
            raise ValidationError(_("Please choose one of the two needs."))
        other = pair.second if keep.pk == pair.first_id else pair.first
        need_status.merge(actor=actor, need=other, into=keep)
        ClusterMember.objects.filter(need=other).delete()  # it counts through ``keep`` now
    pair.state = DuplicatePair.State.ACCEPTED if merge else DuplicatePair.State.REJECTED
    pair.decided_by = actor if getattr(actor, "pk", None) else None
    pair.decided_at = timezone.now()
    pair.save(update_fields=["state", "decided_by", "decided_at"])
    return pair


@transaction.atomic
def merge_needs(*, actor, need: Need, into: Need) -> Need:
    """Merges from a need's list of similar needs; a pending suggestion for the two is
    settled with it."""
    _check(actor, need.process)
    merged = need_status.merge(actor=actor, need=need, into=into)
    first, second = sorted([need.pk, into.pk])
    DuplicatePair.objects.filter(first_id=first, second_id=second).update(
        state=DuplicatePair.State.ACCEPTED,
        decided_by=actor if getattr(actor, "pk", None) else None,
        decided_at=timezone.now(),
    )
    ClusterMember.objects.filter(need=need).delete()
    return merged


@transaction.atomic
def undo_merge(*, actor, need: Need) -> Need:
    _check(actor, need.process)
    into_id = need.merged_into_id
    need = need_status.undo_merge(actor=actor, need=need)
    if into_id:
        first, second = sorted([need.pk, into_id])
        DuplicatePair.objects.filter(first_id=first, second_id=second).update(
            state=DuplicatePair.State.REJECTED
        )
    return need


# Action approaches from groups ----------------------------------------------------------


def approach_from_cluster(*, actor, cluster: Cluster) -> tuple[ActionApproach, bool]:
    """A draft action approach from a cluster: its name as the title, its needs behind it
    (taken up)."""
    _check(actor, cluster.process)
    needs = list(Need.objects.filter(cluster_member__cluster=cluster, merged_into__isnull=True))
    content = approach_services.ApproachContent(
        title=cluster.title[:160],
        description="",
        field_of_action=cluster.field_of_action,
    )
    return approach_services.create_approach(
        actor=actor,
        process=cluster.process,
        content=content,
        needs=needs,
        origin=_("Cluster “%(name)s” of the synthesis") % {"name": cluster.title},
        key=f"cluster:{cluster.pk}",
    )


def approach_from_workshop_group(*, actor, group) -> tuple[ActionApproach, bool]:
    """A draft action approach from the group a workshop's facilitator formed on the live
    wall: the group's title, the needs of its cards."""
    from mitwirken.workshops.models import Card

    board = group.board
    process = board.workshop.event.process
    _check(actor, process)
    needs = [
        card.need
        for card in Card.objects.filter(cluster=group, merged_into__isnull=True).select_related(
            "need__field_of_action"
        )
    ]
    if not needs:
        raise ValidationError(_("This group has no cards yet."))
    content = approach_services.ApproachContent(
        title=group.title[:160],
        description="",
        field_of_action=board.workshop.field_of_action or needs[0].field_of_action,
    )
    return approach_services.create_approach(
        actor=actor,
        process=process,
        content=content,
        needs=needs,
        origin=_("Group “%(name)s” of the workshop “%(workshop)s”")
        % {"name": group.title, "workshop": board.workshop.title},
        key=f"workshop-group:{group.pk}",
    )
