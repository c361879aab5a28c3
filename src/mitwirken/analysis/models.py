"""What the synthesis keeps: each need's prepared form (language, lemmas, sentence
vector, made at submission), the clustering runs with their progress, the clusters and
who is in them (the organiser's moves pinned), and the duplicate pairs with the
organiser's decision."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.models import Need
from mitwirken.core.models import person_link
from mitwirken.processes.models import FieldOfAction, Process

NAME_MAX_LENGTH = 120


class NeedVector(models.Model):
    """A need as the engine reads it: made once when the need is submitted or changed
    (signals.py, a task after the commit), so a clustering job never embeds."""

    need = models.OneToOneField(
        Need, on_delete=models.CASCADE, related_name="vector", primary_key=True
    )
    language = models.CharField(_("language"), max_length=12)
    lemmas = models.TextField(_("lemmas"), blank=True)  # space-separated
    vector = models.BinaryField(_("sentence vector"))  # float16, engine.embed.to_bytes
    model = models.CharField(_("model"), max_length=40)
    text_hash = models.CharField(max_length=32)  # the text it was made from
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("need vector")
        verbose_name_plural = _("need vectors")

    def __str__(self) -> str:
        return f"{self.need_id} ({self.language})"


class ClusterRun(models.Model):
    """One computation of a process's clusters, in a background task; its progress shows
    in the workspace."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="cluster_runs", verbose_name=_("process")
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=40, blank=True, default="")
    needs_per_cluster = models.PositiveSmallIntegerField(_("needs per cluster"), default=8)
    needs = models.PositiveIntegerField(_("needs"), default=0)
    clusters = models.PositiveIntegerField(_("clusters"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicate suggestions"), default=0)
    error = models.TextField(_("error"), blank=True, default="")
    requested_by = person_link(_("requested by"), related_name="cluster_runs")
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("clustering run")
        verbose_name_plural = _("clustering runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.process_id} @ {self.created_at:%Y-%m-%d %H:%M} ({self.state})"


class Cluster(models.Model):
    """A group of similar needs within one field of action. Proposed by a run, or made by
    the organiser (split); once she edits it (renames, moves needs in or out, joins) it is
    hers: a new run keeps it and its needs."""

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("process")
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.CASCADE,
        related_name="clusters",
        verbose_name=_("field of action"),
    )
    run = models.ForeignKey(
        ClusterRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    terms = models.JSONField(_("key terms"), default=list)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True, default="")
    edited = models.BooleanField(_("edited by the organisers"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["field_of_action__position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.name or ", ".join(self.terms[:3]) or f"#{self.pk}"


class ClusterMember(models.Model):
    """A need's place in one cluster. ``pinned``: the organiser put it there."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="cluster_member")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    pinned = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("need in a cluster")
        verbose_name_plural = _("needs in clusters")

    def __str__(self) -> str:
        return f"{self.need_id} → {self.cluster_id}"


class DuplicatePair(models.Model):
    """Two needs that may say the same (``first_id < second_id``). Suggested by a run; the
    organiser merges them (accepted) or says they differ (rejected: never suggested
    again)."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        ACCEPTED = "accepted", _("Merged")
        REJECTED = "rejected", _("Not a duplicate")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    first = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))
    terms = models.JSONField(_("shared terms"), default=list)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUGGESTED
    )
    decided_by = person_link(_("decided by"), related_name="+", blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("duplicate pair")
        verbose_name_plural = _("duplicate pairs")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="analysis_pair_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="analysis_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["process", "state", "-score"], name="analysis_pair_open")]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.score:.2f})"
