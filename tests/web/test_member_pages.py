"""Logged-in pages from the shared page cache (web/personal.py): every participant gets
the same cached shell, filled in with their own account links and their own supports."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mitwirken.participation import services as participation_services

from ..factories import NeedFactory


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_each_participant_sees_their_own_supports_and_account(
    client, process, field, alice, bob, django_capture_on_commit_callbacks
):
    needs = [NeedFactory(process=process, field_of_action=field) for _ in range(5)]
    participation_services.support(actor=alice, need=needs[1])
    url = f"/processes/{process.slug}/needs/"

    client.force_login(alice)
    first, cold = _queries(client, url)
    html = first.content.decode()
    assert html.count("(darunter Ihre)") == 1
    assert f'href="{needs[1].get_absolute_url()}"' in html.split("(darunter Ihre)")[0]
    assert "Alice Pseudonym" in html and "<!--account-nav-->" not in html
    assert 'name="csrfmiddlewaretoken" value="__' not in html  # a real token
    again, warm = _queries(client, url)
    assert warm < cold  # the shell came from the cache
    assert again.content.decode().count("(darunter Ihre)") == 1

    client.force_login(bob)
    bobs, _n = _queries(client, url)
    html = bobs.content.decode()
    assert "(darunter Ihre)" not in html
    assert "Bob B." in html and "Alice Pseudonym" not in html
    with django_capture_on_commit_callbacks(execute=True):  # the cached set learns after commit
        participation_services.support(actor=bob, need=needs[3])
    html = client.get(url).content.decode()  # his own mark at once, from the same shell
    assert html.count("(darunter Ihre)") == 1


def test_the_logout_form_of_a_cached_page_works(client, process, alice):
    url = f"/processes/{process.slug}/needs/"
    client.force_login(alice)
    client.get(url)
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(alice)
    html = csrf_client.get(url).content.decode()  # served from the shell cached above
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = csrf_client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in csrf_client.session


def test_a_message_is_shown_on_a_fully_rendered_page(client, process, field, alice):
    NeedFactory(process=process, field_of_action=field)
    client.force_login(alice)
    url = f"/processes/{process.slug}/needs/"
    client.get(url)
    need = NeedFactory(process=process, field_of_action=field)
    response = client.post(f"/processes/{process.slug}/needs/{need.pk}/support/", follow=True)
    assert "Vielen Dank für Ihre Unterstützung." in response.content.decode()


def test_a_need_page_from_the_shell_has_fresh_keys_and_the_persons_support(
    client, process, field, alice, bob, django_capture_on_commit_callbacks
):
    need = NeedFactory(process=process, field_of_action=field)
    url = need.get_absolute_url()
    keys = []
    for person in (alice, bob, alice):
        client.force_login(person)
        html = client.get(url).content.decode()
        assert person.display_name in html and "<!--account-nav-->" not in html
        keys.append(html.split('name="submission_key" value="', 1)[1].split('"', 1)[0])
    assert len(set(keys)) == 3  # a fresh one-time key for every page, never a shared one
    with django_capture_on_commit_callbacks(execute=True):
        participation_services.support(actor=bob, need=need)
    client.force_login(bob)
    html = client.get(url).content.decode()
    assert 'name="action" value="withdraw"' in html  # his support, from the other shell
    client.force_login(alice)
    assert 'name="action" value="withdraw"' not in client.get(url).content.decode()
    response = client.post(
        f"{url}comment/", {"text": "Das sehe ich auch so.", "submission_key": keys[0]}
    )
    assert response.status_code == 302


def test_the_author_and_the_moderators_get_their_own_controls(
    client, process, field, alice, moderator
):
    need = NeedFactory(process=process, field_of_action=field, author=alice)
    client.force_login(alice)
    assert f"{need.get_absolute_url()}edit/" in client.get(need.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert "moderation-box" in client.get(need.get_absolute_url()).content.decode()


def test_the_process_page_is_one_shell_for_visitors_and_participants(
    client, process, alice, moderator
):
    url = process.get_absolute_url()
    html = client.get(url).content.decode()
    assert f"/accounts/login/?next={url}" in html and "<!--account-nav-->" not in html
    client.force_login(alice)
    html = client.get(url).content.decode()
    assert "Alice Pseudonym" in html and "/accounts/login/" not in html
    assert f'href="/processes/{process.slug}/needs/new/"' in html  # she may submit
    client.force_login(moderator)
    html = client.get(url).content.decode()
    assert f'href="/processes/{process.slug}/moderation/"' in html  # rendered for her


def test_a_role_taken_away_ends_at_once_despite_the_cached_person(client, process, moderator):
    from mitwirken.processes.models import ProcessMembership

    client.force_login(moderator)
    url = f"/processes/{process.slug}/moderation/"
    assert client.get(url).status_code == 200  # the person and the roles are cached now
    ProcessMembership.objects.filter(user=moderator, process=process).get().delete()
    assert client.get(url).status_code == 403
