"""What the live wall and the phones poll: a board's version, kept in the cache so that
"nothing changed" is answered without touching the database (304 Not Modified).

The database holds the truth (``Board.version``, raised with every change in the same
transaction); the cache only remembers it. A change deletes the cached value after the
commit, and the next poll reads it once from the database."""

import time

from django.core.cache import cache
from django.db import transaction

from .models import Board

TIMEOUT = 60 * 60
# A reader that stores the version it read may store an old one (read, then a change
# commits); it is kept only this long. A change stores the new version after its commit.
READ_TIMEOUT = 10


def _key(board_id: int) -> str:
    return f"mw:board-version:{board_id}"


def _code_key(code: str) -> str:
    return f"mw:board-code:{code}"


def board_id_for(code: str) -> int | None:
    """The board's id for a join code (cached; None for an unknown code)."""
    key = _code_key(code)
    found = cache.get(key)
    if found is None:
        found = Board.objects.filter(code=code).values_list("pk", flat=True).first() or 0
        cache.set(key, found, TIMEOUT if found else 60)  # unknown codes: briefly
    return found or None


def _read_version(board_id: int) -> int:
    return Board.objects.filter(pk=board_id).values_list("version", flat=True).first() or 0


def version(board_id: int) -> int:
    key = _key(board_id)
    found = cache.get(key)
    if found is None:
        found = _read_version(board_id)
        cache.add(key, found, READ_TIMEOUT)
    return found


# The wall's cards are rendered at most once a second per board and language, whatever
# the number of screens and cards: a screen may see a change up to a second late.
RENDER_AT_MOST_EVERY = 1.0


def rendered(board_id: int, language: str, render) -> tuple[str, str]:
    """(ETag, HTML) of the wall's cards: from the cache while it shows the current version
    or is less than a second old, else ``render()`` once and remember it."""
    key = f"mw:board-wall:{board_id}:{language}"
    current = version(board_id)
    cached = cache.get(key)
    if cached is not None:
        cached_version, stamp, etag, html = cached
        if cached_version == current or time.time() - stamp < RENDER_AT_MOST_EVERY:
            return etag, html
    etag = f'"w{board_id}-{current}-{language}"'
    html = render()
    cache.set(key, (current, time.time(), etag, html), TIMEOUT)
    return etag, html


def changed(board_id: int) -> None:
    """Called in the writing transaction: after the commit, the cache holds the new
    version (read from the database, so concurrent changes never go back in time)."""
    transaction.on_commit(lambda: cache.set(_key(board_id), _read_version(board_id), TIMEOUT))
