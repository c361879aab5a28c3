"""The read-only open-data interface (django-ninja, OpenAPI at /api/v1/openapi.json).

It serves the same datasets as the downloads (reports.datasets: the same rows, the same
columns, no personal data) and only for published processes. Every list comes in pages of
at most MAX_PAGE_SIZE records; a page number beyond the last gives the last page, so no
request can ask for an unbounded amount of work. Every answer carries an ETag: for the
datasets it is made from the cache versions of the data (core.pagecache), so an unchanged
page answers 304 before any query runs."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import override
from ninja import NinjaAPI, Path, Query, Schema
from pydantic import Field, create_model

from mitwirken.contributions.models import Need
from mitwirken.core import pagecache
from mitwirken.processes import selectors as process_selectors
from mitwirken.processes.models import Process
from mitwirken.reports.datasets import DATASETS, Dataset

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
SLUG = r"^[-a-zA-Z0-9_]{1,80}$"
MAX_ID = 2**31 - 1

api = NinjaAPI(
    title="Mitwirken open data",
    version="1",
    description=(
        "Read-only access to the open data of the participation processes: needs, action "
        "approaches and the needs behind them, the status history, events and figures. "
        "No personal data. Licence: dl-de/by-2-0. Lists are paginated (page_size at most "
        f"{MAX_PAGE_SIZE}); answers carry an ETag and honour If-None-Match."
    ),
    urls_namespace="api",
    docs_url=None,  # the data dictionary page documents it, in every UI language
    openapi_url="/openapi.json",
)


class Message(Schema):
    detail: str


class ProcessOut(Schema):
    slug: str
    title: str
    summary: str
    language: str
    url: str
    open_data_url: str


class ProcessPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[ProcessOut]


_TYPES = {"integer": int | None, "string": str | None, "date": str | None, "boolean": bool | None}


def _record_schema(dataset: Dataset):
    with override("en"):
        fields = {
            c.name: (_TYPES[c.type], Field(None, description=str(c.description)))
            for c in dataset.columns
        }
    name = "".join(part.title() for part in dataset.name.split("-"))
    record = create_model(f"{name}Record", __base__=Schema, **fields)
    page = create_model(
        f"{name}Page",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        pages=(int, ...),
        results=(list[record], ...),
    )
    return record, page


RECORDS = {name: _record_schema(d) for name, d in DATASETS.items()}


def _process(slug: str) -> Process:
    """A published process (drafts are not open data, whoever asks)."""
    process = process_selectors.get_process(slug, AnonymousUser())
    if not process.is_published:
        raise Http404
    return process


def _site(path: str) -> str:
    return settings.MITWIRKEN_SITE_URL + path


def _etag(*parts) -> str:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


def _not_modified(request: HttpRequest, tag: str) -> HttpResponse | None:
    response = get_conditional_response(request, etag=tag)
    if response is not None:
        response["ETag"] = tag
    return response


def _headers(response: HttpResponse, tag: str) -> None:
    response["ETag"] = tag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)


def _clamp(total: int, page: int, page_size: int) -> tuple[int, int]:
    pages = max(1, -(-total // page_size))
    return min(page, pages), pages


@api.get(
    "/processes",
    response={200: ProcessPage, 304: None},
    summary="Published processes",
    tags=["processes"],
)
def processes(
    request,
    response: HttpResponse,
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    qs = process_selectors.visible_processes(AnonymousUser()).filter(state=Process.State.PUBLISHED)
    rows = list(qs.order_by("id").values_list("id", "slug", "title", "summary", "language"))
    tag = _etag("processes", rows, page, page_size)
    cached = _not_modified(request, tag)
    if cached is not None:
        return cached
    page, pages = _clamp(len(rows), page, page_size)
    chosen = rows[(page - 1) * page_size : page * page_size]
    _headers(response, tag)
    return {
        "count": len(rows),
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "results": [
            _process_out(slug, title, summary, language)
            for _pk, slug, title, summary, language in chosen
        ],
    }


def _process_out(slug, title, summary, language) -> dict:
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "language": language,
        "url": _site(reverse("web:process", args=[slug])),
        "open_data_url": _site(reverse("web:open_data", args=[slug])),
    }


@api.get(
    "/processes/{slug}",
    response={200: ProcessOut, 304: None, 404: Message},
    summary="One process",
    tags=["processes"],
)
def process_detail(request, response: HttpResponse, slug: str = Path(..., pattern=SLUG)):
    process = _process(slug)
    data = _process_out(process.slug, process.title, process.summary, process.language)
    tag = _etag("process", json.dumps(data, sort_keys=True))
    cached = _not_modified(request, tag)
    if cached is not None:
        return cached
    _headers(response, tag)
    return data


def _dataset_endpoint(name: str, dataset: Dataset, filters: dict | None = None):
    """A paginated list of one dataset's rows for a process."""
    _record, page_schema = RECORDS[name]
    path = f"/processes/{{slug}}/{name}"

    def listing(request, response: HttpResponse, slug: str, page: int, page_size: int,
                narrow=None, filters=""):  # fmt: skip
        process = _process(slug)
        scopes, activity = dataset.scopes(process), dataset.activity(process)
        key, last_activity = pagecache.data_key(scopes, activity)
        tag = _etag(name, key, last_activity, request.get_full_path())
        cached = _not_modified(request, tag)
        if cached is not None:
            return cached
        # The same answer for everyone: kept in the page cache until the data changes.
        entry = pagecache.lookup("api", request.get_full_path(), scopes=scopes, activity=activity)
        if not entry.hit:
            entry.store(_page_body(process, dataset, page, page_size, narrow, filters))
        answer = HttpResponse(entry.value, content_type="application/json; charset=utf-8")
        _headers(answer, tag)
        return answer

    return path, page_schema, listing


