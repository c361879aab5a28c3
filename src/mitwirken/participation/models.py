"""Comments on and supports for needs: concrete foreign keys, no generic relations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.models import Need
from mitwirken.core import pagecache
from mitwirken.core.models import Hideable, person_link

COMMENT_MAX_LENGTH = 1000


class Comment(Hideable):
    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="comments", verbose_name=_("need")
    )
    author = person_link(_("author"), related_name="comments")
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="participation_comment_submission_once",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="participation_comment_text_not_empty",
                violation_error_message=_("Please write a comment."),
            ),
        ]
        indexes = [models.Index(fields=["need", "created_at"], name="comment_need_created")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def author_name(self) -> str:
        if self.author is None:
            return str(_("Deleted account"))
        return self.author.public_name

    def cache_scopes(self) -> list[pagecache.Scope]:
        """A comment shows on its need's page (its count: see Need.cache_scopes)."""
        return [(pagecache.NEED, self.need_id)]


class Support(models.Model):
    """One person supports one need once; withdrawing deletes the row."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="supports", verbose_name=_("need")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["need", "user"], name="participation_support_once")
        ]
        indexes = [models.Index(fields=["user", "need"], name="support_user_need")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.need_id}"
