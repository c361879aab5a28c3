"""Versioned cache keys: a write bumps a counter, so every cached page built on the old
state is ignored at once (no scan, no delete of many keys). Works across app servers when
the cache is Redis."""

from django.core.cache import cache


def _key(namespace: str, object_id: int) -> str:
    return f"version:{namespace}:{object_id}"


def current(namespace: str, object_id: int) -> int:
    value = cache.get(_key(namespace, object_id))
    if value is None:
        cache.add(_key(namespace, object_id), 1, timeout=None)
        value = cache.get(_key(namespace, object_id), 1)
    return int(value)


def bump(namespace: str, object_id: int) -> None:
    key = _key(namespace, object_id)
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): any new value invalidates old pages
        cache.set(key, current(namespace, object_id) + 1, timeout=None)
