"""The live workshop of issue 13, end to end in Chromium: the facilitator, two phones and
the wall in four browser contexts. Phones join by code and write cards (one while the
phone is offline, sent when it is back online), the wall shows them within seconds, the
facilitator groups them, a dot vote runs and the wall shows the ranking, the workshop is
closed and its PDF documentation downloads. axe-core checks the phone, facilitator and
wall pages."""

import datetime

import pytest
from django.utils import timezone

from mitwirken.events import services as event_services
from mitwirken.workshops import services
from mitwirken.workshops.models import Card

from .test_user_stories import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _join(visitor, board, name):
    page = visitor.page
    visitor.goto(f"/w/{board.code}/")
    page.fill("#id_pseudonym", name)
    visitor.follow(page.get_by_role("button", name="Mitmachen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Themenforum Sprache"


def _write(visitor, title):
    page = visitor.page
    page.fill("#id_title", title)
    page.get_by_role("button", name="Karte an die Wand").click()


def test_phones_wall_facilitator_vote_and_documentation(visitor_factory, process, organiser, field):
    event = event_services.create_event(
        actor=organiser,
        process=process,
        kind="regional",
        title="Regionalkonferenz in Halle",
        slug="halle",
        date=timezone.localdate() + datetime.timedelta(days=2),
        capacity=80,
        published=True,
    )
    workshop = event_services.add_workshop(
        actor=organiser,
        event=event,
        title="Themenforum Sprache",
        capacity=20,
        field_of_action=field,
    )
    board = services.open_board(
        actor=organiser, board=services.prepare_board(actor=organiser, workshop=workshop)
    )

    wall = visitor_factory()
    wall.goto(f"/w/{board.code}/wall/")
    facilitator = visitor_factory()
    login(facilitator, organiser.email)
    facilitator.goto(f"/w/{board.code}/facilitate/")

    amal, jonas = visitor_factory(), visitor_factory(locale="de-DE")
    _join(amal, board, "Linde 12")
    _join(jonas, board, "Ahorn 40")
    _write(amal, "Kinderbetreuung während der Sprachkurse")
    amal.page.locator("#my-cards .my-cards__state--saved").first.wait_for()

    jonas.page.context.set_offline(True)
    _write(jonas, "Sprachkurse am Abend für Berufstätige")
    jonas.page.locator("#my-cards .my-cards__state--waiting").first.wait_for()
    assert not Card.objects.filter(need__title__startswith="Sprachkurse am Abend").exists()
    jonas.page.context.set_offline(False)
    jonas.page.locator("#my-cards .my-cards__state--saved").first.wait_for(timeout=15_000)
    assert Card.objects.filter(need__title__startswith="Sprachkurse am Abend").count() == 1

    cards = wall.page.locator("#wall-cards")
    cards.get_by_text("Sprachkurse am Abend für Berufstätige").wait_for(timeout=10_000)
    assert cards.get_by_text("Kinderbetreuung während der Sprachkurse").is_visible()
    wall.axe()

    page = facilitator.page
    facilitator.goto(f"/w/{board.code}/facilitate/")
    page.fill("#id_cluster-title", "Kinderbetreuung")
    facilitator.follow(page.get_by_role("button", name="Cluster hinzufügen"))
    first = Card.objects.get(need__title__startswith="Kinderbetreuung")
    page.select_option(f"#place-{first.pk}", label="Kinderbetreuung")
    facilitator.follow(page.locator(f"#card-{first.pk}").get_by_role("button", name="Verschieben"))
    first.refresh_from_db()
    assert first.cluster.title == "Kinderbetreuung"
    page.select_option("#id_target", value="cards")
    facilitator.follow(page.get_by_role("button", name="Punktabstimmung starten"))

    for phone, count in ((amal, 2), (jonas, 1)):
        phone.goto(f"/w/{board.code}/phone/")
        item = phone.page.locator(".vote-item", has_text="Kinderbetreuung während")
        for _ in range(count):
            phone.follow(item.get_by_role("button", name="Punkt setzen"))
    ranking = wall.page.locator("#wall-ranking li").first
    ranking.locator(".wall__rank-dots", has_text="3").wait_for(timeout=10_000)  # live, no reload
    assert ranking.get_by_text("Kinderbetreuung während der Sprachkurse").is_visible()
    wall.axe()

    facilitator.goto(f"/w/{board.code}/facilitate/")
    facilitator.follow(page.get_by_role("button", name="Workshop schließen"))
    assert "Geschlossen" in page.locator("#board-state").inner_text()
    facilitator.follow(page.get_by_role("link", name="Dokumentation des Workshops"))
    assert (
        page.locator("#vote-result")
        .get_by_text("Kinderbetreuung während der Sprachkurse")
        .is_visible()
    )
    pdf_link = page.get_by_role("link", name="Dokumentation als PDF").get_attribute("href")
    pdf = page.request.get(facilitator.base_url + pdf_link)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
