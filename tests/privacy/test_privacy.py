"""DSGVO self-service: a person downloads everything stored about them and deletes their
account, keeping or deleting their contributions."""

import json

import pytest
from django.urls import reverse

from mitwirken.accounts.models import User
from mitwirken.contributions.models import Need
from mitwirken.moderation import services as moderation_services
from mitwirken.moderation.models import LogEntry, Report
from mitwirken.participation import services as participation_services
from mitwirken.participation.models import Comment, Support
from mitwirken.privacy import services

from ..factories import NeedFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def contributions(alice, bob, process, field):
    """Alice wrote a need (commented and supported by Bob), commented and supported Bob's
    need, and reported a comment."""
    own = NeedFactory(process=process, field_of_action=field, author=alice, title="Alices Bedarf")
    other = NeedFactory(process=process, field_of_action=field, author=bob, title="Bobs Bedarf")
    participation_services.add_comment(actor=bob, need=own, text="Bob stimmt zu.")
    participation_services.support(actor=bob, need=own)
    comment, _ = participation_services.add_comment(actor=alice, need=other, text="Alice dazu.")
    participation_services.support(actor=alice, need=other)
    bobs_comment, _ = participation_services.add_comment(actor=bob, need=other, text="Bob.")
    moderation_services.report(actor=alice, target=bobs_comment, reason="Bitte prüfen")
    return {"own": own, "other": other, "comment": comment}


def reauthenticated(client, user):
    """Logged in, and the password confirmed again just now (allauth's reauthentication)."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    return client


class TestExport:
    def test_contains_everything_of_the_person_and_nothing_of_others(
        self, client, alice, contributions
    ):
        client.force_login(alice)
        response = client.get(reverse("web:data_export"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        assert data["account"]["email"] == alice.email
        assert data["account"]["display_name"] == "Alice Pseudonym"
        assert [n["title"] for n in data["needs"]] == ["Alices Bedarf"]
        assert [c["text"] for c in data["comments"]] == ["Alice dazu."]
        assert [s["need_title"] for s in data["supports"]] == ["Bobs Bedarf"]
        assert [r["reason"] for r in data["reports"]] == ["Bitte prüfen"]
        assert "bob@example.org" not in response.content.decode()
        assert "Bob stimmt zu." not in response.content.decode()

    def test_anonymous_visitors_are_sent_to_the_login(self, client, db):
        response = client.get(reverse("web:data_export"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestDeleteService:
    def test_keep_contributions_without_the_name(self, alice, bob, contributions):
        own, other = contributions["own"], contributions["other"]
        services.delete_account(actor=alice, user=alice, delete_contributions=False)
        assert not User.objects.filter(email=alice.email).exists()
        own.refresh_from_db()
        other.refresh_from_db()
        assert own.author is None and own.author_name == "Gelöschtes Konto"
        assert Comment.objects.get(text="Alice dazu.").author is None
        assert other.support_count == 0 and not Support.objects.filter(need=other).exists()
        assert other.comment_count == 2  # Alice's comment stays, without her name
        assert Report.objects.get(reason="Bitte prüfen").reporter is None

    def test_delete_contributions_too(self, alice, bob, contributions):
        own, other = contributions["own"], contributions["other"]
        services.delete_account(actor=alice, user=alice, delete_contributions=True)
        assert not Need.objects.filter(pk=own.pk).exists()
        assert not Comment.objects.filter(text__in=["Alice dazu.", "Bob stimmt zu."]).exists()
        other.refresh_from_db()
        assert other.comment_count == 1 and other.support_count == 0
        assert User.objects.filter(pk=bob.pk).exists()

    def test_moderation_log_outlives_the_moderator(self, moderator, alice, process, field):
        need = NeedFactory(process=process, field_of_action=field, author=alice)
        moderation_services.hide(actor=moderator, target=need, reason="Werbung")
        services.delete_account(actor=moderator, user=moderator, delete_contributions=False)
        entry = LogEntry.objects.get(need=need)
        assert entry.actor is None and entry.reason == "Werbung"

    def test_nobody_deletes_someone_else(self, alice, bob):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            services.delete_account(actor=bob, user=alice, delete_contributions=False)
        assert User.objects.filter(pk=alice.pk).exists()


class TestDeleteView:
    def test_the_password_is_asked_again_and_the_deletion_then_goes_through(self, client, alice):
        client.force_login(alice)
        assert client.get(reverse("web:account_delete")).status_code == 200
        response = client.post(
            reverse("web:account_delete"), {"contributions": "keep", "confirm": "on"}
        )
        assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
        assert User.objects.filter(pk=alice.pk).exists()
        wrong = client.post(response["Location"], {"password": "falsch"})
        assert wrong.status_code == 200 and User.objects.filter(pk=alice.pk).exists()
        client.post(response["Location"], {"password": PASSWORD})  # resumes the deletion
        assert not User.objects.filter(pk=alice.pk).exists()

    def test_missing_choices_are_explained_and_nothing_is_deleted(self, client, alice):
        reauthenticated(client, alice)
        response = client.post(reverse("web:account_delete"), {})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Bitte wählen Sie, was mit Ihren Beiträgen geschieht." in html
        assert "Bitte bestätigen Sie" in html
        assert User.objects.filter(pk=alice.pk).exists()

    def test_deletes_logs_out_and_says_so(self, client, alice, contributions):
        reauthenticated(client, alice)
        response = client.post(
            reverse("web:account_delete"), {"contributions": "delete", "confirm": "on"}, follow=True
        )
        assert response.status_code == 200
        assert not User.objects.filter(email=alice.email).exists()
        assert not response.context["user"].is_authenticated
        assert "Ihr Konto wurde gelöscht." in response.content.decode()


class TestMyNeeds:
    def test_shows_only_own_needs_with_the_answer(self, client, alice, bob, process, field):
        NeedFactory(
            process=process,
            field_of_action=field,
            author=alice,
            title="Mein Bedarf",
            response="Wir nehmen das auf.",
        )
        NeedFactory(process=process, field_of_action=field, author=bob, title="Fremder Bedarf")
        client.force_login(alice)
        html = client.get(reverse("web:my_needs")).content.decode()
        assert "Mein Bedarf" in html and "Wir nehmen das auf." in html
        assert "Fremder Bedarf" not in html

    def test_needs_a_login(self, client, db):
        assert client.get(reverse("web:my_needs")).status_code == 302
