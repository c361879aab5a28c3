"""When the database cannot be reached (a restart, a failover): check again for a few
seconds, repeat what is safe to repeat (a page being read), and otherwise answer with a
translated 503 page that keeps what the person typed, ready to be sent again with the same
one-time key (so a second press never makes a second copy)."""

import logging
import sys
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

UNREACHABLE = (OperationalError, InterfaceError)
# Fields that are sent again but not shown as "what you typed".
_NOT_SHOWN = ("csrfmiddlewaretoken", "submission_key", "next", "action", "anchor", "per_page")


def database_reachable() -> bool:
    try:
        for alias in connections:
            connections[alias].close()
            connections[alias].ensure_connection()
        return True
    except DatabaseError:
        return False


def wait_for_database(seconds: float) -> bool:
    """Closes the broken connections and tries to connect again until ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        if database_reachable():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.25)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    fields = []
    if request.method == "POST":
        fields = [(name, value) for name in request.POST for value in request.POST.getlist(name)]
    typed = [value for name, value in fields if name not in _NOT_SHOWN and value.strip()]
    html = render_to_string(
        "503.html",
        {"fields": fields, "typed": typed, "action": request.get_full_path()},
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Catches a view's failure to reach the database. A GET or HEAD is repeated once the
    database answers again (it changes nothing); anything else gets the 503 page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, UNREACHABLE):
            return None
        logger.warning("database unreachable during %s %s: %s", request.method, request.path,
                       exception)  # fmt: skip
        back = wait_for_database(settings.MITWIRKEN_DATABASE_WAIT_SECONDS)
        match = request.resolver_match
        if back and request.method in ("GET", "HEAD") and match is not None:
            try:
                return match.func(request, *match.args, **match.kwargs)
            except UNREACHABLE:
                pass
        return unavailable_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that cannot be reached (also from a middleware, before any
    view) gets the 503 page; everything else the static 500 page."""
    from django.views.defaults import server_error as default_server_error

    if isinstance(sys.exc_info()[1], UNREACHABLE):
        for alias in connections:
            connections[alias].close()
        return unavailable_response(request)
    return default_server_error(request)
