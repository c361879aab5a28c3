import datetime
import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from mitwirken.contributions import selectors, services
from mitwirken.contributions.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Need, NeedEdit
from mitwirken.contributions.services import NeedContent

from ..factories import NeedFactory, UserFactory


def content(field, **overrides) -> NeedContent:
    data = {
        "title": "Kinderbetreuung während der Kurse",
        "text": "Ohne Betreuung können viele Mütter nicht am Kurs teilnehmen.",
        "field_of_action": field,
    }
    data.update(overrides)
    return NeedContent(**data)


def submit(actor, process, field, submission_key=None, **overrides):
    return services.submit_need(
        actor=actor,
        process=process,
        content=content(field, **overrides),
        submission_key=submission_key,
    )


def test_submit_need_saves_it_with_author_and_taxonomy(alice, process, field, magdeburg, group):
    need, created = submit(alice, process, field, region=magdeburg, stakeholder_group=group)
    assert created
    need.refresh_from_db()
    assert (need.author, need.region, need.stakeholder_group) == (alice, magdeburg, group)
    assert need.source == Need.Source.ONLINE and need.status == Need.Status.RECEIVED


def test_same_submission_key_returns_the_first_need(alice, process, field):
    key = uuid.uuid4()
    first, created_first = submit(alice, process, field, submission_key=key)
    second, created_second = submit(alice, process, field, submission_key=key, title="Anders")
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Need.objects.count() == 1


def test_same_key_from_another_person_is_a_new_need(alice, bob, process, field):
    key = uuid.uuid4()
    submit(alice, process, field, submission_key=key)
    _need, created = submit(bob, process, field, submission_key=key)
    assert created and Need.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field_name"),
    [
        ({"title": "   "}, "title"),
        ({"text": ""}, "text"),
        ({"title": "x" * (TITLE_MAX_LENGTH + 1)}, "title"),
        ({"text": "x" * (TEXT_MAX_LENGTH + 1)}, "text"),
    ],
)
def test_invalid_needs_are_rejected_and_nothing_is_saved(
    alice, process, field, overrides, field_name
):
    with pytest.raises(ValidationError) as info:
        submit(alice, process, field, **overrides)
    assert field_name in info.value.message_dict
    assert Need.objects.count() == 0


def test_field_of_another_process_is_rejected(alice, process, closed_process):
    foreign_field = closed_process.fields_of_action.first()
    with pytest.raises(ValidationError):
        submit(alice, process, foreign_field)


def test_closed_phase_denies_submission(alice, closed_process):
    with pytest.raises(PermissionDenied):
        submit(alice, closed_process, closed_process.fields_of_action.first())


def test_anonymous_cannot_submit(process, field):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        submit(AnonymousUser(), process, field)


def test_only_the_author_edits_while_open(alice, bob, process, field):
    need, _ = submit(alice, process, field)
    with pytest.raises(PermissionDenied):
        _edit(bob, need, title="Übernommen", text="x")
    _edit(alice, need, title="Neu", text="Neuer Text")
    need.refresh_from_db()
    assert need.title == "Neu"


def test_organiser_may_edit_any_need(organiser, alice, process, field):
    need, _ = submit(alice, process, field)
    _edit(organiser, need, title="Korrigiert", text="Text")
    need.refresh_from_db()
    assert need.title == "Korrigiert"


def test_counters_change_in_one_update(process, field):
    need = NeedFactory(process=process, field_of_action=field)
    services.change_counters_for_participation(need=need, supports=2, comments=1)
    services.change_counters_for_participation(need=need, supports=-1)
    need.refresh_from_db()
    assert (need.support_count, need.comment_count) == (1, 1)


def test_search_finds_german_word_forms(alice, process, field):
    submit(alice, process, field, title="Mehr Kitaplätze", text="Wir brauchen Kinderbetreuung.")
    submit(alice, process, field, title="Wohnungen", text="Bezahlbare Wohnungen fehlen in Halle.")
    found = selectors.search(selectors.visible_needs(process), "Wohnungen")
    assert [n.title for n in found] == ["Wohnungen"]
    if connection.vendor == "postgresql":  # the German stemmer: Wohnung ~ Wohnungen
        stemmed = selectors.search(selectors.visible_needs(process), "Wohnung")
        assert [n.title for n in stemmed] == ["Wohnungen"]


