"""The live workshop's rules: exactly-once cards (also concurrently), guests removed, the
board closed, dots counted, clusters, merging; every card a need in the process's pool."""

import threading
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from mitwirken.contributions.models import Need
from mitwirken.workshops import services
from mitwirken.workshops.models import Board, Card, Dot

ANON = AnonymousUser()


def test_a_card_is_a_need_of_the_process_with_its_provenance(board, guest, field):
    card, created = services.submit_card(
        actor=ANON, guest=guest, title="Mehr Sprachkurse", key=uuid.uuid4()
    )
    assert created
    need = Need.objects.get()
    assert need == card.need and need.process == board.workshop.event.process
    assert need.source == Need.Source.WORKSHOP and need.field_of_action == field
    assert need.author is None and need.author_name == "Linde 12"
    assert "Regionalkonferenz in Dessau – Themenforum Sprache" in need.import_note
    assert need.text == ""  # a card's text is optional


def test_the_same_card_sent_five_times_is_one_card(guest):
    key = uuid.uuid4()
    results = [
        services.submit_card(actor=ANON, guest=guest, title="Kinderbetreuung", key=key)
        for _ in range(5)
    ]
    assert [created for _card, created in results] == [True, False, False, False, False]
    assert Card.objects.count() == 1 and Need.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_card_sent_five_times_at_once_is_one_card(process, organiser, field):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writes need PostgreSQL (SQLite locks the whole file)")

    from django.utils import timezone

    from mitwirken.events import services as event_services

    event = event_services.create_event(
        actor=organiser,
        process=process,
        kind="regional",
        title="K",
        slug="k",
        date=timezone.localdate(),
        capacity=10,
        published=True,
    )
    workshop = event_services.add_workshop(
        actor=organiser, event=event, title="T", capacity=5, field_of_action=field
    )
    board = services.open_board(
        actor=organiser, board=services.prepare_board(actor=organiser, workshop=workshop)
    )
    guest = services.join(actor=ANON, board=board, pseudonym="Eiche 40")
    key, barrier, errors = uuid.uuid4(), threading.Barrier(5), []

    def send():
        try:
            barrier.wait()
            services.submit_card(actor=ANON, guest=guest, title="Dolmetschen", key=key)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Card.objects.filter(board=board).count() == 1
    assert Need.objects.filter(title="Dolmetschen").count() == 1


@pytest.mark.parametrize(
    ("title", "text", "message"),
    [
        ("  ", "", "Bitte füllen Sie den Titel aus."),
        ("x" * 121, "", "höchstens 120 Zeichen"),
        ("Titel", "y" * 2001, "höchstens 2000 Zeichen"),
    ],
)
def test_empty_or_oversized_cards_are_refused(guest, title, text, message):
    with pytest.raises(ValidationError) as caught:
        services.submit_card(actor=ANON, guest=guest, title=title, text=text, key=uuid.uuid4())
    assert message in " ".join(caught.value.messages)
    assert not Card.objects.exists()


def test_a_removed_guest_can_neither_write_nor_vote(board, guest, organiser):
    services.remove_guest(actor=organiser, guest=guest)
    with pytest.raises(PermissionDenied):
        services.submit_card(actor=ANON, guest=guest, title="Noch eine", key=uuid.uuid4())


def test_a_closed_board_takes_no_cards_but_a_resend_is_still_saved(board, guest, organiser):
    key = uuid.uuid4()
    services.submit_card(actor=ANON, guest=guest, title="Vor dem Schluss", key=key)
    services.close_board(actor=organiser, board=board)
    card, created = services.submit_card(actor=ANON, guest=guest, title="Vor dem Schluss", key=key)
    assert not created  # the phone learns its card is saved
    with pytest.raises(ValidationError):
        services.submit_card(actor=ANON, guest=guest, title="Nach dem Schluss", key=uuid.uuid4())
    with pytest.raises(ValidationError):
        services.add_cluster(actor=organiser, board=board, title="Zu spät")


def test_only_facilitators_run_the_board(board, alice, guest):
    with pytest.raises(PermissionDenied):
        services.close_board(actor=alice, board=board)
    with pytest.raises(PermissionDenied):
        services.remove_guest(actor=alice, guest=guest)
    with pytest.raises(PermissionDenied):
        services.add_paper_card(actor=alice, board=board, title="X", key=uuid.uuid4())


def test_a_named_facilitator_without_a_role_may_run_it(board, bob):
    board.facilitators.add(bob)
    services.add_cluster(actor=bob, board=board, title="Sprache im Alltag")


def test_guests_join_only_an_open_board(workshop, organiser):
    board = services.prepare_board(actor=organiser, workshop=workshop)
    with pytest.raises(ValidationError):
        services.join(actor=ANON, board=board, pseudonym="Birke 3")
    with pytest.raises(ValidationError):
        services.join(
            actor=ANON, board=services.open_board(actor=organiser, board=board), pseudonym="a@b.de"
        )


