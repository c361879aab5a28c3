"""The e-mails of registration, in the language the person registered in. Sent after the
transaction commits, so nobody is told about a registration that was rolled back."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

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
    send_mail(subject.strip(), body.strip() + "\n", None, [registration.email])


def on_commit(registration: Registration, template: str) -> None:
    transaction.on_commit(lambda: _send(registration, template))