def _page_body(process, dataset: Dataset, page: int, page_size: int, narrow, filters="") -> bytes:
    found, shape = dataset.source(process)
    if narrow:
        found = narrow(found)
    if isinstance(found, QuerySet):
        # The number of rows, counted once per state of the data (as the list pages do).
        total = pagecache.get_or_build(
            "api-count",
            f"{process.pk}|{dataset.name}|{filters}",
            found.count,
            scopes=dataset.scopes(process),
        )
        page, pages = _clamp(total, page, page_size)
        offset = (page - 1) * page_size
        if dataset.name == "needs":
            # The numbers of the page first (an index scan), then their rows with the
            # joins: a deep page does not join the rows before it.
            ids = list(found.values_list("id", flat=True)[offset : offset + page_size])
            chosen = list(found.filter(id__in=ids))
        else:
            chosen = list(found[offset : offset + page_size])
    else:
        total = len(found)
        page, pages = _clamp(total, page, page_size)
        offset = (page - 1) * page_size
        chosen = found[offset : offset + page_size]
    names = dataset.column_names
    body = {
        "count": total,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "results": [dict(zip(names, shape(row), strict=True)) for row in chosen],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


# Needs can be narrowed down by field of action, status and region.
_needs_path, _needs_page, _needs_listing = _dataset_endpoint("needs", DATASETS["needs"])
NeedStatus = Literal[tuple(Need.Status.values)]  # type: ignore[valid-type]


@api.get(
    _needs_path,
    response={200: _needs_page, 304: None, 404: Message},
    summary="Needs of a process",
    tags=["needs"],
)
def needs(
    request,
    response: HttpResponse,
    slug: str = Path(..., pattern=SLUG),
    page: int = Query(1, ge=1),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    field_of_action: str | None = Query(None, pattern=SLUG),
    status: NeedStatus | None = None,
    region_key: str | None = Query(None, pattern=r"^[0-9]{1,8}$"),
):
    def narrow(qs):
        if field_of_action:
            qs = qs.filter(field_of_action__slug=field_of_action)
        if status:
            qs = qs.filter(status=status)
        if region_key:
            qs = qs.filter(region__key=region_key)
        return qs

    filters = f"{field_of_action or ''}|{status or ''}|{region_key or ''}"
    return _needs_listing(request, response, slug, page, page_size, narrow, filters)


@api.get(
    "/processes/{slug}/needs/{need_id}",
    response={200: RECORDS["needs"][0], 304: None, 404: Message},
    summary="One need",
    tags=["needs"],
)
def need_detail(
    request,
    response: HttpResponse,
    slug: str = Path(..., pattern=SLUG),
    need_id: int = Path(..., ge=1, le=MAX_ID),
):
    process = _process(slug)
    dataset = DATASETS["needs"]
    key, last_activity = pagecache.data_key(dataset.scopes(process), dataset.activity(process))
    tag = _etag("need", key, last_activity, need_id)
    cached = _not_modified(request, tag)
    if cached is not None:
        return cached
    found, shape = dataset.source(process)
    row = found.filter(id=need_id).first()
    if row is None:
        raise Http404
    _headers(response, tag)
    return dict(zip(dataset.column_names, shape(row), strict=True))


def _register(name: str, summary: str, tag: str) -> None:
    path, page_schema, listing = _dataset_endpoint(name, DATASETS[name])

    def endpoint(
        request,
        response: HttpResponse,
        slug: str = Path(..., pattern=SLUG),
        page: int = Query(1, ge=1),
        page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
    ):
        return listing(request, response, slug, page, page_size)

    endpoint.__name__ = name.replace("-", "_")
    api.get(
        path, response={200: page_schema, 304: None, 404: Message}, summary=summary, tags=[tag]
    )(endpoint)


_register("approaches", "Action approaches of a process", "approaches")
_register("approach-needs", "Which needs stand behind which action approach", "approaches")
_register("status-changes", "Status history of the needs", "needs")
_register("events", "Events of a process", "events")
_register("statistics", "Participation in figures", "statistics")
