"""A draft as a version keeps it (sections, paragraphs with anchors, each chapter's action
approaches), and whether a version takes comments today. Reads only."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mitwirken.approaches.models import ActionApproach

from . import markdown
from .models import ConceptDraft, ConceptVersion


def render_sections(draft: ConceptDraft) -> list[dict]:
    """The draft's sections as a version keeps them: paragraphs with anchors, and each
    chapter's action approaches with the number of needs behind them."""
    from django.db.models import Count, Q

    approaches: dict[int, list] = {}
    for approach in (
        ActionApproach.objects.filter(process_id=draft.process_id)
        .select_related("field_of_action")
        .prefetch_related("responsible_groups")
        .annotate(need_count=Count("needs", filter=Q(needs__is_hidden=False), distinct=True))
        .order_by("priority", "title", "id")
    ):
        approaches.setdefault(approach.field_of_action_id, []).append(
            {
                "id": approach.pk,
                "title": approach.title,
                "html": markdown.render(approach.description),
                "horizon": approach.horizon,
                "priority": approach.priority,
                "actors": ", ".join(
                    [
                        *[g.name for g in approach.responsible_groups.all()],
                        *([approach.responsible_actors] if approach.responsible_actors else []),
                    ]
                ),
                "needs": approach.need_count,
            }
        )
    out = []
    for section in draft.sections.order_by("position", "id"):
        paragraphs = [
            {"anchor": markdown.anchor(section.key, i, html), "html": html}
            for i, html in enumerate(markdown.blocks(section.body))
        ]
        out.append(
            {
                "key": section.key,
                "title": section.title,
                "paragraphs": paragraphs,
                "field": section.field_of_action_id,
                "approaches": approaches.get(section.field_of_action_id, [])
                if section.field_of_action_id
                else [],
            }
        )
    return out


def comment_period_open(version: ConceptVersion, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    newest = version.draft.versions.order_by("-number").values_list("pk", flat=True).first()
    return (
        not version.is_final
        and version.pk == newest
        and version.comments_from is not None
        and version.comments_until is not None
        and version.comments_from <= today <= version.comments_until
    )
