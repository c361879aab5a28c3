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
