"""The conference of `make bench`'s registration round, in the bench process.

manage.py bench_event --reset           creates it (or empties it): 500 places, open
manage.py bench_event --tokens FILE     writes the pending registrations' confirm paths
manage.py bench_event --report          prints the counts from the database as JSON
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q
from django.utils import timezone

from mitwirken.core.actors import OPERATOR
from mitwirken.core.models import OutgoingMail
from mitwirken.events import services as event_services
from mitwirken.events.models import Event, Registration, Workshop
from mitwirken.processes.models import Process

from .seed_bench import SLUG

EVENT_SLUG = "bench-konferenz"
CAPACITY = 500
WORKSHOPS = (("Themenforum Sprache", 150), ("Themenforum Arbeit", 150), ("Themenforum Wohnen", 150))
BENCH_DOMAIN = "@bench-registration.invalid"


class Command(BaseCommand):
    help = "The registration round's event for make bench."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true")
        parser.add_argument("--tokens", default="")
        parser.add_argument("--report", action="store_true")

    def handle(self, *args, reset: bool, tokens: str, report: bool, **options):
        process = Process.objects.filter(slug=SLUG).first()
        if process is None:
            raise CommandError("run seed_bench first")
        event = Event.objects.filter(process=process, slug=EVENT_SLUG).first()
        if reset:
            if event is None:
                event = event_services.create_event(
                    actor=OPERATOR,
                    process=process,
                    kind=Event.Kind.REGIONAL,
                    title="Lasttest-Konferenz",
                    slug=EVENT_SLUG,
                    date=timezone.localdate() + datetime.timedelta(days=30),
                    capacity=CAPACITY,
                    published=True,
                )
                for title, capacity in WORKSHOPS:
                    event_services.add_workshop(
                        actor=OPERATOR, event=event, title=title, capacity=capacity
                    )
            Registration.objects.filter(event=event).delete()
            OutgoingMail.objects.filter(to__endswith=BENCH_DOMAIN).delete()
            self.stdout.write(
                json.dumps(
                    {
                        "path": f"/processes/{SLUG}/events/{EVENT_SLUG}/register/",
                        "workshops": list(event.workshops.values_list("pk", flat=True)),
                    }
                )
            )
            return
        if event is None:
            raise CommandError("run bench_event --reset first")
        if tokens:
            pending = Registration.objects.filter(event=event, state=Registration.State.PENDING)
            with open(tokens, "w", encoding="utf-8") as handle:
                for token in pending.values_list("token", flat=True):
                    handle.write(f"/processes/{SLUG}/registrations/{token}/confirm/\n")
            return
        if report:
            states = Registration.State
            counts = Registration.objects.filter(event=event).aggregate(
                registered=Count("pk"),
                confirmed=Count("pk", filter=Q(state=states.CONFIRMED)),
                waiting=Count("pk", filter=Q(state=states.WAITING)),
                pending=Count("pk", filter=Q(state=states.PENDING)),
            )
            workshops = Workshop.objects.filter(event=event).annotate(
                taken=Count("registrations", filter=Q(registrations__state=states.CONFIRMED))
            )
            counts["capacity"] = event.capacity
            counts["overbooked"] = max(counts["confirmed"] - event.capacity, 0) + sum(
                max(w.taken - w.capacity, 0) for w in workshops
            )
            counts["workshops"] = {w.title: [w.taken, w.capacity] for w in workshops}
            counts["mails_queued"] = OutgoingMail.objects.filter(to__endswith=BENCH_DOMAIN).count()
            self.stdout.write(json.dumps(counts))
