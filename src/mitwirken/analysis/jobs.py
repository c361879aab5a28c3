"""The clustering job: every visible, unmerged need of a process, grouped per field of
action, with duplicate suggestions for the whole process. Its progress is written to the
run as it goes (the workspace shows it). Clusters the organisers edited, and the needs in
them, are kept as they are; the rest is proposed anew."""

from __future__ import annotations

import logging
from collections import Counter

import numpy as np
from django.db import transaction
from django.utils import timezone

from mitwirken.contributions.models import Need

from .engine import cluster as clustering
from .engine import duplicates as duplicate_engine
from .engine.embed import from_bytes
from .engine.similar import shared_terms
from .engine.text import surface_forms
from .engine.vectors import space
from .models import Cluster, ClusterMember, ClusterRun, DuplicatePair, NeedVector
from .vectors import refresh

logger = logging.getLogger(__name__)
# More would be no help to a person reading them; "needs per cluster" is then approximate.
MAX_CLUSTERS_PER_FIELD = 60


def _progress(run: ClusterRun, percent: int, step: str) -> None:
    ClusterRun.objects.filter(pk=run.pk).update(progress=percent, step=step)


def run(run_id: int) -> str:
    run = ClusterRun.objects.select_related("process").get(pk=run_id)
    if run.state not in (ClusterRun.State.QUEUED, ClusterRun.State.FAILED):
        return run.state
    ClusterRun.objects.filter(pk=run.pk).update(state=ClusterRun.State.RUNNING, progress=1)
    try:
        counts = compute(run)
    except Exception as exc:
        logger.exception("clustering run %s failed", run.pk)
        ClusterRun.objects.filter(pk=run.pk).update(
            state=ClusterRun.State.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return ClusterRun.State.FAILED
    ClusterRun.objects.filter(pk=run.pk).update(
        state=ClusterRun.State.DONE, progress=100, step="", finished_at=timezone.now(), **counts
    )
    return ClusterRun.State.DONE


def needs_of(process):
    return Need.objects.filter(process=process, is_hidden=False, merged_into__isnull=True)


def corpus(process):
    """(needs, lemma lists, term model, combined vectors) of a process's open needs."""
    needs = list(
        needs_of(process)
        .only("id", "title", "text", "field_of_action_id", "language", "process_id")
        .order_by("id")
    )
    return needs


def readable(needs, terms: list[str]) -> list[str]:
    """Key terms in the words people wrote ("Sprachkurse", not "sprachkurs")."""
    forms: dict[str, Counter] = {}
    for need in needs:
        for lemma, form in surface_forms(
            f"{need.title} {need.text}", need.language or "de"
        ).items():
            forms.setdefault(lemma, Counter())[form] += 1
    return [forms[t].most_common(1)[0][0] if t in forms else t.split(":")[-1] for t in terms]


def compute(run: ClusterRun) -> dict:
    process = run.process
    _progress(run, 5, "prepare")
    needs = corpus(process)
    refresh(needs, default_language=process.language or "de")
    _progress(run, 20, "vectors")
    rows = dict(NeedVector.objects.filter(need__in=needs).values_list("need_id", "lemmas"))
    blobs = dict(NeedVector.objects.filter(need__in=needs).values_list("need_id", "vector"))
    needs = [n for n in needs if n.pk in rows]
    lemma_lists = [rows[n.pk].split() for n in needs]
    languages = dict(NeedVector.objects.filter(need__in=needs).values_list("need_id", "language"))
    terms, vectors = space(
        lemma_lists,
        from_bytes([bytes(blobs[n.pk]) for n in needs]),
        [languages[n.pk] for n in needs],
        process.language or "de",
    )
    _progress(run, 40, "clusters")
    kept = set(
        ClusterMember.objects.filter(cluster__process=process, cluster__edited=True).values_list(
            "need_id", flat=True
        )
    )
    by_field: dict[int, list[int]] = {}
    for i, need in enumerate(needs):
        if need.pk not in kept:
            by_field.setdefault(need.field_of_action_id, []).append(i)
    proposals = []  # (field id, terms, [need ids])
    by_pk = {n.pk: n for n in needs}
    vocabulary = terms.vocabulary
    per_cluster = max(run.needs_per_cluster, 2)
    found = clustering.cluster_groups(
        vectors,
        {field_id: np.asarray(positions) for field_id, positions in by_field.items()},
        lambda n: max(1, min(MAX_CLUSTERS_PER_FIELD, round(n / per_cluster))),
    )
    _progress(run, 80, "names")
    for field_id, positions in sorted(by_field.items()):
        labels = found[field_id]
        names = clustering.key_terms(terms.tfidf[positions], labels, vocabulary)
        for label in sorted(set(int(x) for x in labels)):
            members = [needs[positions[j]].pk for j in np.flatnonzero(labels == label)]
            words = readable([by_pk[pk] for pk in members], names.get(label, []))
            proposals.append((field_id, words, members))
    _progress(run, 85, "duplicates")
    decided = set(
        DuplicatePair.objects.filter(process=process)
        .exclude(state=DuplicatePair.State.SUGGESTED)
        .values_list("first_id", "second_id")
    )
    fields: dict[int, list[int]] = {}
    for i, need in enumerate(needs):
        fields.setdefault(need.field_of_action_id, []).append(i)
    pairs = duplicate_engine.pairs_by_group(
        vectors, [n.pk for n in needs], list(fields.values()), rejected=decided
    )
    lemmas_of = {n.pk: lemma_lists[i] for i, n in enumerate(needs)}
    idf = terms.idf
    with transaction.atomic():
        Cluster.objects.filter(process=process, edited=False).delete()
        for field_id, names, members in proposals:
            cluster = Cluster.objects.create(
                process=process, field_of_action_id=field_id, run=run, terms=names
            )
            ClusterMember.objects.bulk_create(
                [ClusterMember(need_id=pk, cluster=cluster) for pk in members]
            )
        DuplicatePair.objects.filter(process=process, state=DuplicatePair.State.SUGGESTED).delete()
        DuplicatePair.objects.bulk_create(
            [
                DuplicatePair(
                    process=process,
                    first_id=a,
                    second_id=b,
                    score=round(score, 4),
                    terms=shared_terms(lemmas_of[a], lemmas_of[b], idf),
                )
                for a, b, score in pairs
            ],
            ignore_conflicts=True,
        )
    return {"needs": len(needs), "clusters": len(proposals), "duplicates": len(pairs)}
