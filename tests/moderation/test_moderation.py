import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mitwirken.moderation import services
from mitwirken.moderation.models import LogEntry, Report

from ..factories import CommentFactory, NeedFactory


@pytest.fixture
def need(process, field):
    return NeedFactory(process=process, field_of_action=field, comment_count=1)


@pytest.fixture
def comment(need):
    return CommentFactory(need=need, text="Ein beleidigender Kommentar")


def test_report_once_per_person(alice, comment):
    first, created = services.report(actor=alice, target=comment, reason="Beleidigend")
    again, created_again = services.report(actor=alice, target=comment, reason="Nochmal")
    assert created and not created_again and first.pk == again.pk
    assert Report.objects.count() == 1


def test_report_needs_a_reason(alice, comment):
    with pytest.raises(ValidationError):
        services.report(actor=alice, target=comment, reason="  ")


def test_moderator_hides_and_restores_with_log(moderator, alice, comment, need):
    services.report(actor=alice, target=comment, reason="Beleidigend")
    services.hide(actor=moderator, target=comment, reason="Verstößt gegen die Netiquette")
    comment.refresh_from_db()
    need.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Verstößt gegen die Netiquette"
    assert need.comment_count == 0
    assert Report.objects.get().state == Report.State.RESOLVED
    services.restore(actor=moderator, target=comment)
    comment.refresh_from_db()
    need.refresh_from_db()
    assert not comment.is_hidden and need.comment_count == 1
    log = list(LogEntry.objects.order_by("id").values_list("action", "actor", "comment"))
    assert log == [("hide", moderator.pk, comment.pk), ("restore", moderator.pk, comment.pk)]


def test_hiding_requires_a_reason(moderator, comment):
    with pytest.raises(ValidationError):
        services.hide(actor=moderator, target=comment, reason="")
    comment.refresh_from_db()
    assert not comment.is_hidden and LogEntry.objects.count() == 0


def test_participant_cannot_moderate(alice, comment, need):
    for action in (services.hide, services.restore):
        with pytest.raises(PermissionDenied):
            action(actor=alice, target=comment, reason="x")
    with pytest.raises(PermissionDenied):
        services.hide(actor=alice, target=need, reason="x")
    assert LogEntry.objects.count() == 0


def test_moderator_of_another_process_cannot_moderate(closed_process, comment):
    from mitwirken.processes.models import ProcessMembership

    from ..factories import UserFactory

    other = UserFactory()
    ProcessMembership.objects.create(process=closed_process, user=other, role="moderator")
    with pytest.raises(PermissionDenied):
        services.hide(actor=other, target=comment, reason="x")


def test_hidden_comment_shows_reason_in_place(client, moderator, comment, need):
    services.hide(actor=moderator, target=comment, reason="Beleidigung")
    html = client.get(need.get_absolute_url()).content.decode()
    assert "Ein beleidigender Kommentar" not in html
    assert "Beleidigung" in html and "von der Moderation ausgeblendet" in html


def test_hidden_need_leaves_list_and_shows_reason(client, moderator, need, process):
    services.hide(actor=moderator, target=need, reason="Werbung")
    listing = client.get(reverse("web:needs", kwargs={"slug": process.slug}))
    assert need not in listing.context["needs"]
    html = client.get(need.get_absolute_url()).content.decode()
    assert need.text not in html and "Werbung" in html


def test_queue_view_permissions(client, alice, moderator, process, comment):
    url = reverse("web:moderation", kwargs={"slug": process.slug})
    assert client.get(url).status_code == 302  # anonymous: to login
    client.force_login(alice)
    assert client.get(url).status_code == 403
    services.report(actor=alice, target=comment, reason="Bitte prüfen")
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200 and "Bitte prüfen" in response.content.decode()


def test_moderate_view_hides_and_denies_participants(client, alice, moderator, process, comment):
    url = reverse("web:moderate_comment", kwargs={"slug": process.slug, "pk": comment.pk})
    client.force_login(alice)
    assert client.post(url, {"action": "hide", "reason": "x"}).status_code == 403
    client.force_login(moderator)
    response = client.post(url, {"action": "hide", "reason": ""}, follow=True)
    assert "Bitte geben Sie einen Grund an" in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_hidden
    client.post(url, {"action": "hide", "reason": "Beleidigung"})
    comment.refresh_from_db()
    assert comment.is_hidden


def test_report_view(client, alice, process, comment):
    url = reverse("web:report_comment", kwargs={"slug": process.slug, "pk": comment.pk})
    assert client.get(url).status_code == 302
    client.force_login(alice)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"reason": "Beleidigend"})
    assert response.status_code == 302 and Report.objects.count() == 1


def test_moderators_see_the_open_reports_in_the_header(client, process, moderator, alice):
    from mitwirken.moderation import services as moderation_services

    from ..factories import NeedFactory

    need = NeedFactory(process=process)
    moderation_services.report(actor=alice, target=need, reason="Bitte prüfen.")
    client.force_login(moderator)
    page = client.get("/").content.decode()
    assert 'id="nav-moderation"' in page and "Moderation: 1 offene Meldung" in page
    client.force_login(alice)
    assert 'id="nav-moderation"' not in client.get("/").content.decode()


def test_a_missing_reason_is_explained_at_the_item_in_the_queue(client, process, moderator, alice):
    need = NeedFactory(process=process, author=alice)
    services.report(actor=alice, target=need, reason="Bitte prüfen.")
    client.force_login(moderator)
    queue_url = reverse("web:moderation", kwargs={"slug": process.slug})
    response = client.post(
        reverse("web:moderate_need", kwargs={"slug": process.slug, "pk": need.pk}),
        {"action": "hide", "reason": "", "next": queue_url, "from_queue": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    item = page.split(f'id="item-need-{need.pk}"', 1)[1].split("</form>", 1)[0]
    assert 'id="form-errors"' in item
    need.refresh_from_db()
    assert not need.is_hidden


def test_authors_are_told_in_their_language_and_can_be_restored_from_the_list(
    client, process, moderator, alice, django_capture_on_commit_callbacks
):
    from django.core import mail

    alice.language = "en"
    alice.save()
    need = NeedFactory(process=process, author=alice, title="Wohnungen")
    with django_capture_on_commit_callbacks(execute=True):
        services.hide(actor=moderator, target=need, reason="Enthält Namen")
    message = mail.outbox[-1]
    assert message.to == [alice.email] and message.subject == "Your need has been hidden"
    assert "Enthält Namen" in message.body and need.get_absolute_url() in message.body
    client.force_login(moderator)
    queue_url = reverse("web:moderation", kwargs={"slug": process.slug})
    assert "Wieder einblenden" in client.get(queue_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("web:moderate_need", kwargs={"slug": process.slug, "pk": need.pk}),
            {"action": "restore", "next": queue_url, "from_queue": "1"},
        )
    need.refresh_from_db()
    assert not need.is_hidden
    assert mail.outbox[-1].subject == "Your need is visible again"


def test_logging_in_records_the_language(client, alice):
    client.post(
        "/en/accounts/login/", {"login": alice.email, "password": "correct horse battery staple"}
    )
    alice.refresh_from_db()
    assert alice.language == "en"
