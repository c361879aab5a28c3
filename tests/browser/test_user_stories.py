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
    visitor.axe()
    visitor.page.fill("#id_login", email)
    visitor.page.fill("#id_password", PASSWORD)
    visitor.page.locator("form.stack button[type=submit]").first.click()
    visitor.page.wait_for_load_state()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_visitor_browses_the_process_and_filters_needs(visitor, demo, prefix):
    visitor.goto(f"{prefix}/")
    visitor.axe()
    visitor.page.get_by_role("link", name=demo.title).click()
    assert visitor.path() == f"{prefix}/processes/{demo.slug}/"
    visitor.axe()
    heading = "Was Sie jetzt tun können" if not prefix else "What you can do now"
    assert visitor.page.get_by_role("heading", name=heading).is_visible()
    visitor.page.locator(f"a[href='{prefix}/processes/{demo.slug}/needs/']").first.click()
    visitor.axe()
    assert visitor.page.locator(".need-list > li").count() == 2
    label = "Handlungsfeld" if not prefix else "Field of action"
    visitor.page.get_by_label(label, exact=True).select_option("wohnen")
    visitor.page.locator("form.filters button[type=submit]").click()
    visitor.page.wait_for_load_state()
    assert "field=wohnen" in visitor.page.url
    visitor.axe()
    titles = visitor.page.locator(".need-list h3").all_inner_texts()
    assert titles == ["Bezahlbare Wohnungen für große Familien"]
    visitor.page.get_by_role("link", name=titles[0]).click()
    visitor.axe()
    assert visitor.page.get_by_role("heading", level=1).inner_text() == titles[0]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_person_signs_up_verifies_submits_comments_supports(visitor, demo, prefix, mailoutbox):
    english = prefix == "/en"
    page = visitor.page
    visitor.goto(f"{prefix}/accounts/signup/")
    visitor.axe()
    page.fill("#id_email", "neu@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_display_name", "Nachbarin aus Stendal")
    page.check("#id_privacy_consent")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state()
    visitor.axe()  # "please verify your e-mail address"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    visitor.goto(re.sub(r"^https?://[^/]+", "", link))
    visitor.axe()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    visitor.goto(f"{prefix}/processes/{demo.slug}/needs/new/")
    if "/accounts/login/" in page.url:  # allauth logs in on confirmation; else log in now
        login(visitor, "neu@example.org", prefix)
        visitor.goto(f"{prefix}/processes/{demo.slug}/needs/new/")
    visitor.axe()
    page.fill("#id_title", "Sprachcafé im ländlichen Raum")
    page.fill("#id_text", "In den Dörfern der Altmark gibt es keine Gelegenheit, Deutsch zu üben.")
    page.select_option("#id_field_of_action", "sprache")
    page.select_option("#id_region", "15090")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    visitor.axe()
    need = Need.objects.get(title="Sprachcafé im ländlichen Raum")
    assert need.author.display_name == "Nachbarin aus Stendal"
    assert page.get_by_role("heading", level=1).inner_text() == need.title
    assert "neu@example.org" not in page.content()

    other = Need.objects.exclude(pk=need.pk).first()
    visitor.goto(other.get_absolute_url().replace("/processes/", f"{prefix}/processes/", 1))
    visitor.axe()
    page.fill("#id_text", "Das kenne ich aus Salzwedel genauso.")
    page.locator("form:has(#id_text) button[type=submit]").click()
    page.wait_for_load_state()
    visitor.axe()
    assert (
        Comment.objects.filter(need=other, text="Das kenne ich aus Salzwedel genauso.").count() == 1
    )
    support_label = "Support this need" if english else "Diesen Bedarf unterstützen"
    page.get_by_role("button", name=support_label).click()
    page.wait_for_load_state()
    visitor.axe()
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
    visitor.axe()
    visitor.goto(need.get_absolute_url().replace("/processes/", f"{prefix}/processes/", 1))
    visitor.axe()
    box = visitor.page.locator(f"#comment-{comment.pk} details.moderation-box")
    box.locator("summary").click()
    box.locator("input[name=reason]").fill("Beleidigung")
    box.locator("button[value=hide]").click()
    visitor.page.wait_for_load_state()
    visitor.axe()
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
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    need = Need.objects.get(title="Dolmetschen beim Arzt")
    assert visitor.path() == need.get_absolute_url()
    page.fill("#id_text", "Sehr wichtig, auch ohne JavaScript.")
    page.locator("form:has(#id_text) button[type=submit]").click()
    page.wait_for_load_state()
    assert Comment.objects.filter(need=need).count() == 1
    assert (
        page.locator(".comment-text", has_text="Sehr wichtig, auch ohne JavaScript.").count() == 1
    )
    visitor.axe()


def test_bad_input_is_explained_and_kept(visitor, demo, alice):
    page = visitor.page
    login(visitor, alice.email)
    visitor.goto(f"/processes/{demo.slug}/needs/new/")
    page.fill("#id_text", "Text ohne Titel bleibt erhalten.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    visitor.axe()
    assert page.locator("#form-errors").is_visible()
    assert page.input_value("#id_text") == "Text ohne Titel bleibt erhalten."
    assert Need.objects.filter(author=alice).count() == 0


def test_rtl_languages_switch_direction(visitor, demo):
    visitor.goto("/ar/")
    assert visitor.page.locator("html").get_attribute("dir") == "rtl"
    visitor.axe()
    visitor.goto("/fa/processes/" + demo.slug + "/")
    assert visitor.page.locator("html").get_attribute("dir") == "rtl"
    visitor.goto("/")
    assert visitor.page.locator("html").get_attribute("dir") == "ltr"


def test_axe_check_can_fail(visitor, demo):
    """The accessibility check is real: a page with an unlabelled input and an image
    without alt text must be reported."""
    visitor.goto("/")
    visitor.page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<img src="/static/favicon.svg"><input type="text">\')'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        visitor.axe()
