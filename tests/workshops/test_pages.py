"""The live workshop's pages: joining by code, the phone (form and the offline queue's
JSON), the wall (304 when nothing changed, without a query), the facilitator's page and
the documentation (page and PDF)."""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from mitwirken.workshops import live, services
from mitwirken.workshops.models import Card, Guest

ANON = AnonymousUser()


def _join(client, board, name="Ahorn 21"):
    return client.post(f"/w/{board.code}/", {"pseudonym": name, "stakeholder_group": "vereine"})


def test_wrong_code_is_explained(client, board):
    response = client.get("/w/", {"code": "ZZZ-ZZZ"})
    assert response.status_code == 400
    assert "Kein Workshop hat diesen Code" in response.content.decode()
    response = client.get("/w/", {"code": board.display_code.lower()})
    assert response.status_code == 302 and response["Location"].endswith(f"/w/{board.code}/")
    assert client.get("/w/NOPE42/").status_code == 404


def test_join_write_and_see_own_cards_without_javascript(client, board):
    page = client.get(f"/w/{board.code}/").content.decode()
    assert "Ihr Name auf den Karten" in page
    response = _join(client, board)
    assert response.status_code == 302 and f"mw_guest_{board.pk}" in response.cookies
    guest = Guest.objects.get()
    assert guest.pseudonym == "Ahorn 21" and guest.stakeholder_group.slug == "vereine"
    key = str(uuid.uuid4())
    data = {"title": "Mehr Kitaplätze", "text": "", "field_of_action": "sprache", "key": key}
    response = client.post(f"/w/{board.code}/cards/", data, follow=True)
    assert "Ihre Karte ist gespeichert." in response.content.decode()
    again = client.post(f"/w/{board.code}/cards/", data, follow=True)  # the same form again
    assert "Diese Karte war schon gespeichert." in again.content.decode()
    assert Card.objects.count() == 1
    page = client.get(f"/w/{board.code}/phone/").content.decode()
    assert "Mehr Kitaplätze" in page  # after a reload: her own cards


