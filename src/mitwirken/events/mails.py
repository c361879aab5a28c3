"""The e-mails of registration, in the language the person registered in. Queued in the
transaction and sent after it commits (core/mail.py), so nobody is told about a
registration that was rolled back, and no mail is lost when the mail server is down."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from mitwirken.core.mail import queue_mail

from .models import Registration


def _send(registration: Registration, template: str) -> None:
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": registration.event,
            "link": settings.MITWIRKEN_SITE_URL + registration.get_absolute_url(),
            "site_name": settings.MITWIRKEN_SITE_NAME,
        }
        subject, _blank, body = render_to_string(template, context).strip().partition("\n")
    queue_mail(
        kind=template.rsplit("/", 1)[-1].removesuffix(".txt"),
        to=registration.email,
        subject=subject.strip(),
        body=body.strip() + "\n",
    )


def on_commit(registration: Registration, template: str) -> None:
    """Queues the mail in the current transaction; it goes out after the commit."""
    _send(registration, template)
