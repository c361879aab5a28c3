"""Create an object once per one-time key: the helper every service that accepts a retry uses."""

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

T = TypeVar("T", bound=models.Model)


def create_once(
    model: type[T], *, key: dict | None, create: Callable[[], T], same: dict | None = None
) -> tuple[T, bool]:
    """Creates an object at most once per one-time key. ``key`` is the lookup that a unique
    constraint guarantees (e.g. author and submission key); ``create`` makes the object
    (and its side effects) and runs in a transaction of its own.

    ``same`` (optional, with an ``author``) finds the same content from the same person:
    one made within settings.MITWIRKEN_REPEAT_WINDOW_SECONDS is returned instead of a new
    one. That is the person who saw a connection error, reloaded the form (a new key) and
    sent the same text again. The person's row is locked meanwhile, so two such sends
    cannot both create.

    Returns (object, created). A repeated key returns the first object; a concurrent
    request with the same key that wins the race ends in the constraint, and its object is
    returned too. Without a key the object is simply created."""
    if not settings.MITWIRKEN_ONE_TIME_KEYS:  # only to show `make faults` can fail
        key = same = None
    manager = model._default_manager
    if key is not None:
        existing = manager.filter(**key).first()
        if existing is not None:
            return existing, False
    with transaction.atomic():
        if same is not None:
            author = same.get("author")
            if getattr(author, "pk", None):
                people = author._meta.model._default_manager  # request.user is a lazy object
                people.select_for_update().filter(pk=author.pk).first()
            since = timezone.now() - datetime.timedelta(
                seconds=settings.MITWIRKEN_REPEAT_WINDOW_SECONDS
            )
            repeat = manager.filter(**same, created_at__gte=since).order_by("-pk").first()
            if repeat is not None:
                return repeat, False
        try:
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            existing = manager.filter(**key).first() if key is not None else None
            if existing is None:
                raise
            return existing, False
