"""Rendering of list items, memoised by content.

Django's template engine spends some 20 µs on every variable; a page of 20 needs with a
dozen values each costs more than everything else on the page together. A list item is a
pure function of the values it is given, so its HTML is cached under a hash of exactly
those values, the language and the template's source: an entry can never be stale, and
nothing has to invalidate it. A changed count or title simply makes a new key.
"""

import hashlib
from collections.abc import Mapping, Sequence

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .memo import WeightedLRU

FRAGMENT_SECONDS = 3600
_source_digests: dict[str, str] = {}
# A fragment's key names its content, so a worker may keep what it rendered or read: a
# page of items then costs no round trip. About 1,500 characters an item: 4 million
# characters keep some 2,500 items (4-16 MB a worker: 1 byte a character for German
# text, up to 4 with emoji).
LOCAL_FRAGMENTS_CHARS = 4_000_000
_local = WeightedLRU(10_000, LOCAL_FRAGMENTS_CHARS, len)


def _template(name: str):
    template = get_template(name)
    if name not in _source_digests:
        source = getattr(template.template, "source", "")
        _source_digests[name] = hashlib.blake2b(source.encode(), digest_size=8).hexdigest()
    return template, _source_digests[name]


def _key(template_digest: str, language: str, item: Mapping) -> str:
    values = repr(sorted(item.items()))
    digest = hashlib.blake2b(values.encode(), digest_size=16).hexdigest()
    return f"fragment:{template_digest}:{language}:{digest}"


def render_each(template_name: str, items: Sequence[Mapping], *, name: str = "item") -> list:
    """The template rendered once per item (given to it as ``name``), in order. The
    worker's copies first, then one cache round trip for the rest; only the items not
    cached yet are rendered."""
    template, digest = _template(template_name)
    language = get_language() or ""
    keys = [_key(digest, language, item) for item in items]
    found = {}
    for key in keys:
        known = _local.get(key)
        if known is not None:
            found[key] = known
    asked = [key for key in keys if key not in found]
    if asked:
        fetched = cache.get_many(asked)
        for key, value in fetched.items():
            _local.set(key, value)
        found.update(fetched)
    missing = {}
    html: list[SafeString] = []
    for key, item in zip(keys, items, strict=True):
        if key in found:
            html.append(mark_safe(found[key]))  # noqa: S308 - our own rendered template
            continue
        rendered = template.render({name: item})
        missing[key] = str(rendered)
        _local.set(key, missing[key])
        html.append(mark_safe(rendered))  # noqa: S308 - our own rendered template
    if missing:
        cache.set_many(missing, FRAGMENT_SECONDS)
    return html


# The parts of a page that depend only on the language, the address or the set-up (the
# header with its language links, the footer, the top of the needs list with its filter
# form): rendered once per worker and key ({% kept %} in core/templatetags/mitwirken.py).
# A header is some 3,000 characters, the top of the needs list some 9,000: 6 million
# characters (6-24 MB a worker, by script) keep a few thousand addresses.
LOCAL_KEPT_CHARS = 6_000_000
kept = WeightedLRU(5_000, LOCAL_KEPT_CHARS, len)
