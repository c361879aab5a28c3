from django.core.cache import cache

from mitwirken.contributions.models import Need
from mitwirken.core.compiled import Compiled

from .models import Comment, Support


def get_comment(process, pk: int) -> Comment | None:
    """A comment on one of the process's needs, with what its page and moderation show."""
    return (
        Comment.objects.select_related("need", "need__process", "author")
        .filter(pk=pk, need__process=process)
        .first()
    )


_comments_of = Compiled(
    lambda need_id: (
        Comment.objects.filter(need_id=need_id)
        .select_related("author")
        .order_by("created_at", "id")
    ),
    arity=1,
)


def comments_for(need: Need) -> list[Comment]:
    """The need's comments, oldest first, with their authors (SQL compiled once)."""
    comments = _comments_of(need.pk)
    for comment in comments:
        comment.need = need
    return comments


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


# A person's supported needs, kept in the cache for the logged-in pages (web/personal.py)
# and dropped by participation.services when the person supports or withdraws. People
# with very many supports are asked per page instead.
SUPPORTS_SECONDS = 600
MAX_CACHED_SUPPORTS = 2000


def supports_key(user_id: int) -> str:
    return f"supports-of:{user_id}"


def supported_among(user, need_ids, known: frozenset | None = None) -> set[int]:
    """Which of these needs the person supports. ``known`` is the cached set if the caller
    already fetched it (under supports_key); otherwise it is read or built here."""
    if not getattr(user, "is_authenticated", False) or not need_ids:
        return set()
    if known is None:
        known = cache.get(supports_key(user.pk))
    if known is None:
        ids = list(
            Support.objects.filter(user=user).values_list("need_id", flat=True)[
                : MAX_CACHED_SUPPORTS + 1
            ]
        )
        if len(ids) > MAX_CACHED_SUPPORTS:
            return supported_need_ids(user, list(need_ids))
        known = frozenset(ids)
        cache.set(supports_key(user.pk), known, SUPPORTS_SECONDS)
    return known.intersection(need_ids)
