"""The only code that writes needs. Each operation checks its own permission."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.core import pagecache
from mitwirken.processes.models import FieldOfAction, Process, Region, StakeholderGroup

from . import selectors
from .models import HIDDEN_REASON_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Need


def clean_text_field(value: str, *, max_length: int, label: str) -> str:
    """Trims white space and checks the length; raises a translated ValidationError."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Please fill in %(label)s.") % {"label": label})
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s may have at most %(max)d characters (it has %(length)d).")
            % {"label": label, "max": max_length, "length": len(value)}
        )
    return value


def _validate(
    *, process: Process, title: str, text: str, field_of_action: FieldOfAction
) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    try:
        title = clean_text_field(title, max_length=TITLE_MAX_LENGTH, label=_("the title"))
    except ValidationError as exc:
        errors["title"] = exc.messages
    try:
        text = clean_text_field(text, max_length=TEXT_MAX_LENGTH, label=_("the description"))
    except ValidationError as exc:
        errors["text"] = exc.messages
    if field_of_action.process_id != process.pk:
        errors["field_of_action"] = [_("This field of action does not belong to the process.")]
    if errors:
        raise ValidationError(errors)
    return title, text


def _changed(need: Need, *, before: list | None = None) -> None:
    """Invalidates, on commit, every cached page and count the need was or is part of."""
    pagecache.changed(*selectors.scopes_of(need), *(before or []))


def refresh_search_vector(need_ids: list[int] | None = None, *, process_id: int | None = None):
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
    source: str = Need.Source.ONLINE,
    check_permission: bool = True,
    created_at=None,
) -> tuple[Need, bool]:
    """Saves a need. Returns (need, created); a repeated submission_key returns the first one."""
    if check_permission and not actor.has_perm("contributions.add_need", process):
        raise PermissionDenied(_("Needs cannot be submitted in this phase."))
    title, text = _validate(
        process=process, title=title, text=text, field_of_action=field_of_action
    )
    if submission_key is not None:
        existing = Need.objects.filter(author=actor, submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            need = Need.objects.create(
                process=process,
                field_of_action=field_of_action,
                region=region,
                stakeholder_group=stakeholder_group,
                target_group=(target_group or "").strip()[:120],
                title=title,
                text=text,
                author=actor,
                source=source,
                submission_key=submission_key,
            )
            if created_at is not None:  # imports and the demo keep the original date
                Need.objects.filter(pk=need.pk).update(created_at=created_at)
                need.created_at = created_at
            refresh_search_vector([need.pk])
            _changed(need)
    except IntegrityError:
        # A concurrent request with the same key won the race: return its need.
        existing = Need.objects.filter(author=actor, submission_key=submission_key).first()
        if existing is None:
            raise
        return existing, False
    return need, True


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
    if not actor.has_perm("contributions.change_need", need):
        raise PermissionDenied(_("You may not edit this need."))
    title, text = _validate(
        process=need.process, title=title, text=text, field_of_action=field_of_action
    )
    before = selectors.scopes_of(need)  # a need moved to another field leaves the old one
    need.title = title
    need.text = text
    need.field_of_action = field_of_action
    need.region = region
    need.stakeholder_group = stakeholder_group
    need.target_group = (target_group or "").strip()[:120]
    need.save()
    refresh_search_vector([need.pk])
    _changed(need, before=before)
    return need


def set_hidden(*, need: Need, hidden: bool, reason: str = "") -> Need:
    """Hides or restores a need. Called by moderation.services, which checks the permission
    and writes the log entry."""
    reason = reason.strip()[:HIDDEN_REASON_MAX_LENGTH]
    need.is_hidden = hidden
    need.hidden_reason = reason if hidden else ""
    need.hidden_at = timezone.now() if hidden else None
    need.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "updated_at"])
    _changed(need)
    return need


def change_counters(*, need_id: int, process_id: int, supports: int = 0, comments: int = 0):
    """Adjusts the denormalised counters in one UPDATE (called by participation.services).
    Cached anonymous pages may show the old counts for a short while (core/pagecache.py)."""
    changes = {}  # Greatest(): a counter never goes below zero, even after a manual repair
    if supports:
        changes["support_count"] = Greatest(F("support_count") + supports, Value(0))
    if comments:
        changes["comment_count"] = Greatest(F("comment_count") + comments, Value(0))
    if changes:
        Need.objects.filter(pk=need_id).update(**changes)
        pagecache.active((pagecache.PROCESS, process_id), (pagecache.NEED, need_id))


@transaction.atomic
def erase_author(*, user, delete_needs: bool) -> None:
    """Before an account is deleted: deletes the person's needs if asked (with the comments
    and supports on them); otherwise they stay, shown as by a deleted account."""
    needs = Need.objects.filter(author=user)
    for need in needs.only(
        "pk", "process_id", "field_of_action_id", "region_id", "stakeholder_group_id"
    ):
        _changed(need)  # either way the pages no longer show the name
    if delete_needs:
        needs.delete()
