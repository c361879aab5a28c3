import datetime

import pytest
from django.urls import reverse

from mitwirken.core.actors import OPERATOR
from mitwirken.processes import selectors
from mitwirken.processes.models import Phase, Region, StakeholderGroup

from ..factories import PhaseFactory, ProcessFactory


def test_saxony_anhalt_regions_with_official_keys(db):
    regions = dict(Region.objects.filter(state="Sachsen-Anhalt").values_list("key", "name"))
    assert len(regions) == 14
    assert regions["15001"] == "Dessau-Roßlau" and regions["15090"] == "Stendal"
    assert Region.objects.filter(kind="city").count() == 3
    assert all(len(key) == 5 and key.startswith("15") for key in regions)


def test_stakeholder_groups_from_the_press_release(db):
    names = set(StakeholderGroup.objects.values_list("name", flat=True))
    assert {"Migrantenorganisationen", "Kammern und Wirtschaftsverbände", "Einzelpersonen"} <= names
    assert len(names) == 15


def test_current_phase_is_derived_from_the_date(db):
    process = ProcessFactory()
    start = datetime.date(2019, 9, 12)
    kickoff = PhaseFactory(process=process, position=0, start_date=start, end_date=start)
    online = PhaseFactory(
        process=process,
        position=1,
        start_date=datetime.date(2019, 9, 13),
        end_date=datetime.date(2019, 12, 31),
    )
    phases = selectors.phases(process)
    assert selectors.current_phase(phases, start) == kickoff
    assert selectors.current_phase(phases, datetime.date(2019, 10, 1)) == online
    assert selectors.current_phase(phases, datetime.date(2020, 1, 1)) is None


def test_phase_end_before_start_is_refused_by_the_database(db):
    from django.db import IntegrityError, transaction

    process = ProcessFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.create(
            process=process,
            title="x",
            start_date=datetime.date(2020, 1, 2),
            end_date=datetime.date(2020, 1, 1),
        )


def test_draft_process_visible_only_to_its_organisers(client, organiser, process):
    process.state = "draft"
    process.save()
    url = reverse("web:process", kwargs={"slug": process.slug})
    assert client.get(url).status_code == 404
    assert process.title not in client.get("/").content.decode()
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    assert process.title in client.get("/").content.decode()


def test_process_page_shows_phases_fields_and_what_to_do(client, process):
    html = client.get(reverse("web:process", kwargs={"slug": process.slug})).content.decode()
    assert "Online-Beteiligung" in html and 'aria-current="step"' in html
    assert "Sprache und Deutschkurse" in html and "Wohnen" in html
    assert "Bedarfe einbringen" in html


def test_organiser_admin_sees_only_own_processes(client, organiser, process):
    from mitwirken.accounts import services

    other = ProcessFactory(title="Fremder Prozess")
    services.grant_organiser_admin(actor=OPERATOR, user=organiser)
    client.force_login(organiser)
    listing = client.get("/admin/processes/process/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert process.title in html and "Fremder Prozess" not in html
    assert client.get(f"/admin/processes/process/{other.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"/admin/processes/process/{process.pk}/change/").status_code == 200


def test_an_admin_change_reaches_cached_pages_at_once(
    client, organiser, process, field, django_capture_on_commit_callbacks
):
    """Anonymous pages and the per-worker process memo follow the organiser's changes in the
    admin without waiting for any timeout."""
    from mitwirken.accounts import services

    from ..factories import NeedFactory

    need = NeedFactory(process=process, field_of_action=field)
    anonymous = client.__class__()
    assert anonymous.get(need.get_absolute_url()).status_code == 200  # cached from now on
    assert "Integrationskonzept" in anonymous.get(process.get_absolute_url()).content.decode()
    services.grant_organiser_admin(actor=OPERATOR, user=organiser)
    client.force_login(organiser)
    form = client.get(f"/admin/processes/process/{process.pk}/change/").context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/processes/process/{process.pk}/change/",
            {
                **data,
                "title": "Integrationskonzept 2030",
                "organiser": process.organiser_id,
                "regions": [r.pk for r in process.regions.all()],
                "stakeholder_groups": [g.pk for g in process.stakeholder_groups.all()],
                **inline_management_data(process),
            },
        )
    assert response.status_code == 302, response.context["adminform"].errors
    assert "Integrationskonzept 2030" in anonymous.get(need.get_absolute_url()).content.decode()
    process.refresh_from_db()
    assert process.title == "Integrationskonzept 2030"


def inline_management_data(process) -> dict:
    """The admin's inline formsets (phases, fields of action, roles) as they are."""
    data = {}
    for prefix, rows, fields in [
        ("phases", process.phases.all(), ["position", "kind", "title", "start_date", "end_date"]),
        ("fields_of_action", process.fields_of_action.all(), ["position", "title", "slug"]),
        ("memberships", process.memberships.all(), ["user", "role"]),
    ]:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-process"] = process.pk
            for name in fields:
                value = getattr(row, name + "_id", None) if name == "user" else getattr(row, name)
                data[f"{prefix}-{i}-{name}"] = value
            if prefix == "phases":
                for flag in ("allows_needs", "allows_comments", "allows_supports"):
                    if getattr(row, flag):
                        data[f"{prefix}-{i}-{flag}"] = "on"
    return data
