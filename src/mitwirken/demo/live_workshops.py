"""The demo's live workshops: every workshop of the 2019 conferences finished (cards by
guests and typed-in paper cards, clusters, merged duplicates, a dot vote, the
facilitator's notes, closed), and one open workshop to try the phone, facilitator and
wall views at once. Everything goes through workshops.services, as in a real room."""

import datetime
import json
import random
import uuid
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from mitwirken.core.actors import OPERATOR
from mitwirken.events import services as event_services
from mitwirken.events.models import Event
from mitwirken.processes.models import StakeholderGroup
from mitwirken.workshops import services
from mitwirken.workshops.models import Board, Vote

DATA = Path(__file__).resolve().parent / "data"
KEYS = uuid.UUID("7e1f0c2a-2019-4b5e-8c3d-0a1b2c3d4e5f")
GUESTS = [
    "Linde",
    "Ahorn",
    "Birke",
    "Eiche",
    "Kastanie",
    "Weide",
    "Erle",
    "Holunder",
    "Flieder",
    "Sonnenblume",
    "Kornblume",
    "Lavendel",
    "Salbei",
    "Minze",
    "Klee",
    "Tulpe",
    "Nelke",
    "Aster",
    "Dahlie",
    "Mohn",
]
TRY_OUT_SLUG = "mitmach-werkstatt"
NOTES = (
    "Die Gruppe war gemischt aus Verwaltung, Beratung und Migrantenorganisationen. "
    "Viele Karten beschreiben dieselben Hürden aus verschiedenen Blickwinkeln; die "
    "Cluster fassen sie zusammen. Die Punktabstimmung zeigt, was der Tisch zuerst "
    "angegangen sehen möchte."
)
ANON = AnonymousUser()


def _fill(board: Board, field_slug: str, rng: random.Random, cards_data: dict, index: int):
    """Guests join and write, the facilitator types in paper cards, groups, merges."""
    data = cards_data[field_slug]
    groups = list(StakeholderGroup.objects.exclude(slug="einzelpersonen"))
    guests = [
        services.join(
            actor=ANON,
            board=board,
            pseudonym=f"{rng.choice(GUESTS)} {rng.randint(10, 99)}",
            stakeholder_group=rng.choice(groups) if rng.random() < 0.8 else None,
        )
        for _i in range(rng.randint(5, 9))
    ]
    clusters = [
        services.add_cluster(actor=OPERATOR, board=board, title=title) for title in data["clusters"]
    ]
    cards = []
    for number, item in enumerate(data["cards"]):
        key = uuid.uuid5(KEYS, f"{board.workshop_id}-{number}")
        if number % 5 == 4:  # a paper card, typed in by the facilitator
            card, _created = services.add_paper_card(
                actor=OPERATOR, board=board, title=item["title"], text=item.get("text", ""), key=key
            )
        else:
            card, _created = services.submit_card(
                actor=ANON,
                guest=guests[number % len(guests)],
                title=item["title"],
                text=item.get("text", ""),
                key=key,
            )
        cards.append(card)
        if item.get("cluster") is not None:
            services.place_card(actor=OPERATOR, card=card, cluster=clusters[item["cluster"]])
    for number, item in enumerate(data["cards"]):
        if item.get("same_as") is not None and item["same_as"] != number:
            services.merge_cards(actor=OPERATOR, card=cards[number], into=cards[item["same_as"]])
    on_clusters = index % 2 == 0
    vote = services.start_vote(
        actor=OPERATOR,
        board=board,
        target=Vote.Target.CLUSTERS if on_clusters else Vote.Target.CARDS,
        dots_per_person=3,
        max_per_item=2,
    )
    items = clusters if on_clusters else [c for c in cards if c.merged_into_id is None]
    weights = [rng.random() ** 2 for _item in items]
    for guest in guests:
        for _dot in range(3):
            for item in [rng.choices(items, weights=weights)[0], *rng.sample(items, len(items))]:
                try:  # at most two dots on one item: the dot goes to the next choice
                    services.place_dot(actor=ANON, guest=guest, vote=vote, item=item)
                    break
                except ValidationError:
                    continue
    services.close_vote(actor=OPERATOR, vote=vote)
    return guests


def create_live_workshops(process, rng: random.Random) -> dict[str, object]:
    cards_data = json.loads((DATA / "workshop_cards.json").read_text(encoding="utf-8"))
    count = 0
    for event in Event.objects.filter(process=process).order_by("date"):
        for index, workshop in enumerate(event.workshops.select_related("field_of_action")):
            board = services.prepare_board(actor=OPERATOR, workshop=workshop)
            board = services.open_board(actor=OPERATOR, board=board)
            _fill(board, workshop.field_of_action.slug, rng, cards_data, index)
            services.save_notes(actor=OPERATOR, board=board, notes=NOTES)
            services.close_board(actor=OPERATOR, board=board)
            count += 1
    open_board = _try_out(process)
    return {"workshops": count, "open_board": open_board}


def _try_out(process) -> Board:
    """An upcoming workshop, open, to try the phone, the facilitator and the wall."""
    event = event_services.create_event(
        actor=OPERATOR,
        process=process,
        kind=Event.Kind.ONLINE,
        title="Mitmach-Werkstatt zum Ausprobieren",
        slug=TRY_OUT_SLUG,
        date=timezone.localdate() + datetime.timedelta(days=21),
        capacity=40,
        description=(
            "Eine Werkstatt der Demo: Probieren Sie aus, wie Karten vom Smartphone auf die "
            "Wand im Raum kommen."
        ),
        published=True,
    )
    field = process.fields_of_action.get(slug="sprache")
    workshop = event_services.add_workshop(
        actor=OPERATOR,
        event=event,
        title="Themenforum Sprache (zum Ausprobieren)",
        capacity=40,
        field_of_action=field,
        facilitators="Prozessleitung der Demo",
    )
    board = services.prepare_board(actor=OPERATOR, workshop=workshop)
    return services.open_board(actor=OPERATOR, board=board)
