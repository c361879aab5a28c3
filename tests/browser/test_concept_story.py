"""The concept story so far (issue 15), in Chromium with axe-core on every page: the
organiser assembles the draft from the action approaches, writes the introduction and
publishes version 1 for comments; a participant comments on a paragraph (JavaScript off
too); the organiser answers and publishes version 2; the comparison shows the change.
Then the final concept, downloaded as PDF and DOCX from its page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mitwirken.approaches import services as approach_services
from mitwirken.concept.models import ConceptComment

from ..factories import NeedFactory
from .test_user_stories import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_draft_comment_answer_second_version_and_comparison(
    visitor_factory, process, field, organiser, alice
):
    need = NeedFactory(process=process, field_of_action=field, author=alice)
    approach_services.create_approach(
        actor=organiser,
        process=process,
        needs=[need],
        content=approach_services.ApproachContent(
            title="Abendkurse an allen Kursorten",
            description="Mit den Kursträgern.",
            field_of_action=field,
        ),
    )
    today = timezone.localdate()
    staff = visitor_factory()
    page = staff.page
    login(staff, organiser.email)
    staff.follow(page.locator("#nav-manage"))
    staff.follow(page.get_by_role("link", name="Konzept bearbeiten"))
    staff.follow(page.get_by_role("button", name="Entwurf zusammenstellen"))
    staff.follow(page.locator(".section-list a").first)  # the introduction
    page.fill("#id_body", "Das Land braucht ein neues Konzept.\n\nAbendkurse fehlen.")
    staff.follow(page.get_by_role("button", name="Abschnitt speichern"))
    page.fill("#id_comments_from", today.isoformat())
    page.fill("#id_comments_until", (today + datetime.timedelta(days=14)).isoformat())
    staff.follow(page.get_by_role("button", name="Veröffentlichen", exact=True))
    assert "Abendkurse an allen Kursorten" in page.locator("main").inner_text()
    version_url = staff.path().split("#")[0]

    # A participant comments on the second paragraph, without JavaScript.
    reader = visitor_factory(javascript=False)
    login(reader, alice.email)
    reader.goto(version_url)
    paragraph = reader.page.locator(".concept-paragraph").nth(1)
    reader.follow(paragraph.get_by_role("link", name="Diesen Absatz kommentieren"))
    reader.page.fill("#id_text", "Bitte auch am Wochenende.")
    reader.follow(reader.page.get_by_role("button", name="Kommentar veröffentlichen"))
    comment = ConceptComment.objects.get()
    assert comment.anchor == comment.version.content[0]["paragraphs"][1]["anchor"]

    # The organiser answers and takes the comment up in version 2.
    staff.goto(version_url)
    staff.page.fill(f"#answer-{comment.pk}", "Danke, ist aufgenommen.")
    staff.follow(staff.page.get_by_role("button", name="Antwort veröffentlichen"))
    assert "Danke, ist aufgenommen." in page.locator(f"#comment-{comment.pk}").inner_text()
    staff.goto(reverse("web:concept_manage", args=[process.slug]))
    staff.follow(page.locator(".section-list a").first)
    page.fill(
        "#id_body", "Das Land braucht ein neues Konzept.\n\nAbendkurse fehlen, auch am Wochenende."
    )
    staff.follow(page.get_by_role("button", name="Abschnitt speichern"))
    page.fill("#id_comments_from", today.isoformat())
    page.fill("#id_comments_until", (today + datetime.timedelta(days=14)).isoformat())
    staff.follow(page.get_by_role("button", name="Veröffentlichen", exact=True))
    staff.follow(page.get_by_role("link", name="Mit der vorherigen Version vergleichen"))
    changed = page.locator(".diff--changed").first.inner_html()
    assert "<ins>fehlen, auch am Wochenende.</ins>" in changed.replace("\n", "")
    # the comment stays with version 1
    assert ConceptComment.objects.get().version.number == 1

    # The final concept, and its files from the links on its page.
    staff.goto(reverse("web:concept_manage", args=[process.slug]))
    page.check("#id_final")
    staff.follow(page.get_by_role("button", name="Veröffentlichen", exact=True))
    assert "Das endgültige Konzept" in page.locator("main").inner_text()
    for name, kind in (
        ("Als PDF herunterladen", "application/pdf"),
        ("Als Word-Datei (DOCX) herunterladen", "wordprocessingml"),
    ):
        href = page.get_by_role("link", name=name).get_attribute("href")
        response = page.request.get(staff.base_url + href)
        assert response.ok and kind in response.headers["content-type"]
        assert len(response.body()) > 10_000

    # The open data from the process page: the data dictionary, a file by its stable
    # address (built in the background; here at once), and the interface.
    reader.goto(process.get_absolute_url())
    reader.follow(reader.page.get_by_role("link", name="Offene Daten: Downloads und Schnittstelle"))
    assert "Offene Daten" in reader.page.locator("h1").inner_text()
    href = reader.page.get_by_role("link", name="Bedarfe als CSV", exact=True).get_attribute("href")
    response = reader.page.request.get(reader.base_url + href)
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    assert response.text().lstrip("\ufeff").startswith("id,title,text,field_of_action")
    api = reader.page.request.get(reader.base_url + f"/api/v1/processes/{process.slug}/approaches")
    assert api.ok and api.json()["count"] == process.approaches.count()
