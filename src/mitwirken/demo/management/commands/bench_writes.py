"""Writes into the benchmark process at a steady rate while `make bench` loads the pages:
supports given and withdrawn by the bench users, and now and then a new need, all through
the services (so every write invalidates caches exactly as in production).

    manage.py bench_writes --supports-per-second 10 --seconds-per-need 10 --duration 60
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError

from mitwirken.accounts.models import User
from mitwirken.contributions import services as need_services
from mitwirken.contributions.models import Need
from mitwirken.participation import services as participation_services
from mitwirken.processes.models import Process

from .seed_bench import SLUG


class Command(BaseCommand):
    help = "Steady writes into the bench process (for make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--supports-per-second", type=float, default=10.0)
        parser.add_argument("--seconds-per-need", type=float, default=10.0)
        parser.add_argument("--duration", type=float, default=60.0)

    def handle(self, *args, supports_per_second, seconds_per_need, duration, **options):
        process = Process.objects.filter(slug=SLUG).first()
        if process is None:
            raise CommandError("run seed_bench first")
        rng = random.Random(2019)  # noqa: S311 - load pattern, not security
        users = list(User.objects.filter(email__endswith="@bench.invalid").order_by("pk")[:2000])
        needs = list(
            Need.objects.filter(process=process, is_hidden=False)
            .order_by("-created_at")
            .only("pk", "process_id", "is_hidden")[:5000]
        )
        for need in needs:
            need.process = process  # the permission checks read it; saves a query per write
        fields = list(process.fields_of_action.all())
        interval = 1.0 / supports_per_second
        started = time.monotonic()
        next_need = started + seconds_per_need
        writes = {"supports": 0, "withdrawals": 0, "needs": 0}
        while time.monotonic() - started < duration:
            tick = time.monotonic()
            user = rng.choice(users)
            need = rng.choice(needs)
            if participation_services.support(actor=user, need=need):
                writes["supports"] += 1
            elif participation_services.withdraw_support(actor=user, need=need):
                writes["withdrawals"] += 1
            if tick >= next_need:
                need_services.submit_need(
                    actor=user,
                    process=process,
                    content=need_services.NeedContent(
                        title=f"Neuer Bedarf im Lasttest {writes['needs'] + 1}",
                        text="Wir brauchen mehr Beratung in der Muttersprache.",
                        field_of_action=rng.choice(fields),
                    ),
                )
                writes["needs"] += 1
                next_need += seconds_per_need
            time.sleep(max(0.0, interval - (time.monotonic() - tick)))
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"   writes in {elapsed:.0f} s: {writes['supports']} supports, "
            f"{writes['withdrawals']} withdrawals, {writes['needs']} new needs"
        )
