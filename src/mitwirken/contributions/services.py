"""The only code that writes needs. Every public function takes the actor and checks its
own rule (contributions/rules.py), except ``change_counters_for_participation``, which
participation's services call after checking theirs."""

import datetime
import uuid
from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from mitwirken.core import pagecache
from mitwirken.core.once import create_once
from mitwirken.core.text import clean_optional_text, clean_text
from mitwirken.processes.models import FieldOfAction, Process, Region, StakeholderGroup

from .models import (
    IMPORT_NOTE_MAX_LENGTH,
    TARGET_GROUP_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Need,
    NeedEdit,
)


@dataclass(frozen=True)
class NeedContent:
    """What a need says and where it belongs: the same for submitting, importing and
    editing, and validated in one place (``cleaned``)."""

    title: str
    text: str
    field_of_action: FieldOfAction
    region: Region | None = None
    stakeholder_group: StakeholderGroup | None = None
    target_group: str = ""

    def cleaned(self, process: Process) -> "NeedContent":
        """The content with its texts trimmed; a translated ValidationError per field."""
        errors: dict[str, list[str]] = {}
        cleaned = {}
        for name, label, max_length in (
            ("title", _("the title"), TITLE_MAX_LENGTH),
            ("text", _("the description"), TEXT_MAX_LENGTH),
        ):
            try:
                cleaned[name] = clean_text(getattr(self, name), max_length=max_length, label=label)
            except ValidationError as exc:
                errors[name] = exc.messages
        if self.field_of_action.process_id != process.pk:
            errors["field_of_action"] = [_("This field of action does not belong to the process.")]
        if errors:
            raise ValidationError(errors)
        target_group = clean_optional_text(self.target_group, max_length=TARGET_GROUP_MAX_LENGTH)
        return replace(self, target_group=target_group, **cleaned)

    def as_fields(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _refresh_search_vector(need_ids: list[int] | None = None, *, process_id=None) -> None:
    """Writes the German full-text vector (PostgreSQL only; SQLite searches with LIKE)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    qs = Need.objects.all()
    if need_ids is not None:
        qs = qs.filter(pk__in=need_ids)
    if process_id is not None:
        qs = qs.filter(process_id=process_id)
    qs.update(
        search_vector=SearchVector("title", weight="A", config="german")
        + SearchVector("text", weight="B", config="german")
    )


def _create_once(
    *,
    process: Process,
    author,
    content: NeedContent,
    key: uuid.UUID | None,
    created_at=None,
    repeat_of_same_text: bool = False,
    **extra,
) -> tuple[Need, bool]:
    """Saves the need once per (author, key): a repeated key returns the first need; with
    ``repeat_of_same_text`` also the same title and text sent again (core.once)."""
    if not settings.MITWIRKEN_ONE_TIME_KEYS:  # only to show `make faults` can fail
        key = None

    def create() -> Need:
        need = Need.objects.create(
            process=process, author=author, submission_key=key, **content.as_fields(), **extra
        )
        if created_at is not None:  # auto_now_add ignores a given value
            Need.objects.filter(pk=need.pk).update(created_at=created_at)
            need.created_at = created_at
        _refresh_search_vector([need.pk])
        pagecache.changed(need)
        return need

    same = None
    if repeat_of_same_text and getattr(author, "pk", None):
        same = {"process": process, "author": author, "title": content.title, "text": content.text}
    return create_once(
        Need,
        key={"author": author, "submission_key": key} if key else None,
        create=create,
        same=same,
    )


def submit_need(
    *, actor, process: Process, content: NeedContent, submission_key: uuid.UUID | None = None
) -> tuple[Need, bool]:
    """A person submits a need online. Returns (need, created); a repeated submission_key
    returns the first one, and so does the same title and text sent again by the same
    person within the repeat window (a reloaded form after an error)."""
    if not actor.has_perm("contributions.add_need", process):
        raise PermissionDenied(_("Needs cannot be submitted in this phase."))
    return _create_once(
        process=process,
        author=actor,
        content=content.cleaned(process),
        key=submission_key,
        source=Need.Source.ONLINE,
        repeat_of_same_text=True,
    )


def import_need(
    *,
    actor,
    process: Process,
    author,
    content: NeedContent,
    note: str,
    source: str = Need.Source.IMPORT,
    created_at: datetime.datetime | None = None,
    key: uuid.UUID | None = None,
) -> tuple[Need, bool]:
    """An organiser brings in a need that was not typed into the form (paper cards, a
    workshop's results, the demo data): any phase, with its original author and date.
    The provenance is recorded (who imported it, ``note`` on where it came from); a
    repeated ``key`` returns the first need, so an import can be run again safely."""
    if not actor.has_perm("contributions.import_needs", process):
        raise PermissionDenied(_("Only the process's organisers may import needs."))
    content = content.cleaned(process)
    note = clean_text(note, max_length=IMPORT_NOTE_MAX_LENGTH, label=_("where it came from"))
    return _create_once(
        process=process,
        author=author,
        content=content,
        key=key,
        created_at=created_at,
        source=source,
        imported_by=actor if getattr(actor, "pk", None) else None,
        import_note=note,
    )


def write_need_for_workshop_card(
    *,
    process: Process,
    field_of_action: FieldOfAction,
    title: str,
    text: str,
    need: Need | None = None,
    byline: str = "",
    stakeholder_group: StakeholderGroup | None = None,
    region: Region | None = None,
    note: str = "",
) -> Need:
    """Creates (or, with ``need``, rewrites) the need behind a workshop card. A trusted
    helper: only ``workshops.services`` calls it, after checking who may write on the
    board; the texts arrive cleaned there."""
    if need is None:
        need = Need.objects.create(
            process=process,
            field_of_action=field_of_action,
            title=title,
            text=text,
            byline=byline[:60],
            stakeholder_group=stakeholder_group,
            region=region,
            source=Need.Source.WORKSHOP,
            import_note=note[:IMPORT_NOTE_MAX_LENGTH],
        )
    else:
        need.title, need.text, need.field_of_action = title, text, field_of_action
        need.save(update_fields=["title", "text", "field_of_action", "updated_at"])
    _refresh_search_vector([need.pk])
    pagecache.changed(need)
    return need


def remove_need_for_workshop_card(*, need: Need) -> None:
    """Deletes the need behind a workshop card (trusted helper of workshops.services)."""
    pagecache.changed(need)
    need.delete()


def _display(value) -> str:
    """How a changed value is kept in the change log: readable, not an id."""
    if value is None:
        return ""
    return str(value)


@transaction.atomic
def edit_need(*, actor, need: Need, content: NeedContent) -> Need:
    """The author (while the phase is open) or an organiser changes a need. An edit by
    anyone but the author is logged with what changed and shown on the need's page."""
    if not actor.has_perm("contributions.change_need", need):
        raise PermissionDenied(_("You may not edit this need."))
    new_values = content.cleaned(need.process).as_fields()
    before = pagecache.scopes_of(need)  # a need moved to another field leaves the old one
    changes = {
        name: [_display(getattr(need, name)), _display(value)]
        for name, value in new_values.items()
        if getattr(need, name) != value
    }
    if not changes:
        return need
    for name, value in new_values.items():
        setattr(need, name, value)
    need.save()
    _refresh_search_vector([need.pk])
    if need.author_id != getattr(actor, "pk", None):
        NeedEdit.objects.create(need=need, actor=actor if actor.pk else None, changes=changes)
    pagecache.changed(need, *before)
    return need


@transaction.atomic
def set_hidden(*, actor, need: Need, hidden: bool, reason: str = "") -> Need:
    """Hides or restores a need (moderators; moderation.services writes the log entry)."""
    if not actor.has_perm("contributions.moderate_need", need):
        raise PermissionDenied(_("Only the process's moderators may do this."))
    need.save(update_fields=[*need.set_hidden_state(hidden=hidden, reason=reason), "updated_at"])
    pagecache.changed(need)
    return need


def change_counters_for_participation(*, need: Need, supports: int = 0, comments: int = 0):
    """Adjusts the denormalised counters in one UPDATE. Called only by participation's
    services, after they checked their own rule. Cached anonymous pages may show the old
    counts for a short while (core/pagecache.py)."""
    changes = {}  # Greatest(): a counter never goes below zero, even after a manual repair
    if supports:
        changes["support_count"] = Greatest(F("support_count") + supports, Value(0))
    if comments:
        changes["comment_count"] = Greatest(F("comment_count") + comments, Value(0))
    if changes:
        Need.objects.filter(pk=need.pk).update(**changes)
        pagecache.changed(need, counts_only=True)


@transaction.atomic
def erase_author(*, actor, user, delete_needs: bool) -> None:
    """Before a person's account is deleted (by themselves): deletes their needs if asked
    (with the comments and supports on them); otherwise they stay, shown as by a deleted
    account."""
    if not actor.has_perm("contributions.erase_own_needs", user):
        raise PermissionDenied
    needs = Need.objects.filter(author=user)
    fields = ["pk", "process_id", "field_of_action_id", "region_id", "stakeholder_group_id"]
    pagecache.changed(*needs.only(*fields))  # either way the pages no longer show the name
    if delete_needs:
        needs.delete()


def rebuild_search_index(*, actor, process: Process) -> None:
    """Writes the full-text vectors of all the process's needs (after a bulk load)."""
    if not actor.has_perm("processes.organise_process", process):
        raise PermissionDenied
    _refresh_search_vector(process_id=process.pk)


def set_language_for_analysis(*, need_id: int, language: str) -> None:
    """Records the language a need is written in (trusted helper of analysis.vectors,
    which detects it when the need is prepared). Not an edit: no history, no cache."""
    Need.objects.filter(pk=need_id).update(language=language[:12])
