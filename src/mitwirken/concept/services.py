"""The only code that writes the concept. Every function takes the actor and checks its
rule (concept/rules.py)."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mitwirken.core import pagecache
from mitwirken.core.once import create_once
from mitwirken.core.text import clean_text
from mitwirken.processes.models import Process

from .models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ConceptComment,
    ConceptDraft,
    ConceptSection,
    ConceptVersion,
)
from .rendering import comment_period_open, render_sections


def _check(actor, process: Process) -> None:
    if not actor.has_perm("concept.edit_concept", process):
        raise PermissionDenied(_("Only the process's organisers may do this."))


@transaction.atomic
def assemble_draft(*, actor, process: Process, title: str = "") -> ConceptDraft:
    """The draft of a process, made once: an introduction and one chapter per field of
    action (its action approaches follow its text). Pressing again adds chapters for
    fields of action added since, nothing else."""
    _check(actor, process)
    Process.objects.select_for_update().get(pk=process.pk)
    draft, _created = ConceptDraft.objects.get_or_create(
        process=process,
        defaults={
            "title": clean_text(
                title or process.title, max_length=TITLE_MAX_LENGTH, label=_("the title")
            )
        },
    )
    sections = list(draft.sections.all())
    if not sections:
        ConceptSection.objects.create(
            draft=draft, position=0, key="einleitung", title=_("Introduction")
        )
    have = {s.field_of_action_id for s in sections}
    position = max([s.position for s in sections] + [0]) + 1
    for field in process.fields_of_action.order_by("position", "title"):
        if field.pk in have:
            continue
        ConceptSection.objects.create(
            draft=draft,
            position=position,
            key=slugify(field.slug)[:60],
            title=field.title,
            field_of_action=field,
        )
        position += 1
    pagecache.changed(draft)
    return draft


def _section_fields(title: str, body: str) -> dict:
    errors = {}
    cleaned = {}
    try:
        cleaned["title"] = clean_text(title, max_length=TITLE_MAX_LENGTH, label=_("the title"))
    except ValidationError as exc:
        errors["title"] = exc.messages
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > BODY_MAX_LENGTH:
        errors["body"] = [
            _("The text is %(length)s characters long; at most %(max)s fit.")
            % {"length": len(body), "max": BODY_MAX_LENGTH}
        ]
    cleaned["body"] = body
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def change_section(*, actor, section: ConceptSection, title: str, body: str) -> ConceptSection:
    _check(actor, section.draft.process)
    section = ConceptSection.objects.select_for_update().get(pk=section.pk)
    for name, value in _section_fields(title, body).items():
        setattr(section, name, value)
    section.save()
    pagecache.changed(section.draft)
    return section


@transaction.atomic
def add_section(*, actor, draft: ConceptDraft, title: str, body: str = "") -> ConceptSection:
    _check(actor, draft.process)
    fields = _section_fields(title, body)
    key = slugify(fields["title"])[:50] or "abschnitt"
    if draft.sections.filter(key=key).exists():
        key = f"{key}-{uuid.uuid4().hex[:6]}"
    position = (
        draft.sections.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    section = ConceptSection.objects.create(draft=draft, position=position, key=key, **fields)
    pagecache.changed(draft)
    return section


@transaction.atomic
def move_section(*, actor, section: ConceptSection, up: bool) -> None:
    """Swaps a section with the one before (``up``) or after it."""
    _check(actor, section.draft.process)
    sections = list(
        ConceptSection.objects.select_for_update()
        .filter(draft=section.draft)
        .order_by("position", "id")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(sections):
        return
    sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections):
        if item.position != position:
            ConceptSection.objects.filter(pk=item.pk).update(position=position)
    pagecache.changed(section.draft)


@transaction.atomic
def publish_version(
    *,
    actor,
    draft: ConceptDraft,
    comments_from: datetime.date | None = None,
    comments_until: datetime.date | None = None,
    final: bool = False,
) -> ConceptVersion:
    """Freezes the draft as it is now into a new version: open for comments between the
    two dates, or the final concept (no comments)."""
    _check(actor, draft.process)
    draft = ConceptDraft.objects.select_for_update().get(pk=draft.pk)
    errors = {}
    if not final:
        if comments_from is None:
            errors["comments_from"] = [_("Please enter the first day of the comment period.")]
        if comments_until is None:
            errors["comments_until"] = [_("Please enter the last day of the comment period.")]
        if comments_from and comments_until and comments_until < comments_from:
            errors["comments_until"] = [_("The comment period cannot end before it begins.")]
    content = render_sections(draft)
    if not any(s["paragraphs"] or s["approaches"] for s in content):
        errors["__all__"] = [_("The draft has no text yet.")]
    if errors:
        raise ValidationError(errors)
    number = (draft.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ConceptVersion.objects.create(
        draft=draft,
        number=number,
        title=draft.title,
        content=content,
        is_final=final,
        comments_from=None if final else comments_from,
        comments_until=None if final else comments_until,
        published_by=actor if getattr(actor, "pk", None) else None,
    )
    pagecache.changed(draft)
    return version


def comment(
    *,
    actor,
    version: ConceptVersion,
    anchor: str,
    text: str,
    submission_key: uuid.UUID | None = None,
) -> tuple[ConceptComment, bool]:
    """A comment on one paragraph of a version, while its comment period runs and it is
    the newest version. Returns (comment, created); a repeated key returns the first."""
    if not actor.has_perm("concept.comment", version.draft.process):
        raise PermissionDenied(_("Please log in to comment."))
    if not actor.has_perm("concept.view_concept", version.draft.process):
        raise PermissionDenied
    if not comment_period_open(version):
        if version.is_final:
            raise ValidationError(_("The final concept takes no comments."))
        newest = version.draft.versions.order_by("-number").first()
        if newest and newest.pk != version.pk:
            raise ValidationError(
                _(
                    "This version has been replaced by a newer one; "
                    "comments go to the newest version."
                )
            )
        raise ValidationError(
            _("Comments on this version are taken from %(start)s to %(end)s.")
            % {"start": version.comments_from, "end": version.comments_until}
        )
    if anchor not in version.anchors:
        raise ValidationError(_("Please choose a paragraph of this version."))
    text = clean_text(text, max_length=COMMENT_MAX_LENGTH, label=_("the comment"))

    def create():
        made = ConceptComment.objects.create(
            version=version, anchor=anchor, author=actor, text=text, submission_key=submission_key
        )
        pagecache.changed(version.draft)
        return made

    return create_once(
        ConceptComment,
        key={"author": actor, "submission_key": submission_key} if submission_key else None,
        create=create,
    )


@transaction.atomic
def answer_comment(*, actor, comment: ConceptComment, text: str) -> ConceptComment:
    _check(actor, comment.version.draft.process)
    comment = ConceptComment.objects.select_for_update().get(pk=comment.pk)
    comment.answer = clean_text(text, max_length=COMMENT_MAX_LENGTH, label=_("the answer"))
    comment.answered_at = timezone.now()
    comment.save(update_fields=["answer", "answered_at"])
    pagecache.changed(comment.version.draft)
    return comment


def set_comment_hidden(*, actor, comment: ConceptComment, hidden: bool, reason: str = ""):
    """Hides or restores a comment on the concept (moderators; moderation.services writes
    the log entry). The paragraph then shows the reason in its place."""
    if not actor.has_perm("concept.moderate_comment", comment.version.draft.process):
        raise PermissionDenied(_("Only the process's moderators may do this."))
    comment.save(update_fields=comment.set_hidden_state(hidden=hidden, reason=reason))
    pagecache.changed(comment.version.draft)
    return comment
