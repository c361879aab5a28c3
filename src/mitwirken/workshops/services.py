"""The only code that writes workshop boards, guests, cards, clusters and dot votes. Every
public function takes the actor and checks its own rule: facilitators (workshops/rules.py)
run the board; guests act through their guest record while the board is open.

Every change raises ``Board.version`` in its transaction, which the live wall polls."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.contributions import services as need_services
from mitwirken.contributions.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Need
from mitwirken.core import pagecache
from mitwirken.core.once import create_once
from mitwirken.core.text import clean_optional_text, clean_text
from mitwirken.events.models import Workshop
from mitwirken.processes.models import FieldOfAction, StakeholderGroup

from . import live
from .models import (
    CLUSTER_TITLE_MAX_LENGTH,
    PSEUDONYM_MAX_LENGTH,
    Board,
    Card,
    Cluster,
    Dot,
    Guest,
    Vote,
)

# A guest writes at most this many cards in this time (a table writes a few each).
CARDS_PER_WINDOW = 20
CARD_WINDOW = datetime.timedelta(minutes=5)


class TooManyCards(ValidationError):
    """A guest's limit for now: the phone keeps the card and sends it later."""


def _facilitator(actor, board: Board) -> None:
    if not actor.has_perm("workshops.facilitate", board):
        raise PermissionDenied(_("Only the workshop's facilitators may do this."))


def _bump(board: Board) -> None:
    Board.objects.filter(pk=board.pk).update(version=F("version") + 1)
    live.changed(board.pk)


def _not_closed(board: Board) -> None:
    """Read from the database: a page may hold the board from before it was closed."""
    if Board.objects.filter(pk=board.pk, state=Board.State.CLOSED).exists():
        raise ValidationError(_("The workshop is closed; its cards can no longer change."))


def _locked(board: Board) -> Board:
    return (
        Board.objects.select_for_update()
        .select_related("workshop__event__process")
        .get(pk=board.pk)
    )


# The board -----------------------------------------------------------------------------


@transaction.atomic
def prepare_board(*, actor, workshop: Workshop) -> Board:
    """The workshop's board with its join code (made once; the table card shows it)."""
    board = Board.objects.filter(workshop=workshop).first() or Board(workshop=workshop)
    board.workshop = workshop
    _facilitator(actor, board)
    if board.pk is None:
        board.save()
    return board


@transaction.atomic
def open_board(*, actor, board: Board) -> Board:
    """The facilitator opens the board: guests may join and write."""
    _facilitator(actor, board)
    board = _locked(board)
    _not_closed(board)
    if board.workshop.field_of_action_id is None:
        raise ValidationError(
            _("Please give the workshop a field of action first: the cards are filed under it.")
        )
    if board.state != Board.State.OPEN:
        board.state = Board.State.OPEN
        board.opened_at = board.opened_at or timezone.now()
        board.save(update_fields=["state", "opened_at"])
        _bump(board)
    return board


@transaction.atomic
def close_board(*, actor, board: Board) -> Board:
    """Closing freezes the board: no more cards, dots or changes; a running vote ends."""
    _facilitator(actor, board)
    board = _locked(board)
    if board.state == Board.State.CLOSED:
        return board
    Vote.objects.filter(board=board, closed_at__isnull=True).update(closed_at=timezone.now())
    board.state = Board.State.CLOSED
    board.closed_at = timezone.now()
    board.save(update_fields=["state", "closed_at"])
    _bump(board)
    return board


@transaction.atomic
def save_notes(*, actor, board: Board, notes: str) -> Board:
    """The facilitator's notes for the documentation (may be written after closing)."""
    _facilitator(actor, board)
    board.notes = clean_optional_text(notes, max_length=5000)
    board.save(update_fields=["notes"])
    _bump(board)
    return board


# Guests --------------------------------------------------------------------------------


@transaction.atomic
def join(
    *, actor, board: Board, pseudonym: str, stakeholder_group: StakeholderGroup | None = None
) -> Guest:
    """Someone at the table joins with the code: no account, no e-mail, a pseudonym."""
    if not Board.objects.filter(pk=board.pk, state=Board.State.OPEN).exists():
        raise ValidationError(_("This workshop is not open at the moment."))
    pseudonym = clean_text(pseudonym, max_length=PSEUDONYM_MAX_LENGTH, label=_("your pseudonym"))
    if "@" in pseudonym:
        raise ValidationError(
            {
                "pseudonym": [
                    _("Please do not use an e-mail address: the name is shown on the wall.")
                ]
            }
        )
    guest = Guest.objects.create(
        board=board, pseudonym=pseudonym, stakeholder_group=stakeholder_group
    )
    _bump(board)
    return guest


