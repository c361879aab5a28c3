import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import NeedFactory


@pytest.mark.parametrize("path", ["/", "/privacy/", "/accessibility/", "/imprint/", "/en/", "/ar/"])
def test_public_pages_render(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_home_lists_published_processes(client, process):
    html = client.get("/").content.decode()
    assert process.title in html and process.get_absolute_url() in html


def test_process_page_shows_figures(client, process, field):
    NeedFactory.create_batch(3, process=process, field_of_action=field, support_count=2)
    response = client.get(reverse("web:process", kwargs={"slug": process.slug}))
    figures = response.context["figures"]
    assert figures["needs"] == 3 and figures["supports"] == 6
    assert "3 Bedarfe" in response.content.decode()


def test_unknown_process_is_404(client, db):
    response = client.get("/processes/gibt-es-nicht/")
    assert response.status_code == 404 and "Seite nicht gefunden" in response.content.decode()


def test_rtl_direction_for_arabic(client, db):
    assert 'dir="rtl"' in client.get("/ar/").content.decode()
    assert 'dir="ltr"' in client.get("/").content.decode()


def test_language_switcher_links_to_the_same_page(client, process):
    html = client.get(reverse("web:process", kwargs={"slug": process.slug})).content.decode()
    assert f'href="/en/processes/{process.slug}/?lang=en"' in html


def test_no_external_resources_in_pages(client, process, field):
    NeedFactory(process=process, field_of_action=field)
    for url in (
        "/",
        process.get_absolute_url(),
        reverse("web:needs", kwargs={"slug": process.slug}),
    ):
        html = client.get(url).content.decode()
        assert "https://" not in html.split("<body")[0]  # nothing in <head> from elsewhere


def test_process_figures_are_cached_and_exact_after_a_new_need(
    client, alice, process, field, django_capture_on_commit_callbacks
):
    from mitwirken.contributions import services

    NeedFactory(process=process, field_of_action=field)
    client.get(process.get_absolute_url())
    with CaptureQueriesContext(connection) as ctx:
        client.get(process.get_absolute_url())
    aggregates = [q for q in ctx.captured_queries if "COUNT" in q["sql"].upper()]
    assert aggregates == []  # figures and per-field counts come from the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_need(
            actor=alice,
            process=process,
            content=services.NeedContent(title="Neu", text="Text", field_of_action=field),
        )
    response = client.get(process.get_absolute_url())
    assert response.context["figures"]["needs"] == 2


def test_content_in_another_language_than_the_page_is_marked(client, process, field):
    """WCAG 3.1.2: on the English and Arabic pages the German content carries lang="de"
    (and dir="ltr" on right-to-left pages); people's texts get dir="auto"."""
    NeedFactory(process=process, field_of_action=field, title="Sprachkurse am Abend")
    german = client.get(process.get_absolute_url()).content.decode()
    assert 'lang="de"' not in german.split("<main", 1)[1]  # nothing to mark on a German page
    english = client.get("/en" + process.get_absolute_url()).content.decode()
    assert f'<h1 class="kern-heading-x-large" lang="de">{process.title}</h1>' in english
    html = client.get(f"/ar/processes/{process.slug}/needs/").content.decode()
    assert '<h3 dir="auto" lang="de"><a' in html  # attributes come sorted
    assert 'dir="ltr" lang="de">Sprache und Deutschkurse' in html


def test_easy_language_page_from_every_footer(client, db, settings):
    home = client.get("/").content.decode()
    assert 'href="/leichte-sprache/">Leichte Sprache</a>' in home
    english_home = client.get("/en/").content.decode()
    assert 'href="/en/leichte-sprache/" lang="de">Leichte Sprache</a>' in english_home
    page = client.get("/leichte-sprache/").content.decode()
    assert "Mitwirken in Leichter Sprache" in page and 'id="sign-language-soon"' in page
    english = client.get("/en/leichte-sprache/").content.decode()
    assert 'id="easy-language-note"' in english and '<div lang="de" dir="ltr">' in english
    settings.MITWIRKEN_SIGN_LANGUAGE_VIDEO = "video/mitwirken-dgs.mp4"
    with_video = client.get("/leichte-sprache/").content.decode()
    assert "<video" in with_video and "mitwirken-dgs.mp4.vtt" in with_video
