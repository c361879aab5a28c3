import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitwirken.contributions import services
from mitwirken.contributions.models import Need
from mitwirken.contributions.services import NeedContent
from mitwirken.core.actors import OPERATOR
from mitwirken.processes.models import Region
from mitwirken.processes.selectors import forget_process_lookups

from ..factories import NeedFactory, UserFactory


def new_url(process):
    return reverse("web:need_new", kwargs={"slug": process.slug})


def list_url(process):
    return reverse("web:needs", kwargs={"slug": process.slug})


def form_data(**overrides):
    data = {
        "title": "Sprachkurse am Abend",
        "text": "Berufstätige brauchen Kurse nach 17 Uhr.",
        "field_of_action": "sprache",
        "region": "15003",
        "stakeholder_group": "migrantenorganisationen",
        "target_group": "Berufstätige",
        "submission_key": "0b0e7a4e-1d6f-4f2a-8c55-3b9b3d1f2a11",
    }
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login(client, process):
    response = client.get(new_url(process))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_form_renders_with_labels_and_one_time_key(alice_client, process):
    response = alice_client.get(new_url(process))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label class="kern-label" for="id_title">' in html
    assert re.search(r'name="submission_key" value="[0-9a-f-]{36}"', html)


def test_submit_creates_need_and_redirects_to_it(alice_client, alice, process):
    response = alice_client.post(new_url(process), form_data())
    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == need.get_absolute_url()
    assert need.author == alice and need.region.key == "15003"
    page = alice_client.get(response["Location"]).content.decode()
    assert "Sprachkurse am Abend" in page and "Alice Pseudonym" in page
    assert "alice@example.org" not in page


