"""E-mail goes out through a background task and is never lost silently."""

import pytest
from django.core import mail

from mitwirken.core import mail as outbox
from mitwirken.core.models import OutgoingMail

pytestmark = pytest.mark.django_db


def queue(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return outbox.queue_mail(kind="test", to="a@example.org", subject="Betreff", body="Text\n")


def test_a_queued_mail_is_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # rolled back, in effect
        outbox.queue_mail(kind="test", to="a@example.org", subject="Betreff", body="Text\n")
    assert mail.outbox == []
    sent = queue(django_capture_on_commit_callbacks)
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == ("sent", 1) and sent.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Betreff"]


def test_a_failing_mail_server_is_retried_then_recorded(
    monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(1)
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(outbox, "transmit", refuse)
    failed = queue(django_capture_on_commit_callbacks)
    failed.refresh_from_db()
    assert failed.state == "failed" and failed.attempts == outbox.MAX_ATTEMPTS
    assert len(calls) == outbox.MAX_ATTEMPTS
    assert "mail server down" in failed.last_error


def test_a_mail_that_recovers_is_sent_once(monkeypatch, django_capture_on_commit_callbacks):
    real = outbox.transmit
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise TimeoutError("timeout")
        return real(*args, **kwargs)

    monkeypatch.setattr(outbox, "transmit", flaky)
    sent = queue(django_capture_on_commit_callbacks)
    sent.refresh_from_db()
    assert (sent.state, sent.attempts, sent.last_error) == ("sent", 2, "TimeoutError: timeout")
    assert len(mail.outbox) == 1
    outbox.deliver.call(sent.pk)  # a repeated task sends nothing twice
    assert len(mail.outbox) == 1 and OutgoingMail.objects.count() == 1
