"""The conference story of issue 12, end to end in Chromium with axe-core on every page:
invite → register (JavaScript on and off) → confirmation mail with calendar file and
ticket → waiting list → a cancellation promotes the next → check-in by code → the breadth
view counts it."""

import datetime
import re

import pytest
from django.utils import timezone

from mitwirken.directory.models import Stakeholder
from mitwirken.events import services as event_services
from mitwirken.events.models import Registration
from mitwirken.processes.models import Region, StakeholderGroup

from .test_user_stories import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _link(message, kind: str) -> str:
    return re.search(rf"/processes/\S+/{kind}/[0-9a-f-]+/", message.body).group(0)


def _consent(page) -> None:
    page.get_by_label(
        "Ich bin einverstanden, dass meine Angaben zur Organisation der Veranstaltung "
        "gespeichert werden."
    ).check()


def test_invite_register_wait_cancel_check_in_and_breadth(
    visitor_factory, process, organiser, mailoutbox
):
    event = event_services.create_event(
        actor=organiser,
        process=process,
        kind="regional",
        title="Regionalkonferenz in Stendal",
        slug="stendal",
        date=timezone.localdate() + datetime.timedelta(days=21),
        start_time=datetime.time(10, 0),
        venue="Musikforum Katharinenkirche",
        region=Region.objects.get(key="15090"),
        capacity=1,
        published=True,
    )
    event_services.add_workshop(
        actor=organiser, event=event, title="Themenforum Wohnen", capacity=5
    )
    groups = {g.slug: g for g in StakeholderGroup.objects.all()}
    Stakeholder.objects.create(
        process=process,
        name="Verein Miteinander Altmark",
        email="kontakt@miteinander.example",
        stakeholder_group=groups["migrantenorganisationen"],
        region=Region.objects.get(key="15090"),
    )
    Stakeholder.objects.create(
        process=process,
        name="Grundschule Halle-Neustadt",
        email="schule@example.org",
        stakeholder_group=groups["schulen"],
        region=Region.objects.get(key="15002"),
    )

    # The organiser invites the organisations of the Stendal district.
    staff = visitor_factory()
    page = staff.page
    login(staff, organiser.email)
    staff.follow(page.locator("#nav-manage"))
    staff.follow(page.get_by_role("link", name="Regionalkonferenz in Stendal"))
    staff.follow(page.get_by_role("link", name="Einladungen").first)
    page.select_option("#id_region", label="Stendal")
    staff.follow(page.get_by_role("button", name="Auswählen"))
    assert "1 Organisation" in page.locator("#candidates").inner_text()
    staff.follow(page.get_by_role("button", name="1 Einladung versenden"))
    assert page.locator("#invitations").get_by_text("Verein Miteinander Altmark").is_visible()
    (invitation_mail,) = mailoutbox
    assert invitation_mail.to == ["kontakt@miteinander.example"]

    # The invited person registers through the organisation's link (JavaScript on).
    olena = visitor_factory()
    page = olena.page
    olena.goto(_link(invitation_mail, "invitations"))
    olena.follow(page.get_by_role("link", name="Zur Veranstaltung anmelden"))
    assert page.locator("#id_organisation_name").input_value() == "Verein Miteinander Altmark"
    page.fill("#id_name", "Olena Petrenko")
    page.fill("#id_email", "olena@example.org")
    _consent(page)
    olena.follow(page.locator("main form button[type=submit]"))
    olena.goto(_link(mailoutbox[-1], "registrations"))
    olena.follow(page.get_by_role("button", name="Meine Anmeldung bestätigen"))
    assert page.locator("#registration-state").inner_text() == "Bestätigt"
    confirmation = mailoutbox[-1]
    assert confirmation.attachments[0][0] == "termin.ics"
    assert "BEGIN:VEVENT" in confirmation.attachments[0][1]
    ticket_path = re.search(r"/processes/\S+/ticket/", confirmation.body).group(0)
    olena.goto(ticket_path)
    assert page.locator(".ticket__qr svg").is_visible()
    olena_registration = Registration.objects.get(email="olena@example.org")
    assert page.locator("#ticket-code").inner_text() == olena_registration.display_code

    # A second person registers without JavaScript: the event is full, so she waits.
    jana = visitor_factory(javascript=False)
    page = jana.page
    jana.goto(event.get_absolute_url() + "register/")
    page.fill("#id_name", "Jana Weber")
    page.fill("#id_email", "jana@example.org")
    _consent(page)
    jana.follow(page.locator("main form button[type=submit]"))
    jana_link = _link(mailoutbox[-1], "registrations")
    jana.goto(jana_link)
    jana.follow(page.get_by_role("button", name="Meine Anmeldung bestätigen"))
    assert page.locator("#registration-state").inner_text() == "Auf der Warteliste"

    # Olena cancels through her link; Jana moves up and is told by e-mail.
    olena.goto(olena_registration.get_absolute_url())
    olena.follow(olena.page.get_by_role("button", name="Meine Anmeldung absagen"))
    assert mailoutbox[-1].to == ["jana@example.org"] and "Ihr Platz" in mailoutbox[-1].subject
    jana.goto(jana_link)
    assert page.locator("#registration-state").inner_text() == "Bestätigt"
    jana_registration = Registration.objects.get(email="jana@example.org")

    # At the entrance: Jana's code typed in; a second scan warns; Olena's ticket is refused.
    page = staff.page
    staff.goto(f"/processes/{process.slug}/events/{event.slug}/check-in/")
    page.fill("#id_code", jana_registration.display_code.lower())
    staff.follow(page.get_by_role("button", name="Einchecken", exact=True))
    assert page.get_by_text("Willkommen, Jana Weber!").is_visible()
    page.fill("#id_code", jana_registration.code)
    staff.follow(page.get_by_role("button", name="Einchecken", exact=True))
    assert page.get_by_text("Bereits eingecheckt").is_visible()
    page.fill("#id_code", olena_registration.code)
    staff.follow(page.get_by_role("button", name="Einchecken", exact=True))
    assert "Dieses Ticket wurde storniert" in page.locator("#form-errors").inner_text()

    # The breadth view counts her: one invited organisation, one registered, one present.
    staff.goto(f"/processes/{process.slug}/manage/breadth/?event={event.slug}")
    totals = page.locator("#breadth-matrix tfoot td").last.get_attribute("data-counts")
    assert totals == "1 1 1"  # invited organisations, registered, present
    jana_registration.refresh_from_db()
    assert jana_registration.attended_at is not None
