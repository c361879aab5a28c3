"""The language found on the first visit (Accept-Language) and kept (the cookie set by
the language links), with the start page's redirect varying on both."""

from django.conf import settings


def test_a_first_visit_follows_the_browser(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar,en;q=0.8")
    assert response.status_code == 302 and response["Location"] == "/ar/"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert german.status_code == 200 and "Accept-Language" in german["Vary"]
    assert settings.LANGUAGE_COOKIE_NAME not in german.cookies  # nothing chosen, nothing kept
    unknown = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")
    assert unknown.status_code == 200


def test_choosing_a_language_is_kept(client, db):
    chosen = client.get("/?lang=de", HTTP_ACCEPT_LANGUAGE="uk")
    assert chosen.status_code == 200
    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="uk").status_code == 200  # German stays
    client.get("/tr/?lang=tr")
    again = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert again.status_code == 302 and again["Location"] == "/tr/"


def test_the_language_links_choose(client, db):
    page = client.get("/en/").content.decode()
    assert 'href="/?lang=de"' in page and 'href="/uk/?lang=uk"' in page
