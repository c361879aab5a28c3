"""Deletes the personal data of registrations some days after their event (DSGVO).

Run it daily (cron, a systemd timer); the number of days comes from
REGISTRATION_RETENTION_DAYS (default 90) unless --days is given.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from mitwirken.core.actors import OPERATOR
from mitwirken.events import services


class Command(BaseCommand):
    help = "Deletes the personal data of registrations for events that ended long enough ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=settings.MITWIRKEN_REGISTRATION_RETENTION_DAYS
        )

    def handle(self, *args, days: int, **options):
        count = services.erase_past_registrations(actor=OPERATOR, days=days)
        self.stdout.write(
            f"personal data of {count} registrations deleted (events over {days} days ago)"
        )
