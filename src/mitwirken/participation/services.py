"""The only code that writes comments and supports."""

import uuid
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.contributions import services as contribution_services
from mitwirken.contributions.models import Need
from mitwirken.core import pagecache

from .models import COMMENT_MAX_LENGTH, Comment, Support


def add_comment(
    *,
    actor,
    need: Need,
    text: str,
    submission_key: uuid.UUID | None = None,
    check_permission: bool = True,
    created_at=None,
) -> tuple[Comment, bool]:
    """Saves a comment. Returns (comment, created); a repeated key returns the first one."""
    if check_permission and not actor.has_perm("participation.add_comment", need):
        raise PermissionDenied(_("Comments are closed for this need."))
    text = contribution_services.clean_text_field(
        text, max_length=COMMENT_MAX_LENGTH, label=_("the comment")
    )
    if submission_key is not None:
        existing = Comment.objects.filter(author=actor, submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                need=need, author=actor, text=text, submission_key=submission_key
            )
            if created_at is not None:  # imports and the demo keep the original date
                Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
            contribution_services.change_counters(
                need_id=need.pk, process_id=need.process_id, comments=1
            )
    except IntegrityError:
        existing = Comment.objects.filter(author=actor, submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True


def set_comment_hidden(*, comment: Comment, hidden: bool, reason: str = "") -> Comment:
    """Hides or restores a comment; moderation.services checks permission and logs."""
    if comment.is_hidden == hidden:
        return comment
    with transaction.atomic():
        comment.is_hidden = hidden
        comment.hidden_reason = reason.strip()[:500] if hidden else ""
        comment.hidden_at = timezone.now() if hidden else None
        comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_at"])
        pagecache.changed((pagecache.NEED, comment.need_id))  # moderation shows at once
        contribution_services.change_counters(
            need_id=comment.need_id,
            process_id=comment.need.process_id,
            comments=-1 if hidden else 1,
        )
    return comment


def support(*, actor, need: Need) -> bool:
    """Adds the actor's support; returns False if it was there already (idempotent)."""
    if not actor.has_perm("participation.add_support", need):
        raise PermissionDenied(_("Supporting is not possible for this need now."))
    try:
        with transaction.atomic():
            Support.objects.create(need=need, user=actor)
            contribution_services.change_counters(
                need_id=need.pk, process_id=need.process_id, supports=1
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def withdraw_support(*, actor, need: Need) -> bool:
    """Removes the actor's support; returns False if there was none."""
    if not actor.is_authenticated:
        raise PermissionDenied
    deleted, _details = Support.objects.filter(need=need, user=actor).delete()
    if deleted:
        contribution_services.change_counters(
            need_id=need.pk, process_id=need.process_id, supports=-deleted
        )
    return bool(deleted)


@transaction.atomic
def erase_person(*, user, delete_comments: bool) -> None:
    """Before an account is deleted: withdraws the person's supports (the counts go down)
    and, if asked, deletes their comments; otherwise the comments stay without a name."""
    for need_id, process_id in Support.objects.filter(user=user).values_list(
        "need_id", "need__process_id"
    ):
        contribution_services.change_counters(need_id=need_id, process_id=process_id, supports=-1)
    Support.objects.filter(user=user).delete()
    comments = Comment.objects.filter(author=user)
    for need_id in set(comments.values_list("need_id", flat=True)):
        pagecache.changed((pagecache.NEED, need_id))  # either way the name disappears
    if not delete_comments:
        return
    visible = Counter(comments.filter(is_hidden=False).values_list("need_id", "need__process_id"))
    for (need_id, process_id), count in visible.items():
        contribution_services.change_counters(
            need_id=need_id, process_id=process_id, comments=-count
        )
    comments.delete()