@transaction.atomic
def remove_guest(*, actor, guest: Guest) -> Guest:
    """The facilitator removes a guest: they can no longer write or vote; their dots go."""
    _facilitator(actor, guest.board)
    if guest.removed_at is None:
        guest.removed_at = timezone.now()
        guest.save(update_fields=["removed_at"])
        Dot.objects.filter(guest=guest, vote__closed_at__isnull=True).delete()
        _bump(guest.board)
    return guest


def _active_guest(guest: Guest) -> Board:
    guest = Guest.objects.select_related("board__workshop__event__process").get(pk=guest.pk)
    if guest.removed_at is not None:
        raise PermissionDenied(_("The facilitator has removed you from this workshop."))
    if guest.board.state != Board.State.OPEN:
        raise ValidationError(_("This workshop is not open at the moment."))
    return guest.board


# Cards ---------------------------------------------------------------------------------


def _card_content(board: Board, title: str, text: str, field: FieldOfAction | None):
    errors: dict[str, list[str]] = {}
    try:
        title = clean_text(title, max_length=TITLE_MAX_LENGTH, label=_("the title"))
    except ValidationError as exc:
        errors["title"] = exc.messages
    text = (text or "").strip()
    if len(text) > TEXT_MAX_LENGTH:
        errors["text"] = [
            _("Please keep the text to at most %(max)d characters (it has %(length)d).")
            % {"max": TEXT_MAX_LENGTH, "length": len(text)}
        ]
    field = field or board.workshop.field_of_action
    if field is None or field.process_id != board.workshop.event.process_id:
        errors["field_of_action"] = [_("Please choose a field of action.")]
    if errors:
        raise ValidationError(errors)
    return title, text, field


def _provenance(board: Board) -> str:
    workshop = board.workshop
    return f"{workshop.event.title} – {workshop.title}"[:200]


def submit_card(
    *,
    actor,
    guest: Guest,
    title: str,
    key: uuid.UUID,
    text: str = "",
    field_of_action: FieldOfAction | None = None,
) -> tuple[Card, bool]:
    """A guest writes a card from the phone. The key comes with the card (made on the
    phone): sending it again, also at the same moment, returns the first card."""
    existing = Card.objects.filter(board_id=guest.board_id, key=key).first()
    if existing is not None:  # a resend of a card the server has: "saved", whatever came since
        return existing, False
    board = _active_guest(guest)
    title, text, field = _card_content(board, title, text, field_of_action)
    recent = Card.objects.filter(guest=guest, created_at__gte=timezone.now() - CARD_WINDOW).count()
    if recent >= CARDS_PER_WINDOW:
        raise TooManyCards(
            _("You have written many cards in a short time. Please wait a few minutes.")
        )

    def create() -> Card:
        need = need_services.write_need_for_workshop_card(
            process=board.workshop.event.process,
            field_of_action=field,
            title=title,
            text=text,
            byline=guest.pseudonym,  # the group is counted on the guest, never shown with cards
            region=board.workshop.event.region,
            note=_provenance(board),
        )
        card = Card.objects.create(board=board, need=need, guest=guest, key=key)
        _bump(board)
        return card

    return create_once(Card, key={"board": board, "key": key}, create=create)


def add_paper_card(
    *,
    actor,
    board: Board,
    title: str,
    key: uuid.UUID,
    text: str = "",
    field_of_action: FieldOfAction | None = None,
) -> tuple[Card, bool]:
    """The facilitator types in a card written on paper."""
    _facilitator(actor, board)
    _not_closed(board)
    existing = Card.objects.filter(board=board, key=key).first()
    if existing is not None:
        return existing, False
    title, text, field = _card_content(board, title, text, field_of_action)

    def create() -> Card:
        need = need_services.write_need_for_workshop_card(
            process=board.workshop.event.process,
            field_of_action=field,
            title=title,
            text=text,
            byline=_("Paper card"),
            region=board.workshop.event.region,
            note=_provenance(board),
        )
        card = Card.objects.create(
            board=board, need=need, written_by=actor if actor.pk else None, key=key
        )
        _bump(board)
        return card

    return create_once(Card, key={"board": board, "key": key}, create=create)


