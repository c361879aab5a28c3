"""Sending e-mail through a background task, never silently losing one.

``queue_mail`` stores the mail (``OutgoingMail``) in the caller's transaction and, once it
commits, enqueues ``deliver``: with the immediate backend (``make run``, tests) it runs at
once; in production a worker of the database backend runs it (``manage.py db_worker``).
A failed attempt is recorded with its error and retried after 1, 4 and 16 minutes
(at once where the backend cannot defer); after ``MAX_ATTEMPTS`` the mail stays "failed"
with its last error, visible to administrators.
"""

import datetime
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutgoingMail

MAX_ATTEMPTS = 4
logger = logging.getLogger(__name__)


def queue_mail(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    html: str = "",
    attachments: list[dict] | None = None,
    topic: str = "",
) -> OutgoingMail:
    """Stores the mail (plain text, optionally an HTML version and small text attachments
    ``{"filename", "mimetype", "content"}``) and sends it after the commit."""
    mail = OutgoingMail.objects.create(
        kind=kind,
        to=to,
        subject=subject[:300],
        body=body,
        html=html,
        attachments=attachments or [],
        topic=topic,
    )
    transaction.on_commit(lambda: deliver.enqueue(mail.pk))
    return mail


def render_mail(template: str, context: dict) -> tuple[str, str, str]:
    """Subject (the template's first line), plain text and HTML of a mail, in the active
    language; the HTML is the same text in the one mail layout (templates/mail/)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    subject, _blank, body = render_to_string(template, context).strip().partition("\n")
    subject, body = subject.strip(), body.strip() + "\n"
    html = render_to_string(
        "mail/layout.html",
        {
            **context,
            "subject": subject,
            "body": body,
            "language": translation.get_language(),
            "bidi": translation.get_language_bidi(),
        },
    )
    return subject, body, html


def transmit(mail: OutgoingMail) -> None:
    """Hands the mail to the mail server (Django's EMAIL_BACKEND): plain text, the HTML
    version as an alternative, the attachments."""
    message = EmailMultiAlternatives(mail.subject, mail.body, None, [mail.to])
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    for attachment in mail.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    message.send()


@task()
def deliver(mail_id: int) -> str:
    mail = OutgoingMail.objects.filter(pk=mail_id, state=OutgoingMail.State.QUEUED).first()
    if mail is None:  # sent already (a repeated task) or gone with what it was about
        return "nothing to do"
    mail.attempts += 1
    try:
        transmit(mail)
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server is recorded
        mail.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if mail.attempts >= MAX_ATTEMPTS:
            mail.state = OutgoingMail.State.FAILED
            logger.error("e-mail %s failed for good: %s", mail.pk, mail.last_error)
        mail.save(update_fields=["attempts", "last_error", "state"])
        if mail.state == OutgoingMail.State.QUEUED:
            _retry(mail)
        return mail.state
    mail.state = OutgoingMail.State.SENT
    mail.sent_at = timezone.now()
    mail.save(update_fields=["attempts", "state", "sent_at", "last_error"])
    return mail.state


def _retry(mail: OutgoingMail) -> None:
    backend = deliver.get_backend()
    if backend.supports_defer:
        delay = datetime.timedelta(minutes=4 ** (mail.attempts - 1))
        deliver.using(run_after=timezone.now() + delay).enqueue(mail.pk)
    else:
        deliver.enqueue(mail.pk)


def mails_about(topic: str):
    """The mails that belong to ``topic`` (e.g. a process), newest first."""
    return OutgoingMail.objects.filter(topic=topic).order_by("-created_at", "-id")


def mail_counts(topic: str) -> dict[str, int]:
    from django.db.models import Count, Q

    states = OutgoingMail.State
    return OutgoingMail.objects.filter(topic=topic).aggregate(
        queued=Count("pk", filter=Q(state=states.QUEUED)),
        sent=Count("pk", filter=Q(state=states.SENT)),
        failed=Count("pk", filter=Q(state=states.FAILED)),
    )