def test_the_offline_queue_gets_json(client, board):
    _join(client, board)
    key = str(uuid.uuid4())
    data = {"title": "Dolmetscher im Jobcenter", "field_of_action": "sprache", "key": key}
    first = client.post(f"/w/{board.code}/cards/", data, HTTP_ACCEPT="application/json")
    assert first.status_code == 201 and first.json()["saved"] is True
    for _ in range(4):
        again = client.post(f"/w/{board.code}/cards/", data, HTTP_ACCEPT="application/json")
        assert again.status_code == 200 and again.json() == {
            "saved": True,
            "created": False,
            "title": "Dolmetscher im Jobcenter",
        }
    assert Card.objects.count() == 1
    empty = client.post(
        f"/w/{board.code}/cards/",
        {"title": " ", "field_of_action": "sprache", "key": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )
    assert empty.status_code == 400 and empty.json()["saved"] is False and empty.json()["errors"]


def test_a_closed_or_unjoined_board(client, board, organiser):
    assert client.post(f"/w/{board.code}/cards/", {"title": "X"}).status_code == 302  # join first
    services.close_board(actor=organiser, board=board)
    page = client.get(f"/w/{board.code}/").content.decode()
    assert "Dieser Workshop ist beendet" in page
    assert _join(client, board).status_code == 400
    assert not Guest.objects.exists()


def test_a_removed_guest_is_told(client, board, organiser):
    _join(client, board)
    services.remove_guest(actor=organiser, guest=Guest.objects.get())
    response = client.post(
        f"/w/{board.code}/cards/",
        {"title": "Noch was", "field_of_action": "sprache", "key": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 403  # the phone keeps the card and shows why
    assert "entfernt" in " ".join(response.json()["errors"])
    again = _join(client, board, "Neuer Name")  # and cannot come back under another name
    assert again.status_code == 400 and Guest.objects.count() == 1


def test_the_wall_answers_304_without_a_query_when_nothing_changed(
    client, board, guest, django_assert_num_queries, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(live, "RENDER_AT_MOST_EVERY", 0)
    url = f"/w/{board.code}/wall/live/"
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):  # the cached version is forgotten
        services.submit_card(actor=ANON, guest=guest, title="Neue Karte", key=uuid.uuid4())
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "Neue Karte" in changed.content.decode()
    assert changed["ETag"] != etag


def test_many_changes_in_a_second_render_the_wall_once(
    client, board, guest, django_capture_on_commit_callbacks, django_assert_num_queries
):
    url = f"/w/{board.code}/wall/live/"
    first = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_card(actor=ANON, guest=guest, title="Gleich danach", key=uuid.uuid4())
    with django_assert_num_queries(0):  # the new version is in the cache; the cards reused
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304  # a screen sees the change at most a second later


def test_the_wall_page_has_the_cards_and_the_join_qr(client, board, guest):
    services.submit_card(actor=ANON, guest=guest, title="Wohnungen für Familien", key=uuid.uuid4())
    page = client.get(f"/w/{board.code}/wall/").content.decode()
    assert "Wohnungen für Familien" in page and "<svg" in page and board.display_code in page


def test_wall_query_count_does_not_grow_with_cards(
    client, board, organiser, django_assert_max_num_queries
):
    for i in range(30):
        services.add_paper_card(actor=organiser, board=board, title=f"Karte {i}", key=uuid.uuid4())
    with django_assert_max_num_queries(12):
        client.get(f"/w/{board.code}/wall/live/")


def test_facilitator_page_runs_the_workshop(client, board, guest, organiser):
    client.force_login(organiser)
    base = f"/w/{board.code}/facilitate/"
    assert client.get(base).status_code == 200
    client.post(
        base + "card/",
        {"title": "Papierkarte", "field_of_action": "sprache", "key": str(uuid.uuid4())},
    )
    client.post(base + "cluster/", {"cluster-title": "Sprache im Alltag"})
    card = Card.objects.get(need__title="Papierkarte")
    cluster = board.clusters.get()
    client.post(base + "place/", {"card": card.pk, "cluster": cluster.pk})
    card.refresh_from_db()
    assert card.cluster == cluster
    bad = client.post(
        base + "vote/", {"target": "cards", "dots_per_person": "0", "max_per_item": "1"}
    )
    assert bad.status_code == 400 and "zwischen 1 und 20" in bad.content.decode()
    client.post(base + "vote/", {"target": "clusters", "dots_per_person": "3", "max_per_item": "2"})
    assert board.votes.get().target == "clusters"
    client.post(base + "notes/", {"notes": "Lebhafte Diskussion."})
    client.post(base + "close/")
    board.refresh_from_db()
    assert board.state == "closed" and board.votes.get().closed_at is not None
    pdf = client.get(base.replace("facilitate/", "table-card.pdf"))
    assert pdf.content.startswith(b"%PDF")


def test_the_phone_places_dots(client, board, organiser):
    _join(client, board)
    guest = Guest.objects.get()
    card, _ = services.submit_card(actor=ANON, guest=guest, title="Sprachcafé", key=uuid.uuid4())
    vote = services.start_vote(
        actor=organiser, board=board, target="cards", dots_per_person=1, max_per_item=1
    )
    page = client.get(f"/w/{board.code}/phone/").content.decode()
    assert "Punkt setzen" in page
    client.post(f"/w/{board.code}/dots/", {"vote": vote.pk, "item": card.pk, "action": "place"})
    response = client.post(
        f"/w/{board.code}/dots/", {"vote": vote.pk, "item": card.pk, "action": "place"}, follow=True
    )
    assert "alle Ihre 1 Punkte" in response.content.decode()
    assert vote.dots.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_only_facilitators_see_the_facilitator_page(client, board, alice, who):
    if who == "participant":
        client.force_login(alice)
    response = client.get(f"/w/{board.code}/facilitate/")
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert client.post(f"/w/{board.code}/facilitate/close/").status_code in (302, 403)
    board.refresh_from_db()
    assert board.state == "open"


def test_documentation_is_public_once_closed(client, board, guest, organiser):
    services.submit_card(actor=ANON, guest=guest, title="Beratung vor Ort", key=uuid.uuid4())
    event = board.workshop.event
    url = f"/processes/{event.process.slug}/events/{event.slug}/workshops/{board.workshop.pk}/"
    assert client.get(url).status_code == 404  # still running
    services.close_board(actor=organiser, board=board)
    page = client.get(url).content.decode()
    assert "Beratung vor Ort" in page
    pdf = client.get(url + "documentation.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_joining_is_limited_per_network(client, board, monkeypatch):
    from mitwirken.web.views import live as live_views

    monkeypatch.setattr(live_views, "JOINS_PER_ADDRESS", 2)
    for name in ("Ahorn 1", "Ahorn 2"):
        client.cookies.clear()
        assert _join(client, board, name).status_code == 302
    client.cookies.clear()
    response = _join(client, board, "Ahorn 3")
    assert response.status_code == 400
    assert "Zu viele Personen sind aus diesem Netzwerk beigetreten." in response.content.decode()
    assert Guest.objects.count() == 2


def test_the_needs_list_names_the_guest_not_a_deleted_account(client, board, guest):
    services.submit_card(actor=ANON, guest=guest, title="Abendkurse", key=uuid.uuid4())
    process = board.workshop.event.process
    page = client.get(f"/processes/{process.slug}/needs/").content.decode()
    assert "<bdi>Linde 12</bdi>" in page and "Gelöschtes Konto" not in page


def test_facilitator_and_documentation_pages_do_not_query_per_card(
    client, board, guest, organiser, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(services, "CARDS_PER_WINDOW", 100)
    cluster = services.add_cluster(actor=organiser, board=board, title="Sprache")
    for i in range(25):
        card, _ = services.submit_card(
            actor=ANON, guest=guest, title=f"Karte {i}", key=uuid.uuid4()
        )
        if i % 2:
            services.place_card(actor=organiser, card=card, cluster=cluster)
    client.force_login(organiser)
    with django_assert_max_num_queries(30):
        assert client.get(f"/w/{board.code}/facilitate/").status_code == 200
    services.close_board(actor=organiser, board=board)
    event = board.workshop.event
    url = f"/processes/{event.process.slug}/events/{event.slug}/workshops/{board.workshop.pk}/"
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
