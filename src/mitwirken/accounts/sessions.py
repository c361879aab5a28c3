"""The session store used with Redis: Django's cached_db sessions, with the logged-in
person read in the same round trip as the session.

A logged-in request needs the session (which names the person), then the person
(accounts/backends.py), then the versions of what the page shows and the person's cached
parts (core/pagecache.py): three dependent cache reads. Each worker remembers, per session,
whose it was and which of those keys its last request read; the next load asks the cache
for the session, that person and those keys together (one MGET). What is remembered is only
a hint for what to read: the person is used only if the session just read names the same
person, and is checked as always (the password hash in the session, ``is_active``); the
keys' values are fresh (read in this request) and a key the request does not need costs
only its bytes. See docs/decisions.md, "Logged-in pages"."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from mitwirken.core import pagecache
from mitwirken.core.memo import LocalLRU, request_memo

from .backends import PREFETCHED_USERS, user_key

# Sessions remembered per worker: each hint is a person's id and at most
# pagecache.RECORD_MAX keys (a list page notes six or seven), well under 1 KB — at most
# about 10 MB a worker.
HINTS = 10_000
_hints = LocalLRU(HINTS)


class SessionStore(CachedDBStore):
    def load(self):
        hint = _hints.get(self.session_key) if self.session_key else None
        memo = request_memo()
        if hint is None or memo is None or settings.SESSION_CACHE_ALIAS != "default":
            data = super().load()
        else:
            owner, also = hint
            keys = [self.cache_key, user_key(owner), *also]
            try:
                found = self._cache.get_many(keys)
            except Exception:  # as Django's store: an unreadable key resets the session
                found = {}
            data = found.get(self.cache_key)
            if data is None:
                data = super().load()
            elif str(data.get(SESSION_KEY)) == str(owner):
                memo.setdefault(PREFETCHED_USERS, {})[str(owner)] = found.get(user_key(owner))
                pagecache.preload(found, also)
        owner = data.get(SESSION_KEY)
        if owner is not None and self.session_key and memo is not None:
            noted: list[str] = []  # filled by this request's reads (core/pagecache.py)
            pagecache.record_into(noted)
            _hints.set(self.session_key, (str(owner), noted))
        return data
