"""Responses for cached anonymous pages: the stored body with an ETag, or 304."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from .pagecache import Entry


def set_validators(response: HttpResponse, entry: Entry) -> HttpResponse:
    """Lets browsers and proxies keep the page but ask each time whether it changed."""
    response["ETag"] = entry.etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])  # logged-in people see another page
    return response


def cached_response(request: HttpRequest, entry: Entry) -> HttpResponse:
    if entry.etag in request.headers.get("If-None-Match", ""):
        return set_validators(HttpResponseNotModified(), entry)
    return set_validators(HttpResponse(entry.value), entry)
