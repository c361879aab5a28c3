"""The authentication backends, with the logged-in person read from the cache: every
request of a logged-in person needs the user row (Django checks the session against the
password hash); reading it from the cache (one round trip, as the session itself) instead
of the database takes a query off every page. The copy is dropped whenever the user is
saved or deleted (accounts/apps.py), so a changed password or a deactivated account takes
effect at once; it also expires after USER_SECONDS."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.dispatch import Signal

from mitwirken.core.memo import request_memo

USER_SECONDS = 300
# In the request's memo: the person read with the session (accounts/sessions.py), by id;
# None when the cache had no copy.
PREFETCHED_USERS = "auth:prefetched-users"

# Sent with the person just read from the database, before the copy is cached: an app may
# memoise on it what every request asks (processes: the roles), and must then call
# forget_user when that changes.
user_loaded = Signal()


def user_key(user_id) -> str:
    return f"auth-user:{user_id}"


class CachedUserMixin:
    def get_user(self, user_id):
        key = user_key(user_id)
        memo = request_memo()
        prefetched = memo.get(PREFETCHED_USERS, {}) if memo is not None else {}
        user = prefetched[str(user_id)] if str(user_id) in prefetched else cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                user_loaded.send(sender=type(user), user=user)
                cache.set(key, user, USER_SECONDS)
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedModelBackend(CachedUserMixin, ModelBackend):
    pass


class CachedAllauthBackend(CachedUserMixin, AllauthBackend):
    pass


def forget_user(sender, instance, **kwargs) -> None:
    cache.delete(user_key(instance.pk))


def forget_user_id(user_id) -> None:
    cache.delete(user_key(user_id))
