import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from mitwirken.accounts.models import User


def signup(client, **overrides):
    data = {
        "email": "neu@example.org",
        "password1": "correct horse battery staple",
        "password2": "correct horse battery staple",
        "display_name": "Nachbarin",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def test_signup_sends_verification_and_records_consent(client, db):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Nachbarin" and user.privacy_consent_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    client.post(link)
    assert EmailAddress.objects.get(user=user).verified


def test_unverified_user_cannot_log_in(client, db):
    signup(client)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "neu@example.org", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"display_name": "a@b.de"}, "E-Mail-Adresse"),
        ({"privacy_consent": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"email": "kein-email"}, "gültige E-Mail-Adresse"),
    ],
)
def test_signup_rejects_bad_input_and_keeps_it(client, db, overrides, message):
    response = signup(client, **overrides)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert User.objects.count() == 0
    assert 'value="Nachbarin"' in html or overrides.get("display_name")


def test_profile_changes_display_name(alice_client, alice):
    response = alice_client.post("/account/profile/", {"display_name": "Neues Pseudonym"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.display_name == "Neues Pseudonym"


def test_profile_requires_login(client, db):
    assert client.get("/account/profile/").status_code == 302


def _settings_check(env: dict) -> subprocess.CompletedProcess:
    import os

    full_env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "FAST_PASSWORD_HASHER")  # a test-only setting
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_debug_and_default_secret(db):
    secret = "x" * 30 + "-Zq8vN3kLmP0rT5yW2bC7dF9gH1jK4"
    no_key = _settings_check(
        {"MITWIRKEN_ENV": "production", "ALLOWED_HOSTS": "example.org", "SECRET_KEY": ""}
    )
    assert no_key.returncode != 0 and "SECRET_KEY" in no_key.stderr
    debug = _settings_check(
        {
            "MITWIRKEN_ENV": "production",
            "ALLOWED_HOSTS": "example.org",
            "SECRET_KEY": secret,
            "DEBUG": "true",
        }
    )
    assert debug.returncode != 0 and "DEBUG" in debug.stderr
    clean = _settings_check(
        {"MITWIRKEN_ENV": "production", "ALLOWED_HOSTS": "example.org", "SECRET_KEY": secret}
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr


@pytest.mark.parametrize(
    "path",
    ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/", "/accounts/login/code/"],
)
def test_account_pages_address_people_formally(client, db, path):
    """allauth's German catalogue says "du"; ours overrides it with "Sie"."""
    text = re.sub(r"<[^>]+>", " ", client.get(path).content.decode())  # visible text only
    informal = re.findall(r"\b(du|Du|dich|dir|dein\w*|Dein\w*|hast|bist)\b", text)
    assert not informal, informal


def test_account_mails_greet_with_the_site_name_in_the_persons_language(client, db, settings):
    settings.MITWIRKEN_SITE_NAME = "Mitwirken Sachsen-Anhalt"
    client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
            "display_name": "Neighbour",
            "privacy_consent": "on",
        },
    )
    (message,) = mail.outbox
    assert "Mitwirken Sachsen-Anhalt" in message.body.splitlines()[0]
    assert "testserver" not in message.body.splitlines()[0]
    assert "/en/accounts/confirm-email/" in message.body  # the link keeps the language
    assert message.body.startswith("Hello from")


def test_the_language_survives_login_and_logout(client, alice):
    response = client.post(
        "/uk/accounts/login/", {"login": alice.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302 and response["Location"] == "/uk/"
    response = client.post("/uk/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/uk/"
    german = client.post(
        "/accounts/login/", {"login": alice.email, "password": "correct horse battery staple"}
    )
    assert german["Location"] == "/"


def test_a_changed_password_ends_other_sessions_at_once_despite_the_cached_user(client, alice):
    """The logged-in person is read from the cache (accounts/backends.py); saving the user
    drops that copy, so Django's session check sees the new password hash at once."""
    client.force_login(alice)
    assert client.get("/account/profile/").status_code == 200  # the user is cached now
    alice.set_password("ein-ganz-neues-passwort")
    alice.save()
    assert client.get("/account/profile/").status_code == 302  # logged out: to the login