def test_clusters_merge_and_dots(board, guest, organiser):
    one, _ = services.submit_card(actor=ANON, guest=guest, title="Kita-Plätze", key=uuid.uuid4())
    two, _ = services.add_paper_card(
        actor=organiser, board=board, title="Mehr Kita", key=uuid.uuid4()
    )
    three, _ = services.add_paper_card(
        actor=organiser, board=board, title="Sprachkurse am Abend", key=uuid.uuid4()
    )
    kita = services.add_cluster(actor=organiser, board=board, title="Kinderbetreuung")
    sprache = services.add_cluster(actor=organiser, board=board, title="Sprache")
    services.move_cluster(actor=organiser, cluster=sprache, up=True)
    assert list(board.clusters.values_list("title", flat=True)) == ["Sprache", "Kinderbetreuung"]
    services.place_card(actor=organiser, card=one, cluster=kita)
    services.place_card(actor=organiser, card=three, cluster=sprache)
    services.merge_cards(actor=organiser, card=two, into=one)
    two.refresh_from_db()
    assert two.merged_into == one and two.need.status == Need.Status.MERGED
    vote = services.start_vote(
        actor=organiser, board=board, target="clusters", dots_per_person=3, max_per_item=2
    )
    services.place_dot(actor=ANON, guest=guest, vote=vote, item=kita)
    services.place_dot(actor=ANON, guest=guest, vote=vote, item=kita)
    with pytest.raises(ValidationError, match="Höchstens 2 Punkte"):
        services.place_dot(actor=ANON, guest=guest, vote=vote, item=kita)
    services.place_dot(actor=ANON, guest=guest, vote=vote, item=sprache)
    with pytest.raises(ValidationError, match="alle Ihre 3 Punkte"):
        services.place_dot(actor=ANON, guest=guest, vote=vote, item=sprache)
    assert services.take_back_dot(actor=ANON, guest=guest, vote=vote, item=kita)
    services.place_dot(actor=ANON, guest=guest, vote=vote, item=sprache)
    with pytest.raises(ValidationError):
        services.place_dot(actor=ANON, guest=guest, vote=vote, item=one)  # a card in a cluster vote
    services.close_vote(actor=organiser, vote=vote)
    with pytest.raises(ValidationError, match="geschlossen"):
        services.place_dot(actor=ANON, guest=guest, vote=vote, item=kita)
    assert Dot.objects.filter(vote=vote).count() == 3


def test_hidden_cards_leave_the_wall_and_the_group_is_never_on_the_card(board, guest, organiser):
    from mitwirken.contributions import services as need_services
    from mitwirken.workshops import selectors

    guest.stakeholder_group = guest.board.workshop.event.process.stakeholder_groups.first()
    guest.save()
    card, _ = services.submit_card(actor=ANON, guest=guest, title="Beleidigend", key=uuid.uuid4())
    assert card.need.stakeholder_group is None  # counted on the guest, not shown with the card
    assert selectors.wall(board).card_count == 1
    need_services.set_hidden(actor=organiser, need=card.need, hidden=True, reason="Beleidigung")
    assert selectors.wall(board).card_count == 0
    assert selectors.cards_of(guest) == []


def test_deleting_a_merge_target_brings_the_merged_card_back(board, guest, organiser):
    one, _ = services.submit_card(actor=ANON, guest=guest, title="Eins", key=uuid.uuid4())
    two, _ = services.submit_card(actor=ANON, guest=guest, title="Zwei", key=uuid.uuid4())
    services.merge_cards(actor=organiser, card=two, into=one)
    with pytest.raises(ValidationError):
        services.merge_cards(actor=organiser, card=one, into=two)  # no crosswise merge
    services.delete_card(actor=organiser, card=one)
    two.refresh_from_db()
    assert two.merged_into is None and two.need.status == Need.Status.RECEIVED


def test_every_change_raises_the_version(board, guest, organiser):
    before = Board.objects.get(pk=board.pk).version
    services.submit_card(actor=ANON, guest=guest, title="Neu", key=uuid.uuid4())
    assert Board.objects.get(pk=board.pk).version == before + 1


def test_guests_are_rate_limited(guest, monkeypatch):
    monkeypatch.setattr(services, "CARDS_PER_WINDOW", 2)
    for i in range(2):
        services.submit_card(actor=ANON, guest=guest, title=f"Karte {i}", key=uuid.uuid4())
    with pytest.raises(ValidationError, match="kurzer Zeit"):
        services.submit_card(actor=ANON, guest=guest, title="Karte 3", key=uuid.uuid4())
