"""Reading the concept: the draft with its sections, the published versions, one version
with its comments by paragraph (two queries)."""

from __future__ import annotations

from collections import defaultdict

from mitwirken.core import pagecache

from .models import CONCEPT, ConceptComment, ConceptDraft, ConceptVersion


def draft_of(process) -> ConceptDraft | None:
    return ConceptDraft.objects.filter(process=process).prefetch_related("sections").first()


def versions_of(process) -> list[ConceptVersion]:
    return list(
        ConceptVersion.objects.filter(draft__process=process).defer("content").order_by("-number")
    )


def get_version(process, number: int) -> ConceptVersion | None:
    return (
        ConceptVersion.objects.select_related("draft__process")
        .filter(draft__process=process, number=number)
        .first()
    )


def newest_version_heading(process) -> ConceptVersion | None:
    """The newest version without its text, for the process page: cached until the
    process's concept changes (services call pagecache.changed(draft))."""
    return (
        pagecache.get_or_build(
            "newest-concept-version",
            "",
            lambda: (
                (
                    ConceptVersion.objects.select_related("draft__process")
                    .filter(draft__process=process)
                    .defer("content")
                    .order_by("-number")
                    .first()
                )
                or False
            ),  # "none yet" is kept too
            scopes=[(pagecache.SETUP, process.pk), (CONCEPT, process.pk)],
        )
        or None
    )


def newest_version(process) -> ConceptVersion | None:
    return (
        ConceptVersion.objects.select_related("draft__process")
        .filter(draft__process=process)
        .order_by("-number")
        .first()
    )


def comments_by_paragraph(version: ConceptVersion) -> dict[str, list[ConceptComment]]:
    grouped: dict[str, list] = defaultdict(list)
    for comment in ConceptComment.objects.filter(version=version).select_related("author"):
        grouped[comment.anchor].append(comment)
    return dict(grouped)


def final_versions(process_ids: list[int]) -> dict[int, ConceptVersion]:
    """The final concept of each process that has one (one query)."""
    found = {}
    for version in (
        ConceptVersion.objects.filter(draft__process_id__in=process_ids, is_final=True)
        .select_related("draft__process")
        .defer("content")
        .order_by("-number")
    ):
        found.setdefault(version.draft.process_id, version)
    return found
