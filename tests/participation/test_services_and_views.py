import time
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitwirken.moderation import services as moderation_services
from mitwirken.participation import services
from mitwirken.participation.models import Comment, Support

from ..factories import NeedFactory


@pytest.fixture
def need(process, field):
    return NeedFactory(process=process, field_of_action=field)


def comment_url(need):
    return reverse("web:need_comment", kwargs={"slug": need.process.slug, "pk": need.pk})


def support_url(need):
    return reverse("web:need_support", kwargs={"slug": need.process.slug, "pk": need.pk})


def test_comment_counts_and_is_idempotent(alice, need):
    key = uuid.uuid4()
    services.add_comment(actor=alice, need=need, text="Gute Idee.", submission_key=key)
    _c, created = services.add_comment(
        actor=alice, need=need, text="Gute Idee.", submission_key=key
    )
    need.refresh_from_db()
    assert not created and Comment.objects.count() == 1 and need.comment_count == 1


def test_support_once_and_withdraw(alice, need):
    assert services.support(actor=alice, need=need) is True
    assert services.support(actor=alice, need=need) is False
    need.refresh_from_db()
    assert need.support_count == 1 and Support.objects.count() == 1
    assert services.withdraw_support(actor=alice, need=need) is True
    assert services.withdraw_support(actor=alice, need=need) is False
    need.refresh_from_db()
    assert need.support_count == 0


def test_closed_phase_denies_comment_and_support(alice, closed_process):
    need = NeedFactory(
        process=closed_process, field_of_action=closed_process.fields_of_action.first()
    )
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=alice, need=need, text="Hallo")
    with pytest.raises(PermissionDenied):
        services.support(actor=alice, need=need)


def test_hidden_need_cannot_be_commented(alice, need):
    need.is_hidden = True
    need.save()
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=alice, need=need, text="Hallo")


def test_comment_view_publishes_and_redirects(alice_client, need):
    response = alice_client.post(
        comment_url(need), {"text": "Bei uns auch.", "submission_key": str(uuid.uuid4())}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    page = alice_client.get(need.get_absolute_url()).content.decode()
    assert "Bei uns auch." in page and "Alice Pseudonym" in page


def test_double_posted_comment_is_saved_once(alice_client, need):
    data = {"text": "Doppelt gedrückt.", "submission_key": str(uuid.uuid4())}
    alice_client.post(comment_url(need), data)
    alice_client.post(comment_url(need), data)
    assert Comment.objects.count() == 1


def test_empty_and_too_long_comments_keep_the_text(alice_client, need):
    response = alice_client.post(comment_url(need), {"text": "   "})
    assert (
        response.status_code == 400
        and "Bitte füllen Sie den Kommentar aus." in response.content.decode()
    )
    long_text = "Ä" * 1001
    response = alice_client.post(comment_url(need), {"text": long_text})
    html = response.content.decode()
    assert response.status_code == 400 and "höchstens 1000 Zeichen" in html and long_text in html
    assert Comment.objects.count() == 0


def test_anonymous_comment_and_support_go_to_login(client, need):
    for url in (comment_url(need), support_url(need)):
        response = client.post(url, {"text": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Comment.objects.count() == 0 and Support.objects.count() == 0


def test_support_view_toggles(alice_client, need):
    alice_client.post(support_url(need), {"action": "support"})
    alice_client.post(support_url(need), {"action": "support"})
    need.refresh_from_db()
    assert need.support_count == 1
    html = alice_client.get(need.get_absolute_url()).content.decode()
    assert "Unterstützung zurückziehen" in html
    alice_client.post(support_url(need), {"action": "withdraw"})
    need.refresh_from_db()
    assert need.support_count == 0


def test_support_in_closed_phase_is_403(alice_client, closed_process):
    need = NeedFactory(
        process=closed_process, field_of_action=closed_process.fields_of_action.first()
    )
    assert alice_client.post(support_url(need), {"action": "support"}).status_code == 403


def test_get_on_post_only_views_is_405(alice_client, need):
    assert alice_client.get(comment_url(need)).status_code == 405
    assert alice_client.get(support_url(need)).status_code == 405


def test_support_redirect_ignores_foreign_next(alice_client, need):
    response = alice_client.post(
        support_url(need), {"action": "support", "next": "https://evil.example/"}
    )
    assert response["Location"] == need.get_absolute_url()


class TestAnonymousNeedPage:
    """The need page is cached for anonymous visitors (core/pagecache.py)."""

    def test_second_visit_runs_no_query(self, client, need):
        url = need.get_absolute_url()
        first = client.get(url)
        assert first.status_code == 200 and first.has_header("ETag")
        with CaptureQueriesContext(connection) as ctx:
            second = client.get(url)
        assert second.content == first.content and len(ctx.captured_queries) == 0
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304

    def test_a_hidden_comment_disappears_at_once(
        self, client, alice, moderator, need, django_capture_on_commit_callbacks
    ):
        comment, _ = services.add_comment(actor=alice, need=need, text="Beleidigender Satz.")
        assert "Beleidigender Satz." in client.get(need.get_absolute_url()).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            moderation_services.hide(actor=moderator, target=comment, reason="Beleidigung")
        html = client.get(need.get_absolute_url()).content.decode()
        assert "Beleidigender Satz." not in html and "Beleidigung" in html

    def test_a_new_comment_shows_within_the_counts_max_age(
        self, client, alice, need, settings, django_capture_on_commit_callbacks
    ):
        settings.MITWIRKEN_COUNTS_MAX_AGE = 0
        client.get(need.get_absolute_url())
        with django_capture_on_commit_callbacks(execute=True):
            services.add_comment(actor=alice, need=need, text="Ein neuer Gedanke.")
        time.sleep(0.01)
        assert "Ein neuer Gedanke." in client.get(need.get_absolute_url()).content.decode()

    def test_logged_in_visitors_see_their_own_page(self, alice_client, alice, need):
        services.support(actor=alice, need=need)
        response = alice_client.get(need.get_absolute_url())
        assert not response.has_header("ETag")
        assert "Unterstützung zurückziehen" in response.content.decode()
