"""Each need prepared for the engine once, when it is written: its language (also kept on
the need, for its pages' lang=), its lemmas and its sentence vector. A clustering job only
reads them; needs without a current vector (imported in bulk, older data) are prepared
first, in batches."""

from __future__ import annotations

import hashlib

from django.db import transaction

from mitwirken.contributions.models import Need
from mitwirken.contributions.services import set_language_for_analysis

from .engine import embed
from .engine.pipeline import prepare
from .models import NeedVector

BATCH = 500


def text_of(need: Need) -> str:
    return f"{need.title}. {need.text}".strip(" .")


def _hash(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def refresh(needs: list[Need], *, default_language: str = "de") -> int:
    """Prepares the needs whose text changed since their vector was made (or that have
    none). Returns how many were prepared."""
    current = dict(NeedVector.objects.filter(need__in=needs).values_list("need_id", "text_hash"))
    todo = [n for n in needs if current.get(n.pk) != _hash(text_of(n))]
    embedder = embed.default_embedder()
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        texts = [text_of(n) for n in batch]
        prepared = prepare(texts, default_language=default_language, embedder=embedder)
        with transaction.atomic():
            for need, text, item in zip(batch, texts, prepared, strict=True):
                NeedVector.objects.update_or_create(
                    need=need,
                    defaults={
                        "language": item.language,
                        "lemmas": " ".join(item.lemmas),
                        "vector": embed.to_bytes(item.vector),
                        "model": embedder.name,
                        "text_hash": _hash(text),
                    },
                )
                if need.language != item.language:
                    set_language_for_analysis(need_id=need.pk, language=item.language)
                    need.language = item.language
    return len(todo)


def refresh_ids(ids: list[int]) -> int:
    needs = list(Need.objects.filter(pk__in=ids).select_related("process"))
    if not needs:
        return 0
    return refresh(needs, default_language=needs[0].process.language or "de")