@transaction.atomic
def edit_card(*, actor, card: Card, title: str, text: str = "", field_of_action=None) -> Card:
    _facilitator(actor, card.board)
    _not_closed(card.board)
    title, text, field = _card_content(
        card.board, title, text, field_of_action or card.need.field_of_action
    )
    need_services.write_need_for_workshop_card(
        need=card.need,
        process=card.need.process,
        field_of_action=field,
        title=title,
        text=text,
    )
    _bump(card.board)
    return card


@transaction.atomic
def delete_card(*, actor, card: Card) -> None:
    """The facilitator deletes a card (and its need: a card is its need)."""
    _facilitator(actor, card.board)
    _not_closed(card.board)
    board = card.board
    for merged in Card.objects.filter(merged_into=card).select_related("need"):
        merged.merged_into = None  # cards merged into it come back on their own
        merged.save(update_fields=["merged_into"])
        Need.objects.filter(pk=merged.need_id).update(status=Need.Status.RECEIVED, merged_into=None)
        pagecache.changed(merged.need)
    need_services.remove_need_for_workshop_card(need=card.need)
    _bump(board)


@transaction.atomic
def merge_cards(*, actor, card: Card, into: Card) -> Card:
    """Two cards say the same: ``card`` goes off the wall into ``into`` (its need marked
    "merged"), its dots move along."""
    _facilitator(actor, card.board)
    _not_closed(card.board)
    _locked(card.board)  # one merge at a time on a board: no crosswise merges
    if card.board_id != into.board_id or card.pk == into.pk:
        raise ValidationError({"into": [_("Please choose another card of this workshop.")]})
    card = Card.objects.select_related("need").get(pk=card.pk)
    into = Card.objects.get(pk=into.pk)
    if into.merged_into_id is not None or card.merged_into_id is not None:
        raise ValidationError({"into": [_("That card has been merged into another one.")]})
    Card.objects.filter(merged_into=card).update(merged_into=into)
    card.merged_into = into
    card.cluster = None
    card.save(update_fields=["merged_into", "cluster"])
    # The dots of a running vote go along; the results of closed votes stay as they were.
    Dot.objects.filter(card=card, vote__closed_at__isnull=True).update(card=into)
    Need.objects.filter(pk=card.need_id).update(status=Need.Status.MERGED, merged_into=into.need_id)
    pagecache.changed(card.need)
    _bump(card.board)
    return into


# Clusters ------------------------------------------------------------------------------


def _cluster_title(title: str) -> str:
    return clean_text(title, max_length=CLUSTER_TITLE_MAX_LENGTH, label=_("the name"))


@transaction.atomic
def add_cluster(*, actor, board: Board, title: str) -> Cluster:
    _facilitator(actor, board)
    _not_closed(board)
    try:
        title = _cluster_title(title)
    except ValidationError as exc:
        raise ValidationError({"title": exc.messages}) from exc
    cluster = Cluster.objects.create(board=board, title=title, position=board.clusters.count())
    _bump(board)
    return cluster


@transaction.atomic
def rename_cluster(*, actor, cluster: Cluster, title: str) -> Cluster:
    _facilitator(actor, cluster.board)
    _not_closed(cluster.board)
    try:
        cluster.title = _cluster_title(title)
    except ValidationError as exc:
        raise ValidationError({"title": exc.messages}) from exc
    cluster.save(update_fields=["title"])
    _bump(cluster.board)
    return cluster


