"""Reports of content, and the append-only log of every moderation action."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitwirken.concept.models import ConceptComment
from mitwirken.contributions.models import Need
from mitwirken.core.models import person_link
from mitwirken.participation.models import Comment
from mitwirken.processes.models import Process

REASON_MAX_LENGTH = 500

# Exactly one of: a need, a comment on a need, a comment on the concept.
_ONE_TARGET = (
    (Q(need__isnull=False) & Q(comment__isnull=True) & Q(concept_comment__isnull=True))
    | (Q(need__isnull=True) & Q(comment__isnull=False) & Q(concept_comment__isnull=True))
    | (Q(need__isnull=True) & Q(comment__isnull=True) & Q(concept_comment__isnull=False))
)


class Report(models.Model):
    """Someone reports a need or a comment; moderators see it in their queue."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="reports", verbose_name=_("process")
    )
    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    concept_comment = models.ForeignKey(
        ConceptComment, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = person_link(_("reported by"), related_name="reports")
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="open")
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=_ONE_TARGET, name="moderation_report_one_target"),
            models.UniqueConstraint(
                fields=["reporter", "need"],
                condition=Q(state="open", need__isnull=False),
                name="moderation_report_need_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=Q(state="open", comment__isnull=False),
                name="moderation_report_comment_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "concept_comment"],
                condition=Q(state="open", concept_comment__isnull=False),
                name="moderation_report_concept_comment_once",
            ),
        ]
        indexes = [models.Index(fields=["process", "state"], name="report_process_state")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class LogEntry(models.Model):
    """One moderation action: who did what to which content, when and why. Append-only:
    services only ever create entries, and the admin shows them read-only."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Report dismissed")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="moderation_log", verbose_name=_("process")
    )
    # Kept when the moderator deletes their account: the entry then names no one.
    actor = person_link(_("moderator"), related_name="moderation_actions")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    need = models.ForeignKey(Need, on_delete=models.SET_NULL, null=True, blank=True)
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True)
    concept_comment = models.ForeignKey(
        ConceptComment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.created_at:%Y-%m-%d %H:%M}"
