"""Nothing lost when the database is briefly gone or a form is sent again: the 503 page
keeps what was typed; a read is repeated once the database answers; the same text sent
again from a reloaded form (a new one-time key) gives the first need or comment back."""

import datetime
import sys
import uuid

from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import ResolverMatch
from django.utils import timezone

from mitwirken.contributions import services as need_services
from mitwirken.contributions.models import Need
from mitwirken.core import unavailable
from mitwirken.participation import services as participation_services
from mitwirken.participation.models import Comment


def _content(field, title="Kitaplätze für Kursteilnehmende", text="Ohne Kita kein Kurs."):
    return need_services.NeedContent(title=title, text=text, field_of_action=field)


def test_a_failed_post_keeps_what_was_typed_for_sending_again(db, monkeypatch):
    monkeypatch.setattr(unavailable, "wait_for_database", lambda seconds: False)
    key = str(uuid.uuid4())
    request = RequestFactory().post(
        "/processes/integration/needs/new/",
        {
            "title": "Mehr Abendkurse",
            "text": "Bitte <b>abends</b>.",
            "submission_key": key,
            "csrfmiddlewaretoken": "t0ken",
        },  # fmt: skip
    )
    middleware = unavailable.DatabaseUnavailableMiddleware(lambda r: HttpResponse())
    response = middleware.process_exception(request, OperationalError("server closed"))
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Kurz nicht erreichbar" in html  # translated (German by default)
    assert f'name="submission_key" value="{key}"' in html  # the same one-time key again
    assert "Mehr Abendkurse" in html and "&lt;b&gt;abends&lt;/b&gt;" in html  # escaped
    assert 'action="/processes/integration/needs/new/"' in html


def test_a_read_is_repeated_once_the_database_answers(db, monkeypatch):
    monkeypatch.setattr(unavailable, "wait_for_database", lambda seconds: True)
    request = RequestFactory().get("/processes/integration/needs/")
    request.resolver_match = ResolverMatch(lambda r: HttpResponse("again"), (), {})
    middleware = unavailable.DatabaseUnavailableMiddleware(lambda r: HttpResponse())
    response = middleware.process_exception(request, OperationalError("server closed"))
    assert response.status_code == 200 and response.content == b"again"
    other = middleware.process_exception(request, ValueError("not ours"))
    assert other is None


def test_a_database_error_before_any_view_gets_the_503_page(db):
    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        assert sys.exc_info()[0] is OperationalError
        response = unavailable.server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert unavailable.server_error(request).status_code == 500


def test_the_same_text_from_a_reloaded_form_gives_the_first_need(process, field, alice):
    first, created = need_services.submit_need(
        actor=alice, process=process, content=_content(field), submission_key=uuid.uuid4()
    )
    again, created_again = need_services.submit_need(
        actor=alice, process=process, content=_content(field), submission_key=uuid.uuid4()
    )
    assert created and not created_again and again.pk == first.pk
    other, created_other = need_services.submit_need(
        actor=alice, process=process, content=_content(field, text="Anderer Text."),
        submission_key=uuid.uuid4(),
    )  # fmt: skip
    assert created_other
    Need.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    later, created_later = need_services.submit_need(
        actor=alice, process=process, content=_content(field), submission_key=uuid.uuid4()
    )
    assert created_later and later.pk != first.pk  # outside the window: a new need


def test_the_same_comment_from_a_reloaded_form_is_saved_once(process, field, alice, bob):
    need, _ = need_services.submit_need(actor=alice, process=process, content=_content(field))
    for _ in range(3):
        participation_services.add_comment(
            actor=bob, need=need, text="Bei uns genauso.", submission_key=uuid.uuid4()
        )
    assert Comment.objects.filter(need=need).count() == 1
    need.refresh_from_db()
    assert need.comment_count == 1


@override_settings(MITWIRKEN_ONE_TIME_KEYS=False)
def test_without_one_time_keys_a_repeat_makes_a_duplicate(process, field, alice):
    """The planted fault of `make faults --plant`: it must be able to show duplicates."""
    key = uuid.uuid4()
    for _ in range(2):
        need_services.submit_need(
            actor=alice, process=process, content=_content(field), submission_key=key
        )
    assert Need.objects.filter(author=alice).count() == 2


def test_a_reloaded_need_form_sent_again_is_told_it_was_saved_once(client, process, field, alice):
    client.force_login(alice)
    url = f"/processes/{process.slug}/needs/new/"
    for _ in range(2):  # each time a freshly loaded form: a new one-time key
        page = client.get(url).content.decode()
        key = page.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
        response = client.post(
            url,
            {
                "title": "Kitaplätze für Kursteilnehmende",
                "text": "Ohne Kita kein Kurs.",
                "field_of_action": field.slug,
                "submission_key": key,
            },  # fmt: skip
            follow=True,
        )
    assert Need.objects.filter(author=alice).count() == 1
    assert "nicht doppelt gespeichert" in response.content.decode()
