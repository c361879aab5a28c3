"""Cached pages and figures for anonymous visitors, kept correct by versioned keys.

Every cached entry belongs to one or more *scopes* (a process, a need). A model whose
changes pages must see declares its scopes once, in ``cache_scopes()`` beside its fields;
a service that wrote it calls ``changed(obj)``, which takes effect after the transaction
commits, in one of two ways:

- ``changed(obj)``: what a page shows has changed (a need submitted, edited or hidden, a
  comment hidden, a process edited). The scopes' versions are bumped, so every entry built
  on the old versions is ignored at once, on every app server sharing the cache.
- ``changed(obj, counts_only=True)``: only counts changed (a support given or withdrawn, a
  comment written). The scopes' activity time is stamped; an entry built before it is still
  served for at most ``settings.MITWIRKEN_COUNTS_MAX_AGE`` seconds. A busy process therefore
  does not lose its whole cache to every click on "support", and no visitor sees a count
  older than that.

A version that the cache has lost (evicted, Redis restarted) starts again from the current
time in milliseconds, which is larger than any version handed out before, so an old entry can
never come back to life.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .memo import LocalLRU, WeightedLRU, request_memo

PROCESS = "process"  # a process's needs and set-up: lists, counts, figures
SETUP = "setup"  # a process's set-up only (title, phases, taxonomies): pages of single needs
NEED = "need"  # one need's page: its text, comments and moderation

Scope = tuple[str, int | str]


class Cached(Protocol):
    """A model whose changes cached pages must see declares, in one method beside its
    fields, which scopes it touches (see docs/architecture.md, "Cache scopes")."""

    def cache_scopes(self) -> Iterable[Scope]: ...


def scopes_of(*objects: "Cached | Scope", counts_only: bool = False) -> list[Scope]:
    """The scopes of these objects (and of scopes given as such), without repeats. With
    ``counts_only`` an object names the scopes that show its counters."""
    found: dict[Scope, None] = {}
    for obj in objects:
        if isinstance(obj, tuple):
            scopes = [obj]
        elif counts_only:
            scopes = obj.cache_scopes(counts_only=True)
        else:
            scopes = obj.cache_scopes()
        for scope in scopes:
            found[scope] = None
    return list(found)


def _version_key(scope: Scope) -> str:
    return f"version:{scope[0]}:{scope[1]}"


def _activity_key(scope: Scope) -> str:
    return f"activity:{scope[0]}:{scope[1]}"


def _new_version() -> int:
    return int(time.time() * 1000)


# Within one request the versions are read from the cache once (a list page asks for the
# page, the count and the taxonomy of the same process); writes drop what they change.
# The memo is per request (core/memo.py), so concurrent requests never share it.
def _memo() -> dict | None:
    memo = request_memo()
    if memo is None:
        return None
    return memo.setdefault("pagecache", {})


def _forget(keys: Iterable[str]) -> None:
    memo = _memo()
    if memo is not None:
        for key in keys:
            memo.pop(key, None)


def _bump(scopes: Iterable[Scope]) -> None:
    _forget(_version_key(s) for s in scopes)
    for scope in scopes:
        key = _version_key(scope)
        try:
            cache.incr(key)
        except ValueError:  # never set, or evicted: any newer value invalidates old entries
            cache.set(key, _new_version(), timeout=None)


def changed(*objects: "Cached | Scope", counts_only: bool = False) -> None:
    """The one call a service makes after it wrote something cached pages show: the
    objects' declared scopes (``cache_scopes()``) are invalidated once the transaction
    commits (at once outside one), so a rolled-back write changes nothing readers see.

    ``counts_only=True``: only counters changed (a support, a new comment); pages built
    before may still be served for COUNTS_MAX_AGE seconds (see the module docstring)."""
    scopes = scopes_of(*objects, counts_only=counts_only)
    if counts_only:
        transaction.on_commit(lambda: _stamp(scopes))
    else:
        transaction.on_commit(lambda: _bump(scopes))


def _stamp(scopes: list[Scope]) -> None:
    keys = [_activity_key(s) for s in scopes]
    _forget(keys)
    cache.set_many(dict.fromkeys(keys, time.time()), timeout=None)


def _versions(scopes: list[Scope], activity: list[Scope]) -> tuple[list[int], float]:
    """The scopes' versions and the latest activity time, in one round trip."""
    keys = [_version_key(s) for s in scopes] + [_activity_key(s) for s in activity]
    memo = _memo()
    _record(memo, keys)
    found = {k: memo[k] for k in keys if k in memo} if memo is not None else {}
    missing = [k for k in keys if k not in found]
    if missing:
        wanted = _wanted(memo)
        _record(memo, wanted)
        fetched = cache.get_many(missing + wanted)
        found.update(fetched)
        if memo is not None:  # a missing activity time is remembered too (as 0: none yet)
            memo.update({k: fetched.get(k, 0) for k in missing if k.startswith("activity:")})
            memo.update({k: v for k, v in fetched.items() if k in missing})
            _keep_wanted(memo, wanted, fetched)
    versions = []
    for scope in scopes:
        key = _version_key(scope)
        value = found.get(key)
        if value is None:
            cache.add(key, _new_version(), timeout=None)
            value = cache.get(key) or 0
            if memo is not None:
                memo[key] = value
        versions.append(int(value))
    last_activity = max((float(found.get(_activity_key(s)) or 0) for s in activity), default=0.0)
    return versions, last_activity