@transaction.atomic
def move_cluster(*, actor, cluster: Cluster, up: bool) -> Cluster:
    """Moves a cluster one place up or down in the board's order."""
    _facilitator(actor, cluster.board)
    _not_closed(cluster.board)
    clusters = list(Cluster.objects.select_for_update().filter(board=cluster.board))
    index = next(i for i, c in enumerate(clusters) if c.pk == cluster.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(clusters):
        clusters[index], clusters[other] = clusters[other], clusters[index]
        for position, item in enumerate(clusters):
            if item.position != position:
                Cluster.objects.filter(pk=item.pk).update(position=position)
        _bump(cluster.board)
    return cluster


@transaction.atomic
def delete_cluster(*, actor, cluster: Cluster) -> None:
    """The cluster goes; its cards stay on the board, ungrouped."""
    _facilitator(actor, cluster.board)
    _not_closed(cluster.board)
    board = cluster.board
    cluster.delete()
    _bump(board)


@transaction.atomic
def place_card(*, actor, card: Card, cluster: Cluster | None) -> Card:
    """Puts a card into a cluster (or takes it out, with None)."""
    _facilitator(actor, card.board)
    _not_closed(card.board)
    if cluster is not None and cluster.board_id != card.board_id:
        raise ValidationError({"cluster": [_("This cluster belongs to another workshop.")]})
    card.cluster = cluster
    card.save(update_fields=["cluster"])
    _bump(card.board)
    return card


# Dot votes -----------------------------------------------------------------------------


@transaction.atomic
def start_vote(
    *, actor, board: Board, target: str, dots_per_person: int = 3, max_per_item: int = 2
) -> Vote:
    _facilitator(actor, board)
    board = _locked(board)
    if board.state != Board.State.OPEN:
        raise ValidationError(_("A dot vote can run only while the workshop is open."))
    errors = {}
    if target not in Vote.Target.values:
        errors["target"] = [_("Please choose what the vote is on.")]
    if not 1 <= (dots_per_person or 0) <= 20:
        errors["dots_per_person"] = [_("Please give between 1 and 20 dots per person.")]
    if not 1 <= (max_per_item or 0) <= max(dots_per_person or 1, 1):
        errors["max_per_item"] = [
            _("At most on one item must be between 1 and the dots per person.")
        ]
    if Vote.objects.filter(board=board, closed_at__isnull=True).exists():
        errors["target"] = [_("A dot vote is running already.")]
    if errors:
        raise ValidationError(errors)
    vote = Vote.objects.create(
        board=board, target=target, dots_per_person=dots_per_person, max_per_item=max_per_item
    )
    _bump(board)
    return vote


@transaction.atomic
def close_vote(*, actor, vote: Vote) -> Vote:
    _facilitator(actor, vote.board)
    if vote.closed_at is None:
        vote.closed_at = timezone.now()
        vote.save(update_fields=["closed_at"])
        _bump(vote.board)
    return vote


def _vote_item(vote: Vote, item):
    same_board = getattr(item, "board_id", None) == vote.board_id
    if isinstance(item, Card) and vote.target == Vote.Target.CARDS and same_board:
        if item.merged_into_id is None:
            return {"card": item}
    elif isinstance(item, Cluster) and vote.target == Vote.Target.CLUSTERS and same_board:
        return {"cluster": item}
    raise ValidationError(_("This item is not part of the vote."))


@transaction.atomic
def place_dot(*, actor, guest: Guest, vote: Vote, item) -> Dot:
    """A guest puts one of their dots on a card or cluster (under a lock on the guest, so
    two quick taps never exceed the dots they have)."""
    Guest.objects.select_for_update().filter(pk=guest.pk).first()
    _active_guest(guest)
    vote = Vote.objects.get(pk=vote.pk)
    if vote.board_id != guest.board_id or vote.closed_at is not None:
        raise ValidationError(_("This dot vote is closed."))
    target = _vote_item(vote, item)
    mine = Dot.objects.filter(vote=vote, guest=guest)
    if mine.count() >= vote.dots_per_person:
        raise ValidationError(
            _("You have placed all your %(count)s dots. Take one back to move it.")
            % {"count": vote.dots_per_person}
        )
    if mine.filter(**target).count() >= vote.max_per_item:
        raise ValidationError(
            _("At most %(count)s dots can go on one item.") % {"count": vote.max_per_item}
        )
    dot = Dot.objects.create(vote=vote, guest=guest, **target)
    _bump(vote.board)
    return dot


@transaction.atomic
def take_back_dot(*, actor, guest: Guest, vote: Vote, item) -> bool:
    """A guest takes one of their dots back from an item (to place it elsewhere)."""
    Guest.objects.select_for_update().filter(pk=guest.pk).first()
    _active_guest(guest)
    vote = Vote.objects.get(pk=vote.pk)
    if vote.board_id != guest.board_id or vote.closed_at is not None:
        raise ValidationError(_("This dot vote is closed."))
    dot = Dot.objects.filter(vote=vote, guest=guest, **_vote_item(vote, item)).first()
    if dot is None:
        return False
    dot.delete()
    _bump(vote.board)
    return True
