"""The live side of a conference workshop: a board that guests join with a code from their
phones, their cards (each a ``Need`` in the process's pool, with its provenance here), the
facilitator's clusters, dot votes, and the documentation when the board is closed.

A board opens and closes when its facilitator says so, not by the process's dates.
``version`` grows with every change: the live wall asks "anything new since N?" and is
answered 304 without a query when nothing changed (workshops/live.py)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.models import Need
from mitwirken.core.models import person_link
from mitwirken.events.models import CODE_ALPHABET, Workshop
from mitwirken.processes.models import StakeholderGroup

JOIN_CODE_LENGTH = 6
PSEUDONYM_MAX_LENGTH = 40
CLUSTER_TITLE_MAX_LENGTH = 80


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(JOIN_CODE_LENGTH))


class Board(models.Model):
    class State(models.TextChoices):
        PREPARED = "prepared", _("Not yet open")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    workshop = models.OneToOneField(
        Workshop, on_delete=models.CASCADE, related_name="board", verbose_name=_("workshop")
    )
    code = models.CharField(_("join code"), max_length=12, unique=True, default=new_join_code)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="prepared")
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="boards", verbose_name=_("facilitators")
    )
    notes = models.TextField(_("facilitator's notes"), blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("workshop board")
        verbose_name_plural = _("workshop boards")

    def __str__(self) -> str:
        return f"{self.workshop} ({self.code})"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def display_code(self) -> str:
        return f"{self.code[:3]}-{self.code[3:]}"


class Guest(models.Model):
    """Someone at the table, joined with the code: no account, no e-mail; a pseudonym."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="guests", verbose_name=_("board")
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=PSEUDONYM_MAX_LENGTH)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder group"),
    )
    # Kept in the guest's browser (a cookie); finds the guest again after a reload.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["board", "created_at", "id"]

    def __str__(self) -> str:
        return self.pseudonym


class Cluster(models.Model):
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="clusters", verbose_name=_("board")
    )
    title = models.CharField(_("title"), max_length=CLUSTER_TITLE_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["board", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Card(models.Model):
    """A card on the board. Its content is the ``Need`` (one store for all needs); the card
    says where it came from (which guest, or the facilitator typing in a paper card) and
    where it sits (the cluster). ``key`` makes a resend from a phone harmless."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="cards", verbose_name=_("board")
    )
    need = models.OneToOneField(
        Need, on_delete=models.CASCADE, related_name="card", verbose_name=_("need")
    )
    guest = models.ForeignKey(
        Guest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name=_("written by the guest"),
    )
    written_by = person_link(_("typed in by"), related_name="typed_cards", blank=True)
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cards",
        verbose_name=_("cluster"),
    )
    # A card merged into another stays (its need marked "merged"), off the wall.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_cards",
        verbose_name=_("merged into"),
    )
    key = models.UUIDField(_("one-time key"), editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["board", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "key"], name="workshops_card_once"),
        ]

    def __str__(self) -> str:
        return f"card {self.pk} on {self.board_id}"


class Vote(models.Model):
    """A dot vote over the board's cards or clusters: N dots per guest, at most M on one."""

    class Target(models.TextChoices):
        CARDS = "cards", _("Cards")
        CLUSTERS = "clusters", _("Clusters")

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="votes", verbose_name=_("board")
    )
    target = models.CharField(_("vote on"), max_length=10, choices=Target.choices)
    dots_per_person = models.PositiveSmallIntegerField(_("dots per person"), default=3)
    max_per_item = models.PositiveSmallIntegerField(_("at most on one item"), default=2)
    opened_at = models.DateTimeField(_("started"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("dot vote")
        verbose_name_plural = _("dot votes")
        ordering = ["board", "-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["board"],
                condition=Q(closed_at__isnull=True),
                name="workshops_one_open_vote",
                violation_error_message=_("A dot vote is running already."),
            ),
            models.CheckConstraint(
                condition=Q(dots_per_person__gte=1) & Q(max_per_item__gte=1),
                name="workshops_vote_has_dots",
                violation_error_message=_("A vote needs at least one dot per person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} ({self.opened_at:%Y-%m-%d %H:%M})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Dot(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="dots")
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="dots")
    card = models.ForeignKey(
        Card, on_delete=models.CASCADE, null=True, blank=True, related_name="dots"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="dots"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(card__isnull=False) & Q(cluster__isnull=True))
                | (Q(card__isnull=True) & Q(cluster__isnull=False)),
                name="workshops_dot_one_target",
            )
        ]
        indexes = [models.Index(fields=["vote", "guest"], name="dot_vote_guest")]

    def __str__(self) -> str:
        return f"dot {self.pk}"
