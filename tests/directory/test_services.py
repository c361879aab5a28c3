"""Adding, correcting and removing organisations; who may; the list's filters."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mitwirken.core.actors import OPERATOR
from mitwirken.directory import selectors, services
from mitwirken.directory.models import Stakeholder
from mitwirken.processes.models import ProcessMembership, Region, StakeholderGroup

from ..factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db


def _add(actor, process, **fields):
    data = {"name": "  Caritasverband Halle ", "email": " Info@Caritas-Halle.example "}
    data.update(fields)
    return services.add_stakeholder(actor=actor, process=process, **data)


def test_an_organiser_adds_an_organisation(organiser, process, group, magdeburg):
    stakeholder, created = _add(
        organiser, process, stakeholder_group=group, region=magdeburg, contact_person=" Frau B "
    )
    assert created
    assert stakeholder.name == "Caritasverband Halle"
    assert stakeholder.email == "info@caritas-halle.example"
    assert stakeholder.contact_person == "Frau B"
    assert (stakeholder.stakeholder_group, stakeholder.region) == (group, magdeburg)


def test_an_address_is_in_the_directory_once(organiser, process, english):
    _add(organiser, process)
    with pytest.raises(ValidationError) as excinfo:
        _add(organiser, process, name="Caritas", email="INFO@caritas-halle.example")
    assert excinfo.value.message_dict == {
        "email": ["This e-mail address is already in the directory of the process."]
    }
    other, other_organiser = ProcessFactory(), UserFactory()
    ProcessMembership.objects.create(process=other, user=other_organiser, role="organiser")
    _add(other_organiser, other)  # another process has its own directory
    assert Stakeholder.objects.count() == 2


def test_the_same_form_sent_twice_adds_one_organisation(organiser, process):
    key = uuid.uuid4()
    first, created = _add(organiser, process, submission_key=key)
    again, created_again = _add(organiser, process, submission_key=key)
    assert created and not created_again and again == first
    assert Stakeholder.objects.count() == 1


def test_wrong_input_names_every_field(organiser, process, english):
    other_group = StakeholderGroup.objects.create(slug="andere", name="Andere")
    process.regions.remove(Region.objects.get(key="15003"))
    with pytest.raises(ValidationError) as excinfo:
        _add(
            organiser,
            process,
            name=" ",
            email="kein-at",
            stakeholder_group=other_group,
            region=Region.objects.get(key="15003"),
        )
    assert excinfo.value.message_dict == {
        "name": ["Please fill in the name."],
        "email": ["Please enter a valid e-mail address."],
        "stakeholder_group": ["This group is not one of the process's groups."],
        "region": ["This region is not one of the process's regions."],
    }
    assert not Stakeholder.objects.exists()


def test_an_organiser_corrects_and_removes_an_entry(organiser, process, make_stakeholder, english):
    stakeholder = make_stakeholder()
    make_stakeholder(name="AWO", email="awo@example.org")
    services.change_stakeholder(
        actor=organiser, stakeholder=stakeholder, name="Caritas", email="INFO@caritas.example"
    )
    stakeholder.refresh_from_db()
    assert (stakeholder.name, stakeholder.email) == ("Caritas", "info@caritas.example")
    with pytest.raises(ValidationError) as excinfo:
        services.change_stakeholder(
            actor=organiser, stakeholder=stakeholder, name="Caritas", email="AWO@example.org"
        )
    assert list(excinfo.value.message_dict) == ["email"]
    services.delete_stakeholder(actor=organiser, stakeholder=stakeholder)
    assert list(Stakeholder.objects.values_list("name", flat=True)) == ["AWO"]


def test_only_the_process_organisers_may(process, alice, moderator, make_stakeholder, english):
    stakeholder = make_stakeholder()
    other_organiser = UserFactory()
    ProcessMembership.objects.create(
        process=ProcessFactory(), user=other_organiser, role="organiser"
    )
    for actor in (alice, moderator, other_organiser):
        with pytest.raises(PermissionDenied) as excinfo:
            _add(actor, process, email="neu@example.org")
        assert str(excinfo.value) == "Only the process's organisers may manage its directory."
        with pytest.raises(PermissionDenied):
            services.change_stakeholder(
                actor=actor, stakeholder=stakeholder, name="X", email="x@example.org"
            )
        with pytest.raises(PermissionDenied):
            services.delete_stakeholder(actor=actor, stakeholder=stakeholder)
        with pytest.raises(PermissionDenied):
            services.check_import(actor=actor, process=process, filename="a.csv", data=b"")
    assert Stakeholder.objects.count() == 1


def test_the_operator_imports_as_organisers_do(process):
    directory_import = services.check_import(
        actor=OPERATOR,
        process=process,
        filename="a.csv",
        data=b"name;group;region;email\nVerein;;;a@b.example\n",
    )
    assert directory_import.uploaded_by is None
    assert (
        services.apply_import(
            actor=OPERATOR, directory_import=directory_import, good_rows_only=False
        )
        == 1
    )


def test_the_list_filters_by_group_region_and_text(process, make_stakeholder, group, magdeburg):
    a = make_stakeholder(name="Beta-Verein", email="b@x.example", stakeholder_group=group)
    b = make_stakeholder(
        name="Alpha-Verein", email="a@x.example", region=magdeburg, contact_person="Frau Özdemir"
    )
    make_stakeholder(process=ProcessFactory(), name="Anderer Prozess", email="a@x.example")
    assert list(selectors.stakeholders_of(process)) == [b, a]  # by name
    assert list(selectors.stakeholders_of(process, group=group)) == [a]
    assert list(selectors.stakeholders_of(process, region=magdeburg)) == [b]
    assert list(selectors.stakeholders_of(process, q="  beta ")) == [a]
    assert list(selectors.stakeholders_of(process, q="b@x.exa")) == [a]
    assert list(selectors.stakeholders_of(process, q="Özdemir")) == [b]
