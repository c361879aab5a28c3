"""Logged-in pages from the shared page cache: a page that is the same for every
participant is rendered once as a *shell* (the account part of the header and the marks of
one's own supports left as placeholders), kept in the page cache like the anonymous pages,
and filled in per request with what is personal: the account links (cached per person for
COUNTS_MAX_AGE seconds, the CSRF token put in fresh) and "including yours" where the
person supports a need (one query). See docs/decisions.md, "Logged-in pages"."""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mitwirken.core import pagecache
from mitwirken.participation import selectors as participation_selectors

ACCOUNT_NAV = "<!--account-nav-->"
_TOKEN = "__csrf-token-placeholder__"  # noqa: S105 - a placeholder, no secret
# In a shell, the one-time key of a form: each person gets a fresh one.
SUBMISSION_KEY = "00000000-0000-4000-8000-5e11c0ffee00"


def _nav_key(user) -> str:
    who = hashlib.blake2b(
        f"{user.pk}:{user.display_name}:{user.is_superuser}".encode(), digest_size=8
    ).hexdigest()
    return f"account-nav:{get_language()}:{who}"


def account_nav(request, cached: str | None = None) -> str:
    """The account part of the header for this person (moderation queues, manage, profile,
    log out), cached briefly per person and language; the CSRF token is put in fresh."""
    user = request.user
    html = cached
    if html is None:
        html = render_to_string(
            "core/_account_nav.html", {"user": user, "csrf_token": _TOKEN, "request": request}
        )
        cache.set(_nav_key(user), html, settings.MITWIRKEN_COUNTS_MAX_AGE)
    return html.replace(_TOKEN, get_token(request))


def shell_context() -> dict:
    """What a shell is rendered with: the header's account part and the CSRF token left
    as placeholders."""
    return {"account_nav_later": True, "csrf_token": _TOKEN}


def prefetch(request, scopes=(), activity=()) -> dict:
    """The person's cached account links and supported needs, read in one round trip with
    the versions of the page's scopes (core.pagecache.prefetch_with); given to fill()."""
    keys = person_keys(request.user)
    found = pagecache.prefetch_with(list(scopes), list(activity), keys)
    return {"nav": found[keys[0]], "supports": found[keys[1]]}


def person_keys(user) -> list[str]:
    """The cache keys of the person's parts: the account links and the supported needs."""
    return [_nav_key(user), participation_selectors.supports_key(user.pk)]


def want_person(request) -> None:
    """Names the person's parts early (web/access.process_of), so that they come with the
    process's versions in one round trip (core.pagecache.want)."""
    if request.user.is_authenticated:
        pagecache.want(person_keys(request.user))


def fill(request, shell: str, need_ids: list[int] = (), found: dict | None = None) -> str:
    """The shell with this person's account links, CSRF token, fresh one-time keys and
    support marks."""
    user = request.user
    if not user.is_authenticated:  # the login link comes back to this page
        nav = render_to_string("core/_account_nav.html", {"user": user, "request": request})
        return shell.replace(ACCOUNT_NAV, nav, 1)
    found = found if found is not None else prefetch(request)
    html = shell.replace(ACCOUNT_NAV, account_nav(request, found["nav"]), 1)
    if _TOKEN in html:
        html = html.replace(_TOKEN, get_token(request))
    if SUBMISSION_KEY in html:
        html = html.replace(SUBMISSION_KEY, str(uuid.uuid4()))
    mine = participation_selectors.supported_among(user, need_ids, found["supports"])
    if mine:
        yours = f" ({escape(_('including yours'))})"
        for pk in mine:
            html = html.replace(f"<!--supported:{pk}-->", yours, 1)
    return html
