"""The synthesis story of issue 14 in Chromium, axe-core on every page: the organiser
filters the needs, computes clusters, accepts a duplicate, builds an action approach from
a cluster, turns a need down with a reason (after the form has told her the reason is
missing); the digest e-mail and the public page "Was wurde aus den Beiträgen?" show it."""

import pytest
from django.urls import reverse

from mitwirken.analysis import vectors
from mitwirken.contributions.models import Need

from ..factories import NeedFactory
from .test_user_stories import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEEDS = [
    (
        "Deutschkurse am Abend für Berufstätige",
        "In Dessau fehlen Deutschkurse am Abend für Menschen, die tagsüber arbeiten.",
    ),
    (
        "Deutschkurse abends für Berufstätige",
        "In Dessau-Roßlau fehlen Deutschkurse am Abend für Menschen, die tagsüber arbeiten.",
    ),
    (
        "Kinderbetreuung während der Integrationskurse",
        "Mütter in Halle können nicht zum Kurs, weil es keine Kinderbetreuung gibt.",
    ),
    (
        "Kita-Platz parallel zum Sprachkurs",
        "Ohne Betreuung für die Kleinen schaffen Eltern den Integrationskurs nicht.",
    ),
    (
        "Busverbindung zum Kurs auf dem Land",
        "Aus Arendsee fährt der Bus nur zweimal am Tag nach Stendal zum Deutschkurs.",
    ),
    (
        "Kurse im ländlichen Raum",
        "Auf dem Land gibt es keine Sprachkurse, und der Weg in die Stadt ist zu weit.",
    ),
]


def test_filter_merge_cluster_approach_and_answer(
    visitor_factory, process, field, organiser, alice, mailoutbox
):
    alice.notify_status = True
    alice.save()
    needs = [
        NeedFactory(process=process, field_of_action=field, author=alice, title=t, text=x)
        for t, x in NEEDS
    ]
    vectors.refresh(needs)
    from mitwirken.contributions.services import rebuild_search_index

    rebuild_search_index(actor=organiser, process=process)

    staff = visitor_factory()
    page = staff.page
    login(staff, organiser.email)
    staff.follow(page.locator("#nav-manage"))
    staff.follow(page.get_by_role("link", name="Auswertung öffnen"))

    # Filter: a search narrows the list, with the counts beside it.
    page.fill("#id_q", "Kinderbetreuung")
    staff.follow(page.get_by_role("button", name="Bedarfe anzeigen"))
    rows = page.locator("table tbody tr th a")
    assert "Kinderbetreuung während der Integrationskurse" in rows.all_inner_texts()
    assert "Busverbindung zum Kurs auf dem Land" not in rows.all_inner_texts()

    # Compute the clusters and duplicates (the task runs at once in the tests).
    page.fill("#id_needs_per_cluster", "4")
    staff.follow(page.get_by_role("button", name="Neu berechnen"))
    assert page.locator("#run-state").is_visible()

    # Accept the duplicate: the second says the same as the first.
    staff.goto(reverse("web:synthesis_duplicates", args=[process.slug]))
    pair = page.locator(".pair").first
    assert "Deutschkurse" in pair.inner_text()
    staff.follow(pair.locator("button[value=keep-first]"))
    merged = Need.objects.filter(status=Need.Status.MERGED)
    assert merged.count() == 1 and merged.get().merged_into_id in {needs[0].pk, needs[1].pk}

    # An action approach from a cluster, then completed in its form.
    staff.goto(reverse("web:synthesis_clusters", args=[process.slug]))
    staff.follow(page.locator("table tbody tr th a").first)
    staff.follow(page.get_by_role("button", name="Handlungsansatz aus diesem Cluster erstellen"))
    page.fill("#id_title", "Sprachkurse erreichbar machen")
    page.fill("#id_description", "Kurse am Abend, mit Kinderbetreuung und auf dem Land.")
    staff.follow(page.get_by_role("button", name="Handlungsansatz speichern"))
    approach = process.approaches.get()
    assert approach.title == "Sprachkurse erreichbar machen" and approach.needs.exists()

    # Turn a need down: first without the reason (the form says so and keeps the choice).
    down = (
        Need.objects.filter(process=process, status=Need.Status.RECEIVED).first()
        or Need.objects.exclude(status=Need.Status.MERGED)
        .exclude(pk__in=approach.needs.values("pk"))
        .first()
    )
    staff.goto(reverse("web:synthesis_need", args=[process.slug, down.pk]))
    page.select_option("#id_status", "not_adopted")
    staff.follow(page.get_by_role("button", name="Status und Antwort speichern"))
    assert page.locator("#form-errors").is_visible()
    assert page.locator("#id_status").input_value() == "not_adopted"
    page.fill("#id_response", "Dafür ist der Bund zuständig; wir haben es weitergegeben.")
    staff.follow(page.get_by_role("button", name="Status und Antwort speichern"))
    down.refresh_from_db()
    assert down.status == Need.Status.NOT_ADOPTED

    # The digest: one e-mail to the author who asked for it.
    staff.goto(reverse("web:synthesis", args=[process.slug]))
    staff.follow(
        page.get_by_role("button", name="E-Mails jetzt an die Verfasserinnen und Verfasser senden")
    )
    digest = [m for m in mailoutbox if m.to == [alice.email]]
    assert len(digest) == 1
    assert "Dafür ist der Bund zuständig" in digest[0].body
    assert approach.needs.first().title in digest[0].body

    # The public page, as anyone sees it.
    public = visitor_factory()
    public.goto(reverse("web:process", args=[process.slug]))
    public.follow(
        public.page.get_by_role("link", name="Alle Bedarfe und was aus ihnen geworden ist")
    )
    text = public.page.locator("main").inner_text()
    assert "Dafür ist der Bund zuständig" in text
    assert "Sprachkurse erreichbar machen" in text
    public.follow(public.page.get_by_role("link", name="Sprachkurse erreichbar machen").first)
    assert public.page.get_by_role("heading", name="Sprachkurse erreichbar machen").is_visible()
