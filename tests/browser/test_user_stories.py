"""The foundation's user stories, end to end in Chromium, with axe-core on every page."""

import re

import pytest
from django.core import mail

from mitwirken.contributions.models import Need
from mitwirken.moderation.models import LogEntry
from mitwirken.participation import services as participation_services
from mitwirken.participation.models import Comment, Support

from ..factories import NeedFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def demo(process, magdeburg, group):
    """The shared process fixture with a few needs in two fields."""
    wohnen = process.fields_of_action.get(slug="wohnen")
    sprache = process.fields_of_action.get(slug="sprache")
    author = UserFactory(display_name="Olena K.")
    NeedFactory(
        process=process,
        field_of_action=sprache,
        region=magdeburg,
        stakeholder_group=group,
        author=author,
        title="Kinderbetreuung während der Integrationskurse",
        text="Viele Mütter können nicht teilnehmen, weil es keine Betreuung gibt.",
    )
    NeedFactory(
        process=process,
        field_of_action=wohnen,
        author=author,
        title="Bezahlbare Wohnungen für große Familien",
        text="Große Familien finden in Halle kaum Wohnungen.",
    )
    return process


def login(visitor, email: str, prefix: str = "") -> None:
    visitor.goto(f"{prefix}/accounts/login/")
    visitor.page.fill("#id_login", email)
    visitor.page.fill("#id_password", PASSWORD)
    visitor.follow(visitor.page.locator("form.stack button[type=submit]").first)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_visitor_browses_the_process_and_filters_needs(visitor, demo, prefix):
    visitor.goto(f"{prefix}/")
    visitor.follow(visitor.page.get_by_role("link", name=demo.title))
    assert visitor.path() == f"{prefix}/processes/{demo.slug}/"
    heading = "Was Sie jetzt tun können" if not prefix else "What you can do now"
    assert visitor.page.get_by_role("heading", name=heading).is_visible()
    visitor.follow(visitor.page.locator(f"a[href='{prefix}/processes/{demo.slug}/needs/']").first)
    assert visitor.page.locator(".need-list > li").count() == 2
    label = "Handlungsfeld" if not prefix else "Field of action"
    visitor.page.get_by_label(label, exact=True).select_option("wohnen")
    visitor.follow(visitor.page.locator("form.filters button[type=submit]"))
    assert "field=wohnen" in visitor.page.url
    titles = visitor.page.locator(".need-list h3").all_inner_texts()
    assert titles == ["Bezahlbare Wohnungen für große Familien"]
    visitor.follow(visitor.page.get_by_role("link", name=titles[0]))
    assert visitor.page.get_by_role("heading", level=1).inner_text() == titles[0]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_person_signs_up_verifies_submits_comments_supports(visitor, demo, prefix, mailoutbox):
    english = prefix == "/en"
    page = visitor.page
    visitor.goto(f"{prefix}/accounts/signup/")
    page.fill("#id_email", "neu@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_display_name", "Nachbarin aus Stendal")
    page.check("#id_privacy_consent")
    visitor.follow(page.locator("form.stack button[type=submit]"))  # "please verify …"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    visitor.goto(re.sub(r"^https?://[^/]+", "", link))
    visitor.follow(page.locator("main form button[type=submit]"))

    visitor.goto(f"{prefix}/processes/{demo.slug}/needs/new/")
    if "/accounts/login/" in page.url:  # allauth logs in on confirmation; else log in now
        login(visitor, "neu@example.org", prefix)
        visitor.goto(f"{prefix}/processes/{demo.slug}/needs/new/")
    page.fill("#id_title", "Sprachcafé im ländlichen Raum")
    page.fill("#id_text", "In den Dörfern der Altmark gibt es keine Gelegenheit, Deutsch zu üben.")
    page.select_option("#id_field_of_action", "sprache")
    page.select_option("#id_region", "15090")
    visitor.follow(page.locator("main form button[type=submit]"))
    need = Need.objects.get(title="Sprachcafé im ländlichen Raum")
    assert need.author.display_name == "Nachbarin aus Stendal"
    assert page.get_by_role("heading", level=1).inner_text() == need.title
    assert "neu@example.org" not in page.content()

    other = Need.objects.exclude(pk=need.pk).first()
    visitor.goto(other.get_absolute_url().replace("/processes/", f"{prefix}/processes/", 1))
    page.fill("#id_text", "Das kenne ich aus Salzwedel genauso.")
    visitor.follow(page.locator("form:has(#id_text) button[type=submit]"))
    assert (
        Comment.objects.filter(need=other, text="Das kenne ich aus Salzwedel genauso.").count() == 1
    )
    support_label = "Support this need" if english else "Diesen Bedarf unterstützen"
    visitor.follow(page.get_by_role("button", name=support_label))
    assert Support.objects.filter(need=other, user=need.author).exists()
    withdraw = "Withdraw my support" if english else "Unterstützung zurückziehen"
    assert page.get_by_role("button", name=withdraw).is_visible()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_moderator_hides_a_comment(visitor, demo, moderator, prefix):
    need = Need.objects.filter(process=demo).first()
    comment, _ = participation_services.add_comment(
        actor=UserFactory(), need=need, text="Das ist ein beleidigender Kommentar."
    )
    login(visitor, moderator.email, prefix)
    visitor.goto(f"{prefix}/processes/{demo.slug}/moderation/")
    visitor.goto(need.get_absolute_url().replace("/processes/", f"{prefix}/processes/", 1))
    box = visitor.page.locator(f"#comment-{comment.pk} details.moderation-box")
    box.locator("summary").click()
    box.locator("input[name=reason]").fill("Beleidigung")
    visitor.follow(box.locator("button[value=hide]"))
    comment.refresh_from_db()
    assert comment.is_hidden and LogEntry.objects.filter(comment=comment, actor=moderator).exists()
    assert (
        "Das ist ein beleidigender Kommentar."
        not in visitor.page.locator(f"#comment-{comment.pk} .hidden-notice").inner_text()
    )


