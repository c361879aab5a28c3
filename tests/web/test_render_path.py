"""The full render path (the first view after a change): what it keeps, and that what it
keeps never shows one visitor what belongs to another, another language or another set-up."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitwirken.concept import services as concept_services
from mitwirken.contributions import selectors, services, status
from mitwirken.contributions.models import Need
from mitwirken.contributions.services import NeedContent
from mitwirken.events import services as event_services
from mitwirken.participation import services as participation_services
from mitwirken.processes import selectors as process_selectors
from mitwirken.processes import services as process_services
from mitwirken.processes.selectors import forget_process_lookups

from ..factories import FieldOfActionFactory, NeedFactory, UserFactory


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    settings.MITWIRKEN_PAGE_CACHE_SECONDS = 0  # every request takes the render path


class TestKeptHeader:
    def test_a_logged_in_persons_header_is_never_kept_for_others(self, client, process, alice):
        url = reverse("web:needs", kwargs={"slug": process.slug})
        first = client.get(url).content.decode()
        assert "Anmelden" in first and "Alice Pseudonym" not in first
        client.force_login(alice)
        own = client.get(url).content.decode()
        assert "Alice Pseudonym" in own and "Abmelden" in own and "Anmelden</a>" not in own
        client.logout()
        again = client.get(url).content.decode()
        assert "Alice Pseudonym" not in again and "Abmelden" not in again
        assert "Anmelden" in again

    def test_the_header_follows_the_address_and_the_language(self, client, process, field):
        NeedFactory.create_batch(25, process=process, field_of_action=field)
        url = reverse("web:needs", kwargs={"slug": process.slug})
        page1 = client.get(url).content.decode()
        page2 = client.get(url + "?page=2").content.decode()
        # the login link comes back to the page it was followed from
        assert "page%3D2" in page2 and "page%3D2" not in page1
        english = client.get("/en" + url).content.decode()
        assert 'lang="en"' in english and ">Log in<" in english
        assert ">Anmelden<" in client.get(url).content.decode()


class TestPageRows:
    def test_compiled_rows_match_the_orm_in_the_order_asked(self, process, field, alice):
        short = NeedFactory(process=process, field_of_action=field, author=alice, text="Kurz.")
        long = NeedFactory(process=process, field_of_action=field, author=None, byline="Verein X",
                           text="Wort " * 100)  # fmt: skip
        other = NeedFactory(process=process, field_of_action=field)
        ids = [long.pk, 10**9, short.pk, other.pk]  # an unknown id is left out
        assert selectors._rows_sql(connection.vendor, len(ids)) is not None  # the fast path
        rows = selectors._page_rows(ids)
        assert [row.pk for row in rows] == [long.pk, short.pk, other.pk]
        by_pk = {row.pk: row for row in rows}
        assert by_pk[short.pk].author_name == "Alice Pseudonym"
        assert by_pk[short.pk].excerpt == "Kurz." and by_pk[short.pk].is_truncated is False
        assert by_pk[long.pk].is_truncated is True and by_pk[long.pk].byline == "Verein X"
        assert len(by_pk[long.pk].excerpt) == selectors.EXCERPT_LENGTH
        for row in rows:
            need = Need.objects.get(pk=row.pk)
            assert (row.title, row.status, row.support_count, row.created_at) == (
                need.title,
                need.status,
                need.support_count,
                need.created_at,
            )

    def test_each_page_size_has_its_own_statement(self, process, field):
        needs = NeedFactory.create_batch(3, process=process, field_of_action=field)
        two = selectors._page_rows([needs[0].pk, needs[1].pk])
        three = selectors._page_rows([n.pk for n in needs])
        assert len(two) == 2 and len(three) == 3


class TestNeedPage:
    def test_a_region_the_process_no_longer_offers_still_shows(
        self, client, process, field, magdeburg
    ):
        need = NeedFactory(process=process, field_of_action=field, region=magdeburg)
        process.regions.remove(magdeburg)
        forget_process_lookups()
        cache.clear()
        assert magdeburg.pk not in process_selectors.taxonomy(process).by_id()[1]
        html = client.get(need.get_absolute_url()).content.decode()
        assert magdeburg.name in html and field.title in html

    def test_its_queries_do_not_grow_with_its_comments(self, client, process, field):
        """The first view reads the need and its comments in one statement each."""
        from mitwirken.participation.models import Comment

        from ..factories import CommentFactory

        few, many = (
            NeedFactory(process=process, field_of_action=field),
            NeedFactory(process=process, field_of_action=field),
        )
        CommentFactory(need=few)
        CommentFactory.create_batch(20, need=many)
        # the process and its taxonomy cached by another need's page; both are first views
        client.get(NeedFactory(process=process, field_of_action=field).get_absolute_url())

        def count(need):
            with CaptureQueriesContext(connection) as queries:
                html = client.get(need.get_absolute_url()).content.decode()
            return len(queries), html

        queries_few, _html = count(few)
        queries_many, html = count(many)
        assert queries_many == queries_few
        shown = Comment.objects.filter(need=many).values_list("text", flat=True)
        assert all(str(text) in html for text in shown)


class TestFilterState:
    def test_a_new_field_of_action_shows_in_the_filter_at_once(
        self, client, process, organiser, django_capture_on_commit_callbacks
    ):
        url = reverse("web:needs", kwargs={"slug": process.slug})
        assert "Gesundheit und Pflege" not in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            added = FieldOfActionFactory(process=process, slug="gesundheit",
                                         title="Gesundheit und Pflege")  # fmt: skip
            process_services.change_setup(actor=organiser, changed=[added])
        assert "Gesundheit und Pflege" in client.get(url).content.decode()

    def test_the_same_choices_in_another_language_are_told_in_it(self, client, process):
        url = reverse("web:needs", kwargs={"slug": process.slug}) + "?field=gibtsnicht"
        assert "wurde ignoriert" in client.get(url).content.decode()
        assert "it was ignored" in client.get("/en" + url).content.decode()

    def test_another_person_sees_the_same_filters(self, client, process, field):
        """The kept filter state holds nothing personal: a person's list and a visitor's
        list of the same choices show the same form."""
        url = reverse("web:needs", kwargs={"slug": process.slug}) + "?field=sprache&sort=oldest"
        visitor = client.get(url).content.decode()
        client.force_login(UserFactory())
        member = client.get(url).content.decode()

        def form(html):
            start = html.index('class="filters-fold"')
            return html[start : html.index("</details>", start)]

        assert form(visitor) == form(member)


class TestPageIds:
    def test_a_new_need_is_on_the_first_page_at_once(
        self, client, process, field, alice, django_capture_on_commit_callbacks
    ):
        NeedFactory.create_batch(3, process=process, field_of_action=field)
        url = reverse("web:needs", kwargs={"slug": process.slug})
        assert "Ganz neu" not in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_need(
                actor=alice,
                process=process,
                content=NeedContent(title="Ganz neu", text="Text.", field_of_action=field),
            )
        titles = [n.title for n in client.get(url).context["needs"]]
        assert titles[0] == "Ganz neu" and len(titles) == 4

    def test_the_order_by_supports_follows_a_support(
        self, client, process, field, alice, settings, django_capture_on_commit_callbacks
    ):
        settings.MITWIRKEN_COUNTS_MAX_AGE = 0  # counts shown at once
        first = NeedFactory(process=process, field_of_action=field, title="erst")
        NeedFactory(process=process, field_of_action=field, title="zweit", support_count=1)
        url = reverse("web:needs", kwargs={"slug": process.slug}) + "?sort=supported"
        assert [n.title for n in client.get(url).context["needs"]] == ["zweit", "erst"]
        with django_capture_on_commit_callbacks(execute=True):
            participation_services.support(actor=alice, need=first)
            participation_services.support(actor=UserFactory(), need=first)
        time.sleep(0.01)  # built before the support, and older than COUNTS_MAX_AGE (0)
        assert [n.title for n in client.get(url).context["needs"]] == ["erst", "zweit"]


class TestProcessPage:
    def test_a_published_event_shows_at_once_and_drafts_only_to_organisers(
        self, client, process, organiser, django_capture_on_commit_callbacks
    ):
        url = process.get_absolute_url()
        assert "Regionalkonferenz Stendal" not in client.get(url).content.decode()
        day = datetime.date.today() + datetime.timedelta(days=30)
        with django_capture_on_commit_callbacks(execute=True):
            event = event_services.create_event(
                actor=organiser, process=process, kind="regional",
                title="Regionalkonferenz Stendal", slug="stendal", date=day, capacity=80,
            )  # fmt: skip
        assert "Regionalkonferenz Stendal" not in client.get(url).content.decode()  # a draft
        client.force_login(organiser)
        assert "Regionalkonferenz Stendal" in client.get(url).content.decode()
        client.logout()
        with django_capture_on_commit_callbacks(execute=True):
            event_services.change_event(actor=organiser, event=event, state="published")
        assert "Regionalkonferenz Stendal" in client.get(url).content.decode()

    def test_a_published_concept_version_shows_at_once(
        self, client, process, organiser, django_capture_on_commit_callbacks
    ):
        url = process.get_absolute_url()
        with django_capture_on_commit_callbacks(execute=True):
            draft = concept_services.assemble_draft(actor=organiser, process=process)
            section = draft.sections.first()
            concept_services.change_section(
                actor=organiser, section=section, title=section.title, body="Ein Absatz."
            )
        assert "version 1" not in client.get("/en" + url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            concept_services.publish_version(actor=organiser, draft=draft, final=True)
        html = client.get("/en" + url).content.decode()
        assert "The concept" in html and draft.title in html

    def test_the_timeline_and_the_fields_follow_a_new_phase_a_need_and_the_language(
        self, client, process, field, organiser, alice, django_capture_on_commit_callbacks
    ):
        """The sidebar is kept per set-up version, day and counts ({% kept %})."""
        url = process.get_absolute_url()

        def sidebar(html):
            start = html.index('class="layout-sidebar"')
            return html[start : html.index("</main>", start)]

        before = sidebar(client.get(url).content.decode())
        assert "Auswertung" not in before and "0 Bedarfe" in before
        with django_capture_on_commit_callbacks(execute=True):  # the set-up stays as it is
            services.submit_need(
                actor=alice,
                process=process,
                content=NeedContent(title="Neu", text="Text.", field_of_action=field),
            )
        assert "1 Bedarf<" in sidebar(client.get(url).content.decode())
        day = datetime.date.today() + datetime.timedelta(days=60)
        with django_capture_on_commit_callbacks(execute=True):
            process_services.add_phase(actor=organiser, process=process, kind="synthesis",
                                       title="Auswertung", start_date=day, end_date=day)  # fmt: skip
        after = sidebar(client.get(url).content.decode())
        assert "Auswertung" in after and "1 Bedarf<" in after
        assert "1 need<" in sidebar(client.get("/en" + url).content.decode())


class TestNeedHistory:
    def test_a_merge_and_an_edit_show_at_once(
        self, client, process, field, organiser, django_capture_on_commit_callbacks
    ):
        need = NeedFactory(process=process, field_of_action=field, title="Ziel")
        other = NeedFactory(process=process, field_of_action=field, support_count=3)
        url = need.get_absolute_url()
        assert 'id="organiser-edit"' not in client.get(url).content.decode()
        merged_before = client.get(url).context["outcome"]["merged"]
        with django_capture_on_commit_callbacks(execute=True):
            status.merge(actor=organiser, need=other, into=need)
        outcome = client.get(url).context["outcome"]
        assert (merged_before, outcome["merged"], outcome["merged_supports"]) == (0, 1, 3)
        with django_capture_on_commit_callbacks(execute=True):
            services.edit_need(
                actor=organiser,
                need=Need.objects.get(pk=need.pk),
                content=NeedContent(title="Ziel, geschärft", text="Neu.", field_of_action=field),
            )
        assert 'id="organiser-edit"' in client.get(url).content.decode()
