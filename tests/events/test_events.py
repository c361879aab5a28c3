"""Events and workshops: set up by organisers, shown publicly once published."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mitwirken.events import services
from mitwirken.events.models import Event


@pytest.fixture
def event(make_event):
    return make_event(venue="Bauhaus Dessau")


def _url(event) -> str:
    return reverse("web:event", kwargs={"slug": event.process.slug, "event": event.slug})


class TestServices:
    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"capacity": 0}, "capacity"),
            ({"start_time": datetime.time(16), "end_time": datetime.time(10)}, "end_time"),
            ({"slug": "dessau"}, "slug"),
        ],
    )
    def test_bad_input_is_named_and_nothing_is_saved(
        self, event, organiser, process, overrides, field
    ):
        data = {
            "actor": organiser,
            "process": process,
            "kind": Event.Kind.REGIONAL,
            "title": "Regionalkonferenz in Halle",
            "slug": "halle",
            "date": datetime.date(2019, 9, 26),
            "capacity": 80,
        }
        data.update(overrides)
        with pytest.raises(ValidationError) as info:
            services.create_event(**data)
        assert field in info.value.message_dict
        assert Event.objects.count() == 1

    def test_a_workshop_on_a_field_of_another_process_is_refused(
        self, event, organiser, closed_process
    ):
        with pytest.raises(ValidationError):
            services.add_workshop(
                actor=organiser,
                event=event,
                title="Themenforum",
                capacity=20,
                field_of_action=closed_process.fields_of_action.get(),
            )
        assert not event.workshops.exists()


class TestPages:
    def test_the_event_page_shows_date_venue_and_workshops(self, client, event, organiser, field):
        services.add_workshop(
            actor=organiser,
            event=event,
            title="Themenforum Sprache",
            capacity=20,
            field_of_action=field,
        )
        html = client.get(_url(event)).content.decode()
        assert "<h1" in html and "Regionalkonferenz in Dessau</h1>" in html
        assert "18. September 2019" in html and "Bauhaus Dessau" in html
        assert "Themenforum Sprache" in html and "20 Plätze" in html
        assert "Diese Veranstaltung hat stattgefunden." in html

    def test_english(self, client, event):
        html = client.get("/en" + _url(event)).content.decode()
        assert "Sept. 18, 2019" in html and "This event has taken place." in html

    def test_a_draft_event_is_404_except_for_organisers(
        self, client, process, organiser, make_event
    ):
        draft = make_event(
            kind=Event.Kind.ONLINE,
            title="Online-Forum",
            slug="online",
            date=datetime.date.today() + datetime.timedelta(days=30),
            published=False,
        )
        assert client.get(_url(draft)).status_code == 404
        assert "Online-Forum" not in client.get(process.get_absolute_url()).content.decode()
        client.force_login(organiser)
        assert client.get(_url(draft)).status_code == 200
        assert (
            "Online-Forum"
            in client.get(reverse("web:events", args=[process.slug])).content.decode()
        )

    def test_upcoming_first_then_past(self, client, event, process, make_event):
        make_event(
            title="Konferenz im nächsten Monat",
            slug="bald",
            date=datetime.date.today() + datetime.timedelta(days=30),
        )
        html = client.get(reverse("web:events", args=[process.slug])).content.decode()
        upcoming, past = html.split('id="past-heading"')
        assert "Konferenz im nächsten Monat" in upcoming and "Regionalkonferenz in Dessau" in past

    def test_the_process_page_links_its_events_in_constant_queries(self, client, event, process):
        from django.core.cache import cache

        client.get(process.get_absolute_url())
        cache.clear()  # the page is cached (web/personal.py): measure its rendering
        with CaptureQueriesContext(connection) as one:
            html = client.get(process.get_absolute_url()).content.decode()
        assert _url(event) in html
        services_ = [q for q in one.captured_queries if "events_event" in q["sql"]]
        assert len(services_) == 1
        with CaptureQueriesContext(connection) as again:
            assert _url(event) in client.get(process.get_absolute_url()).content.decode()
        assert not [q for q in again.captured_queries if "events_event" in q["sql"]]

    def test_an_unknown_event_is_404(self, client, process):
        assert (
            client.get(reverse("web:event", args=[process.slug, "gibt-es-nicht"])).status_code
            == 404
        )