def test_submit_need_and_comment_without_javascript(visitor_factory, demo, alice):
    visitor = visitor_factory(javascript=False)
    page = visitor.page
    login(visitor, alice.email)
    visitor.goto(f"/processes/{demo.slug}/needs/new/")
    page.fill("#id_title", "Dolmetschen beim Arzt")
    page.fill("#id_text", "In Hausarztpraxen fehlt Sprachmittlung.")
    page.select_option("#id_field_of_action", "sprache")
    visitor.follow(page.locator("main form button[type=submit]"))
    need = Need.objects.get(title="Dolmetschen beim Arzt")
    assert visitor.path() == need.get_absolute_url()
    page.fill("#id_text", "Sehr wichtig, auch ohne JavaScript.")
    visitor.follow(page.locator("form:has(#id_text) button[type=submit]"))
    assert Comment.objects.filter(need=need).count() == 1
    assert (
        page.locator(".comment-text", has_text="Sehr wichtig, auch ohne JavaScript.").count() == 1
    )


def test_bad_input_is_explained_and_kept(visitor, demo, alice):
    page = visitor.page
    login(visitor, alice.email)
    visitor.goto(f"/processes/{demo.slug}/needs/new/")
    page.fill("#id_text", "Text ohne Titel bleibt erhalten.")
    visitor.follow(page.locator("main form button[type=submit]"))
    assert page.locator("#form-errors").is_visible()
    assert page.input_value("#id_text") == "Text ohne Titel bleibt erhalten."
    assert Need.objects.filter(author=alice).count() == 0


def test_rtl_languages_switch_direction(visitor, demo):
    visitor.goto("/ar/")
    assert visitor.page.locator("html").get_attribute("dir") == "rtl"
    visitor.goto("/fa/processes/" + demo.slug + "/")
    assert visitor.page.locator("html").get_attribute("dir") == "rtl"
    visitor.goto("/")
    assert visitor.page.locator("html").get_attribute("dir") == "ltr"


def test_axe_check_can_fail(visitor, demo):
    """The accessibility check is real: a page with an unlabelled input and an image
    without alt text must be reported."""
    visitor.goto("/", check=False)
    visitor.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<img src="/static/favicon.svg"><input type="text">\')'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        visitor.axe()


