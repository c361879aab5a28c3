"""Files built in the background (open data, the concept as PDF and DOCX): one row per
file and state of the data, kept until the data changes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitwirken.processes.models import Process


class Export(models.Model):
    """One built (or building) file: ``name`` is what it holds (a dataset such as "needs",
    or "concept-3"), ``fmt`` its format, ``versions`` the cache versions of the data it was
    built from (core.pagecache): when they change, the next request builds a new file."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PENDING = (State.QUEUED, State.RUNNING)

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="exports", verbose_name=_("process")
    )
    name = models.CharField(_("content"), max_length=40)
    fmt = models.CharField(_("format"), max_length=8)
    versions = models.CharField(_("data version"), max_length=400)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    content = models.BinaryField(_("file"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    error = models.TextField(_("error"), blank=True, default="")
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # At most one build of the same file at a time, however many people ask.
            models.UniqueConstraint(
                fields=["process", "name", "fmt"],
                condition=Q(state__in=["queued", "running"]),
                name="reports_export_one_pending",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "name", "fmt", "state"], name="reports_export_file"),
        ]

    def __str__(self) -> str:
        return f"{self.name}.{self.fmt}"

    @property
    def pending(self) -> bool:
        return self.state in self.PENDING
