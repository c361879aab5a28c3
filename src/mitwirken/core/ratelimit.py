"""Limits for submissions, per person (or per network address for people without an
account), counted in the cache (Redis in production, so all servers share the count).
allauth limits login, sign-up, login codes and password resets itself (settings)."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int  # at most this many …
    seconds: int  # … in this many seconds (a fixed window)


def allow(limit: Limit, who: str) -> bool:
    """Counts one more and says whether it is within the limit (always, with the setting
    ``RATE_LIMITS`` off: `make bench` measures throughput from one address)."""
    if not settings.MITWIRKEN_RATE_LIMITS:
        return True
    window = int(time.time() // limit.seconds)
    key = f"mw:rl:{limit.scope}:{who}:{window}"
    cache.add(key, 0, limit.seconds + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, limit.seconds + 5)
        count = 1
    return count <= limit.count


def who(request) -> str:
    """The person, or (without an account) the network address."""
    if getattr(request.user, "is_authenticated", False) and request.user.pk:
        return f"user-{request.user.pk}"
    return f"ip-{request.META.get('REMOTE_ADDR', '')}"