def test_person_sees_own_needs_downloads_data_and_deletes_the_account(visitor, demo, alice):
    """DSGVO self-service: what became of my needs, my data as a file, my account deleted
    after the password was asked again."""
    import json
    from pathlib import Path

    from mitwirken.accounts.models import User

    NeedFactory(
        process=demo,
        field_of_action=demo.fields_of_action.get(slug="sprache"),
        author=alice,
        title="Abendkurse für Berufstätige",
        response="Das Land prüft zusätzliche Kurse am Abend.",
    )
    page = visitor.page
    login(visitor, alice.email)
    visitor.goto("/account/profile/")
    visitor.follow(page.get_by_role("link", name="Meine Bedarfe und was aus ihnen geworden ist"))
    assert page.get_by_text("Das Land prüft zusätzliche Kurse am Abend.").is_visible()
    visitor.goto("/account/profile/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Meine Daten herunterladen (JSON-Datei)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == alice.email
    assert [n["title"] for n in data["needs"]] == ["Abendkurse für Berufstätige"]

    visitor.follow(page.get_by_role("link", name="Mein Konto löschen"))
    submit = page.get_by_role("button", name="Mein Konto endgültig löschen")
    visitor.follow(submit)  # nothing chosen: both questions are explained
    assert page.locator("#form-errors").is_visible()
    page.get_by_label("Behalten, ohne meinen Namen").check()
    page.get_by_label(
        "Mir ist bewusst, dass mein Konto nicht wiederhergestellt werden kann."
    ).check()
    visitor.follow(submit)  # allauth asks for the password again
    assert "/reauthenticate/" in page.url
    page.fill("#id_password", PASSWORD)
    visitor.follow(page.locator("main form button[type=submit]"))
    assert page.get_by_text("Ihr Konto wurde gelöscht.").is_visible()
    assert not User.objects.filter(email=alice.email).exists()
    assert Need.objects.get(title="Abendkurse für Berufstätige").author is None


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_organiser_corrects_a_need_and_the_page_says_so(visitor, demo, organiser, prefix):
    """An organiser's edit of someone else's need is logged and shown on the need."""
    from mitwirken.contributions.models import NeedEdit

    english = prefix == "/en"
    need = Need.objects.get(title="Bezahlbare Wohnungen für große Familien")
    page = visitor.page
    login(visitor, organiser.email, prefix)
    visitor.goto(f"{prefix}{need.get_absolute_url()}")
    visitor.follow(page.get_by_role("link", name="Edit" if english else "Bearbeiten"))
    page.fill("#id_title", "Bezahlbare Wohnungen für große Familien in Halle")
    visitor.follow(page.locator("main form button[type=submit]"))
    assert visitor.path() == f"{prefix}{need.get_absolute_url()}"
    note = page.locator("#organiser-edit").inner_text()
    if english:
        assert "by the organisers on" in note and "title" in note
    else:
        assert "von der Prozessleitung am" in note and "Titel" in note
    entry = NeedEdit.objects.get(need=need)
    assert entry.actor == organiser and list(entry.changes) == ["title"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_visitor_finds_a_conference_from_the_process_page(visitor, demo, organiser, prefix):
    import datetime

    from mitwirken.events import services as event_services

    event = event_services.create_event(
        actor=organiser,
        process=demo,
        kind="regional",
        title="Regionalkonferenz in Stendal",
        slug="stendal",
        date=datetime.date(2019, 9, 24),
        capacity=80,
        accessibility="Stufenloser Zugang über den Seiteneingang.",
        published=True,
    )
    event_services.add_workshop(
        actor=organiser,
        event=event,
        title="Themenforum Wohnen",
        capacity=20,
        field_of_action=demo.fields_of_action.get(slug="wohnen"),
    )
    visitor.goto(f"{prefix}/processes/{demo.slug}/")
    visitor.follow(visitor.page.get_by_role("link", name="Regionalkonferenz in Stendal"))
    assert visitor.path() == f"{prefix}{event.get_absolute_url()}"
    assert "Stendal" in visitor.page.get_by_role("heading", level=1).inner_text()
    assert visitor.page.get_by_text("Themenforum Wohnen").is_visible()
    link = (
        "All events of the process" if prefix else "Alle Veranstaltungen des Beteiligungsprozesses"
    )
    visitor.goto(f"{prefix}/processes/{demo.slug}/")
    visitor.follow(visitor.page.get_by_role("link", name=link))
    assert visitor.page.get_by_role(
        "heading", name="Past events" if prefix else "Vergangene Veranstaltungen"
    ).is_visible()


@pytest.mark.parametrize("javascript", [True, False])
def test_person_registers_for_a_conference_without_an_account(
    visitor_factory, demo, organiser, javascript, mailoutbox
):
    import datetime

    from django.utils import timezone

    from mitwirken.events import services as event_services
    from mitwirken.events.models import Registration

    event = event_services.create_event(
        actor=organiser,
        process=demo,
        kind="regional",
        title="Regionalkonferenz in Halle",
        slug="halle",
        date=timezone.localdate() + datetime.timedelta(days=14),
        venue="Literaturhaus Halle",
        capacity=40,
        published=True,
    )
    event_services.add_workshop(
        actor=organiser, event=event, title="Themenforum Arbeit", capacity=20
    )
    visitor = visitor_factory(javascript=javascript)
    page = visitor.page
    visitor.goto(event.get_absolute_url())
    assert page.locator("#places-left").inner_text() == "40 Plätze frei."
    visitor.follow(page.get_by_role("link", name="Zur Veranstaltung anmelden"))
    visitor.follow(page.locator("main form button[type=submit]"))  # empty: explained
    assert page.locator("#form-errors").is_visible()
    page.fill("#id_name", "Amal Haddad")
    page.fill("#id_email", "amal@example.org")
    page.select_option("#id_first_choice", label="Themenforum Arbeit")
    page.get_by_label("Ich brauche Kinderbetreuung während der Veranstaltung").check()
    page.get_by_label(
        "Ich bin einverstanden, dass meine Angaben zur Organisation der Veranstaltung "
        "gespeichert werden."
    ).check()
    visitor.follow(page.locator("main form button[type=submit]"))
    assert page.get_by_text("Fast geschafft").is_visible()
    link = re.search(r"/processes/\S+/registrations/\S+/", mailoutbox[-1].body).group(0)
    visitor.goto(link)
    visitor.follow(page.get_by_role("button", name="Meine Anmeldung bestätigen"))
    assert page.locator("#registration-state").inner_text() == "Bestätigt"
    registration = Registration.objects.get(email="amal@example.org")
    assert registration.childcare and registration.workshop.title == "Themenforum Arbeit"
    visitor.follow(page.get_by_role("button", name="Meine Anmeldung absagen"))
    assert page.locator("#registration-state").inner_text() == "Abgesagt"
