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

from .memo import LocalLRU, request_memo

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


def prefetch_with(
    scopes: Iterable[Scope], activity: Iterable[Scope], also: list[str]
) -> dict[str, Any]:
    """Like prefetch(), and the cache values of ``also`` in the same round trip (a logged-in
    page reads the person's cached parts with the page's versions)."""
    keys = [_version_key(s) for s in scopes] + [_activity_key(s) for s in activity]
    memo = _memo()
    missing = [k for k in keys if memo is None or k not in memo]
    fetched = cache.get_many(missing + list(also))
    if memo is not None:
        memo.update({k: fetched.get(k, 0) for k in missing if k.startswith("activity:")})
        memo.update({k: v for k, v in fetched.items() if k in missing})
    return {k: fetched.get(k) for k in also}


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
_local = LocalLRU(LOCAL_ENTRIES)


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
