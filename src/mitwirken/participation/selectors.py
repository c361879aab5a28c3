from django.db.models import QuerySet

from mitwirken.contributions.models import Need

from .models import Comment, Support


def comments_for(need: Need) -> QuerySet[Comment]:
    return need.comments.select_related("author").order_by("created_at", "id")


def supported_need_ids(user, need_ids: list[int]) -> set[int]:
    """Which of these needs the user supports (one query for a whole page)."""
    if not getattr(user, "is_authenticated", False) or not need_ids:
        return set()
    return set(
        Support.objects.filter(user=user, need_id__in=need_ids).values_list("need_id", flat=True)
    )
