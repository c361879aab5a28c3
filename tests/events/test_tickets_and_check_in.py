"""Tickets (page, PDF, calendar file, mail attachment), the workshop change through the
link, and the check-in at the entrance (code, name search, second scan, refusals)."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from mitwirken.events import services
from mitwirken.events.models import Registration, normalise_ticket_code
from mitwirken.processes.models import ProcessMembership

from ..factories import UserFactory


@pytest.fixture
def event(make_event, organiser):
    event = make_event(
        date=timezone.localdate() + datetime.timedelta(days=20),
        capacity=3,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 0),
        venue="Literaturhaus",
        address="Bernburger Str. 8, 06108 Halle (Saale)",
    )
    for title, room in (("Sprache", "A"), ("Arbeit", "B")):
        services.add_workshop(actor=organiser, event=event, title=title, capacity=1, room=room)
    return event


def confirmed(event, name="Amal Haddad", email="amal@example.org", choice=0, **extra):
    workshops = list(event.workshops.all())
    registration, _ = services.register(
        actor=UserFactory.build(),
        event=event,
        details=services.RegistrationDetails(
            name=name, email=email, first_choice=workshops[choice] if workshops else None, **extra
        ),
    )
    return services.confirm_registration(
        actor=UserFactory.build(), registration=registration, token=registration.token
    )


@pytest.fixture
def staff(process):
    user = UserFactory(email="einlass@example.org", display_name="Einlass")
    ProcessMembership.objects.create(process=process, user=user, role="staff")
    return user


def test_the_confirmation_mail_has_html_a_calendar_file_and_the_ticket_link(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = confirmed(event)
    message = mail.outbox[-1]
    assert "Ihr Platz" in message.subject
    ticket = f"/registrations/{registration.token}/ticket/"
    assert ticket in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and ticket in html and '<html lang="de"' in html
    (filename, content, ics_type) = message.attachments[0]
    assert (filename, ics_type) == ("termin.ics", "text/calendar")
    entry = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(entry["summary"]) == event.title
    assert entry.decoded("dtstart").hour == 10 and "Literaturhaus" in str(entry["location"])
    assert "Sprache (A)" in str(entry["description"])


def test_ticket_page_pdf_and_ics_only_for_a_confirmed_place(client, event):
    registration = confirmed(event)
    base = registration.get_absolute_url()
    page = client.get(base + "ticket/")
    assert page.status_code == 200
    text = page.content.decode()
    assert registration.display_code in text and "<svg" in text and 'role="img"' in text
    pdf = client.get(base + "ticket.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    ics = client.get(base + "event.ics")
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content
    services.cancel_registration(
        actor=UserFactory.build(), registration=registration, token=registration.token
    )
    assert client.get(base + "ticket/").status_code == 404
    assert client.get(base + "ticket.pdf").status_code == 404


def test_a_tampered_ticket_link_finds_nothing(client, event):
    registration = confirmed(event)
    forged = registration.get_absolute_url().replace(str(registration.token)[-4:], "0000")
    assert client.get(forged + "ticket/").status_code == 404
    assert (
        client.get(forged.replace(str(registration.token)[:8], "nonsense") + "ticket/").status_code
        == 404
    )


def test_change_workshop_through_the_link(client, event):
    registration = confirmed(event)
    arbeit = event.workshops.get(title="Arbeit")
    response = client.post(
        registration.get_absolute_url() + "workshop/", {"workshop": str(arbeit.pk)}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.workshop == arbeit


def test_a_full_workshop_cannot_be_chosen_and_the_page_says_why(client, event):
    first = confirmed(event)  # takes Sprache (1 place)
    second = confirmed(event, name="Jonas Weber", email="jonas@example.org", choice=1)
    sprache = first.workshop
    response = client.post(second.get_absolute_url() + "workshop/", {"workshop": str(sprache.pk)})
    assert response.status_code == 400
    assert "Dieser Workshop ist voll." in response.content.decode()
    second.refresh_from_db()
    assert second.workshop.title == "Arbeit"


def test_a_workshop_of_another_event_is_refused(event, make_event, organiser):
    other = make_event(slug="stendal", date=event.date)
    foreign = services.add_workshop(actor=organiser, event=other, title="Fremd", capacity=5)
    registration = confirmed(event)
    with pytest.raises(services.ValidationError):
        services.change_workshop(
            actor=UserFactory.build(),
            registration=registration,
            workshop=foreign,
            token=registration.token,
        )


def test_codes_are_normalised_from_typing_and_from_the_scanned_address():
    assert normalise_ticket_code(" k7mp-4qx2 ") == "K7MP4QX2"
    assert normalise_ticket_code("https://x.de/p/events/e/check-in/?code=K7MP4QX2") == "K7MP4QX2"


def test_check_in_by_code_then_a_second_scan_warns(client, staff, event):
    registration = confirmed(event)
    client.force_login(staff)
    url = f"/processes/{event.process.slug}/events/{event.slug}/check-in/"
    page = client.get(url)
    assert page.status_code == 200 and "camera=(self)" in page["Permissions-Policy"]
    response = client.post(url, {"code": registration.display_code.lower()}, follow=True)
    assert "Willkommen, Amal Haddad!" in response.content.decode()
    assert "Sprache (A)" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended_at is not None and registration.checked_in_by == staff
    first_time = registration.attended_at
    again = client.post(url, {"code": registration.code}, follow=True).content.decode()
    assert "Bereits eingecheckt" in again
    registration.refresh_from_db()
    assert registration.attended_at == first_time


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("cancelled", "Dieses Ticket wurde storniert"),
        ("waiting", "Warteliste"),
        ("pending", "nie per E-Mail bestätigt"),
    ],
)
def test_check_in_refuses_tickets_without_a_place(client, staff, event, state, message):
    registration = confirmed(event)
    Registration.objects.filter(pk=registration.pk).update(state=state)
    client.force_login(staff)
    url = f"/processes/{event.process.slug}/events/{event.slug}/check-in/"
    response = client.post(url, {"code": registration.code})
    assert response.status_code == 400 and message in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_check_in_of_an_unknown_code_or_another_events_ticket(client, staff, event, make_event):
    other = make_event(slug="stendal", date=event.date)
    foreign = confirmed(other)
    client.force_login(staff)
    url = f"/processes/{event.process.slug}/events/{event.slug}/check-in/"
    for code in ("ZZZZ-ZZZZ", foreign.code):
        response = client.post(url, {"code": code})
        assert response.status_code == 400
        assert "Kein Ticket dieser Veranstaltung" in response.content.decode()
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_check_in_by_name_search(client, staff, event):
    registration = confirmed(event, name="Svetlana Ivanova", organisation_name="Frauenzentrum")
    client.force_login(staff)
    url = f"/processes/{event.process.slug}/events/{event.slug}/check-in/"
    found = client.get(url, {"q": "frauenz"}).content.decode()
    assert "Svetlana Ivanova" in found
    response = client.post(url, {"registration": registration.pk, "q": "frauenz"})
    assert response.status_code == 302 and "q=frauenz" in response["Location"]
    registration.refresh_from_db()
    assert registration.attended_at is not None
    assert client.post(url, {"registration": "x"}).status_code == 404


def test_only_staff_and_organisers_check_in(client, alice, event, organiser):
    registration = confirmed(event)
    url = f"/processes/{event.process.slug}/events/{event.slug}/check-in/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(alice)
    assert client.get(url).status_code == 403
    assert client.post(url, {"code": registration.code}).status_code == 403
    with pytest.raises(services.PermissionDenied):
        services.check_in(actor=alice, event=event, code=registration.code)
    client.force_login(organiser)
    assert client.post(url, {"code": registration.code}).status_code == 302
