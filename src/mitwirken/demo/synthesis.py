"""The demo's synthesis as it stood when the concept was written: every need prepared,
clusters computed, the clearest duplicates merged (and a few suggestions rejected), the
32 action approaches of demo/data/approaches.json linked to the needs most like them,
and every need with a status and a public answer — through the services, as the
organiser would do it in the workspace."""

import datetime
import json
import random
from pathlib import Path

import numpy as np

from mitwirken.analysis import jobs, services
from mitwirken.analysis.engine import embed
from mitwirken.analysis.models import DuplicatePair, NeedVector
from mitwirken.analysis.vectors import refresh
from mitwirken.approaches import services as approach_services
from mitwirken.approaches.models import ActionApproach
from mitwirken.contributions import status
from mitwirken.contributions.models import Need
from mitwirken.processes.models import StakeholderGroup

DATA = Path(__file__).resolve().parent / "data"
MERGE_FROM = 0.80  # suggestions this close are merged in the demo
REJECTED = 3  # and this many of the weakest suggestions were judged different
LINK_MIN = 0.30  # sentence-vector cosine for an approach's needs
LINK_MAX = 8


def create_synthesis(process, organiser, rng: random.Random) -> dict[str, int]:
    data = json.loads((DATA / "approaches.json").read_text(encoding="utf-8"))
    needs = list(Need.objects.filter(process=process, is_hidden=False))
    refresh(needs, default_language=process.language or "de")
    run = services.request_clusters(actor=organiser, process=process, needs_per_cluster=8)
    jobs.run(run.pk)
    merged = _decide_duplicates(process, organiser)
    approaches = _approaches(process, organiser, data)
    _answer_the_rest(process, organiser, data, rng)
    # The authors who asked were told (the demo's mails go to memory); every change is
    # marked as told.
    status.send_digests_for_scheduler(delay=datetime.timedelta(0), process_id=process.pk)
    return {"merged": merged, "approaches": approaches}


def _decide_duplicates(process, organiser) -> int:
    pairs = list(DuplicatePair.objects.filter(process=process).select_related("first", "second"))
    merged = 0
    for pair in pairs:
        if pair.score < MERGE_FROM:
            continue
        pair.refresh_from_db()
        first, second = Need.objects.get(pk=pair.first_id), Need.objects.get(pk=pair.second_id)
        if (
            pair.state != DuplicatePair.State.SUGGESTED
            or first.merged_into_id
            or second.merged_into_id
        ):
            continue
        # the need with more supports (else the online one, else the older) stays
        keep = max((first, second), key=lambda n: (n.support_count, n.source == "online", -n.pk))
        services.decide_pair(actor=organiser, pair=pair, merge=True, keep=keep)
        merged += 1
    weakest = sorted((p for p in pairs if p.score < MERGE_FROM), key=lambda p: p.score)
    for pair in weakest[:REJECTED]:
        pair.refresh_from_db()
        if pair.state == DuplicatePair.State.SUGGESTED:
            services.decide_pair(actor=organiser, pair=pair, merge=False)
    return merged


def _approaches(process, organiser, data) -> int:
    fields = {f.slug: f for f in process.fields_of_action.all()}
    groups = {g.slug: g for g in StakeholderGroup.objects.all()}
    open_needs = {
        n.pk: n
        for n in Need.objects.filter(process=process, is_hidden=False, merged_into__isnull=True)
    }
    rows = list(NeedVector.objects.filter(need_id__in=open_needs).values_list("need_id", "vector"))
    ids = [pk for pk, _ in rows]
    matrix = embed.from_bytes([bytes(v) for _, v in rows])
    texts = [f"{a['title']}. {a['description']}" for a in data["approaches"]]
    vectors = embed.default_embedder().encode(texts)
    made = 0
    for item, vector in zip(data["approaches"], vectors, strict=True):
        field = fields[item["field"]]
        scores = matrix @ vector
        ranked = [
            (ids[i], float(scores[i]))
            for i in np.argsort(-scores)
            if open_needs[ids[i]].field_of_action_id == field.pk
        ]
        chosen = [pk for pk, score in ranked[:LINK_MAX] if score >= LINK_MIN] or [
            pk for pk, _ in ranked[:2]
        ]
        content = approach_services.ApproachContent(
            title=item["title"],
            description=item["description"],
            field_of_action=field,
            responsible_groups=[groups[s] for s in item["groups"] if s in groups],
            responsible_actors=item["actors"],
            horizon=item["horizon"],
            priority=item["priority"],
            status=item["status"],
        )
        approach, created = approach_services.create_approach(
            actor=organiser,
            process=process,
            content=content,
            needs=chosen,
            key=f"demo:{made}",
            origin="Synthese der Beteiligung 2019",
        )
        made += created
    answer = data["taken_up_answer"]
    for approach in ActionApproach.objects.filter(process=process).prefetch_related("needs"):
        for need in approach.needs.all():
            if need.status == Need.Status.ADOPTED and not need.response:
                status.set_status(
                    actor=organiser,
                    need=need,
                    status=need.status,
                    response=answer.format(title=approach.title),
                )
    return made


def _answer_the_rest(process, organiser, data, rng: random.Random) -> None:
    fields = {f.pk: f.slug for f in process.fields_of_action.all()}
    rest = Need.objects.filter(
        process=process,
        is_hidden=False,
        status__in=[Need.Status.RECEIVED, Need.Status.IN_REVIEW],
    ).order_by("pk")
    for need in rest:
        reasons = data["not_taken_up"].get(fields[need.field_of_action_id])
        if reasons and rng.random() < 0.7:
            status.set_status(
                actor=organiser,
                need=need,
                status=Need.Status.NOT_ADOPTED,
                response=rng.choice(reasons),
            )
        else:
            status.set_status(
                actor=organiser,
                need=need,
                status=Need.Status.IN_REVIEW,
                response=data["in_review_answer"],
            )
