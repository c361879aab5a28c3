"""The only code that writes action approaches. Linking a need to an approach takes it up
(contributions.status); a need no longer behind any approach is in review again."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mitwirken.contributions import status as need_status
from mitwirken.contributions.models import Need
from mitwirken.core import pagecache
from mitwirken.core.text import clean_optional_text, clean_text
from mitwirken.processes.models import FieldOfAction, Process, StakeholderGroup

from .models import (
    ACTORS_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ActionApproach,
)


@dataclass
class ApproachContent:
    title: str
    description: str
    field_of_action: FieldOfAction
    responsible_groups: list[StakeholderGroup] = field(default_factory=list)
    responsible_actors: str = ""
    horizon: str = ActionApproach.Horizon.MEDIUM
    priority: int = ActionApproach.Priority.MEDIUM
    status: str = ActionApproach.Status.DRAFT

    def cleaned(self, process: Process) -> ApproachContent:
        errors: dict[str, list[str]] = {}
        try:
            self.title = clean_text(self.title, max_length=TITLE_MAX_LENGTH, label=_("the title"))
        except ValidationError as exc:
            errors["title"] = exc.messages
        self.description = clean_optional_text(self.description, max_length=DESCRIPTION_MAX_LENGTH)
        self.responsible_actors = clean_optional_text(
            self.responsible_actors, max_length=ACTORS_MAX_LENGTH
        )
        if self.field_of_action.process_id != process.pk:
            errors["field_of_action"] = [_("This field of action does not belong to the process.")]
        allowed = set(process.stakeholder_groups.values_list("pk", flat=True))
        if any(g.pk not in allowed for g in self.responsible_groups):
            errors["responsible_groups"] = [_("Please choose groups of this process.")]
        if self.horizon not in ActionApproach.Horizon.values:
            errors["horizon"] = [_("Please choose a time horizon.")]
        if self.priority not in ActionApproach.Priority.values:
            errors["priority"] = [_("Please choose a priority.")]
        if self.status not in ActionApproach.Status.values:
            errors["status"] = [_("Please choose a status.")]
        if errors:
            raise ValidationError(errors)
        return self


def _check(actor, process: Process) -> None:
    if not actor.has_perm("approaches.manage_approaches", process):
        raise PermissionDenied(_("Only the process's organisers may do this."))


def _own_needs(process: Process, needs) -> list[Need]:
    ids = [n.pk if isinstance(n, Need) else int(n) for n in needs]
    found = list(Need.objects.select_for_update().filter(pk__in=ids, process=process))
    if len(found) != len(set(ids)):
        raise ValidationError({"needs": [_("Please choose needs of this process.")]})
    return found


def _write(approach: ActionApproach, content: ApproachContent) -> None:
    for name in (
        "title",
        "description",
        "field_of_action",
        "responsible_actors",
        "horizon",
        "priority",
        "status",
    ):
        setattr(approach, name, getattr(content, name))
    approach.save()
    approach.responsible_groups.set(content.responsible_groups)


def create_approach(
    *, actor, process: Process, content: ApproachContent, needs=(), origin: str = "", key: str = ""
) -> tuple[ActionApproach, bool]:
    """A new action approach, with the needs behind it (taken up by it). Returns
    (approach, created): a repeated ``key`` (the same cluster, a re-pressed form) returns
    the first."""
    _check(actor, process)
    content = content.cleaned(process)
    if key:
        first = ActionApproach.objects.filter(process=process, origin_key=key).first()
        if first is not None:
            return first, False
    try:
        with transaction.atomic():
            return _create(actor, process, content, needs, origin, key), True
    except IntegrityError:  # the same key at the same moment: the other press won
        return ActionApproach.objects.get(process=process, origin_key=key), False


def _create(actor, process, content, needs, origin, key) -> ActionApproach:
    linked = _own_needs(process, needs)
    approach = ActionApproach(
        process=process,
        origin=origin[:200],
        origin_key=key[:60],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _write(approach, content)
    approach.needs.set(linked)
    need_status.take_up_for_approaches(needs=linked, recorded_as=actor)
    pagecache.changed(approach)
    return approach


@transaction.atomic
def change_approach(*, actor, approach: ActionApproach, content: ApproachContent) -> ActionApproach:
    _check(actor, approach.process)
    approach = ActionApproach.objects.select_for_update().get(pk=approach.pk)
    _write(approach, content.cleaned(approach.process))
    pagecache.changed(approach)
    return approach


@transaction.atomic
def link_needs(*, actor, approach: ActionApproach, needs) -> ActionApproach:
    _check(actor, approach.process)
    linked = _own_needs(approach.process, needs)
    approach.needs.add(*linked)
    need_status.take_up_for_approaches(needs=linked, recorded_as=actor)
    pagecache.changed(approach)
    return approach


@transaction.atomic
def unlink_needs(*, actor, approach: ActionApproach, needs) -> ActionApproach:
    """The needs are no longer behind this approach; those behind no other approach are in
    review again."""
    _check(actor, approach.process)
    unlinked = _own_needs(approach.process, needs)
    approach.needs.remove(*unlinked)
    still = set(
        ActionApproach.needs.through.objects.filter(need__in=unlinked).values_list(
            "need_id", flat=True
        )
    )
    need_status.reopen_for_approaches(
        needs=[n for n in unlinked if n.pk not in still], recorded_as=actor
    )
    pagecache.changed(approach)
    return approach


@transaction.atomic
def delete_approach(*, actor, approach: ActionApproach) -> None:
    _check(actor, approach.process)
    needs = list(approach.needs.select_for_update())
    unlink_needs(actor=actor, approach=approach, needs=needs)
    pagecache.changed(approach)
    approach.delete()
