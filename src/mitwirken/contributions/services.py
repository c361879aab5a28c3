"""The only code that writes needs. Every public function takes the actor and checks its
own rule (contributions/rules.py), except ``change_counters_for_participation``, which
participation's services call after checking theirs."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.core import pagecache
from mitwirken.core.once import create_once
from mitwirken.core.text import clean_optional_text, clean_text
from mitwirken.processes.models import FieldOfAction, Process, Region, StakeholderGroup

from .models import (
    HIDDEN_REASON_MAX_LENGTH,
    IMPORT_NOTE_MAX_LENGTH,
    TARGET_GROUP_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Need,
    NeedEdit,
)

# The fields an edit may change, in the order the change log lists them.
EDITABLE_FIELDS = (
    "title",
    "text",
    "field_of_action",
    "region",
    "stakeholder_group",
    "target_group",
)


def _validate(
    *, process: Process, title: str, text: str, field_of_action: FieldOfAction
) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    try:
        title = clean_text(title, max_length=TITLE_MAX_LENGTH, label=_("the title"))
    except ValidationError as exc:
        errors["title"] = exc.messages
    try:
        text = clean_text(text, max_length=TEXT_MAX_LENGTH, label=_("the description"))
    except ValidationError as exc:
        errors["text"] = exc.messages
    if field_of_action.process_id != process.pk:
        errors["field_of_action"] = [_("This field of action does not belong to the process.")]
    if errors:
        raise ValidationError(errors)
    return title, text


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


def _create(*, process: Process, author, title: str, text: str, **fields) -> Need:
    need = Need.objects.create(process=process, author=author, title=title, text=text, **fields)
    _refresh_search_vector([need.pk])
    pagecache.changed(need)
    return need


def submit_need(
    *,
    actor,
    process: Process,
    title: str,
    text: str,
    field_of_action: FieldOfAction,
    region: Region | None = None,
    stakeholder_group: StakeholderGroup | None = None,
    target_group: str = "",
    submission_key: uuid.UUID | None = None,
) -> tuple[Need, bool]:
    """A person submits a need online. Returns (need, created); a repeated submission_key
    returns the first one."""
    if not actor.has_perm("contributions.add_need", process):
        raise PermissionDenied(_("Needs cannot be submitted in this phase."))
    title, text = _validate(
        process=process, title=title, text=text, field_of_action=field_of_action
    )
    return create_once(
        Need,
        key={"author": actor, "submission_key": submission_key} if submission_key else None,
        create=lambda: _create(
            process=process,
            author=actor,
            title=title,
            text=text,
            field_of_action=field_of_action,
            region=region,
            stakeholder_group=stakeholder_group,
            target_group=clean_optional_text(target_group, max_length=TARGET_GROUP_MAX_LENGTH),
            source=Need.Source.ONLINE,
            submission_key=submission_key,
        ),
    )


def import_need(
    *,
    actor,
    process: Process,
    author,
    title: str,
    text: str,
    field_of_action: FieldOfAction,
    note: str,
    region: Region | None = None,
    stakeholder_group: StakeholderGroup | None = None,
    target_group: str = "",
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
    title, text = _validate(
        process=process, title=title, text=text, field_of_action=field_of_action
    )
    note = clean_text(note, max_length=IMPORT_NOTE_MAX_LENGTH, label=_("where it came from"))

    def create() -> Need:
        need = _create(
            process=process,
            author=author,
            title=title,
            text=text,
            field_of_action=field_of_action,
            region=region,
            stakeholder_group=stakeholder_group,
            target_group=clean_optional_text(target_group, max_length=TARGET_GROUP_MAX_LENGTH),
            source=source,
            imported_by=actor if getattr(actor, "pk", None) else None,
            import_note=note,
            submission_key=key,
        )
        if created_at is not None:  # auto_now_add ignores a given value
            Need.objects.filter(pk=need.pk).update(created_at=created_at)
            need.created_at = created_at
        return need

    return create_once(
        Need, key={"author": author, "submission_key": key} if key else None, create=create
    )


def _display(value) -> str:
    """How a changed value is kept in the change log: readable, not an id."""
    if value is None:
        return ""
    return str(value)


@transaction.atomic
def edit_need(
    *,
    actor,
    need: Need,
    title: str,
    text: str,
    field_of_action: FieldOfAction,
    region: Region | None,
    stakeholder_group: StakeholderGroup | None,
    target_group: str = "",
) -> Need:
    """The author (while the phase is open) or an organiser changes a need. An edit by
    anyone but the author is logged with what changed and shown on the need's page."""
    if not actor.has_perm("contributions.change_need", need):
        raise PermissionDenied(_("You may not edit this need."))
    title, text = _validate(
        process=need.process, title=title, text=text, field_of_action=field_of_action
    )
    before = pagecache.scopes_of(need)  # a need moved to another field leaves the old one
    new_values = {
        "title": title,
        "text": text,
        "field_of_action": field_of_action,
        "region": region,
        "stakeholder_group": stakeholder_group,
        "target_group": clean_optional_text(target_group, max_length=TARGET_GROUP_MAX_LENGTH),
    }
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
    need.is_hidden = hidden
    need.hidden_reason = (
        clean_optional_text(reason, max_length=HIDDEN_REASON_MAX_LENGTH) if hidden else ""
    )
    need.hidden_at = timezone.now() if hidden else None
    need.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "updated_at"])
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
