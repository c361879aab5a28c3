"""The session store used with Redis (accounts/sessions.py): the session and the person it
names come in one cache read once a worker knows whose the session is; the hint is only a
hint (a wrong one is ignored) and a saved user is read anew."""

import pytest
from django.core.cache import cache

from mitwirken.accounts import sessions
from mitwirken.accounts.backends import user_key
from mitwirken.core import pagecache

from ..factories import NeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(settings, monkeypatch):
    settings.SESSION_ENGINE = "mitwirken.accounts.sessions"
    sessions._hints.clear()
    seen = {"get": [], "get_many": []}
    real_get, real_many = cache.get, cache.get_many
    inside = []  # local memory's get_many reads key by key: not separate reads

    def get(key, *args, **kwargs):
        if not inside:
            seen["get"].append(key)
        return real_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        seen["get_many"].append(list(keys))
        inside.append(1)
        try:
            return real_many(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    return seen


def test_the_session_and_its_person_in_one_read(client, alice, reads):
    client.force_login(alice)
    assert client.get("/account/profile/").status_code == 200  # learns whose session it is
    reads["get"].clear(), reads["get_many"].clear()
    response = client.get("/account/profile/")
    assert response.status_code == 200 and response.context["user"] == alice
    together = [keys for keys in reads["get_many"] if user_key(alice.pk) in keys]
    assert together and any("sessions" in k for k in together[0])  # session + person at once
    assert user_key(alice.pk) not in reads["get"]  # not read a second time


def test_a_wrong_hint_is_ignored(client, alice, bob, reads):
    client.force_login(alice)
    assert client.get("/account/profile/").status_code == 200
    key = client.cookies["sessionid"].value
    sessions._hints.set(key, (str(bob.pk), []))  # the worker remembers someone else
    cache.set(user_key(bob.pk), bob, 60)
    response = client.get("/account/profile/")
    assert response.status_code == 200 and response.context["user"] == alice
    assert sessions._hints.get(key)[0] == str(alice.pk)  # and the hint is corrected


def test_a_saved_person_is_read_anew(client, alice, reads):
    client.force_login(alice)
    assert client.get("/account/profile/").status_code == 200
    assert client.get("/account/profile/").status_code == 200  # read with the session now
    alice.set_password("ein-ganz-neues-passwort")
    alice.save()  # drops the cached copy: the session's password hash no longer matches
    assert client.get("/account/profile/").status_code == 302


def test_a_logged_in_page_in_one_read(client, alice, process, reads):
    """The second view of the needs list: the session, the person, the process's versions
    and the person's cached parts in one read (the page itself from the worker's copy)."""
    client.force_login(alice)
    url = f"/processes/{process.slug}/needs/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    reads["get"].clear(), reads["get_many"].clear()
    response = client.get(url)
    assert response.status_code == 200 and b"account/profile" in response.content
    assert len(reads["get_many"]) == 1 and not reads["get"], reads
    (keys,) = reads["get_many"]
    assert user_key(alice.pk) in keys and any(k.startswith("version:") for k in keys)


def test_preloaded_versions_are_as_fresh_as_read_later(client, alice, process, field, reads):
    """A need submitted since the last view bumps the process's version; the next view
    reads the new version with the session and shows the new need."""
    client.force_login(alice)
    url = f"/processes/{process.slug}/needs/"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    need = NeedFactory(process=process, field_of_action=field, title="Ganz neuer Bedarf")
    pagecache._bump([(pagecache.PROCESS, process.pk)])  # as the service does after commit
    assert "Ganz neuer Bedarf" in client.get(url).content.decode()
    assert need.pk