def test_figures_count_visible_needs_only(process, field):
    authors = UserFactory.create_batch(2)
    NeedFactory(process=process, field_of_action=field, author=authors[0], support_count=3)
    NeedFactory(process=process, field_of_action=field, author=authors[1], is_hidden=True)
    figures = selectors.figures(process)
    assert figures["needs"] == 1 and figures["supports"] == 3 and figures["authors"] == 1


def _edit(actor, need, **overrides):
    data = {
        "title": need.title,
        "text": need.text,
        "field_of_action": need.field_of_action,
        "region": need.region,
        "stakeholder_group": need.stakeholder_group,
        "target_group": need.target_group,
    }
    data.update(overrides)
    return services.edit_need(actor=actor, need=need, content=NeedContent(**data))


class TestEditsByOthers:
    def test_an_organisers_edit_is_logged_and_shown_on_the_need(
        self,
        client,
        organiser,
        alice,
        process,
        field,
        magdeburg,
        django_capture_on_commit_callbacks,
    ):
        need, _ = submit(alice, process, field, title="Kitaplätze fehlen")
        anonymous_page = client.get(need.get_absolute_url()).content.decode()
        assert 'id="organiser-edit"' not in anonymous_page  # cached from now on

        with django_capture_on_commit_callbacks(execute=True):
            _edit(organiser, need, title="Kita-Plätze fehlen in Magdeburg", region=magdeburg)

        entry = NeedEdit.objects.get(need=need)
        assert entry.actor == organiser
        assert entry.changes == {
            "title": ["Kitaplätze fehlen", "Kita-Plätze fehlen in Magdeburg"],
            "region": ["", "Magdeburg"],
        }
        assert entry.created_at is not None
        html = client.get(need.get_absolute_url()).content.decode()  # the cache follows
        note = re.search(r'id="organiser-edit".*?</div>', html, re.S).group(0)
        assert "von der Prozessleitung am" in note
        assert "Titel" in note and "Region" in note and "Beschreibung" not in note

    def test_the_authors_own_edit_is_not_logged(self, alice, process, field):
        need, _ = submit(alice, process, field)
        _edit(alice, need, title="Ein besserer Titel")
        assert not NeedEdit.objects.filter(need=need).exists()

    def test_an_edit_that_changes_nothing_writes_nothing(self, organiser, alice, process, field):
        need, _ = submit(alice, process, field)
        _edit(organiser, need)
        assert not NeedEdit.objects.filter(need=need).exists()

    def test_the_note_names_the_fields_in_english_on_english_pages(
        self, client, organiser, alice, process, field
    ):
        need, _ = submit(alice, process, field)
        _edit(organiser, need, text="Ein neuer Text.")
        html = client.get(f"/en{need.get_absolute_url()}").content.decode()
        note = re.search(r'id="organiser-edit".*?</div>', html, re.S).group(0)
        assert "by the organisers on" in note and "description" in note


def _import(actor, process, field, author, **overrides):
    data = {
        "note": "Regionalkonferenz Dessau, Tisch 3",
        "content": content(field, title="Karte vom Tisch 3", text="Mehr Sprachmittlung."),
    }
    data.update(overrides)
    return services.import_need(actor=actor, process=process, author=author, **data)


class TestImport:
    def test_an_organiser_imports_with_author_date_and_provenance(
        self, organiser, alice, closed_process
    ):
        field = closed_process.fields_of_action.get()
        closed_process.memberships.create(user=organiser, role="organiser")
        when = timezone.now() - datetime.timedelta(days=400)
        key = uuid.UUID(int=1)
        need, created = _import(
            organiser,
            closed_process,
            field,
            alice,
            source=Need.Source.WORKSHOP,
            created_at=when,
            key=key,
        )
        assert created
        need.refresh_from_db()
        assert (need.author, need.source, need.imported_by) == (alice, "workshop", organiser)
        assert need.import_note == "Regionalkonferenz Dessau, Tisch 3"
        assert need.created_at == when
        again = _import(organiser, closed_process, field, alice, key=key)
        assert again == (need, False)

    def test_an_import_needs_its_provenance(self, organiser, alice, process, field):
        with pytest.raises(ValidationError):
            _import(organiser, process, field, alice, note="  ")
        assert not Need.objects.exists()

    def test_a_participant_cannot_import(self, alice, process, field):
        with pytest.raises(PermissionDenied):
            _import(alice, process, field, alice, note="Eigene Liste")
