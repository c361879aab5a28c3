"""How a view obtains what it shows and checks who may act: the prelude every view shares.

``require()`` follows adhocracy4's rule: a logged-in person who may not do something gets
403 with a message; an anonymous visitor is sent to the login first (``LoginRequired``,
answered by ``LoginRequiredMiddleware``). The services check the same rule again.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

from mitwirken.contributions import selectors as need_selectors
from mitwirken.contributions.models import Need
from mitwirken.participation import selectors as participation_selectors
from mitwirken.participation.models import Comment
from mitwirken.processes import selectors as process_selectors
from mitwirken.processes.models import Process

from .personal import want_person


class LoginRequired(Exception):  # noqa: N818 - it is a signal to the middleware, not an error
    """Raised for an anonymous visitor; the middleware answers with the login page, which
    comes back to ``next_url`` (the page itself by default)."""

    def __init__(self, next_url: str | None = None) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class LoginRequiredMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, LoginRequired):
            return redirect_to_login(exception.next_url or request.get_full_path())
        return None


def require(request: HttpRequest, perm: str, obj=None, *, message: str, next_url=None) -> None:
    """Lets the view go on only if the person has ``perm`` on ``obj``."""
    if not request.user.is_authenticated:
        raise LoginRequired(next_url)
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(message)


def require_login(request: HttpRequest, next_url: str | None = None) -> None:
    if not request.user.is_authenticated:
        raise LoginRequired(next_url)


def process_of(request: HttpRequest, slug: str) -> Process:
    """The process if the person may see it; 404 otherwise (drafts stay hidden). A
    logged-in person's cached parts are read with the process's versions (one round trip)."""
    want_person(request)
    return process_selectors.get_process(slug, request.user)


def need_of(
    request: HttpRequest, slug: str, pk: int, perm: str | None = None, message: str = ""
) -> tuple[Process, Need]:
    """The process and the need (404 if the person may not see them); with ``perm``, only
    if the person has it on the need (``require``; after the login, back to the need)."""
    process = process_of(request, slug)
    need = need_selectors.get_need(process, pk)
    if perm is not None:
        back = need.get_absolute_url() if request.method == "POST" else None
        require(request, perm, need, message=message, next_url=back)
    return process, need


def comment_of(request: HttpRequest, slug: str, pk: int) -> tuple[Process, Comment]:
    process = process_of(request, slug)
    comment = participation_selectors.get_comment(process, pk)
    if comment is None:
        raise Http404
    return process, comment


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` address of a form if it stays on this site, else ``default``."""
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


def organised_process(request: HttpRequest, slug: str, perm: str, message: str) -> Process:
    """The process for one of its organisers' pages: the login first for anonymous
    visitors, 404 for a process they may not see, 403 (with ``message``) for everyone
    else without ``perm``."""
    require_login(request)
    process = process_of(request, slug)
    require(request, perm, process, message=message)
    return process
