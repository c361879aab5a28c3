"""Invitations from the directory (mailing, personal link, decline, tracking), the breadth
of participation (groups × regions) and the access needs, and the organisers' screens."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from mitwirken.directory.models import Stakeholder
from mitwirken.events import breadth, selectors, services
from mitwirken.events.models import Invitation, Registration
from mitwirken.processes.models import Region, StakeholderGroup

from ..factories import UserFactory


@pytest.fixture
def event(make_event):
    return make_event(date=timezone.localdate() + datetime.timedelta(days=20), capacity=2)


@pytest.fixture
def directory(process):
    groups = {g.slug: g for g in StakeholderGroup.objects.all()}
    regions = {r.key: r for r in Region.objects.all()}
    rows = [
        (
            "Verein Miteinander Stendal",
            "migrantenorganisationen",
            "15090",
            "mo-stendal@example.org",
        ),
        ("Caritas Stendal", "wohlfahrtsverbaende", "15090", "caritas@example.org"),
        ("Grundschule Halle-Neustadt", "schulen", "15002", "schule@example.org"),
    ]
    return [
        Stakeholder.objects.create(
            process=process,
            name=name,
            stakeholder_group=groups[group],
            region=regions[region],
            email=email,
            contact_person="Frau Kaya" if index == 0 else "",
        )
        for index, (name, group, region, email) in enumerate(rows)
    ]


def _register(event, invitation=None, email="amal@example.org", **extra):
    registration, _ = services.register(
        actor=UserFactory.build(),
        event=event,
        details=services.RegistrationDetails(name="Amal Haddad", email=email, **extra),
        invitation=invitation,
    )
    return services.confirm_registration(
        actor=UserFactory.build(), registration=registration, token=registration.token
    )


def test_invitations_go_once_per_organisation_with_a_personal_link(
    organiser, event, directory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_invitations(actor=organiser, event=event, stakeholders=directory)
    assert sent == 3 and len(mail.outbox) == 3
    message = next(m for m in mail.outbox if m.to == ["mo-stendal@example.org"])
    invitation = Invitation.objects.get(stakeholder=directory[0])
    assert f"/invitations/{invitation.token}/" in message.body
    assert "Guten Tag Frau Kaya," in message.body and "Verein Miteinander Stendal" in message.body
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    again = services.send_invitations(actor=organiser, event=event, stakeholders=directory)
    assert again == 0 and Invitation.objects.count() == 3


def test_no_invitations_for_a_draft_event(organiser, make_event, directory):
    draft = make_event(slug="entwurf", published=False)
    with pytest.raises(services.ValidationError):
        services.send_invitations(actor=organiser, event=draft, stakeholders=directory)
    assert not Invitation.objects.exists()


def test_the_invitation_link_prefills_the_form_and_tracks_the_registration(
    client, organiser, event, directory
):
    services.send_invitations(actor=organiser, event=event, stakeholders=directory[:1])
    invitation = Invitation.objects.get()
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200 and "Verein Miteinander Stendal" in page.content.decode()
    form_url = f"{event.get_absolute_url()}register/?invitation={invitation.token}"
    form = client.get(form_url).content.decode()
    assert 'value="Verein Miteinander Stendal"' in form and 'value="mo-stendal@example.org"' in form
    response = client.post(
        form_url,
        {
            "name": "Olena Petrenko",
            "email": "olena@example.org",
            "organisation_name": "Verein Miteinander Stendal",
            "stakeholder_group": "migrantenorganisationen",
            "region": "15090",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.invitation == invitation
    assert registration.stakeholder_group.slug == "migrantenorganisationen"


def test_decline_through_the_link_and_forged_links(client, organiser, event, directory):
    services.send_invitations(actor=organiser, event=event, stakeholders=directory[:1])
    invitation = Invitation.objects.get()
    response = client.post(invitation.get_absolute_url() + "decline/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined_at is not None
    assert selectors.invitation_counts(event)["declined"] == 1
    base = f"/processes/{event.process.slug}/invitations/"
    assert client.get(base + "not-a-uuid/").status_code == 404
    assert client.get(base + "00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.post(base + "00000000-0000-0000-0000-000000000000/decline/").status_code == 404


def test_the_invitation_of_another_event_does_not_attach(organiser, event, make_event, directory):
    services.send_invitations(actor=organiser, event=event, stakeholders=directory[:1])
    other = make_event(slug="halle", date=event.date)
    registration = _register(other, invitation=Invitation.objects.get())
    assert registration.invitation is None


def test_breadth_counts_and_gaps(organiser, event, directory, process):
    services.send_invitations(actor=organiser, event=event, stakeholders=directory)
    invitation = Invitation.objects.get(stakeholder=directory[1])
    caritas = directory[1]
    first = _register(
        event, invitation, stakeholder_group=caritas.stakeholder_group, region=caritas.region
    )
    services.check_in(actor=organiser, event=event, registration=first)
    _register(
        event,
        email="jonas@example.org",
        stakeholder_group=directory[2].stakeholder_group,
        region=directory[2].region,
    )
    matrix = breadth.breadth(process, event)
    assert (matrix.total.invited, matrix.total.registered, matrix.total.attended) == (3, 2, 1)
    mo = next(r for r in matrix.rows if r.group and r.group.slug == "migrantenorganisationen")
    stendal = [r.key if r else None for r in matrix.regions].index("15090")
    assert mo.cells[stendal].invited == 1 and mo.cells[stendal].gap
    assert mo.group in matrix.missing_groups
    assert "15090" not in {r.key for r in matrix.missing_regions}  # Caritas registered there


def test_breadth_is_a_few_queries_however_many_cells(
    organiser, event, directory, process, django_assert_max_num_queries
):
    services.send_invitations(actor=organiser, event=event, stakeholders=directory)
    with django_assert_max_num_queries(5):
        breadth.breadth(process, event)


def test_access_needs_summary(event):
    _register(event, interpreter_language="Arabisch ", childcare=True)
    _register(event, email="b@example.org", interpreter_language="arabisch", sign_language=True)
    _register(event, email="c@example.org", interpreter_language="Dari", step_free=True)
    needs = breadth.access_needs(event)
    assert needs.interpreters == [("Arabisch", 2), ("Dari", 1)]
    assert (needs.sign_language, needs.step_free, needs.childcare) == (1, 1, 1)


def test_organiser_screens(client, organiser, event, directory):
    services.send_invitations(actor=organiser, event=event, stakeholders=directory)
    registration = _register(event)
    client.force_login(organiser)
    slug = event.process.slug
    base = f"/processes/{slug}/manage/"
    assert client.get("/manage/")["Location"] == base
    dashboard = client.get(base).content.decode()
    assert event.title in dashboard and 'id="nav-manage"' in dashboard
    page = client.get(f"{base}events/{event.slug}/").content.decode()
    assert "Amal Haddad" in page
    for url in (
        f"{base}events/{event.slug}/invitations/",
        f"{base}breadth/",
        f"{base}breadth/?event={event.slug}",
        f"{base}mails/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"{base}breadth/?event=nope").status_code == 404
    csv_text = client.get(f"{base}events/{event.slug}/attendance.csv").content.decode("utf-8-sig")
    assert "Amal Haddad" in csv_text and registration.display_code in csv_text
    for pdf in ("attendance.pdf", "badges.pdf"):
        response = client.get(f"{base}events/{event.slug}/{pdf}")
        assert response.content.startswith(b"%PDF"), pdf
    response = client.post(f"{base}events/{event.slug}/registrations/{registration.pk}/cancel/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == "cancelled"


def test_invite_from_the_screen_with_a_filter(client, organiser, event, directory):
    client.force_login(organiser)
    url = f"/processes/{event.process.slug}/manage/events/{event.slug}/invitations/"
    assert client.get(url, {"region": "15090"}).status_code == 200
    client.post(url, {"region": "15090"})
    assert set(Invitation.objects.values_list("stakeholder__name", flat=True)) == {
        "Verein Miteinander Stendal",
        "Caritas Stendal",
    }
    client.post(url, {"region": "15090"})  # pressed again: nobody invited twice
    assert Invitation.objects.count() == 2


def test_spreadsheet_cells_cannot_start_a_formula(client, organiser, event):
    _register(event, email="x@example.org", organisation_name="=HYPERLINK(1)")
    client.force_login(organiser)
    body = client.get(
        f"/processes/{event.process.slug}/manage/events/{event.slug}/attendance.csv"
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("who", ["participant", "moderator", "staff"])
def test_organiser_screens_are_for_organisers(client, who, moderator, alice, event, process):
    from mitwirken.processes.models import ProcessMembership

    user = {"participant": alice, "moderator": moderator}.get(who)
    if who == "staff":
        user = UserFactory(email="einlass@example.org")
        ProcessMembership.objects.create(process=process, user=user, role="staff")
    client.force_login(user)
    base = f"/processes/{process.slug}/manage/"
    for url in (
        base,
        f"{base}events/{event.slug}/",
        f"{base}breadth/",
        f"{base}mails/",
        f"{base}events/{event.slug}/invitations/",
    ):
        assert client.get(url).status_code == 403, url
    lists = client.get(f"{base}events/{event.slug}/attendance.csv").status_code
    assert lists == (200 if who == "staff" else 403)


def test_anonymous_visitors_are_sent_to_the_login(client, event, process):
    response = client.get(f"/processes/{process.slug}/manage/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_invitation_link_after_the_deadline_says_registration_is_closed(
    client, organiser, event, directory
):
    services.send_invitations(actor=organiser, event=event, stakeholders=directory[:1])
    invitation = Invitation.objects.get()
    event.registration_closes = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "Die Anmeldung für diese Veranstaltung ist nicht geöffnet." in page
    assert "?invitation=" not in page  # no way into the form
    response = client.post(
        f"{event.get_absolute_url()}register/?invitation={invitation.token}",
        {"name": "Spät Dran", "email": "spaet@example.org", "privacy_consent": "on"},
    )
    assert response.status_code == 403
    assert "Die Anmeldung für diese Veranstaltung ist nicht geöffnet." in response.content.decode()
    assert not Registration.objects.exists()


def test_workshop_facilitators_are_shown(client, organiser, event):
    services.add_workshop(
        actor=organiser,
        event=event,
        title="Themenforum Sprache",
        capacity=10,
        facilitators="Auslandsgesellschaft Sachsen-Anhalt e.V.",
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Moderiert von" in page and "Auslandsgesellschaft Sachsen-Anhalt e.V." in page
