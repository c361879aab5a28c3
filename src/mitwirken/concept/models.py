"""The concept: a draft of ordered sections (an introduction, one chapter per field of
action with its action approaches, further sections), published as frozen versions —
the first ones open for comments paragraph by paragraph for a period, the last one the
final concept."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mitwirken.core import pagecache
from mitwirken.core.models import Hideable, person_link
from mitwirken.processes.models import FieldOfAction, Process

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 50_000
COMMENT_MAX_LENGTH = 2000
CONCEPT = "concept"  # cache scope: a process's concept pages


class ConceptDraft(models.Model):
    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="concept", verbose_name=_("process")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("concept draft")
        verbose_name_plural = _("concept drafts")

    def __str__(self) -> str:
        return self.title

    def cache_scopes(self) -> list[pagecache.Scope]:
        return [(CONCEPT, self.process_id), (pagecache.PROCESS, self.process_id)]


class ConceptSection(models.Model):
    """A section of the draft. A chapter of a field of action shows that field's action
    approaches after its text (pulled in from the synthesis when a version is published)."""

    draft = models.ForeignKey(
        ConceptDraft, on_delete=models.CASCADE, related_name="sections", verbose_name=_("draft")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("anchor"), max_length=60)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text (Markdown)"), blank=True, max_length=BODY_MAX_LENGTH)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field of action"),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["draft", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "key"], name="concept_section_key_once"),
        ]

    def __str__(self) -> str:
        return self.title


class ConceptVersion(models.Model):
    """A published version, frozen: its sections as they were, rendered (``content``:
    [{key, title, paragraphs: [{anchor, html}], approaches: [...]}]). Comments are taken
    while its period runs and it is the newest version."""

    draft = models.ForeignKey(
        ConceptDraft, on_delete=models.CASCADE, related_name="versions", verbose_name=_("draft")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    content = models.JSONField(_("content"), default=list)
    is_final = models.BooleanField(_("final concept"), default=False)
    comments_from = models.DateField(_("comments from"), null=True, blank=True)
    comments_until = models.DateField(_("comments until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = person_link(_("published by"), related_name="+")

    class Meta:
        verbose_name = _("concept version")
        verbose_name_plural = _("concept versions")
        ordering = ["draft", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="concept_version_once"),
            models.CheckConstraint(
                condition=Q(comments_until__isnull=True)
                | Q(comments_from__isnull=True)
                | Q(comments_until__gte=models.F("comments_from")),
                name="concept_comment_period_ordered",
                violation_error_message=_("The comment period cannot end before it begins."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse(
            "web:concept_version", kwargs={"slug": self.draft.process.slug, "number": self.number}
        )

    @property
    def anchors(self) -> set[str]:
        return {p["anchor"] for s in self.content for p in s["paragraphs"]}


class ConceptComment(Hideable):
    """A comment on one paragraph of one version; it stays with that version."""

    version = models.ForeignKey(
        ConceptVersion, on_delete=models.CASCADE, related_name="comments", verbose_name=_("version")
    )
    anchor = models.CharField(_("paragraph"), max_length=80)
    author = person_link(_("author"), related_name="concept_comments", blank=True)
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    answer = models.TextField(_("answer from the organisers"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the concept")
        verbose_name_plural = _("comments on the concept")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="concept_comment_once",
            ),
        ]
        indexes = [models.Index(fields=["version", "anchor"], name="concept_comment_paragraph")]

    def __str__(self) -> str:
        return f"{self.version_id}#{self.anchor}"

    @property
    def author_name(self) -> str:
        if self.author is None:
            return str(_("Deleted account"))
        return self.author.public_name

    def get_absolute_url(self) -> str:
        """The comment in its paragraph's thread on the version's page."""
        return f"{self.version.get_absolute_url()}?p={self.anchor}#comment-{self.pk}"
