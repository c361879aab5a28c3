"""The live workshop of `make bench`'s wall round, in the bench process.

manage.py bench_workshop --reset --guests 300   an open board with guests; prints JSON
manage.py bench_workshop --report               cards stored on it, as JSON
"""

import datetime
import json

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mitwirken.core.actors import OPERATOR
from mitwirken.events import services as event_services
from mitwirken.events.models import Event
from mitwirken.processes.models import Process
from mitwirken.workshops import services
from mitwirken.workshops.models import Board, Card

from .seed_bench import SLUG

EVENT_SLUG = "bench-werkstatt"


class Command(BaseCommand):
    help = "The wall round's workshop for make bench."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true")
        parser.add_argument("--guests", type=int, default=300)
        parser.add_argument("--report", action="store_true")

    def handle(self, *args, reset: bool, guests: int, report: bool, **options):
        process = Process.objects.filter(slug=SLUG).first()
        if process is None:
            raise CommandError("run seed_bench first")
        event = Event.objects.filter(process=process, slug=EVENT_SLUG).first()
        if reset:
            if event is not None:
                for board in Board.objects.filter(workshop__event=event):
                    for card in board.cards.select_related("need"):
                        card.need.delete()
                event.delete()
            event = event_services.create_event(
                actor=OPERATOR,
                process=process,
                kind=Event.Kind.REGIONAL,
                title="Lasttest-Werkstatt",
                slug=EVENT_SLUG,
                date=timezone.localdate() + datetime.timedelta(days=1),
                capacity=600,
                published=True,
            )
            workshop = event_services.add_workshop(
                actor=OPERATOR,
                event=event,
                title="Themenforum Sprache",
                capacity=600,
                field_of_action=process.fields_of_action.order_by("position").first(),
            )
            board = services.open_board(
                actor=OPERATOR, board=services.prepare_board(actor=OPERATOR, workshop=workshop)
            )
            tokens = [
                str(services.join(actor=AnonymousUser(), board=board, pseudonym=f"Gast {i}").token)
                for i in range(guests)
            ]
            self.stdout.write(
                json.dumps(
                    {
                        "code": board.code,
                        "board": board.pk,
                        "field": workshop.field_of_action.slug,
                        "guests": tokens,
                    }
                )
            )
            return
        if report:
            board = Board.objects.filter(workshop__event=event).first()
            if board is None:
                raise CommandError("run bench_workshop --reset first")
            self.stdout.write(json.dumps({"cards": Card.objects.filter(board=board).count()}))
