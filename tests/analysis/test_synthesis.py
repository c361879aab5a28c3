"""The synthesis on the database: statuses with history and the digest, merges with
provenance and undo, clusters computed in the task and the organisers' edits kept,
duplicate decisions, action approaches from a cluster, and the pages with their
permissions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mitwirken.analysis import services, vectors
from mitwirken.analysis.models import Cluster, ClusterMember, ClusterRun, DuplicatePair
from mitwirken.approaches.models import ActionApproach
from mitwirken.contributions import status
from mitwirken.contributions.models import Need, StatusChange
from mitwirken.core.models import OutgoingMail

from ..factories import NeedFactory

TEXTS = [
    ("Abendkurse Deutsch", "Deutschkurse am Abend für Berufstätige in Dessau anbieten."),
    ("Deutsch lernen nach Feierabend", "Abendkurse Deutsch für Menschen, die tagsüber arbeiten."),
    ("Kinderbetreuung im Kurs", "Kinderbetreuung während der Integrationskurse fehlt in Halle."),
    ("Kita beim Sprachkurs", "Mütter brauchen Kinderbetreuung parallel zum Sprachkurs."),
    ("Kurse auf dem Land", "Aus Arendsee kommt man mit dem Bus nicht zum Kurs nach Stendal."),
    ("Busverbindung zum Kurs", "Der Bus zum Deutschkurs fährt auf dem Land nur zweimal am Tag."),
]


@pytest.fixture
def needs(process, field, alice):
    made = [
        NeedFactory(process=process, field_of_action=field, author=alice, title=t, text=x)
        for t, x in TEXTS
    ]
    vectors.refresh(made)
    from mitwirken.contributions.services import _refresh_search_vector

    _refresh_search_vector([n.pk for n in made])  # the factory bypasses the services
    return made


def test_status_needs_a_reason_to_turn_down_and_keeps_history(organiser, needs):
    need = needs[0]
    with pytest.raises(ValidationError) as error:
        status.set_status(actor=organiser, need=need, status=Need.Status.NOT_ADOPTED, response=" ")
    assert "warum dieser Bedarf nicht aufgegriffen wird" in str(error.value)
    need.refresh_from_db()
    assert need.status == Need.Status.RECEIVED and not StatusChange.objects.exists()
    with pytest.raises(ValidationError):
        status.set_status(actor=organiser, need=need, status=Need.Status.ADOPTED, response="")
    status.set_status(
        actor=organiser,
        need=need,
        status=Need.Status.NOT_ADOPTED,
        response="Dafür ist der Bund zuständig.",
    )
    need.refresh_from_db()
    assert need.status == Need.Status.NOT_ADOPTED and need.response.startswith("Dafür")
    change = StatusChange.objects.get()
    assert (change.old_status, change.status, change.actor) == (
        "received",
        "not_adopted",
        organiser,
    )


def test_only_organisers_set_statuses(alice, moderator, needs):
    for person in (alice, moderator):
        with pytest.raises(PermissionDenied):
            status.set_status(actor=person, need=needs[0], status="in_review", response="")


def test_merge_keeps_both_points_and_undoes(organiser, needs):
    first, second, third = needs[:3]
    status.set_status(actor=organiser, need=second, status="in_review", response="")
    services.merge_needs(actor=organiser, need=second, into=first)
    second.refresh_from_db()
    assert second.merged_into == first and second.status == Need.Status.MERGED
    assert list(first.merged_needs.all()) == [second]
    with pytest.raises(ValidationError):  # no chains: merge into a merged need
        services.merge_needs(actor=organiser, need=third, into=second)
    services.merge_needs(actor=organiser, need=first, into=third)  # the earlier one follows
    second.refresh_from_db()
    assert second.merged_into == third
    services.undo_merge(actor=organiser, need=second)
    second.refresh_from_db()
    assert second.merged_into is None and second.status == Need.Status.IN_REVIEW
    assert Need.objects.count() == len(TEXTS)  # nothing deleted


def test_digest_is_one_mail_per_person_in_their_language(organiser, needs, alice, bob):
    alice.notify_status, alice.language = True, "en"
    alice.save()
    status.set_status(actor=organiser, need=needs[0], status="not_adopted", response="Bund.")
    status.set_status(actor=organiser, need=needs[1], status="in_review", response="Wir prüfen.")
    status.set_status(actor=organiser, need=needs[1], status="not_adopted", response="Zu teuer.")
    assert (
        status.send_digests_for_scheduler() == 0
    )  # younger than the delay: waits for the next round
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert status.send_digests_for_scheduler(now=later) == 1
    mail = OutgoingMail.objects.get(kind="status_digest")
    assert mail.to == "alice@example.org"
    assert "What became of your needs" in mail.subject
    assert "Zu teuer." in mail.body and "Wir prüfen." not in mail.body  # the latest state
    assert status.send_digests_for_scheduler(now=later) == 0  # told once
    assert not StatusChange.objects.filter(notified_at__isnull=True).exists()


def test_no_digest_without_consent(organiser, needs):
    status.set_status(actor=organiser, need=needs[0], status="in_review", response="")
    assert status.send_digests_for_scheduler(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert not OutgoingMail.objects.filter(kind="status_digest").exists()


def test_clusters_are_computed_and_edits_survive_a_new_run(organiser, needs, process):
    run = services.request_clusters(actor=organiser, process=process, needs_per_cluster=4)
    from mitwirken.analysis.jobs import run as run_job

    assert run_job(run.pk) == ClusterRun.State.DONE
    run.refresh_from_db()
    assert run.progress == 100 and run.needs == len(TEXTS) and run.clusters >= 1
    assert ClusterMember.objects.count() == len(TEXTS)
    cluster = Cluster.objects.first()
    moved = cluster.members.first().need
    own = (
        services.split_cluster(actor=organiser, cluster=cluster, needs=[moved], name="Von Hand")
        if cluster.members.count() > 1
        else None
    )
    if own is None:
        services.rename_cluster(actor=organiser, cluster=cluster, name="Von Hand")
        own = cluster
    again = services.request_clusters(actor=organiser, process=process, needs_per_cluster=4)
    assert run_job(again.pk) == ClusterRun.State.DONE
    own.refresh_from_db()
    assert own.name == "Von Hand"
    assert ClusterMember.objects.get(need=moved).cluster_id == own.pk
    assert ClusterMember.objects.count() == len(TEXTS)


def test_duplicates_are_suggested_and_a_rejected_pair_never_again(organiser, needs, process):
    from mitwirken.analysis.jobs import run as run_job

    DuplicatePair.objects.create(process=process, first=needs[0], second=needs[1], score=0.9)
    pair = DuplicatePair.objects.get()
    services.decide_pair(actor=organiser, pair=pair, merge=False)
    run_job(services.request_clusters(actor=organiser, process=process).pk)
    pair.refresh_from_db()
    assert pair.state == DuplicatePair.State.REJECTED
    assert DuplicatePair.objects.filter(first=needs[0], second=needs[1]).count() == 1


def test_accepting_a_pair_merges_it(organiser, needs, process):
    pair = DuplicatePair.objects.create(process=process, first=needs[2], second=needs[3], score=0.8)
    services.decide_pair(actor=organiser, pair=pair, merge=True, keep=needs[3])
    services.decide_pair(actor=organiser, pair=pair, merge=True, keep=needs[3])  # second press
    needs[2].refresh_from_db()
    assert needs[2].merged_into == needs[3]
    assert StatusChange.objects.filter(need=needs[2]).count() == 1


def test_an_approach_from_a_cluster_takes_its_needs_up_once(organiser, needs, process, field):
    cluster = Cluster.objects.create(process=process, field_of_action=field, terms=["kurs"])
    for need in needs[:3]:
        ClusterMember.objects.create(need=need, cluster=cluster)
    approach, created = services.approach_from_cluster(actor=organiser, cluster=cluster)
    again, created_again = services.approach_from_cluster(actor=organiser, cluster=cluster)
    assert created and not created_again and again.pk == approach.pk
    assert ActionApproach.objects.count() == 1
    assert set(approach.needs.all()) == set(needs[:3])
    assert {n.status for n in Need.objects.filter(pk__in=[n.pk for n in needs[:3]])} == {"adopted"}
    from mitwirken.approaches import services as approach_services

    approach_services.unlink_needs(actor=organiser, approach=approach, needs=[needs[0]])
    needs[0].refresh_from_db()
    assert needs[0].status == Need.Status.IN_REVIEW


# Pages ---------------------------------------------------------------------------------


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_workspace_pages_are_the_organisers(client, alice, needs, process):
    url = reverse("web:synthesis", args=[process.slug])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(alice)
    for name, args in (
        ("web:synthesis", []),
        ("web:synthesis_need", [needs[0].pk]),
        ("web:synthesis_clusters", []),
        ("web:synthesis_duplicates", []),
        ("web:synthesis_regions", []),
    ):
        assert client.get(reverse(name, args=[process.slug, *args])).status_code == 403
    response = client.post(
        reverse("web:synthesis_merge", args=[process.slug, needs[0].pk]), {"into": needs[1].pk}
    )
    assert response.status_code == 403
    needs[0].refresh_from_db()
    assert needs[0].merged_into is None


def test_workspace_filters_and_counts(organiser_client, needs, process, magdeburg):
    Need.objects.filter(pk=needs[0].pk).update(region=magdeburg)
    url = reverse("web:synthesis", args=[process.slug])
    page = organiser_client.get(url, {"region": magdeburg.key}).content.decode()
    assert needs[0].title in page and needs[2].title not in page
    page = organiser_client.get(url, {"q": "Kinderbetreuung"}).content.decode()
    assert needs[2].title in page and needs[4].title not in page


def test_need_page_shows_similar_needs_with_the_reason(organiser_client, needs, process):
    response = organiser_client.get(reverse("web:synthesis_need", args=[process.slug, needs[0].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "lernen nach Feierabend" in page and "<mark>Deutsch</mark>" in page


def test_status_form_keeps_what_was_typed_on_an_error(organiser_client, needs, process):
    url = reverse("web:synthesis_need", args=[process.slug, needs[0].pk])
    response = organiser_client.post(url, {"status": "not_adopted", "response": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bitte geben Sie an, warum dieser Bedarf nicht aufgegriffen wird." in page
    assert 'value="not_adopted" selected' in page
    response = organiser_client.post(url, {"status": "not_adopted", "response": "Liegt beim Bund."})
    assert response.status_code == 302
    public = organiser_client.get(reverse("web:outcomes", args=[process.slug])).content.decode()
    assert "Liegt beim Bund." in public


def test_public_pages_show_what_became_of_needs(client, organiser, needs, process, field):
    approach, _ = services.approach_from_cluster(
        actor=organiser,
        cluster=_cluster_with(process, field, needs[:2]),
    )
    services.merge_needs(actor=organiser, need=needs[3], into=needs[2])
    for name, args in (
        ("web:outcomes", []),
        ("web:approaches", []),
        ("web:approach", [approach.pk]),
    ):
        response = client.get(reverse(name, args=[process.slug, *args]))
        assert response.status_code == 200
    page = client.get(reverse("web:approach", args=[process.slug, approach.pk])).content.decode()
    assert needs[0].title in page and needs[1].title in page
    need_page = client.get(needs[0].get_absolute_url()).content.decode()
    assert approach.title in need_page
    merged_page = client.get(needs[3].get_absolute_url()).content.decode()
    assert reverse("web:need", args=[process.slug, needs[2].pk]) in merged_page


def _cluster_with(process, field, members):
    cluster = Cluster.objects.create(
        process=process, field_of_action=field, terms=["kurs"], name="Abendkurse"
    )
    for need in members:
        ClusterMember.objects.create(need=need, cluster=cluster)
    return cluster


def test_an_approach_from_a_workshop_group_in_one_step(client, organiser, alice, process, field):
    import uuid

    from mitwirken.events.models import Event, Workshop
    from mitwirken.workshops.models import Board, Card
    from mitwirken.workshops.models import Cluster as Group

    event = Event.objects.create(
        process=process,
        kind="regional",
        title="Konferenz",
        slug="konferenz",
        date=timezone.localdate(),
        capacity=40,
        state=Event.State.PUBLISHED,
    )
    workshop = Workshop.objects.create(
        event=event, title="Forum Sprache", capacity=10, field_of_action=field
    )
    board = Board.objects.create(workshop=workshop, state=Board.State.CLOSED)
    group = Group.objects.create(board=board, title="Abendkurse")
    need = NeedFactory(process=process, field_of_action=field, source="workshop", author=None)
    Card.objects.create(board=board, need=need, key=uuid.uuid4(), cluster=group)
    url = reverse("web:workshop_documentation", args=[process.slug, event.slug, workshop.pk])
    action = reverse(
        "web:workshop_group_approach", args=[process.slug, event.slug, workshop.pk, group.pk]
    )
    client.force_login(alice)
    assert action not in client.get(url).content.decode()
    assert client.post(action).status_code == 403
    client.force_login(organiser)
    assert action in client.get(url).content.decode()
    response = client.post(action)
    approach = ActionApproach.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("web:approach_edit", args=[process.slug, approach.pk])
    )
    assert approach.title == "Abendkurse" and list(approach.needs.all()) == [need]
    client.post(action)  # a second press
    assert ActionApproach.objects.count() == 1