def prefetch(scopes: Iterable[Scope], activity: Iterable[Scope] = ()) -> None:
    """Reads these versions (and activity times) in one round trip for the rest of the
    request, e.g. a process's when the process is looked up. Outside a request: nothing."""
    if _memo() is not None:
        _versions(list(scopes), list(activity))


def prefetch_with(
    scopes: Iterable[Scope], activity: Iterable[Scope], also: list[str]
) -> dict[str, Any]:
    """Like prefetch(), and the cache values of ``also`` in the same round trip (a logged-in
    page reads the person's cached parts with the page's versions)."""
    keys = [_version_key(s) for s in scopes] + [_activity_key(s) for s in activity]
    memo = _memo()
    missing = [k for k in keys if memo is None or k not in memo]
    known = memo.get(_ALSO, {}) if memo is not None else {}
    asked = [k for k in also if k not in known]
    _record(memo, keys + list(also))
    if not missing and not asked:
        return {k: known[k] for k in also}  # read with an earlier round trip
    fetched = cache.get_many(missing + asked)
    if memo is not None:
        memo.update({k: fetched.get(k, 0) for k in missing if k.startswith("activity:")})
        memo.update({k: v for k, v in fetched.items() if k in missing})
    return {k: known[k] if k in known else fetched.get(k) for k in also}


# Keys a request will read later (a logged-in person's cached parts) can be named early
# with want(): the next round trip for versions reads them too, and prefetch_with() then
# finds them in the request's memo instead of asking the cache again. What is found there
# is what the key held when it was read: a view that changes a person's parts and then
# fills a page in the same request must drop them from the memo first (none does: the
# writes redirect).
_WANTED, _ALSO = "pagecache:wanted", "pagecache:also"


def want(keys: Iterable[str]) -> None:
    memo = _memo()
    if memo is not None:
        wanted = memo.setdefault(_WANTED, [])
        wanted.extend(k for k in keys if k not in wanted)


def _wanted(memo: dict | None) -> list[str]:
    if memo is None:
        return []
    known = memo.get(_ALSO, {})
    return [k for k in memo.get(_WANTED, ()) if k not in known]


def _keep_wanted(memo: dict, wanted: list[str], fetched: dict) -> None:
    if wanted:
        memo.setdefault(_ALSO, {}).update({k: fetched.get(k) for k in wanted})


