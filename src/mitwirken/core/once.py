"""Create an object once per one-time key: the helper every service that accepts a retry uses."""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

T = TypeVar("T", bound=models.Model)


def create_once(model: type[T], *, key: dict | None, create: Callable[[], T]) -> tuple[T, bool]:
    """Creates an object at most once per one-time key. ``key`` is the lookup that a unique
    constraint guarantees (e.g. author and submission key); ``create`` makes the object
    (and its side effects) and runs in a transaction of its own.

    Returns (object, created). A repeated key returns the first object; a concurrent
    request with the same key that wins the race ends in the constraint, and its object is
    returned too. Without a key the object is simply created."""
    manager = model._default_manager
    if key is not None:
        existing = manager.filter(**key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = manager.filter(**key).first() if key is not None else None
        if existing is None:
            raise
        return existing, False
