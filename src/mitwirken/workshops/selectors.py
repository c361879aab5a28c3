"""Reads for workshop boards: the wall, a guest's own cards, the documentation."""

import random
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from .models import Board, Card, Cluster, Guest, Vote

# Pseudonyms proposed to guests: friendly, neutral, easy to read aloud.
PSEUDONYM_WORDS = [
    "Ahorn",
    "Birke",
    "Eiche",
    "Linde",
    "Kastanie",
    "Weide",
    "Erle",
    "Kiefer",
    "Tanne",
    "Lärche",
    "Holunder",
    "Flieder",
    "Sonnenblume",
    "Kornblume",
    "Mohn",
    "Lavendel",
    "Salbei",
    "Minze",
    "Klee",
    "Rose",
    "Tulpe",
    "Nelke",
    "Aster",
    "Dahlie",
]


def propose_pseudonym() -> str:
    return f"{random.choice(PSEUDONYM_WORDS)} {random.randint(10, 99)}"  # noqa: S311


def get_board(code: str) -> Board:
    """The board of a join code (typed in any case, with or without the dash); 404 else."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    board = (
        Board.objects.select_related(
            "workshop__event__process", "workshop__event__region", "workshop__field_of_action"
        )
        .filter(code=code)
        .first()
    )
    if board is None:
        raise Http404
    return board


def guest_of(board: Board, token) -> Guest | None:
    if not token:
        return None
    try:
        return Guest.objects.filter(board=board, token=token).first()
    except Exception:  # noqa: BLE001 - a malformed cookie is no guest
        return None


@dataclass
class Ranked:
    item: object
    dots: int


# The wall shows the newest ungrouped cards only: a projector cannot show hundreds, and
# the facilitator groups them as they come (the documentation lists every card).
WALL_UNGROUPED = 60


@dataclass
class Wall:
    board: Board
    groups: list[tuple[Cluster | None, list[Card]]]
    card_count: int
    guest_count: int
    vote: Vote | None
    ranking: list[Ranked] = field(default_factory=list)
    dots_placed: int = 0
    ungrouped_hidden: int = 0


def wall(board: Board, *, for_screen: bool = False) -> Wall:
    """The board's cards by cluster (the ungrouped last), the running or last vote with its
    ranking: a fixed number of queries, whatever the number of cards. ``for_screen``: the
    newest ungrouped cards only (the projector)."""
    # Hidden by moderation: off the wall and the documentation, like any hidden need.
    visible = Card.objects.filter(board=board, merged_into__isnull=True, need__is_hidden=False)
    columns = (
        "pk",
        "board_id",
        "cluster_id",
        "created_at",
        "need__title",
        "need__text",
        "need__process_id",
        "guest__pseudonym",
        "cluster__title",
    )
    grouped = list(
        visible.filter(cluster__isnull=False)
        .select_related("need", "guest", "cluster")
        .only(*columns)
        .order_by("created_at", "id")
    )
    ungrouped_qs = (
        visible.filter(cluster__isnull=True)
        .select_related("need", "guest", "cluster")
        .only(*columns)
    )
    total_ungrouped = ungrouped_qs.count()
    if for_screen and total_ungrouped > WALL_UNGROUPED:
        ungrouped = list(ungrouped_qs.order_by("-created_at", "-id")[:WALL_UNGROUPED])[::-1]
    else:
        ungrouped = list(ungrouped_qs.order_by("created_at", "id"))
    clusters = list(Cluster.objects.filter(board=board).order_by("position", "id"))
    by_cluster: dict[int, list[Card]] = {}
    for card in grouped:
        by_cluster.setdefault(card.cluster_id, []).append(card)
    groups: list[tuple[Cluster | None, list[Card]]] = [
        (cluster, by_cluster.get(cluster.pk, [])) for cluster in clusters
    ]
    if ungrouped:
        groups.append((None, ungrouped))
    vote = Vote.objects.filter(board=board).order_by("-opened_at", "-id").first()
    result = Wall(
        board=board,
        groups=groups,
        card_count=len(grouped) + total_ungrouped,
        guest_count=Guest.objects.filter(board=board, removed_at__isnull=True).count(),
        vote=vote,
        ungrouped_hidden=total_ungrouped - len(ungrouped),
    )
    if vote is not None:
        items = grouped + ungrouped
        if result.ungrouped_hidden and vote.target == Vote.Target.CARDS:
            items = list(
                visible.select_related("need", "guest", "cluster").only(*columns)
            )  # rank them all
        result.ranking, result.dots_placed = ranking(vote, items, clusters)
    return result


def ranking(vote: Vote, cards: list[Card], clusters: list[Cluster]) -> tuple[list[Ranked], int]:
    column = "card_id" if vote.target == Vote.Target.CARDS else "cluster_id"
    counts = Counter(
        {
            row[column]: row["n"]
            for row in vote.dots.values(column).annotate(n=Count("pk"))
            if row[column] is not None
        }
    )
    items = cards if vote.target == Vote.Target.CARDS else clusters
    ranked = sorted(
        (Ranked(item, counts.get(item.pk, 0)) for item in items),
        key=lambda r: (-r.dots, getattr(r.item, "position", 0), r.item.pk),
    )
    return ranked, sum(counts.values())


def my_dots(vote: Vote | None, guest: Guest | None) -> Counter:
    if vote is None or guest is None:
        return Counter()
    column = "card_id" if vote.target == Vote.Target.CARDS else "cluster_id"
    return Counter(vote.dots.filter(guest=guest).values_list(column, flat=True))


def cards_of(guest: Guest) -> list[Card]:
    return list(
        Card.objects.filter(guest=guest, need__is_hidden=False)
        .select_related("need")
        .order_by("-created_at", "-id")
    )


def participants_by_group(board: Board) -> list[tuple[str, int]]:
    """Guests by stakeholder group (for the documentation), "not specified" last."""
    rows = (
        Guest.objects.filter(board=board, removed_at__isnull=True)
        .values("stakeholder_group__name")
        .annotate(n=Count("pk"))
        .order_by("stakeholder_group__position", "stakeholder_group__name")
    )
    return [(row["stakeholder_group__name"] or "", row["n"]) for row in rows]


def boards_of_event(event) -> list[Board]:
    return list(
        Board.objects.filter(workshop__event=event)
        .select_related("workshop")
        .annotate(cards_total=Count("cards", filter=Q(cards__merged_into__isnull=True)))
        .order_by("workshop__position", "workshop__title")
    )
