"""Needs (Bedarfe): what participants say is missing, with where it came from and what
became of it."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mitwirken.core import pagecache
from mitwirken.core.models import Hideable, person_link
from mitwirken.processes.models import FieldOfAction, Process, Region, StakeholderGroup

TITLE_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 2000
TARGET_GROUP_MAX_LENGTH = 120
IMPORT_NOTE_MAX_LENGTH = 200

# Slices of a process's needs that filtered list pages depend on (selectors.NeedFilters.scopes):
# a new need in one field of action leaves the cached pages of the other fields alone.
FIELD_SLICE, REGION_SLICE, GROUP_SLICE = "needs-field", "needs-region", "needs-group"


def region_slice(process_id, region_id) -> pagecache.Scope:
    return (REGION_SLICE, f"{process_id}-{region_id or 'statewide'}")


def group_slice(process_id, group_id) -> pagecache.Scope:
    return (GROUP_SLICE, f"{process_id}-{group_id or 'none'}")


class Need(Hideable):
    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        WORKSHOP = "workshop", _("Workshop")
        IMPORT = "import", _("Import")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("Under review")
        ADOPTED = "adopted", _("Taken up")
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
    author = person_link(_("author"), related_name="needs", blank=True)
    # Shown as the author where there is no account: a workshop guest's pseudonym, or
    # "paper card" for a card the facilitator typed in (workshops).
    byline = models.CharField(
        _("shown as author"), max_length=60, blank=True, default="", db_default=""
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ONLINE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    response = models.TextField(_("public answer"), blank=True)
    # Merged into another need that says the same (analysis.services.merge_needs): this one
    # stays, points to it, and its supports and origin count for it.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_needs",
        verbose_name=_("merged into"),
    )
    # The language the need is written in (detected at submission, analysis.vectors), shown
    # with lang= on its pages; never translated.
    language = models.CharField(_("language"), max_length=12, blank=True, default="", db_default="")
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # Provenance of needs that did not come through the form (services.import_need).
    imported_by = person_link(_("imported by"), related_name="imported_needs", blank=True)
    import_note = models.CharField(  # db_default: servers still on the last release can insert
        _("where it came from"),
        max_length=IMPORT_NOTE_MAX_LENGTH,
        blank=True,
        default="",
        db_default="",
    )
    # A one-time key from the form: a repeated submission returns the first need.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    # Full-text index (PostgreSQL, German); written by the services (_refresh_search_vector).
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
                condition=~Q(title=""),
                name="contributions_need_title_not_empty",
                violation_error_message=_("Please fill in the title."),
            ),
            models.CheckConstraint(  # a workshop card may be just its title
                condition=~Q(text="") | Q(source="workshop"),
                name="contributions_need_text_not_empty",
                violation_error_message=_("Please describe the need."),
            ),
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
            return self.byline or str(_("Deleted account"))
        return self.author.public_name

    def cache_scopes(self, *, counts_only: bool = False) -> list[pagecache.Scope]:
        """The cached pages that show this need: the process's lists, counts and figures,
        the need's own page, and the filtered lists of its field, region and group. Its
        counters show on the process's lists and on its own page only."""
        own = [(pagecache.PROCESS, self.process_id), (pagecache.NEED, self.pk)]
        if counts_only:
            return own
        return [
            *own,
            (FIELD_SLICE, self.field_of_action_id),
            region_slice(self.process_id, self.region_id),
            group_slice(self.process_id, self.stakeholder_group_id),
        ]


class StatusChange(models.Model):
    """What became of a need, one row per change by the organisers: the status, the public
    answer and who set them. Append-only; the digest e-mail to the author is built from the
    rows not yet told (``notified_at``)."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("need")
    )
    actor = person_link(_("changed by"), related_name="need_status_changes")
    old_status = models.CharField(_("before"), max_length=16, choices=Need.Status.choices)
    status = models.CharField(_("status"), max_length=16, choices=Need.Status.choices)
    response = models.TextField(_("public answer"), blank=True)
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("author told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["need", "-created_at"], name="status_change_need_newest"),
            models.Index(
                fields=["created_at"],
                condition=Q(notified_at__isnull=True),
                name="status_change_untold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need_id}: {self.old_status} → {self.status}"


class NeedEdit(models.Model):
    """A change to a need by someone other than its author (an organiser): who, when and
    what changed (field: [before, after]). Append-only; shown on the need's page."""

    need = models.ForeignKey(
        Need, on_delete=models.CASCADE, related_name="edits", verbose_name=_("need")
    )
    actor = person_link(_("edited by"), related_name="need_edits")
    changes = models.JSONField(_("changes"), default=dict)
    created_at = models.DateTimeField(_("edited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("edit of a need")
        verbose_name_plural = _("edits of needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["need", "-created_at"], name="need_edit_need_newest")]

    def __str__(self) -> str:
        return f"{self.need_id} @ {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def changed_field_labels(self) -> list[str]:
        """The changed fields' names in the reader's language ("title, description")."""
        fields = {f.name: f for f in Need._meta.get_fields() if hasattr(f, "verbose_name")}
        return [str(fields[name].verbose_name) for name in self.changes if name in fields]
