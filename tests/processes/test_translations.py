"""The process's own texts in further languages: given by its organisers, shown to
visitors of that language (marked with the language they are in), the original where a
translation is missing or incomplete; needs are never translated."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mitwirken.processes import selectors, services
from mitwirken.processes.models import Process

from ..factories import NeedFactory, ProcessFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"title": "Integration concept", "summary": "Take part.", "description": "About it."}


def _texts(process, language_texts, field=None, field_texts=None):
    texts = {("process", process.pk, k): v for k, v in language_texts.items()}
    if field is not None:
        texts.update({("field", field.pk, k): v for k, v in field_texts.items()})
    return texts


@pytest.fixture
def translated(process, field, organiser):
    Process.objects.filter(pk=process.pk).update(description="Über den Prozess.")
    process.refresh_from_db()
    field.description = "Kurse und Sprachmittlung."
    field.save()
    services.translate_content(
        actor=organiser,
        process=process,
        language="en",
        texts=_texts(
            process,
            ENGLISH,
            field,
            {"title": "Language and German courses", "description": "Courses."},
        ),
    )
    return process


def test_only_organisers_translate_and_only_their_process(translated, alice, organiser):
    with pytest.raises(PermissionDenied):
        services.translate_content(
            actor=alice, process=translated, language="ar", texts=_texts(translated, {"title": "x"})
        )
    with pytest.raises(ValidationError):  # the process's own language
        services.translate_content(
            actor=organiser,
            process=translated,
            language="de",
            texts=_texts(translated, {"title": "x"}),
        )
    other = ProcessFactory(slug="andere")
    with pytest.raises(ValidationError):  # an object of another process
        services.translate_content(
            actor=organiser,
            process=translated,
            language="ar",
            texts={("process", other.pk, "title"): "x"},
        )


def test_pages_show_the_visitors_language_where_it_exists(client, translated):
    english = client.get(f"/en/processes/{translated.slug}/").content.decode()
    assert '<h1 class="kern-heading-x-large">Integration concept</h1>' in english
    assert "Language and German courses" in english
    persian = client.get(f"/fa/processes/{translated.slug}/").content.decode()
    assert 'dir="ltr" lang="de">Integrationskonzept</h1>' in persian  # the original, marked
    german = client.get(f"/processes/{translated.slug}/").content.decode()
    assert '<h1 class="kern-heading-x-large">Integrationskonzept</h1>' in german


def test_an_incomplete_translation_shows_the_original(client, process, organiser):
    Process.objects.filter(pk=process.pk).update(description="Über den Prozess.")
    services.translate_content(
        actor=organiser,
        process=process,
        language="uk",
        texts=_texts(process, {"title": "Концепція інтеграції"}),
    )
    page = client.get(f"/uk/processes/{process.slug}/").content.decode()
    assert "Концепція інтеграції" not in page and "Integrationskonzept" in page


def test_needs_keep_their_language(client, translated, field, alice):
    need = NeedFactory(
        process=translated,
        field_of_action=field,
        author=alice,
        title="Больше курсов вечером",
        text="Нам нужны вечерние курсы.",
        language="ru",
    )
    page = client.get(f"/en{need.get_absolute_url()}").content.decode()
    assert 'dir="auto" lang="ru">Больше курсов вечером</h1>' in page


def test_a_shown_copy_cannot_be_saved(translated):
    from django.utils import translation

    with translation.override("en"):
        shown = selectors.shown(Process.objects.get(pk=translated.pk))
    assert shown.title == "Integration concept" and shown.shown_in == "en"
    with pytest.raises(RuntimeError):
        shown.save()
    assert Process.objects.get(pk=translated.pk).title == "Integrationskonzept"


def test_the_organisers_form(client, organiser, process, field):
    client.force_login(organiser)
    assert client.get(reverse("web:translations", args=[process.slug])).status_code == 200
    url = reverse("web:translation", args=[process.slug, "ar"])
    page = client.get(url).content.decode()
    assert 'lang="ar" dir="rtl"' in page and "Integrationskonzept" in page
    too_long = {f"process-{process.pk}-title": "ع" * 201, f"process-{process.pk}-summary": "ملخص"}
    response = client.post(url, too_long)
    assert response.status_code == 400 and "ملخص" in response.content.decode()
    assert not Process.objects.get(pk=process.pk).translations
    response = client.post(
        url,
        {
            f"process-{process.pk}-title": "مفهوم الاندماج",
            f"process-{process.pk}-summary": "ملخص",
            f"field-{field.pk}-title": "اللغة",
        },
    )
    assert response.status_code == 302
    saved = Process.objects.get(pk=process.pk).translations
    assert saved == {"ar": {"title": "مفهوم الاندماج", "summary": "ملخص"}}
    assert client.get(reverse("web:translation", args=[process.slug, "de"])).status_code == 404


def test_the_form_is_the_organisers(client, alice, process):
    client.force_login(alice)
    assert client.get(reverse("web:translations", args=[process.slug])).status_code == 403
    assert client.post(reverse("web:translation", args=[process.slug, "en"]), {}).status_code == 403
