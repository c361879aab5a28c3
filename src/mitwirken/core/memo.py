"""Per-worker and per-request memory, safe under threads and ASGI.

- ``LocalLRU``: a bounded map kept by one worker process for all its requests (process
  lookups, cached values under versioned keys). A lock guards every change, so threads of
  one worker (gunicorn's gthread, ASGI's thread pool) never see it half-updated.
- ``request_memo()``: a dict that lives for one request only, held in a context variable:
  under WSGI each thread, under ASGI each request (asgiref copies the context into the
  thread that runs the sync view) sees its own. ``RequestMemoMiddleware`` opens and
  closes it; outside a request there is none and callers simply do not memoise.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_MISSING = object()


class LocalLRU:
    """A bounded, thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            value = self._data.get(key, _MISSING)
            if value is _MISSING:
                return default
            self._data.move_to_end(key)
            return value

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._data

    def set(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def pop(self, key, default=None):
        with self._lock:
            return self._data.pop(key, default)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class WeightedLRU(LocalLRU):
    """A LocalLRU bounded also by the total weight of its values (``weigh(value)``, e.g.
    the characters of a page): the least recently used go first when either bound is
    passed; a value heavier than the whole budget is not kept."""

    def __init__(self, size: int, budget: int, weigh: Callable[[Any], int]) -> None:
        super().__init__(size)
        self.budget, self.weigh, self.weight = budget, weigh, 0

    def set(self, key, value) -> None:
        weight = self.weigh(value)
        with self._lock:
            old = self._data.pop(key, _MISSING)
            if old is not _MISSING:
                self.weight -= old[0]
            if weight > self.budget:
                return
            self._data[key] = (weight, value)
            self.weight += weight
            while len(self._data) > self.size or self.weight > self.budget:
                _key, (dropped, _value) = self._data.popitem(last=False)
                self.weight -= dropped

    def get(self, key, default=None):
        found = super().get(key, _MISSING)
        return default if found is _MISSING else found[1]

    def pop(self, key, default=None):
        with self._lock:
            found = self._data.pop(key, _MISSING)
            if found is _MISSING:
                return default
            self.weight -= found[0]
            return found[1]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.weight = 0


_request_memo: ContextVar[dict | None] = ContextVar("mitwirken_request_memo", default=None)


def request_memo() -> dict | None:
    """This request's memo, or None outside a request."""
    return _request_memo.get()


class RequestMemoMiddleware:
    """Gives each request a fresh memo and drops it when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)