def test_double_submit_makes_one_need(alice_client, process):
    first = alice_client.post(new_url(process), form_data())
    second = alice_client.post(new_url(process), form_data(), follow=True)
    assert Need.objects.count() == 1
    assert first["Location"] == second.redirect_chain[-1][0]
    assert (
        "nicht doppelt" in second.content.decode() or "not saved twice" in second.content.decode()
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Bitte füllen Sie den Titel aus."),
        ({"text": "x" * 2001}, "höchstens 2000 Zeichen"),
        ({"field_of_action": "unbekannt"}, "Auswahl"),
        ({"title": "y" * 121}, "höchstens 120 Zeichen"),
    ],
)
def test_bad_input_keeps_what_was_typed(alice_client, process, overrides, message):
    data = form_data(**overrides)
    response = alice_client.post(new_url(process), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert Need.objects.count() == 0
    assert "Berufstätige" in html  # the target group the person typed is still there
    assert 'aria-invalid="true"' in html


def test_english_messages(alice_client, process):
    response = alice_client.post("/en" + new_url(process), form_data(title=""))
    assert "Please fill in the title." in response.content.decode()


def test_script_in_text_is_rendered_inert(alice_client, process):
    payload = '<script>alert("x")</script><b onmouseover="x()">fett</b>'
    alice_client.post(new_url(process), form_data(title=payload, text=payload))
    need = Need.objects.get()
    assert need.text == payload  # stored as typed ...
    for url in (need.get_absolute_url(), list_url(process)):
        html = alice_client.get(url).content.decode()
        assert "<script>alert" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html  # ... shown as text


def test_closed_phase_answers_403(alice_client, closed_process):
    assert alice_client.get(new_url(closed_process)).status_code == 403


def test_editing_another_persons_need_is_403(client, bob, process, field):
    need = NeedFactory(process=process, field_of_action=field)
    client.force_login(bob)
    url = reverse("web:need_edit", kwargs={"slug": process.slug, "pk": need.pk})
    assert client.get(url).status_code == 403
    response = client.post(url, form_data(title="Gekapert"))
    assert response.status_code == 403
    need.refresh_from_db()
    assert need.title != "Gekapert"


def test_author_edits_own_need(client, process, field):
    need = NeedFactory(process=process, field_of_action=field)
    client.force_login(need.author)
    url = reverse("web:need_edit", kwargs={"slug": process.slug, "pk": need.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(title="Verbessert"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Verbessert"


def test_draft_process_is_404_for_the_public(client, alice_client, process):
    process.state = "draft"
    process.save()
    assert client.get(list_url(process)).status_code == 404
    assert alice_client.get(new_url(process)).status_code == 404


class TestList:
    def test_filters_by_field_region_group_and_text(self, client, process, field, magdeburg, group):
        other = process.fields_of_action.get(slug="wohnen")
        NeedFactory(
            process=process,
            field_of_action=field,
            region=magdeburg,
            stakeholder_group=group,
            title="Abendkurse in Magdeburg",
        )
        NeedFactory(process=process, field_of_action=other, title="Wohnungen für Familien")
        NeedFactory(process=process, field_of_action=field, title="Versteckt", is_hidden=True)
        services.rebuild_search_index(
            actor=OPERATOR, process=process
        )  # factories bypass the service
        cases = {
            "": {"Abendkurse in Magdeburg", "Wohnungen für Familien"},
            "?field=sprache": {"Abendkurse in Magdeburg"},
            "?region=15003": {"Abendkurse in Magdeburg"},
            "?region=statewide": {"Wohnungen für Familien"},
            "?group=migrantenorganisationen": {"Abendkurse in Magdeburg"},
            "?q=Wohnungen": {"Wohnungen für Familien"},
            "?status=adopted": set(),
        }
        for query, expected in cases.items():
            response = client.get(list_url(process) + query)
            assert response.status_code == 200
            titles = {n.title for n in response.context["needs"]}
            assert titles == expected, query

    def test_unknown_filter_values_are_ignored_with_a_message(self, client, process, field):
        NeedFactory(process=process, field_of_action=field)
        response = client.get(
            list_url(process) + "?field=gibtsnicht&region=99999&sort=random&per_page=7&page=abc"
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "gibtsnicht" in html and "wurde ignoriert" in html
        assert len(response.context["needs"]) == 1
        assert "kern-form-input--error" not in html  # said once, in the notice; form reset
        # the form is reset to the defaults: the page size shows the usual 20 as chosen
        sizes = re.search(r'<select[^>]*name="per_page".*?</select>', html, re.S).group(0)
        assert re.findall(r'<option value="([^"]*)"[^>]*selected', sizes) == ["20"]

    def test_page_beyond_the_end_shows_the_last_page(self, client, process, field):
        NeedFactory.create_batch(3, process=process, field_of_action=field)
        response = client.get(list_url(process) + "?per_page=10&page=99")
        assert response.status_code == 200 and len(response.context["needs"]) == 3

    def test_orders_by_support(self, client, process, field):
        NeedFactory(process=process, field_of_action=field, title="wenig", support_count=1)
        NeedFactory(process=process, field_of_action=field, title="viel", support_count=9)
        response = client.get(list_url(process) + "?sort=supported")
        assert [n.title for n in response.context["needs"]] == ["viel", "wenig"]

    @pytest.mark.parametrize("logged_in", [False, True])
    def test_constant_queries_whatever_the_page_size(
        self, client, process, field, logged_in, settings
    ):
        """Cold (nothing cached) and warm (count, taxonomy and items cached; the page cache
        is off here, it has tests of its own): the same number of queries for any size."""
        settings.MITWIRKEN_PAGE_CACHE_SECONDS = 0
        regions = list(process.regions.all()[:5])
        groups = list(process.stakeholder_groups.all()[:5])
        for i in range(100):
            NeedFactory(
                process=process,
                field_of_action=field,
                author=UserFactory() if i < 5 else None,
                region=regions[i % 5],
                stakeholder_group=groups[i % 5],
            )
        if logged_in:
            client.force_login(UserFactory())
        cold, warm = {}, {}
        for size in (10, 50, 100):
            url = list_url(process) + f"?per_page={size}&field=sprache&sort=supported"
            cache.clear()  # cold: count, taxonomy and list items are built anew
            forget_process_lookups()  # count the process lookup in every round
            for counts in (cold, warm):
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                assert response.status_code == 200
                assert len(response.context["needs"]) == size
                counts[size] = len(ctx.captured_queries)
        assert len(set(cold.values())) == 1, cold
        assert len(set(warm.values())) == 1, warm
        assert cold[10] <= 13, cold  # the ids and the rows are two queries (selectors.needs_page)
        assert warm[10] < cold[10], (warm, cold)


class TestAnonymousListCache:
    def test_second_visit_is_served_from_cache_until_a_write(
        self, client, alice, process, field, django_capture_on_commit_callbacks
    ):
        NeedFactory(process=process, field_of_action=field, title="Erster Bedarf")
        url = list_url(process) + "?sort=newest"
        first = client.get(url)
        assert first.status_code == 200 and first.has_header("ETag")
        with CaptureQueriesContext(connection) as ctx:
            second = client.get(url)
        assert second.content == first.content
        assert len(ctx.captured_queries) == 0  # the process comes from the per-worker memo
        with django_capture_on_commit_callbacks(execute=True):  # invalidation runs on commit
            services.submit_need(
                actor=alice,
                process=process,
                content=NeedContent(title="Neuer Bedarf", text="Text", field_of_action=field),
            )
        third = client.get(url)
        assert "Neuer Bedarf" in third.content.decode()
        assert third["ETag"] != first["ETag"]

    def test_unchanged_page_answers_304(self, client, process, field):
        NeedFactory(process=process, field_of_action=field)
        etag = client.get(list_url(process))["ETag"]
        response = client.get(list_url(process), headers={"If-None-Match": etag})
        assert response.status_code == 304 and response.content == b""

    def test_logged_in_pages_are_not_cached(self, alice_client, process, field):
        NeedFactory(process=process, field_of_action=field)
        response = alice_client.get(list_url(process))
        assert not response.has_header("ETag")


def test_an_empty_post_is_answered_with_the_missing_fields(alice_client, process):
    response = alice_client.post(new_url(process), {})
    assert response.status_code == 400
    assert "Bitte füllen Sie den Titel aus." in response.content.decode()
    assert not Need.objects.exists()


class TestListCacheSlices:
    """A new or changed need invalidates only the cached list pages it can appear on."""

    def cached(self, client, url) -> bool:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries) == 0

    def test_a_new_need_leaves_other_fields_alone(
        self, client, alice, process, field, django_capture_on_commit_callbacks
    ):
        wohnen = process.fields_of_action.get(slug="wohnen")
        NeedFactory(process=process, field_of_action=wohnen)
        urls = {
            "all": list_url(process),
            "sprache": list_url(process) + "?field=sprache",
            "wohnen": list_url(process) + "?field=wohnen",
            "magdeburg": list_url(process) + "?region=15003",
            "halle": list_url(process) + "?region=15002",
            "wohnen+halle": list_url(process) + "?field=wohnen&region=15002",
        }
        for url in urls.values():
            client.get(url)
            assert self.cached(client, url), url
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_need(
                actor=alice,
                process=process,
                content=NeedContent(
                    title="Neu in Sprache und Magdeburg",
                    text="Text",
                    field_of_action=field,
                    region=Region.objects.get(key="15003"),
                ),
            )
        fresh = {name: not self.cached(client, url) for name, url in urls.items()}
        assert fresh == {
            "all": True,
            "sprache": True,
            "wohnen": False,
            "magdeburg": True,
            "halle": False,
            "wohnen+halle": False,
        }
        assert "Neu in Sprache und Magdeburg" in client.get(urls["sprache"]).content.decode()

    def test_a_need_moved_to_another_field_leaves_the_old_one(
        self, alice_client, client, alice, process, field, django_capture_on_commit_callbacks
    ):
        need = NeedFactory(process=process, field_of_action=field, author=alice, title="Umzug")
        old_url = list_url(process) + "?field=sprache"
        assert "Umzug" in client.get(old_url).content.decode()
        wohnen = process.fields_of_action.get(slug="wohnen")
        with django_capture_on_commit_callbacks(execute=True):
            services.edit_need(
                actor=alice,
                need=need,
                content=NeedContent(title="Umzug", text=need.text, field_of_action=wohnen),
            )
        assert "Umzug" not in client.get(old_url).content.decode()
        assert "Umzug" in client.get(list_url(process) + "?field=wohnen").content.decode()


def test_a_search_is_cut_to_100_characters(client, process):
    from mitwirken.contributions.selectors import SEARCH_MAX_LENGTH, NeedFilters
    from mitwirken.processes.selectors import taxonomy

    filters = NeedFilters.from_query({"q": "Sprachkurs " * 1000}, taxonomy(process))
    assert len(filters.query) == SEARCH_MAX_LENGTH
    response = client.get(
        f"/processes/{process.slug}/needs/", {"q": "x" * 10_000, "page": "999999"}
    )
    assert response.status_code == 200
    assert "wurde ignoriert" not in response.content.decode()  # cut, as the list cuts it
    # the search field says what the list does: at most 100 characters
    html = client.get(f"/processes/{process.slug}/needs/").content.decode()
    field = re.search(r'<input[^>]*name="q"[^>]*>', html).group(0)
    assert f'maxlength="{SEARCH_MAX_LENGTH}"' in field
