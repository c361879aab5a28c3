"""What the published concept carries besides its text: "Beteiligung in Zahlen" (who
took part by stakeholder group, region and event; needs per field of action and what
became of them) and the traceability appendix (each action approach → the needs behind
it → where they were raised). Read in a fixed number of queries for any size."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q

from mitwirken.approaches.models import ActionApproach
from mitwirken.contributions.models import Need
from mitwirken.events.models import Event, Registration


def participation(process) -> dict:
    attended = Registration.objects.filter(event__process=process, attended_at__isnull=False)
    by_event = [
        (e.title, e.date, e.n)
        for e in Event.objects.filter(process=process)
        .annotate(n=Count("registrations", filter=Q(registrations__attended_at__isnull=False)))
        .order_by("date")
    ]
    by_group = Counter(
        dict(attended.order_by().values_list("stakeholder_group__name").annotate(n=Count("id")))
    )
    by_region = Counter(
        dict(attended.order_by().values_list("region__name").annotate(n=Count("id")))
    )
    needs = Need.objects.filter(process=process, is_hidden=False)
    fields = defaultdict(Counter)
    for title, status, n in (
        needs.order_by().values_list("field_of_action__title", "status").annotate(n=Count("id"))
    ):
        fields[title][status] = n
    sources = Counter(dict(needs.order_by().values_list("source").annotate(n=Count("id"))))
    return {
        "events": by_event,
        "groups": by_group.most_common(),
        "regions": by_region.most_common(),
        "attended": sum(by_group.values()),
        "fields": [(title, counts, sum(counts.values())) for title, counts in fields.items()],
        "needs": sum(sources.values()),
        "sources": sources,
    }


def traceability(process) -> list[dict]:
    """Each action approach with the needs behind it (and those merged into them), where
    each was raised: the event of its workshop card, or online; its region and group."""
    approaches = list(
        ActionApproach.objects.filter(process=process)
        .select_related("field_of_action")
        .order_by("field_of_action__position", "priority", "title", "id")
    )
    links = ActionApproach.needs.through.objects.filter(actionapproach__in=approaches)
    need_ids = defaultdict(list)
    for approach_id, need_id in links.values_list("actionapproach_id", "need_id"):
        need_ids[approach_id].append(need_id)
    wanted = {pk for ids in need_ids.values() for pk in ids}
    needs = {
        n.pk: n
        for n in Need.objects.filter(pk__in=wanted, is_hidden=False).select_related(
            "region", "stakeholder_group", "card__board__workshop__event"
        )
    }
    merged = defaultdict(list)
    for n in Need.objects.filter(merged_into__in=wanted, is_hidden=False).select_related(
        "region", "stakeholder_group", "card__board__workshop__event"
    ):
        merged[n.merged_into_id].append(n)
    out = []
    for approach in approaches:
        rows = []
        for pk in sorted(need_ids[approach.pk]):
            need = needs.get(pk)
            if need is None:
                continue
            rows.append(
                {
                    "need": need,
                    "where": _where(need),
                    "also": [(_where(m), m.region.name if m.region else "") for m in merged[pk]],
                }
            )
        out.append({"approach": approach, "needs": rows})
    return out


def _where(need: Need) -> str:
    try:
        return need.card.board.workshop.event.title
    except ObjectDoesNotExist:  # not a workshop card: online or imported
        return str(need.get_source_display())
