"""The only code that writes comments and supports. Every public function takes the actor
and checks its own rule (participation/rules.py)."""

import datetime
import uuid
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mitwirken.contributions.models import Need
from mitwirken.contributions.services import change_counters_for_participation
from mitwirken.core import pagecache
from mitwirken.core.once import create_once
from mitwirken.core.text import clean_text

from .models import COMMENT_MAX_LENGTH, Comment, Support


def _create_comment(*, need: Need, author, text: str, **fields) -> Comment:
    comment = Comment.objects.create(need=need, author=author, text=text, **fields)
    change_counters_for_participation(need=need, comments=1)  # the page shows it then too
    return comment


def add_comment(
    *, actor, need: Need, text: str, submission_key: uuid.UUID | None = None
) -> tuple[Comment, bool]:
    """A person comments on a need. Returns (comment, created); a repeated key returns the
    first one, and so does the same text on the same need sent again by the same person
    within the repeat window (a reloaded form after an error)."""
    if not actor.has_perm("participation.add_comment", need):
        raise PermissionDenied(_("Comments are closed for this need."))
    text = clean_text(text, max_length=COMMENT_MAX_LENGTH, label=_("the comment"))
    if not settings.MITWIRKEN_ONE_TIME_KEYS:  # only to show `make faults` can fail
        submission_key = None
    return create_once(
        Comment,
        key={"author": actor, "submission_key": submission_key} if submission_key else None,
        create=lambda: _create_comment(
            need=need, author=actor, text=text, submission_key=submission_key
        ),
        same={"need": need, "author": actor, "text": text},
    )


def import_comment(
    *,
    actor,
    need: Need,
    author,
    text: str,
    created_at: datetime.datetime | None = None,
    key: uuid.UUID | None = None,
) -> tuple[Comment, bool]:
    """An organiser brings in a comment with its original author and date (the demo data,
    minutes of a meeting), in any phase; a repeated ``key`` returns the first one."""
    if not actor.has_perm("participation.import_comments", need):
        raise PermissionDenied(_("Only the process's organisers may import comments."))
    text = clean_text(text, max_length=COMMENT_MAX_LENGTH, label=_("the comment"))

    def create() -> Comment:
        comment = _create_comment(need=need, author=author, text=text, submission_key=key)
        if created_at is not None:  # auto_now_add ignores a given value
            Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
            comment.created_at = created_at
        return comment

    return create_once(
        Comment, key={"author": author, "submission_key": key} if key else None, create=create
    )


def set_comment_hidden(*, actor, comment: Comment, hidden: bool, reason: str = "") -> Comment:
    """Hides or restores a comment (moderators; moderation.services writes the log entry)."""
    if not actor.has_perm("participation.moderate_comment", comment):
        raise PermissionDenied(_("Only the process's moderators may do this."))
    if comment.is_hidden == hidden:
        return comment
    with transaction.atomic():
        comment.save(update_fields=comment.set_hidden_state(hidden=hidden, reason=reason))
        pagecache.changed(comment)  # moderation shows at once
        change_counters_for_participation(need=comment.need, comments=-1 if hidden else 1)
    return comment


def support(*, actor, need: Need) -> bool:
    """Adds the actor's support; returns False if it was there already (idempotent)."""
    if not actor.has_perm("participation.add_support", need):
        raise PermissionDenied(_("Supporting is not possible for this need now."))
    try:
        with transaction.atomic():
            Support.objects.create(need=need, user=actor)
            change_counters_for_participation(need=need, supports=1)
            _forget_supports(actor)
    except IntegrityError:
        return False
    return True


def _forget_supports(user) -> None:
    """The cached set of the person's supports (selectors.supported_among) is out of date."""
    from django.core.cache import cache

    from .selectors import supports_key

    key = supports_key(user.pk)
    transaction.on_commit(lambda: cache.delete(key))


@transaction.atomic
def withdraw_support(*, actor, need: Need) -> bool:
    """Removes the actor's support while supporting is open; returns False if there was
    none."""
    if not actor.has_perm("participation.withdraw_support", need):
        raise PermissionDenied(_("Supporting is not possible for this need now."))
    deleted, _details = Support.objects.filter(need=need, user=actor).delete()
    if deleted:
        change_counters_for_participation(need=need, supports=-deleted)
        _forget_supports(actor)
    return bool(deleted)


@transaction.atomic
def erase_person(*, actor, user, delete_comments: bool) -> None:
    """Before a person's account is deleted (by themselves): withdraws their supports (the
    counts go down) and, if asked, deletes their comments; otherwise the comments stay
    without a name."""
    if not actor.has_perm("participation.erase_own_participation", user):
        raise PermissionDenied

    def need(need_id: int, process_id: int) -> Need:  # enough for the counters' scopes
        return Need(pk=need_id, process_id=process_id)

    for need_id, process_id in Support.objects.filter(user=user).values_list(
        "need_id", "need__process_id"
    ):
        change_counters_for_participation(need=need(need_id, process_id), supports=-1)
    Support.objects.filter(user=user).delete()
    comments = Comment.objects.filter(author=user)
    # Either way the name disappears from the pages of the needs commented on.
    pagecache.changed(*comments.only("pk", "need_id"))
    if not delete_comments:
        return
    visible = Counter(comments.filter(is_hidden=False).values_list("need_id", "need__process_id"))
    for (need_id, process_id), count in visible.items():
        change_counters_for_participation(need=need(need_id, process_id), comments=-count)
    comments.delete()