# What a request needed can be read earlier by the next request of the same visitor: the
# session store (accounts/sessions.py) hands this module a list to note the version,
# activity and person keys in that the request asks for (record_into), and on the next
# request reads those keys with the session and gives the values to preload(). They are then as fresh as if read where they are used (the same
# request, a moment earlier); a key the request does not use costs nothing but its bytes.
_RECORD = "pagecache:record"
RECORD_MAX = 16


def record_into(keys: list[str]) -> None:
    memo = _memo()
    if memo is not None:
        memo[_RECORD] = keys


def _record(memo: dict | None, keys: list[str]) -> None:
    noted = memo.get(_RECORD) if memo is not None else None
    if noted is not None:
        noted.extend(k for k in keys if k not in noted and len(noted) < RECORD_MAX)


def preload(found: dict[str, Any], keys: Iterable[str]) -> None:
    """Values of ``keys`` read by someone else's round trip (``found`` as get_many gives
    it), kept for this request as if read here: versions and activity times for
    _versions(), other keys for prefetch_with()."""
    memo = _memo()
    if memo is None:
        return
    also = memo.setdefault(_ALSO, {})
    for key in keys:
        if key.startswith("activity:"):
            memo[key] = found.get(key, 0)
        elif key.startswith("version:"):
            if key in found:  # a missing version is made by _versions(), as always
                memo[key] = found[key]
        else:
            also[key] = found.get(key)


def version(scope: Scope) -> int:
    """The scope's current version (read once per request)."""
    return _versions([scope], [])[0][0]


@dataclass
class Entry:
    """The result of a lookup: ``value`` is None on a miss; ``store()`` fills it."""

    key: str
    timeout: int
    value: Any = None
    built_at: float = 0.0
    etag: str = field(default="")

    @property
    def hit(self) -> bool:
        return self.value is not None

    def store(self, value: Any) -> None:
        self.built_at = time.time()
        self.value = value
        self.etag = _etag(self.key, self.built_at)
        if self.timeout > 0:
            cache.set(self.key, (self.built_at, value), self.timeout)
            _keep_page(self.key, (self.built_at, value))


def _etag(key: str, built_at: float) -> str:
    digest = hashlib.blake2b(f"{key}@{built_at}".encode(), digest_size=10).hexdigest()
    return f'"{digest}"'


def _entry_key(name: str, vary: str, scopes: list[Scope], activity: list[Scope]):
    versions, last_activity = _versions(scopes, activity)
    digest = hashlib.blake2b(vary.encode(), digest_size=12).hexdigest()
    # The scopes themselves are part of the key: two processes can share a version number.
    names = ".".join(f"{kind}{pk}@{v}" for (kind, pk), v in zip(scopes, versions, strict=True))
    return f"entry:{name}:{names}:{digest}", last_activity


def data_key(scopes: Iterable[Scope], activity: Iterable[Scope] = ()) -> tuple[str, float]:
    """The scopes' current versions as one string (a built file records it and is good
    while it stays the same) and the latest activity time of ``activity``."""
    key, last_activity = _entry_key("data", "", list(scopes), list(activity))
    return key, last_activity


def lookup(
    name: str,
    vary: str,
    *,
    scopes: Iterable[Scope],
    activity: Iterable[Scope] = (),
    timeout: int | None = None,
) -> Entry:
    """Finds the entry ``name`` for ``vary`` (language, query string, …) built on the
    scopes' current versions and not too old for their activity."""
    scopes, activity = list(scopes), list(activity)
    timeout = settings.MITWIRKEN_PAGE_CACHE_SECONDS if timeout is None else timeout
    key, last_activity = _entry_key(name, vary, scopes, activity)
    entry = Entry(key=key, timeout=timeout)
    if timeout <= 0:
        return entry
    stored = _pages.get(key)
    if stored is None or not _fresh(stored[0], last_activity, timeout):
        stored = cache.get(key)
        if stored is None:
            return entry
        _keep_page(key, stored)
    built_at, value = stored
    if not _fresh(built_at, last_activity, timeout):
        return entry  # counts changed since, and the entry is older than allowed
    entry.built_at, entry.value, entry.etag = built_at, value, _etag(key, built_at)
    return entry


