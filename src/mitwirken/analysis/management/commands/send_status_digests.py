"""Sends the digest e-mails of status changes (run by the operator's scheduler, e.g. every
hour): one e-mail per author who asked for it, listing what became of their needs."""

from django.core.management.base import BaseCommand

from mitwirken.contributions.status import send_digests_for_scheduler


class Command(BaseCommand):
    help = "Send one e-mail per author whose needs changed status since the last round."

    def handle(self, *args, **options):
        sent = send_digests_for_scheduler()
        self.stdout.write(f"{sent} digest e-mails queued")
