"""The read-only open-data interface: published processes only, every list paginated with
a capped page size, ETag/304, constant queries, and a fuzz run from its own OpenAPI schema
that finds no server error."""

import re

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings

from mitwirken.api.api import MAX_PAGE_SIZE, api
from mitwirken.wsgi import application

from ..factories import NeedFactory, ProcessFactory


@pytest.fixture
def needs(process, field, alice, magdeburg):
    made = [
        NeedFactory(process=process, field_of_action=field, author=alice, region=magdeburg)
        for _ in range(3)
    ]
    hidden = NeedFactory(process=process, field_of_action=field, title="Versteckt")
    hidden.set_hidden_state(hidden=True, reason="Beleidigung")
    hidden.save()
    return made, hidden


def test_only_published_processes_are_listed(client, process):
    ProcessFactory(slug="entwurf", state="draft")
    body = client.get("/api/v1/processes").json()
    assert [p["slug"] for p in body["results"]] == ["integration"]
    assert body["results"][0]["open_data_url"].endswith("/processes/integration/open-data/")
    assert client.get("/api/v1/processes/entwurf").status_code == 404
    assert client.get("/api/v1/processes/entwurf/needs").status_code == 404


def test_lists_are_paginated_with_a_capped_page_size(client, process, needs):
    url = "/api/v1/processes/integration/needs"
    body = client.get(url, {"page_size": 2}).json()
    assert body["count"] == 3 and body["pages"] == 2 and len(body["results"]) == 2
    assert "Versteckt" not in str(body)
    assert client.get(url, {"page_size": MAX_PAGE_SIZE + 1}).status_code == 422
    assert client.get(url, {"page": 0}).status_code == 422
    last = client.get(url, {"page": 10**30, "page_size": 2}).json()
    assert last["page"] == 2 and len(last["results"]) == 1  # clamped to the last page
    assert client.get(url, {"status": "adopted"}).json()["count"] == 0
    assert client.get(url, {"region_key": "15003"}).json()["count"] == 3
    assert client.get(url, {"field_of_action": "wohnen"}).json()["count"] == 0


def test_a_need_and_its_fields_without_personal_data(client, process, needs, alice):
    made, hidden = needs
    body = client.get(f"/api/v1/processes/integration/needs/{made[0].pk}").json()
    assert body["id"] == made[0].pk and body["region_key"] == "15003"
    assert alice.email not in str(body) and "author" not in body
    assert client.get(f"/api/v1/processes/integration/needs/{hidden.pk}").status_code == 404
    assert client.get("/api/v1/processes/integration/needs/999999").status_code == 404


def test_an_unchanged_answer_is_not_sent_again(
    client, process, needs, django_assert_max_num_queries
):
    url = "/api/v1/processes/integration/needs?page_size=2"
    first = client.get(url)
    tag = first["ETag"]
    with django_assert_max_num_queries(1):  # no rows read: the versions say it is unchanged
        assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304
    made, _hidden = needs
    made[0].title = "Geändert"
    made[0].save()
    cache.clear()  # what a service's pagecache.changed() does for readers
    assert client.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_a_page_costs_the_same_queries_for_any_number_of_rows(client, process, field):
    urls = [
        f"/api/v1/processes/integration/{name}?page_size=100"
        for name in ("needs", "approaches", "approach-needs", "status-changes", "events",
                     "statistics")
    ]  # fmt: skip
    for url in urls:
        client.get(url)  # the process lookup is remembered
    before = [_queries(client, url) for url in urls]
    NeedFactory.create_batch(30, process=process, field_of_action=field)
    assert [_queries(client, url) for url in urls] == before


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def wsgi_calls_keep_the_test_connection():
    """The fuzz run calls the WSGI application itself, whose request signals would close
    the database connection of the test's transaction (on PostgreSQL); Django's own test
    client unhooks them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The fuzz run: every operation of the schema with generated parameters (valid and
# invalid); no answer may be a server error, and every 200 must match its schema.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = application


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_interface_never_fails_on_generated_requests(
    case, process, needs, wsgi_calls_keep_the_test_connection
):
    # Generated names of processes and numbers of needs would all be unknown (404): a
    # well-formed one is replaced by the real process and one of its needs, so the
    # generated pages, sizes and filters reach real rows; malformed ones stay as they are.
    params = case.path_parameters or {}
    if isinstance(params.get("slug"), str) and re.fullmatch(r"[-a-zA-Z0-9_]{1,80}", params["slug"]):
        params["slug"] = process.slug
    if isinstance(params.get("need_id"), int) and 1 <= params["need_id"] < 2**31:
        made, _hidden = needs
        params["need_id"] = made[params["need_id"] % len(made)].pk
    case.call_and_validate(
        checks=[
            schemathesis.checks.not_a_server_error,
            schemathesis.checks.response_schema_conformance,
        ]
    )
