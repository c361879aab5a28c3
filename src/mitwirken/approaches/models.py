"""Action approaches (Handlungsansätze): what the ministry will do about a group of needs,
with the needs behind it. The concept's chapters are built from them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.models import Need
from mitwirken.core import pagecache
from mitwirken.core.models import person_link
from mitwirken.processes.models import FieldOfAction, Process, StakeholderGroup

TITLE_MAX_LENGTH = 160
DESCRIPTION_MAX_LENGTH = 4000
ACTORS_MAX_LENGTH = 300
APPROACHES = "approaches"  # cache scope: a process's approach pages and "what became of it"


class ActionApproach(models.Model):
    class Horizon(models.TextChoices):
        SHORT = "short", _("Short term (within a year)")
        MEDIUM = "medium", _("Medium term (one to three years)")
        LONG = "long", _("Long term (more than three years)")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        IN_CONCEPT = "in_concept", _("In the concept")

    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="approaches", verbose_name=_("process")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="approaches",
        verbose_name=_("field of action"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    responsible_groups = models.ManyToManyField(
        StakeholderGroup,
        blank=True,
        related_name="approaches",
        verbose_name=_("responsible stakeholder groups"),
    )
    responsible_actors = models.CharField(
        _("responsible actors"),
        max_length=ACTORS_MAX_LENGTH,
        blank=True,
        help_text=_("For example: Ministry of Labour, district administrations, job centres."),
    )
    horizon = models.CharField(
        _("time horizon"), max_length=8, choices=Horizon.choices, default=Horizon.MEDIUM
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    needs = models.ManyToManyField(
        Need, blank=True, related_name="approaches", verbose_name=_("needs behind it")
    )
    # Where it was made from: "cluster 12" of the synthesis or a workshop's group.
    origin = models.CharField(_("made from"), max_length=200, blank=True, default="")
    # What it was made from ("cluster:12", "workshop-group:3") or the form's one-time key
    # ("form:<uuid>"): the same cluster or a re-pressed form gives the first approach back.
    origin_key = models.CharField(max_length=60, blank=True, default="", editable=False)
    created_by = person_link(_("created by"), related_name="approaches_created")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action approach")
        verbose_name_plural = _("action approaches")
        ordering = ["field_of_action__position", "priority", "title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "origin_key"],
                condition=~Q(origin_key=""),
                name="approaches_made_once",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="approaches_title_not_empty",
                violation_error_message=_("Please fill in the title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:approach", kwargs={"slug": self.process.slug, "pk": self.pk})

    def cache_scopes(self) -> list[pagecache.Scope]:
        return [(pagecache.PROCESS, self.process_id), (APPROACHES, self.process_id)]
