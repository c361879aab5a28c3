"""The language found on the first visit (Accept-Language) and kept (the cookie set by
the language links), with the start page's redirect varying on both."""

import re

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
        "/processes/demo/needs/17/?q=Stra%C3%9Fe",
        "/accounts/login/?next=/processes/demo/",
    ],
)
def test_the_language_links_from_the_requests_own_match_equal_djangos(active, path):
    """The header's language links reuse the request's resolution instead of resolving the
    address again for every language; the result is the same as Django's translate_url."""
    from django.urls import resolve, translate_url
    from django.utils.translation import override

    from mitwirken.core.templatetags.mitwirken import _language_links_of, _with_lang

    with override(active):
        prefixed = path if active == "de" else f"/{active}{path}"
        ours = _language_links_of(prefixed, resolve(prefixed.partition("?")[0]))
        djangos = [
            _with_lang(translate_url(prefixed, code), code) for code, _n in settings.LANGUAGES
        ]
    assert [link["url"] for link in ours] == djangos
    assert ours[1]["url"].startswith("/en/") and ours[0]["url"].startswith(path.partition("?")[0])


def test_a_rendered_header_links_the_same_page_in_every_language(client, db):
    from django.urls import translate_url

    from mitwirken.core.templatetags.mitwirken import _with_lang

    path = "/en/accounts/login/?next=/processes/demo/"
    html = client.get(path).content.decode()
    for code, _name in settings.LANGUAGES:
        if code != "en":
            expected = _with_lang(translate_url(path, code), code).replace("&", "&amp;")
            assert f'href="{expected}"' in html


@pytest.mark.parametrize("path", ["//evil.example/", "/no/such/page/?x=1", "/en//evil.example/"])
def test_an_unknown_address_keeps_its_path_and_never_links_another_host(client, db, path):
    address, _, query = path.partition("?")  # as sent: the test client would read a host
    response = client.get("/", QUERY_STRING=query, PATH_INFO=address)
    assert response.status_code == 404
    html = response.content.decode()
    start = html.index('class="language-nav"')
    links = html[start : html.index("</nav>", start)]
    hrefs = re.findall(r'href="([^"]*)"', links)
    assert len(hrefs) == len(settings.LANGUAGES) - 1  # the current language is not a link
    assert all(href.startswith("/") and not href.startswith("//") for href in hrefs)
    assert any(href.endswith("lang=tr") for href in hrefs)