def _fresh(built_at: float, last_activity: float, timeout: int) -> bool:
    """Whether an entry built at ``built_at`` may still be served: not past its timeout,
    and not older than COUNTS_MAX_AGE when counts changed after it was built."""
    age = time.time() - built_at
    if age >= timeout:
        return False
    return not (last_activity > built_at and age > settings.MITWIRKEN_COUNTS_MAX_AGE)


# Pages (and shells) are also kept in the worker's memory under their versioned key, with
# the time they were built: a copy is served by the same rule as the shared entry (_fresh),
# and when it is too old for the activity since, the shared entry is read — which another
# worker may have rebuilt. So a copy is never older than the rule allows (the timeout, and
# COUNTS_MAX_AGE once counts changed). Within that bound two workers may serve different
# builds of the same page (counts a few seconds apart, different ETags), as two requests a
# few seconds apart could. The timeout is judged by this server's clock against the time
# the page was built, possibly on another server: app servers keep their clocks in step
# (NTP), as the activity rule already assumed. A busy page costs no round trip and no
# transfer of its HTML. Bounded in count and in characters (LOCAL_PAGES_CHARS: a list page
# is about 30,000 characters, a need's page about 9,000; Python stores 1 byte a character
# for German text, 2 for Cyrillic or Arabic, 4 once an emoji is in it, so 16-64 MB a
# worker at most); a page longer than LOCAL_PAGE_MAX_CHARS is read from the shared cache
# each time.
LOCAL_PAGES = 2048
LOCAL_PAGES_CHARS = 16_000_000
LOCAL_PAGE_MAX_CHARS = 256 * 1024


def _page_chars(stored: tuple[float, Any]) -> int:
    """The characters of a stored page: the HTML itself, or the HTML in a tuple of it and
    its companions (a shell with its need ids, a need's page with its author)."""
    value = stored[1]
    if isinstance(value, tuple):
        value = next((part for part in value if isinstance(part, str | bytes)), None)
    return len(value) if isinstance(value, str | bytes) else LOCAL_PAGE_MAX_CHARS + 1


_pages = WeightedLRU(LOCAL_PAGES, LOCAL_PAGES_CHARS, _page_chars)


def _keep_page(key: str, stored: tuple[float, Any]) -> None:
    if _page_chars(stored) <= LOCAL_PAGE_MAX_CHARS:
        _pages.set(key, stored)


# Values that depend on versions only (no activity) are also kept in the worker's memory
# under the same key: the key names the versions, so such a copy can never be stale, and a
# hit costs neither a cache round trip nor unpickling. Callers must not change them.
LOCAL_ENTRIES = 2048
_local = LocalLRU(LOCAL_ENTRIES)


def forget_local() -> None:
    from . import fragments

    _local.clear()
    _pages.clear()
    fragments._local.clear()
    fragments.kept.clear()


def get_or_build(
    name: str,
    vary: str,
    build: Callable[[], Any],
    *,
    scopes: Iterable[Scope],
    activity: Iterable[Scope] = (),
    timeout: int = 3600,
) -> Any:
    """A cached value (a count, the figures of a process), built on a miss."""
    scopes, activity = list(scopes), list(activity)
    if activity:
        entry = lookup(name, vary, scopes=scopes, activity=activity, timeout=timeout)
        if not entry.hit:
            entry.store(build())
        return entry.value
    key, _last_activity = _entry_key(name, vary, scopes, [])
    value = _local.get(key, _NOTHING)
    if value is not _NOTHING:
        return value
    stored = cache.get(key)
    if stored is None:
        stored = (time.time(), build())
        cache.set(key, stored, timeout)
    _local.set(key, stored[1])
    return stored[1]


_NOTHING = object()
