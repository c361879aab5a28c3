"""The directory's pages: organisers only (403 for others, the login for anonymous
visitors, 404 for another process's entries); the import from upload to report to import."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mitwirken.directory.models import DirectoryImport, Stakeholder
from mitwirken.processes.models import Process, ProcessMembership

from ..factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(name: str, process, **kwargs) -> str:
    return reverse(f"web:{name}", kwargs={"slug": process.slug, **kwargs})


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def _upload(client, process, text: str, encoding="utf-8"):
    upload = SimpleUploadedFile("verteiler.csv", text.encode(encoding), "text/csv")
    return client.post(_url("directory_import", process), {"file": upload})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_organiser_sees_the_directory_with_filters_and_pages(
    organiser_client, process, group, magdeburg
):
    Stakeholder.objects.bulk_create(
        Stakeholder(process=process, name=f"Verein {n:02d}", email=f"v{n}@example.org")
        for n in range(60)
    )
    Stakeholder.objects.create(
        process=process, name="AWO Magdeburg", email="awo@example.org", region=magdeburg
    )
    response = organiser_client.get(_url("directory", process))
    assert response.status_code == 200
    page = _text(response)
    assert page.count("<h1") == 1 and response.context["page"].paginator.count == 61
    assert page.count('<tr class="kern-table__row"><th scope="row"') == 50
    assert "AWO Magdeburg" in page and "Verein 48" in page and "Verein 49" not in page
    assert "<caption" in page and 'scope="col"' in page

    second = _text(organiser_client.get(_url("directory", process) + "?page=2"))
    assert second.count('<th scope="row"') == 11 and "Verein 59" in second

    filtered = _text(organiser_client.get(_url("directory", process) + "?region=15003"))
    assert "AWO Magdeburg" in filtered and "Verein 01" not in filtered
    searched = _text(organiser_client.get(_url("directory", process) + "?q=verein+07"))
    assert "Verein 07" in searched and "Verein 08" not in searched
    unknown = organiser_client.get(_url("directory", process) + f"?group={group.slug}x")
    assert unknown.status_code == 200  # an unknown value is ignored


def test_the_list_reads_one_page_whatever_the_size(
    organiser_client, process, django_assert_max_num_queries
):
    Stakeholder.objects.bulk_create(
        Stakeholder(process=process, name=f"Verein {n}", email=f"v{n}@example.org")
        for n in range(500)
    )
    organiser_client.get(_url("directory", process))  # the process and taxonomy cached
    with django_assert_max_num_queries(8):
        organiser_client.get(_url("directory", process))


def test_adding_keeps_what_was_typed_when_the_address_is_taken(organiser_client, process, group):
    Stakeholder.objects.create(process=process, name="Caritas", email="info@caritas.example")
    response = organiser_client.get(_url("directory_new", process))
    assert response.status_code == 200
    data = {
        "name": "Neuer Verein für Vielfalt",
        "email": "INFO@caritas.example",
        "contact_person": "Frau Nguyen",
        "stakeholder_group": group.slug,
        "region": "15003",
    }
    response = organiser_client.post(_url("directory_new", process), data)
    assert response.status_code == 400
    page = _text(response)
    assert 'value="Neuer Verein für Vielfalt"' in page
    assert 'value="INFO@caritas.example"' in page and 'value="Frau Nguyen"' in page
    assert f'<option value="{group.slug}" selected>' in page
    assert '<option value="15003" selected>' in page
    assert 'id="form-errors"' in page and 'aria-invalid="true"' in page
    assert Stakeholder.objects.count() == 1

    data["email"] = "vielfalt@example.org"
    response = organiser_client.post(_url("directory_new", process), data)
    assert response.status_code == 302 and response.url == _url("directory", process)
    added = Stakeholder.objects.get(email="vielfalt@example.org")
    assert added.stakeholder_group == group and added.region.key == "15003"


def test_editing_and_removing_an_entry(organiser_client, process):
    stakeholder = Stakeholder.objects.create(
        process=process, name="Caritas", email="info@caritas.example"
    )
    url = _url("directory_edit", process, pk=stakeholder.pk)
    page = _text(organiser_client.get(url))
    assert 'value="Caritas"' in page and 'name="action" value="delete"' in page
    response = organiser_client.post(
        url, {"name": "Caritas Halle", "email": "halle@caritas.example"}
    )
    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Caritas Halle"
    response = organiser_client.post(url, {"action": "delete"})
    assert response.status_code == 302 and not Stakeholder.objects.exists()


BAD_FILE = (
    "Organisation;Akteursgruppe;Landkreis;E-Mail\n"
    "Verein für Integration Magdeburg e.V.;Vereine;Magdeburg;info@vfi.example\n"
    "Ohne Adresse;Vereine;Magdeburg;\n"
    "Arbeiterwohlfahrt Börde;Wohlfahrtsverbände;Börde;awo@boerde.example\n"
)


def test_upload_report_and_import_the_good_rows(organiser_client, process, english):
    assert organiser_client.get(_url("directory_import", process)).status_code == 200
    response = _upload(organiser_client, process, BAD_FILE, encoding="cp1252")
    directory_import = DirectoryImport.objects.get()
    report_url = _url("directory_import_report", process, pk=directory_import.pk)
    assert response.status_code == 302 and response.url == report_url

    page = _text(organiser_client.get(report_url))
    assert page.count("<h1") == 1
    assert '<th scope="row" class="kern-table__cell kern-table__cell--numeric">3</th>' in page
    assert "Line 3: the e-mail address is missing." in page
    assert 'name="good_rows_only" value="1"' in page
    assert _url("directory_import", process) in page  # upload a corrected file
    assert not Stakeholder.objects.exists()

    response = organiser_client.post(report_url, {"good_rows_only": "1"}, follow=True)
    assert response.redirect_chain == [(_url("directory", process), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "2 organisations have been added to the directory."
    ]
    assert Stakeholder.objects.count() == 2
    response = organiser_client.post(report_url, {"good_rows_only": "1"}, follow=True)
    assert Stakeholder.objects.count() == 2  # a second press imports nothing more
    assert [str(m) for m in response.context["messages"]] == [
        "This file had already been imported (2 organisations); nothing was imported twice."
    ]
    page = _text(organiser_client.get(report_url))
    assert 'name="good_rows_only"' not in page  # applied: no buttons any more


def test_a_clean_file_offers_to_import_all_rows(organiser_client, process):
    _upload(organiser_client, process, "name,group,region,email\nA,,,a@example.org\n")
    directory_import = DirectoryImport.objects.get()
    report_url = _url("directory_import_report", process, pk=directory_import.pk)
    page = _text(organiser_client.get(report_url))
    assert 'name="good_rows_only" value="0"' in page
    assert organiser_client.post(report_url, {"good_rows_only": "0"}).status_code == 302
    assert Stakeholder.objects.get().email == "a@example.org"


def test_importing_all_rows_of_a_file_with_bad_rows_is_refused(organiser_client, process):
    _upload(organiser_client, process, BAD_FILE)
    directory_import = DirectoryImport.objects.get()
    report_url = _url("directory_import_report", process, pk=directory_import.pk)
    response = organiser_client.post(report_url, {"good_rows_only": "0"})
    assert response.status_code == 302 and response.url == report_url
    assert not Stakeholder.objects.exists()


def test_a_file_that_cannot_be_read_is_shown_on_the_upload_form(organiser_client, process):
    response = _upload(organiser_client, process, "Name;E-Mail\nVerein;a@b.example\n")
    assert response.status_code == 400
    page = _text(response)
    assert 'id="form-errors"' in page and 'enctype="multipart/form-data"' in page
    assert not DirectoryImport.objects.exists()


def _all_urls(process, stakeholder, directory_import) -> list[str]:
    return [
        _url("directory", process),
        _url("directory_new", process),
        _url("directory_edit", process, pk=stakeholder.pk),
        _url("directory_import", process),
        _url("directory_import_report", process, pk=directory_import.pk),
    ]


@pytest.fixture
def entries(process, organiser):
    stakeholder = Stakeholder.objects.create(
        process=process, name="Caritas", email="info@caritas.example"
    )
    directory_import = DirectoryImport.objects.create(
        process=process, uploaded_by=organiser, encoding="utf-8", content="name"
    )
    return stakeholder, directory_import


def test_a_participant_or_moderator_gets_403(client, process, alice, moderator, entries):
    for person in (alice, moderator):
        client.force_login(person)
        for url in _all_urls(process, *entries):
            assert client.get(url).status_code == 403, url
        assert client.post(_all_urls(process, *entries)[2], {"action": "delete"}).status_code == 403
    assert Stakeholder.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, process, entries):
    for url in _all_urls(process, *entries):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login")) and "next=" in response.url
    draft = ProcessFactory(state=Process.State.DRAFT)
    response = client.get(_url("directory", draft))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_entries_of_another_process_are_not_found(organiser_client, process, organiser):
    other = ProcessFactory()
    stakeholder = Stakeholder.objects.create(process=other, name="Fremd", email="fremd@example.org")
    directory_import = DirectoryImport.objects.create(process=other, encoding="utf-8")
    assert (
        organiser_client.get(_url("directory_edit", process, pk=stakeholder.pk)).status_code == 404
    )
    assert (
        organiser_client.post(
            _url("directory_edit", process, pk=stakeholder.pk), {"action": "delete"}
        ).status_code
        == 404
    )
    report = _url("directory_import_report", process, pk=directory_import.pk)
    assert organiser_client.get(report).status_code == 404
    assert organiser_client.get(_url("directory", other)).status_code == 403  # not theirs
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_the_organiser_of_a_draft_process_manages_its_directory(client):
    draft = ProcessFactory(state=Process.State.DRAFT)
    user = UserFactory()
    ProcessMembership.objects.create(process=draft, user=user, role="organiser")
    client.force_login(user)
    assert client.get(_url("directory", draft)).status_code == 200
    other = UserFactory()
    client.force_login(other)
    assert client.get(_url("directory", draft)).status_code == 404  # a draft stays hidden
