"""Conferences of a process (Veranstaltungen) and their workshops (Themenforen, Tische).

Registration, tickets and check-in build on these (see docs/status.md).
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mitwirken.core import pagecache
from mitwirken.core.models import optional_link
from mitwirken.directory.models import Stakeholder
from mitwirken.processes.models import FieldOfAction, Process, Region, StakeholderGroup

EVENTS = "events"  # cache scope: a process's events and who attended (open data, figures)


class Event(models.Model):
    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kick-off conference")
        REGIONAL = "regional", _("Regional conference")
        ONLINE = "online", _("Online event")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="events", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in the address"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
    )
    # The day is always known; the times often only later (then they are not shown).
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("begins"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"))
    accessibility = models.TextField(
        _("accessibility of the venue"),
        blank=True,
        help_text=_("Step-free access, hearing loop, toilets, how to get there."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="draft")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "slug"],
                name="events_event_slug_per_process",
                violation_error_message=_("Another event of this process has this address."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gte=F("start_time")),
                name="events_event_ends_after_start",
                violation_error_message=_("The event cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True)
                | Q(registration_opens__isnull=True)
                | Q(registration_closes__gte=F("registration_opens")),
                name="events_event_registration_closes_after_opening",
                violation_error_message=_("Registration cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:event", kwargs={"slug": self.process.slug, "event": self.slug})

    def cache_scopes(self) -> list[pagecache.Scope]:
        return [(EVENTS, self.process_id)]

    @property
    def is_public(self) -> bool:
        return self.state in (self.State.PUBLISHED, self.State.CANCELLED)

    def is_past(self, today: datetime.date) -> bool:
        return self.date < today


class Workshop(models.Model):
    """A workshop (Themenforum, Tisch) of an event, often on one field of action."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=200)
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("field of action"),
    )
    room = models.CharField(_("room"), max_length=120, blank=True)
    facilitators = models.CharField(
        _("facilitators"),
        max_length=300,
        blank=True,
        help_text=_("Who moderates the workshop, as shown on the event's page."),
    )
    capacity = models.PositiveIntegerField(_("places"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["event", "position", "title"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An organisation of the directory invited to an event, with a personal link: it
    opens the registration form filled in with the organisation's details, or declines.
    Several people of one organisation may register through the same link."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sent_at = models.DateTimeField(_("invited"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "stakeholder__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "stakeholder"],
                name="events_invitation_once_per_event",
                violation_error_message=_("This organisation is invited to the event already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} → {self.event}"

    def get_absolute_url(self) -> str:
        return reverse(
            "web:invitation", kwargs={"slug": self.event.process.slug, "token": self.token}
        )


# The ticket code: typed at the entrance when the QR code cannot be scanned. No 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_ticket_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalise_ticket_code(text: str) -> str:
    """What staff type or scan, as stored: upper case, without spaces and dashes; a scanned
    check-in address gives its ``code`` parameter."""
    text = (text or "").strip()
    if "code=" in text:
        text = text.rsplit("code=", 1)[1].split("&", 1)[0]
    return "".join(ch for ch in text.upper() if ch.isalnum())


class Registration(models.Model):
    """A person's registration for an event, without an account. Personal data lives only
    in ``PERSONAL_DATA_FIELDS`` (deleted after the event, see docs/status.md).

    The state: pending until the person confirms the e-mail address (double opt-in), then
    confirmed if a place is free, else waiting; cancelled by the person or the organisers.
    A place is taken only by a confirmed registration, decided under a lock on the event.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("E-mail address not yet confirmed")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    PERSONAL_DATA_FIELDS = (
        "name",
        "email",
        "organisation_name",
        "interpreter_language",
        "access_other",
    )
    ACTIVE = (State.PENDING, State.CONFIRMED, State.WAITING)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="pending")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    stakeholder_group = optional_link(
        StakeholderGroup, _("stakeholder group"), related_name="registrations", keep=True
    )
    region = optional_link(Region, _("region"), related_name="registrations", keep=True)
    first_choice = optional_link(Workshop, _("first choice"), related_name="+")
    second_choice = optional_link(Workshop, _("second choice"), related_name="+")
    workshop = optional_link(Workshop, _("workshop"), related_name="registrations")
    # The invitation whose link the person followed (the organisation's tracking).
    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("invitation"),
    )
    # Access needs, for planning (interpreters, sign language, step-free access, childcare).
    interpreter_language = models.CharField(
        _("interpreter for the language"), max_length=60, blank=True
    )
    sign_language = models.BooleanField(_("sign language interpreting"), default=False)
    step_free = models.BooleanField(_("step-free access"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    access_other = models.CharField(_("other needs"), max_length=300, blank=True)
    # The secret of the person's links (confirm, see, change, cancel): never shown elsewhere.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    # The ticket's code for the check-in (in its QR code, and printed to be typed).
    code = models.CharField(_("ticket code"), max_length=12, default=new_ticket_code)
    # The language the person registered in: their e-mails are written in it.
    language = models.CharField(_("language"), max_length=10, default="de")
    consent_at = models.DateTimeField(_("privacy notice accepted"))
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("e-mail address confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Personal data erased (by the person, or after the event): only the anonymous parts
    # stay for the statistics (state, group, region, workshop, kinds of access needs).
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)
    # Check-in at the entrance: when, and by whom (event staff or organisers).
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "event",
                models.functions.Lower("email"),
                condition=Q(state__in=["pending", "confirmed", "waiting"]),
                name="events_registration_once_per_address",
                violation_error_message=_(
                    "This e-mail address is already registered for the event."
                ),
            ),
            models.UniqueConstraint(fields=["event", "code"], name="events_ticket_code_per_event"),
            models.UniqueConstraint(
                fields=["event", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="events_registration_submission_once",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "state", "confirmed_at"], name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_state_display()}"

    def get_absolute_url(self) -> str:
        """The person's own page for this registration (the token is the key to it)."""
        return reverse(
            "web:registration",
            kwargs={"slug": self.event.process.slug, "token": self.token},
        )

    @property
    def display_code(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def has_ticket(self) -> bool:
        return self.state == self.State.CONFIRMED
