"""Needs (Bedarfe): what participants say is missing, with where it came from and what
became of it."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mitwirken.processes.models import FieldOfAction, Process, Region, StakeholderGroup

TITLE_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 2000
TARGET_GROUP_MAX_LENGTH = 120
HIDDEN_REASON_MAX_LENGTH = 500


class Need(models.Model):
    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        WORKSHOP = "workshop", _("Workshop")
        IMPORT = "import", _("Import")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("Under review")
        ADOPTED = "adopted", _("Taken up")
        PARTLY_ADOPTED = "partly_adopted", _("Partly taken up")
        NOT_ADOPTED = "not_adopted", _("Not taken up")
        MERGED = "merged", _("Merged with another need")

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="needs", verbose_name=_("process")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("field of action"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("region"),
        help_text=_("Empty means the whole state."),
    )
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("stakeholder group"),
    )
    target_group = models.CharField(
        _("target group"), max_length=TARGET_GROUP_MAX_LENGTH, blank=True
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("author"),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    response = models.TextField(_("public answer"), blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    hidden_reason = models.CharField(
        _("reason for hiding"), max_length=HIDDEN_REASON_MAX_LENGTH, blank=True
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # A one-time key from the form: a repeated submission returns the first need.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    # Full-text index (PostgreSQL, German); written by services.refresh_search_vector.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="contributions_need_submission_once",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="contributions_need_title_not_empty"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="contributions_need_text_not_empty"),
        ]
        indexes = [
            models.Index(
                fields=["process", "-created_at", "-id"],
                condition=Q(is_hidden=False),
                name="need_visible_newest",
            ),
            models.Index(
                fields=["process", "-support_count", "-created_at", "-id"],
                condition=Q(is_hidden=False),
                name="need_visible_supported",
            ),
            models.Index(
                fields=["process", "field_of_action", "-created_at", "-id"],
                condition=Q(is_hidden=False),
                name="need_visible_field_newest",
            ),
            models.Index(
                fields=["process", "region", "-created_at", "-id"],
                condition=Q(is_hidden=False),
                name="need_visible_region_newest",
            ),
            models.Index(
                fields=["process", "stakeholder_group", "-created_at", "-id"],
                condition=Q(is_hidden=False),
                name="need_visible_group_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:need", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def author_name(self) -> str:
        if self.author is None:
            return str(_("Deleted account"))
        return self.author.public_name
