"""Cached pages and figures for anonymous visitors, kept correct by versioned keys.

Every cached entry belongs to one or more *scopes* (a process, a need). Writers report two
kinds of change, both after their transaction commits:

- ``changed(scope)``: what a page shows has changed (a need submitted, edited or hidden, a
  comment hidden, a process edited). The scope's version is bumped, so every entry built on
  the old version is ignored at once, on every app server sharing the cache.
- ``active(scope)``: only counts changed (a support given or withdrawn, a comment written).
  The scope's activity time is stamped; an entry built before it is still served for at most
  ``settings.MITWIRKEN_COUNTS_MAX_AGE`` seconds. A busy process therefore does not lose its
  whole cache to every click on "support", and no visitor sees a count older than that.

A version that the cache has lost (evicted, Redis restarted) starts again from the current
time in milliseconds, which is larger than any version handed out before, so an old entry can
never come back to life.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

PROCESS = "process"  # a process's needs and set-up: lists, counts, figures
SETUP = "setup"  # a process's set-up only (title, phases, taxonomies): pages of single needs
NEED = "need"  # one need's page: its text, comments and moderation

Scope = tuple[str, int | str]


def _version_key(scope: Scope) -> str:
    return f"version:{scope[0]}:{scope[1]}"


def _activity_key(scope: Scope) -> str:
    return f"activity:{scope[0]}:{scope[1]}"


def _new_version() -> int:
    return int(time.time() * 1000)


# Within one request the versions are read from the cache once (a list page asks for the
# page, the count and the taxonomy of the same process); writes drop what they change.
_request = threading.local()


def _memo() -> dict | None:
    return getattr(_request, "versions", None)


def _request_started(**kwargs) -> None:
    _request.versions = {}


def _request_finished(**kwargs) -> None:
    _request.versions = None


request_started.connect(_request_started, dispatch_uid="mitwirken-pagecache-start")
request_finished.connect(_request_finished, dispatch_uid="mitwirken-pagecache-end")


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


def changed(*scopes: Scope) -> None:
    """Invalidates the scopes' entries once the current transaction commits (at once
    outside a transaction); a rolled-back write changes nothing that readers see."""
    transaction.on_commit(lambda: _bump(scopes))


def active(*scopes: Scope) -> None:
    """Marks that counts in the scopes changed (after commit); see the module docstring."""

    def stamp() -> None:
        keys = [_activity_key(s) for s in scopes]
        _forget(keys)
        cache.set_many(dict.fromkeys(keys, time.time()), timeout=None)

    transaction.on_commit(stamp)


def _versions(scopes: list[Scope], activity: list[Scope]) -> tuple[list[int], float]:
    """The scopes' versions and the latest activity time, in one round trip."""
    keys = [_version_key(s) for s in scopes] + [_activity_key(s) for s in activity]
    memo = _memo()
    found = {k: memo[k] for k in keys if k in memo} if memo is not None else {}
    missing = [k for k in keys if k not in found]
    if missing:
        fetched = cache.get_many(missing)
        found.update(fetched)
        if memo is not None:  # a missing activity time is remembered too (as 0: none yet)
            memo.update({k: fetched.get(k, 0) for k in missing if k.startswith("activity:")})
            memo.update(fetched)
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


def _etag(key: str, built_at: float) -> str:
    digest = hashlib.blake2b(f"{key}@{built_at}".encode(), digest_size=10).hexdigest()
    return f'"{digest}"'


def _entry_key(name: str, vary: str, scopes: list[Scope], activity: list[Scope]):
    versions, last_activity = _versions(scopes, activity)
    digest = hashlib.blake2b(vary.encode(), digest_size=12).hexdigest()
    # The scopes themselves are part of the key: two processes can share a version number.
    names = ".".join(f"{kind}{pk}@{v}" for (kind, pk), v in zip(scopes, versions, strict=True))
    return f"entry:{name}:{names}:{digest}", last_activity


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
    stored = cache.get(key)
    if stored is None:
        return entry
    built_at, value = stored
    if last_activity > built_at and time.time() - built_at > settings.MITWIRKEN_COUNTS_MAX_AGE:
        return entry  # counts changed since, and the entry is older than allowed
    entry.built_at, entry.value, entry.etag = built_at, value, _etag(key, built_at)
    return entry


# Values that depend on versions only (no activity) are also kept in the worker's memory
# under the same key: the key names the versions, so such a copy can never be stale, and a
# hit costs neither a cache round trip nor unpickling. Callers must not change them.
LOCAL_ENTRIES = 2048
_local: OrderedDict[str, Any] = OrderedDict()


def forget_local() -> None:
    _local.clear()


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
    if key in _local:
        _local.move_to_end(key)
        return _local[key]
    stored = cache.get(key)
    if stored is None:
        stored = (time.time(), build())
        cache.set(key, stored, timeout)
    _local[key] = stored[1]
    if len(_local) > LOCAL_ENTRIES:
        _local.popitem(last=False)
    return stored[1]
