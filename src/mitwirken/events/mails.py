"""The e-mails of registration, in the language the person registered in, as plain text
and HTML. Queued in the transaction and sent after it commits (core/mail.py), so nobody is
told about a registration that was rolled back, and no mail is lost when the mail server
is down. The confirmation of a place carries the calendar file."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from mitwirken.core.mail import queue_mail, render_mail

from .calendar import ics_for
from .models import Invitation, Registration


def _send(registration: Registration, template: str) -> None:
    site = settings.MITWIRKEN_SITE_URL
    with translation.override(registration.language):
        link = site + registration.get_absolute_url()
        ticket = site + reverse(
            "web:ticket",
            kwargs={"slug": registration.event.process.slug, "token": registration.token},
        )
        context = {
            "registration": registration,
            "event": registration.event,
            "link": link,
            "event_link": site + registration.event.get_absolute_url(),
            "ticket": ticket,
            "site_name": settings.MITWIRKEN_SITE_NAME,
        }
        subject, body, html = render_mail(template, context)
        attachments = []
        if registration.state == Registration.State.CONFIRMED and template.endswith(
            "place_confirmed.txt"
        ):
            attachments.append(
                {
                    "filename": "termin.ics",
                    "mimetype": "text/calendar",
                    "content": ics_for(registration, ticket),
                }
            )
    queue_mail(
        kind=template.rsplit("/", 1)[-1].removesuffix(".txt"),
        to=registration.email,
        subject=subject,
        body=body,
        html=html,
        attachments=attachments,
        topic=f"process:{registration.event.process_id}",
    )


def on_commit(registration: Registration, template: str) -> None:
    """Queues the mail in the current transaction; it goes out after the commit."""
    _send(registration, template)


def invite(invitation: Invitation) -> None:
    """The invitation to an organisation, in the language of the process's content."""
    event = invitation.event
    with translation.override(event.process.language or settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "stakeholder": invitation.stakeholder,
            "event": event,
            "process": event.process,
            "link": settings.MITWIRKEN_SITE_URL + invitation.get_absolute_url(),
            "site_name": settings.MITWIRKEN_SITE_NAME,
        }
        subject, body, html = render_mail("events/mail/invitation.txt", context)
    queue_mail(
        kind="invitation",
        to=invitation.stakeholder.email,
        subject=subject,
        body=body,
        html=html,
        topic=f"process:{event.process_id}",
    )
