"""Shared model parts. No domain models live here."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HIDDEN_REASON_MAX_LENGTH = 500


def person_link(verbose_name, *, related_name: str, blank: bool = False) -> models.ForeignKey:
    """A link to the person who wrote or did something. It outlives their account: when
    the account is deleted the link becomes empty ("Deleted account") and the row stays."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Hideable(models.Model):
    """Content moderators can hide with a public reason (shown in its place) and restore."""

    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=HIDDEN_REASON_MAX_LENGTH, blank=True
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    HIDDEN_FIELDS = ["is_hidden", "hidden_reason", "hidden_at"]

    class Meta:
        abstract = True

    def set_hidden_state(self, *, hidden: bool, reason: str = "") -> list[str]:
        """Sets the three fields (the reason trimmed and cut to its length; none when
        restored) and returns their names for ``save(update_fields=…)``."""
        self.is_hidden = hidden
        self.hidden_reason = (reason or "").strip()[:HIDDEN_REASON_MAX_LENGTH] if hidden else ""
        self.hidden_at = timezone.now() if hidden else None
        return list(self.HIDDEN_FIELDS)


def optional_link(to, verbose_name, *, related_name: str, keep: bool = False) -> models.ForeignKey:
    """An optional link to a choice (a region, a group, a workshop). ``keep=True``: the
    choice cannot be deleted while something points to it (PROTECT); otherwise the link
    becomes empty (SET_NULL)."""
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT if keep else models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class OutgoingMail(models.Model):
    """Every e-mail the platform sends, kept so that none is lost silently: queued, then
    sent, or failed with the error after its attempts (core/mail.py). The address is
    personal data; the row is deleted with what it was about where the owning app says so."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML version"), blank=True)
    # Small text attachments (a calendar file): [{"filename", "mimetype", "content"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # What the mail belongs to, for the organisers' list of what was sent ("process:12").
    topic = models.CharField(_("belongs to"), max_length=40, blank=True, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="queued")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="mail_state_created")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to} ({self.get_state_display()})"
