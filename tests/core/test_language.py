"""The language found on the first visit (Accept-Language) and kept (the cookie set by
the language links), with the start page's redirect varying on both."""

import pytest
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


@pytest.mark.parametrize("active", ["de", "en", "ar"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/processes/demo/needs/?field=3&page=2",
        "/processes/demo/needs/17/",
        "/accounts/login/?next=/processes/demo/",
        "/no/such/page/?x=1",
    ],
)
def test_the_language_links_from_the_requests_own_match_equal_djangos(active, path):
    """The header's language links reuse the request's resolution instead of resolving the
    address again for every language; the result is the same as Django's translate_url."""
    from django.urls import Resolver404, resolve
    from django.utils.translation import override

    from mitwirken.core.templatetags.mitwirken import _language_links_of

    with override(active):
        prefixed = path if active == "de" else f"/{active}{path}"
        try:
            match = resolve(prefixed.partition("?")[0])
        except Resolver404:
            match = None
        fast = _language_links_of(prefixed, match)
        slow = _language_links_of(prefixed)
    assert [link["url"] for link in fast] == [link["url"] for link in slow]
    if match is not None:  # the links do lead to the page in each language
        assert fast[1]["url"].startswith("/en/") and fast[0]["url"].startswith(
            path.partition("?")[0]
        )
