"""The concept: the draft assembled from the synthesis, hostile Markdown made harmless,
versions frozen when published, comments only in the period and on the newest version,
answers by the organisers, and the pages with their permissions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mitwirken.approaches import services as approach_services
from mitwirken.concept import markdown, rendering, services
from mitwirken.concept.models import ConceptComment

from ..factories import NeedFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
WEEK = datetime.timedelta(days=7)


def test_hostile_markdown_is_made_harmless():
    from html.parser import HTMLParser

    html = markdown.render(
        "<script>alert(1)</script>\n\n[klick](javascript:alert(1))\n\n"
        '<img src=x onerror="alert(1)">\n\n[gut](https://example.org "t")\n\n'
        '<a href="javascript:alert(2)">roh</a>'
    )
    found = []

    class Elements(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Elements().feed(html)
    assert {tag for tag, _ in found} <= markdown.ALLOWED_TAGS
    assert not any(name.startswith("on") for _, attrs in found for name in attrs)
    links = [attrs["href"] for tag, attrs in found if tag == "a"]
    assert links == ["https://example.org"]  # nothing else became a link
    assert "&lt;script&gt;" in html  # shown as text, not run


@pytest.fixture
def draft(process, organiser, field, alice):
    need = NeedFactory(process=process, field_of_action=field, author=alice)
    approach_services.create_approach(
        actor=organiser,
        process=process,
        needs=[need],
        content=approach_services.ApproachContent(
            title="Abendkurse ausbauen",
            description="Mit den **Kursträgern**.",
            field_of_action=field,
        ),
    )
    draft = services.assemble_draft(actor=organiser, process=process)
    intro = draft.sections.get(key="einleitung")
    services.change_section(
        actor=organiser, section=intro, title="Einleitung", body="Erster Absatz.\n\nZweiter Absatz."
    )
    return draft


def test_the_draft_has_a_chapter_per_field_with_its_approaches(draft, organiser, process):
    assert [s.title for s in draft.sections.all()] == [
        "Einleitung",
        "Sprache und Deutschkurse",
        "Wohnen",
    ]
    services.assemble_draft(actor=organiser, process=process)  # a second press
    assert draft.sections.count() == 3
    content = rendering.render_sections(draft)
    assert [p["html"] for p in content[0]["paragraphs"]] == [
        "<p>Erster Absatz.</p>\n",
        "<p>Zweiter Absatz.</p>\n",
    ]
    assert content[1]["approaches"][0]["title"] == "Abendkurse ausbauen"
    assert "<strong>Kursträgern</strong>" in content[1]["approaches"][0]["html"]


def test_only_organisers_write_the_concept(draft, alice, moderator, process):
    for person in (alice, moderator):
        with pytest.raises(PermissionDenied):
            services.assemble_draft(actor=person, process=process)
        with pytest.raises(PermissionDenied):
            services.publish_version(actor=person, draft=draft, final=True)


def test_a_published_version_is_frozen(draft, organiser):
    with pytest.raises(ValidationError) as error:
        services.publish_version(
            actor=organiser, draft=draft, comments_from=TODAY + WEEK, comments_until=TODAY
        )
    assert "comments_until" in error.value.message_dict
    first = services.publish_version(
        actor=organiser, draft=draft, comments_from=TODAY, comments_until=TODAY + WEEK
    )
    intro = draft.sections.get(key="einleitung")
    services.change_section(actor=organiser, section=intro, title="Einleitung", body="Neuer Text.")
    first.refresh_from_db()
    assert first.content[0]["paragraphs"][0]["html"] == "<p>Erster Absatz.</p>\n"


def test_comments_only_in_the_period_on_the_newest_version(draft, organiser, alice):
    version = services.publish_version(
        actor=organiser, draft=draft, comments_from=TODAY, comments_until=TODAY + WEEK
    )
    anchor = version.content[0]["paragraphs"][1]["anchor"]
    with pytest.raises(ValidationError):
        services.comment(actor=alice, version=version, anchor="gibt-es-nicht", text="Hm")
    made, created = services.comment(
        actor=alice, version=version, anchor=anchor, text="Bitte konkreter.", submission_key=KEY
    )
    again, created_again = services.comment(
        actor=alice, version=version, anchor=anchor, text="Bitte konkreter.", submission_key=KEY
    )
    assert created and not created_again and again.pk == made.pk
    services.answer_comment(actor=organiser, comment=made, text="Danke, ist ergänzt.")
    with pytest.raises(PermissionDenied):
        services.answer_comment(actor=alice, comment=made, text="Ich auch")
    second = services.publish_version(
        actor=organiser, draft=draft, comments_from=TODAY, comments_until=TODAY + WEEK
    )
    with pytest.raises(ValidationError) as error:  # a frozen, replaced version
        services.comment(actor=alice, version=version, anchor=anchor, text="Noch was")
    assert "newer" in str(error.value) or "neuere" in str(error.value)
    later = type(second).objects.filter(pk=second.pk)
    later.update(comments_from=TODAY + WEEK, comments_until=TODAY + WEEK + WEEK)
    with pytest.raises(ValidationError):  # before its period
        services.comment(actor=alice, version=later.get(), anchor=anchor, text="Zu früh")
    final = services.publish_version(actor=organiser, draft=draft, final=True)
    with pytest.raises(ValidationError):
        services.comment(actor=alice, version=final, anchor=anchor, text="Zu spät")
    assert ConceptComment.objects.count() == 1
    assert ConceptComment.objects.get().version == version  # stays with its version


KEY = __import__("uuid").uuid4()


def test_the_pages(client, draft, organiser, alice, process):
    manage = reverse("web:concept_manage", args=[process.slug])
    client.force_login(alice)
    assert client.get(manage).status_code == 403
    client.force_login(organiser)
    assert client.get(manage).status_code == 200
    response = client.post(manage, {"action": "publish", "comments_from": "", "comments_until": ""})
    assert response.status_code == 400
    response = client.post(
        manage,
        {
            "action": "publish",
            "comments_from": TODAY.isoformat(),
            "comments_until": (TODAY + WEEK).isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("web:concept", args=[process.slug]), follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and "Zweiter Absatz." in html and "Abendkurse ausbauen" in html
    version = process.concept.versions.get()
    anchor = version.content[0]["paragraphs"][0]["anchor"]
    assert f'id="{anchor}"' in html
    client.force_login(alice)
    url = reverse("web:concept_comment", args=[process.slug, 1])
    response = client.post(url, {"anchor": anchor, "text": "x" * 2001})
    assert response.status_code == 400 and "x" * 2001 in response.content.decode()
    response = client.post(url, {"anchor": anchor, "text": "Guter Absatz."})
    assert response.status_code == 302
    assert "Guter Absatz." in client.get(version.get_absolute_url()).content.decode()
    client.logout()
    response = client.post(url, {"anchor": anchor, "text": "Anonym"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert ConceptComment.objects.count() == 1


def test_two_versions_compared_section_by_section(client, draft, organiser, process):
    services.publish_version(actor=organiser, draft=draft, final=True)
    intro = draft.sections.get(key="einleitung")
    services.change_section(
        actor=organiser,
        section=intro,
        title="Einleitung",
        body="Erster Absatz, ergänzt.\n\nZweiter Absatz.\n\n<b>Neu</b> & mehr.",
    )
    services.add_section(actor=organiser, draft=draft, title="Ausblick", body="Später mehr.")
    services.publish_version(actor=organiser, draft=draft, final=True)
    page = client.get(reverse("web:concept_compare", args=[process.slug]), {"a": 1, "b": 2})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<del>Absatz.</del><ins>Absatz, ergänzt.</ins>" in html
    assert "&lt;b&gt;Neu&lt;/b&gt; &amp; mehr." in html  # shown as text
    assert "Später mehr." in html and "1 Absatz unverändert." in html
    assert (
        client.get(
            reverse("web:concept_compare", args=["integration"]), {"a": "x", "b": "9"}
        ).status_code
        == 200
    )  # unknown numbers: defaults


def test_the_published_concept_as_pdf_and_docx(client, draft, organiser, process):
    import io

    import docx
    from pypdf import PdfReader

    version = services.publish_version(actor=organiser, draft=draft, final=True)
    response = client.get(reverse("web:concept_pdf", args=[process.slug, version.number]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert 3 <= len(reader.pages) <= 40
    positions = [
        text.index(heading)
        for heading in ("Einleitung", "Sprache und Deutschkurse", "Wohnen", "Beteiligung in Zahlen")
    ]
    assert positions == sorted(positions)  # the headings in order
    appendix = text[text.index("Von den Bedarfen zu den Handlungsansätzen", positions[-1]) :]
    flowing = " ".join(appendix.split())
    for approach in process.approaches.prefetch_related("needs"):
        assert approach.title in appendix  # every approach in the traceability appendix
        for need in approach.needs.all():
            assert " ".join(need.title.split()) in flowing  # and the needs behind it
    response = client.get(reverse("web:concept_docx", args=[process.slug, version.number]))
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Einleitung", "Sprache und Deutschkurse", "Handlungsansätze"]
    assert any("Beteiligung in Zahlen" in h for h in headings)
    assert client.get(reverse("web:concept_pdf", args=[process.slug, 9])).status_code == 404


def test_the_memoised_page_references_are_pydyfs_own():
    import pydyf

    from mitwirken.concept import pdf

    pdf._memoise_page_references()
    document = pydyf.PDF()
    for _ in range(3):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(document.page_references) == 3
    assert document.page_references == pydyf.PDF._unmemoised_page_references(document)
    document.add_page(pydyf.Dictionary({"Type": "/Page"}))  # a page more: read anew
    assert len(document.page_references) == 4
    assert document.page_references == pydyf.PDF._unmemoised_page_references(document)


def test_a_built_document_is_kept_until_the_data_changes(
    client,
    draft,
    organiser,
    process,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    version = services.publish_version(actor=organiser, draft=draft, final=True)
    url = reverse("web:concept_docx", args=[process.slug, version.number])
    first = client.get(url).content
    with django_assert_max_num_queries(6):  # the version and the session, no appendix reads
        assert client.get(url).content == first
    approach = process.approaches.get()
    with django_capture_on_commit_callbacks(execute=True):  # the caches learn after commit
        approach_services.change_approach(
            actor=organiser,
            approach=approach,
            content=approach_services.ApproachContent(
                title="Neuer Titel", description="", field_of_action=approach.field_of_action
            ),
        )
    import io

    import docx

    rebuilt = docx.Document(io.BytesIO(client.get(url).content))
    assert "Neuer Titel" in [p.text for p in rebuilt.paragraphs]  # the appendix names it


def test_the_documentation_of_a_conference_as_one_pdf(client, process, organiser, field):
    import io
    import uuid

    from pypdf import PdfReader

    from mitwirken.events.models import Event, Registration, Workshop
    from mitwirken.workshops.models import Board, Card
    from mitwirken.workshops.models import Cluster as Group

    event = Event.objects.create(
        process=process,
        kind="regional",
        title="Konferenz Dessau",
        slug="dessau",
        date=TODAY - WEEK,
        capacity=40,
        state=Event.State.PUBLISHED,
    )
    workshop = Workshop.objects.create(
        event=event, title="Forum Sprache", capacity=10, field_of_action=field
    )
    board = Board.objects.create(workshop=workshop, state=Board.State.CLOSED, notes="Gut.")
    group = Group.objects.create(board=board, title="Abendkurse")
    need = NeedFactory(
        process=process,
        field_of_action=field,
        source="workshop",
        author=None,
        title="Kurse nach Feierabend",
    )
    Card.objects.create(board=board, need=need, key=uuid.uuid4(), cluster=group)
    Registration.objects.create(
        event=event,
        name="A",
        email="a@example.org",
        consent_at=timezone.now(),
        attended_at=timezone.now(),
        state=Registration.State.CONFIRMED,
    )
    response = client.get(reverse("web:event_documentation_pdf", args=[process.slug, "dessau"]))
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Konferenz Dessau",
        "Forum Sprache",
        "Abendkurse",
        "Kurse nach Feierabend",
        "Gut.",
    ):
        assert expected in text
    page = client.get(event.get_absolute_url()).content.decode()
    assert reverse("web:event_documentation_pdf", args=[process.slug, "dessau"]) in page


def test_comments_on_the_concept_are_moderated_as_elsewhere(
    client, draft, organiser, moderator, alice, bob
):
    from mitwirken.core.models import OutgoingMail
    from mitwirken.moderation.models import LogEntry, Report

    version = services.publish_version(
        actor=organiser, draft=draft, comments_from=TODAY, comments_until=TODAY + WEEK
    )
    anchor = version.content[0]["paragraphs"][0]["anchor"]
    made, _created = services.comment(
        actor=alice, version=version, anchor=anchor, text="Ein beleidigender Kommentar."
    )
    page_url = reverse("web:concept_version", args=["integration", version.number])
    report_url = reverse("web:report_concept_comment", args=["integration", made.pk])
    client.force_login(bob)
    assert report_url in client.get(page_url + f"?p={anchor}").content.decode()
    assert client.post(report_url, {"reason": ""}).status_code == 400  # a reason is needed
    assert client.post(report_url, {"reason": "Beleidigung"}).status_code == 302
    client.post(report_url, {"reason": "Beleidigung"})
    assert Report.objects.filter(concept_comment=made).count() == 1  # once per person
    moderate_url = reverse("web:moderate_concept_comment", args=["integration", made.pk])
    assert client.post(moderate_url, {"action": "hide", "reason": "x"}).status_code == 403
    client.force_login(moderator)
    queue = client.get(reverse("web:moderation", args=["integration"])).content.decode()
    assert "Ein beleidigender Kommentar." in queue and moderate_url in queue
    client.post(moderate_url, {"action": "hide", "reason": "Beleidigung einer Person"})
    made.refresh_from_db()
    assert made.is_hidden and made.hidden_reason == "Beleidigung einer Person"
    assert not Report.objects.filter(concept_comment=made, state="open").exists()
    assert LogEntry.objects.get(concept_comment=made).action == LogEntry.Action.HIDE
    assert OutgoingMail.objects.filter(to=alice.email, kind="hidden").exists()
    client.logout()
    public = client.get(page_url + f"?p={anchor}").content.decode()
    assert "Ein beleidigender Kommentar." not in public and "Beleidigung einer Person" in public
    client.force_login(moderator)
    client.post(moderate_url, {"action": "restore"})
    made.refresh_from_db()
    assert not made.is_hidden
    other = services.publish_version(actor=organiser, draft=draft, final=True)
    assert other  # a comment of another process's concept cannot be reached by this address
    assert (
        client.post(
            reverse("web:moderate_concept_comment", args=["integration", 999999]),
            {"action": "hide", "reason": "x"},
        ).status_code
        == 404
    )
