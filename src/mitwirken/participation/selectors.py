from django.db.models import QuerySet

from mitwirken.contributions.models import Need

from .models import Comment, Support


def get_comment(process, pk: int) -> Comment | None:
    """A comment on one of the process's needs, with what its page and moderation show."""
    return (
        Comment.objects.select_related("need", "need__process", "author")
        .filter(pk=pk, need__process=process)
        .first()
    )


def comments_for(need: Need) -> QuerySet[Comment]:
    return need.comments.select_related("author").order_by("created_at", "id")


def supported_need_ids(user, need_ids: list[int]) -> set[int]:
    """Which of these needs the user supports (one query for a whole page)."""
    if not getattr(user, "is_authenticated", False) or not need_ids:
        return set()
    return set(
        Support.objects.filter(user=user, need_id__in=need_ids).values_list("need_id", flat=True)
    )


def personal_data(user) -> dict[str, list[dict]]:
    """A person's comments and supports, for the data export."""
    comments = Comment.objects.filter(author=user).select_related("need").order_by("created_at")
    supports = Support.objects.filter(user=user).select_related("need").order_by("created_at")
    return {
        "comments": [
            {
                "id": comment.pk,
                "need_id": comment.need_id,
                "need_title": comment.need.title,
                "text": comment.text,
                "hidden_by_moderation": comment.is_hidden,
                "written_at": comment.created_at.isoformat(),
            }
            for comment in comments
        ],
        "supports": [
            {
                "need_id": support.need_id,
                "need_title": support.need.title,
                "given_at": support.created_at.isoformat(),
            }
            for support in supports
        ],
    }
