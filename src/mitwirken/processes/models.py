"""A participation process, its phases and the taxonomies contributions are sorted by."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mitwirken.accounts.models import Organisation
from mitwirken.core import pagecache


def _process_scopes(process_id) -> list[pagecache.Scope]:
    """A process's set-up shows on all its pages: lists, counts, figures, single needs."""
    return [(pagecache.PROCESS, process_id), (pagecache.SETUP, process_id)]


class Translatable(models.Model):
    """Texts an organiser can give in further languages (``translations``:
    {language: {field: text}}). Pages show a copy in the visitor's language where a whole
    translation exists (``localized``), else the original; ``shown_in`` says which, for
    lang/dir. A shown copy cannot be saved: the original texts stay as they were."""

    TRANSLATED: tuple[str, ...] = ()

    # db_default: servers still on the last release can insert
    translations = models.JSONField(_("translations"), default=dict, blank=True, db_default={})

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if getattr(self, "_localized", False):
            raise RuntimeError("a copy shown in another language cannot be saved")
        super().save(*args, **kwargs)

    def translation(self, language: str) -> dict[str, str] | None:
        """The texts in ``language``, if every text the original has is translated."""
        given = (self.translations or {}).get(language) or {}
        if not given or any(
            getattr(self, name) and not given.get(name) for name in self.TRANSLATED
        ):
            return None
        return {name: given.get(name, "") for name in self.TRANSLATED}

    def localized(self, language: str, original_language: str):
        import copy

        shown = copy.copy(self)
        shown._localized = True
        texts = self.translation(language) if language != original_language else None
        for name, text in (texts or {}).items():
            setattr(shown, name, text)
        shown.shown_in = language if texts else original_language
        return shown


class Region(models.Model):
    """A district (Landkreis) or district-free city with its official key (AGS/Kreisschlüssel).

    Regions are shared by all processes; other states are loaded the same way as
    Saxony-Anhalt (see processes/data/regions_*.json and the data migration).
    """

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        CITY = "city", _("District-free city")

    key = models.CharField(_("official key"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("federal state"), max_length=60)
    seat = models.CharField(_("seat"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def cache_scopes(self) -> list[pagecache.Scope]:
        """Regions are shared: a renamed region shows on every process that offers it."""
        return [
            s for pk in self.processes.values_list("pk", flat=True) for s in _process_scopes(pk)
        ]


class StakeholderGroup(Translatable):
    TRANSLATED = ("name",)

    """A group of actors (Akteursgruppe) a person or organisation speaks for."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def cache_scopes(self) -> list[pagecache.Scope]:
        return [
            s for pk in self.processes.values_list("pk", flat=True) for s in _process_scopes(pk)
        ]


class Process(Translatable):
    TRANSLATED = ("title", "summary", "description")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="processes",
        verbose_name=_("organising organisation"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The language the organiser writes in and contributions are expected in. Pages in
    # another interface language mark this content with lang (WCAG 3.1.2).
    language = models.CharField(
        _("language of the content"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="processes", verbose_name=_("regions")
    )
    stakeholder_groups = models.ManyToManyField(
        StakeholderGroup,
        blank=True,
        related_name="processes",
        verbose_name=_("stakeholder groups"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation process")
        verbose_name_plural = _("participation processes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:process", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def cache_scopes(self) -> list[pagecache.Scope]:
        return _process_scopes(self.pk)


class Phase(Translatable):
    TRANSLATED = ("title", "description")

    """A step of the process. What participants may do is set per phase."""

    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kick-off")
        EVENTS = "events", _("Conferences")
        ONLINE = "online", _("Online participation")
        SYNTHESIS = "synthesis", _("Synthesis")
        DRAFT = "draft", _("Concept draft")
        ADOPTION = "adoption", _("Adoption")
        OTHER = "other", _("Other")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="phases", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    allows_needs = models.BooleanField(_("needs can be submitted"), default=False)
    allows_comments = models.BooleanField(_("needs can be commented on"), default=False)
    allows_supports = models.BooleanField(_("needs can be supported"), default=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["process", "position", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="processes_phase_ends_after_start",
                violation_error_message=_("A phase cannot end before it begins."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_current(self, today: datetime.date) -> bool:
        return self.start_date <= today <= self.end_date

    def cache_scopes(self) -> list[pagecache.Scope]:
        return _process_scopes(self.process_id)


class FieldOfAction(Translatable):
    TRANSLATED = ("title", "description")

    """A field of action (Handlungsfeld) of one process."""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="fields_of_action",
        verbose_name=_("process"),
    )
    slug = models.SlugField(_("short name"), max_length=60)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["process", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "slug"],
                name="processes_field_slug_unique_per_process",
                violation_error_message=_(
                    "Another field of action of this process has this short name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def cache_scopes(self) -> list[pagecache.Scope]:
        return _process_scopes(self.process_id)


class ProcessMembership(models.Model):
    """A person's role in one process: organiser (Prozessleitung) or moderator.

    Lives here rather than in accounts because it points to a process (accounts is the
    lower layer). Set in the admin.
    """

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        MODERATOR = "moderator", _("Moderator")
        STAFF = "staff", _("Event staff (check-in)")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("process")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="process_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("process role")
        verbose_name_plural = _("process roles")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "user", "role"],
                name="processes_membership_unique",
                violation_error_message=_("This person has this role in the process already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.process}"
