"""Open data: the downloads hold what the data dictionary says and no personal data; a
file is built once in the background, its progress shown, and kept until the data
changes."""

import csv
import datetime
import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mitwirken.contributions import services as need_services
from mitwirken.reports import selectors as files
from mitwirken.reports import services
from mitwirken.reports.datasets import DATASETS
from mitwirken.reports.models import Export

from ..factories import NeedFactory, ProcessFactory

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _url(process, name, fmt):
    return reverse("open_data_file", args=[process.slug, name, fmt])


@pytest.fixture
def needs(process, field, alice, magdeburg):
    shown = NeedFactory(
        process=process,
        field_of_action=field,
        author=alice,
        region=magdeburg,
        byline="Alice aus Magdeburg",
        title="Mehr Sprachkurse für Mütter",
        text="Kinderbetreuung während der Kurse, bitte.",
    )
    hidden = NeedFactory(process=process, field_of_action=field, title="Versteckt")
    hidden.set_hidden_state(hidden=True, reason="Beleidigung")
    hidden.save()
    return shown, hidden


def test_the_needs_as_csv_hold_the_documented_columns_and_no_personal_data(
    client, process, needs, alice
):
    shown, _hidden = needs
    response = client.get(_url(process, "needs", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="integration-needs.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert list(rows[0]) == DATASETS["needs"].column_names
    assert [r["title"] for r in rows] == ["Mehr Sprachkurse für Mütter"]  # not the hidden one
    row = rows[0]
    assert row["region_key"] == "15003" and row["field_of_action"] == "sprache"
    assert row["status"] == "received" and row["merged_into"] == ""
    assert row["url"].endswith(f"/processes/integration/needs/{shown.pk}/")
    assert row["submitted"] == shown.created_at.date().isoformat()  # the day, no time
    for personal in (alice.email, alice.display_name, "Alice aus Magdeburg"):
        assert personal not in text


def test_every_dataset_downloads_as_csv_and_json(client, process, needs):
    for name, dataset in DATASETS.items():
        response = client.get(_url(process, name, "json"))
        assert response.status_code == 200, name
        document = json.loads(response.content)
        assert document["dataset"] == name and document["licence"] == "dl-de/by-2-0"
        assert document["columns"] == dataset.column_names
        assert all(list(row) == dataset.column_names for row in document["rows"])
        response = client.get(_url(process, name, "csv"))
        assert response.status_code == 200, name
        header = response.content.decode("utf-8").lstrip("\ufeff").splitlines()[0]
        assert header.split(",") == dataset.column_names
    statistics = json.loads(client.get(_url(process, "statistics", "json")).content)["rows"]
    assert {"measure": "needs_by_field", "key": "sprache",
            "label": "Sprache und Deutschkurse", "value": 1} in statistics  # fmt: skip


def test_a_file_is_served_again_with_an_etag_until_the_data_changes(
    client, process, needs, field, alice, django_capture_on_commit_callbacks
):
    url = _url(process, "needs", "csv")
    first = client.get(url)
    tag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    assert Export.objects.filter(name="needs", fmt="csv").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        need_services.submit_need(
            actor=alice,
            process=process,
            content=need_services.NeedContent(
                title="Ein neuer Bedarf zum Wohnen", text="Wohnungen fehlen.", field_of_action=field
            ),
        )
    second = client.get(url, HTTP_IF_NONE_MATCH=tag)
    assert second.status_code == 200 and second["ETag"] != tag
    assert "Ein neuer Bedarf zum Wohnen" in second.content.decode()
    assert Export.objects.filter(name="needs", fmt="csv").count() == 1  # the old file is gone


@override_settings(TASKS=DUMMY_TASKS)
def test_a_file_being_built_shows_its_progress_and_is_built_once(client, process, needs):
    url = _url(process, "approaches", "csv")
    response = client.get(url)
    export = Export.objects.get(name="approaches")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:export", args=[process.slug, export.pk])
    page = client.get(response["Location"]).content.decode()
    assert "data-poll" in page and 'value="0"' in page
    client.get(url)
    client.get(url)
    assert Export.objects.filter(name="approaches").count() == 1  # one build, however many ask
    assert services.build_for_worker(export.pk) == Export.State.DONE
    page = client.get(response["Location"]).content.decode()
    assert "data-poll" not in page and f'href="{url}"' in page
    served = client.get(url)
    assert served.status_code == 200 and served.content.decode().lstrip("\ufeff").startswith("id,")


@override_settings(TASKS=DUMMY_TASKS)
def test_a_failed_build_says_so_and_can_be_started_again(client, process, needs, monkeypatch):
    url = _url(process, "events", "json")
    client.get(url)
    export = Export.objects.get(name="events")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(files, "_dataset_file", broken)
    assert services.build_for_worker(export.pk) == Export.State.FAILED
    page = client.get(reverse("web:export", args=[process.slug, export.pk])).content.decode()
    assert 'role="alert"' in page and "disk full" not in page
    client.get(url)  # a new build is asked for
    assert Export.objects.filter(name="events", state=Export.State.QUEUED).count() == 1


@override_settings(TASKS=DUMMY_TASKS)
def test_a_build_lost_with_its_worker_is_started_again(client, process, needs):
    url = _url(process, "needs", "json")
    client.get(url)
    lost = Export.objects.get(name="needs")
    Export.objects.filter(pk=lost.pk).update(
        state=Export.State.RUNNING, created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.get(url)
    lost.refresh_from_db()
    assert lost.state == Export.State.FAILED
    assert Export.objects.filter(name="needs", state=Export.State.QUEUED).count() == 1


def test_unknown_files_and_draft_processes_are_not_found(client, process, needs):
    assert client.get(_url(process, "passwords", "csv")).status_code == 404
    assert client.get(_url(process, "needs", "xlsx")).status_code == 404
    draft = ProcessFactory(slug="entwurf", state="draft")
    assert client.get(_url(draft, "needs", "csv")).status_code == 404
    assert client.get(reverse("web:open_data", args=[draft.slug])).status_code == 404


def test_the_data_dictionary_names_every_column_and_links_every_file(client, process):
    page = client.get(reverse("web:open_data", args=[process.slug])).content.decode()
    for name, dataset in DATASETS.items():
        for fmt in ("csv", "json"):
            assert f'href="{_url(process, name, fmt)}"' in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page
    assert "dl-de/by-2-0" in page and "/api/v1/openapi.json" in page
    english = client.get("/en" + reverse("web:open_data", args=[process.slug])).content.decode()
    assert "Open data" in english and "Offene Daten" in page
