"""The only code that writes processes' models. Each operation takes the actor and checks
its own rule (processes/rules.py)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from mitwirken.accounts.models import Organisation
from mitwirken.core import pagecache

from .models import FieldOfAction, Phase, Process, ProcessMembership, Region, StakeholderGroup


def _require(actor, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Only the process's organisers may do this."))


@transaction.atomic
def create_process(
    *,
    actor,
    title: str,
    slug: str,
    summary: str,
    organiser: Organisation,
    description: str = "",
    published: bool = False,
    regions: list[Region] | None = None,
    stakeholder_groups: list[StakeholderGroup] | None = None,
) -> Process:
    _require(actor, "processes.create_process")
    process = Process.objects.create(
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        organiser=organiser,
        state=Process.State.PUBLISHED if published else Process.State.DRAFT,
    )
    if regions:
        process.regions.set(regions)
    if stakeholder_groups:
        process.stakeholder_groups.set(stakeholder_groups)
    pagecache.changed(process)
    return process


@transaction.atomic
def _append(actor, process: Process, items, **fields):
    """Adds a phase or field of action at the end of the process's list."""
    _require(actor, "processes.organise_process", process)
    item = items.model.objects.create(process=process, position=items.count(), **fields)
    pagecache.changed(item)
    return item


def add_phase(
    *,
    actor,
    process: Process,
    kind: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    description: str = "",
    allows_needs: bool = False,
    allows_comments: bool = False,
    allows_supports: bool = False,
) -> Phase:
    return _append(
        actor,
        process,
        process.phases,
        kind=kind,
        title=title,
        description=description,
        start_date=start_date,
        end_date=end_date,
        allows_needs=allows_needs,
        allows_comments=allows_comments,
        allows_supports=allows_supports,
    )


def add_field_of_action(
    *, actor, process: Process, slug: str, title: str, description: str = ""
) -> FieldOfAction:
    return _append(
        actor, process, process.fields_of_action, slug=slug, title=title, description=description
    )


def assign_role(*, actor, process: Process, user, role: str) -> ProcessMembership:
    """Gives a person a role in the process (organisers, and the operator, may)."""
    _require(actor, "processes.organise_process", process)
    membership, _created = ProcessMembership.objects.get_or_create(
        process=process, user=user, role=role
    )
    return membership


def adopt_new_process(*, actor, process: Process) -> ProcessMembership:
    """The person who created a process in the admin becomes its organiser."""
    if process.memberships.exists() or not actor.has_perm("processes.create_process"):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    return ProcessMembership.objects.create(
        process=process, user=actor, role=ProcessMembership.Role.ORGANISER
    )


def change_setup(*, actor, changed: list) -> None:
    """Tells the cached pages that a process was set up anew in the admin (title, phases,
    fields of action, regions, groups): ``changed`` holds the saved or deleted objects.
    The admin checks the object permissions itself (processes/admin.py); this checks that
    the actor organises every process touched, so no other page can use it as a shortcut."""
    for obj in changed:
        process = obj if isinstance(obj, Process) else getattr(obj, "process", None)
        if process is not None and not actor.has_perm("processes.organise_process", process):
            raise PermissionDenied(_("Only the process's organisers may do this."))
        if process is None and not actor.is_superuser:  # shared regions and groups
            raise PermissionDenied(_("Only administrators may change shared lists."))
    pagecache.changed(*changed)


@transaction.atomic
def translate_content(*, actor, process: Process, language: str, texts: dict) -> int:
    """An organiser gives the process's texts in a further language: ``texts`` maps
    (object, field name) to the translation; an empty text removes it. The objects are
    the process, its phases and fields of action, and the stakeholder groups it offers
    (their names are shared by every process that offers them). Returns how many texts
    changed. Originals are never touched."""
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from mitwirken.core.text import clean_optional_text

    _require(actor, "processes.organise_process", process)
    if language not in dict(settings.LANGUAGES) or language == process.language:
        raise ValidationError(_("Please choose a language other than the process's own."))
    allowed = {("process", process.pk)}
    allowed |= {("phase", pk) for pk in process.phases.values_list("pk", flat=True)}
    allowed |= {("field", pk) for pk in process.fields_of_action.values_list("pk", flat=True)}
    allowed |= {("group", pk) for pk in process.stakeholder_groups.values_list("pk", flat=True)}
    models = {"process": Process, "phase": Phase, "field": FieldOfAction, "group": StakeholderGroup}
    by_object: dict[tuple, dict[str, str]] = {}
    for (kind, pk, name), text in texts.items():
        if (kind, pk) not in allowed or name not in models[kind].TRANSLATED:
            raise ValidationError(_("This text does not belong to the process."))
        limit = models[kind]._meta.get_field(name).max_length
        by_object.setdefault((kind, pk), {})[name] = clean_optional_text(
            text, max_length=limit or 20_000
        )
    changed = 0
    touched = []
    for (kind, pk), given in by_object.items():
        obj = models[kind].objects.select_for_update().get(pk=pk)
        current = dict((obj.translations or {}).get(language) or {})
        new = {**current, **given}
        new = {name: text for name, text in new.items() if text}
        if new == current:
            continue
        changed += sum(1 for name in set(new) | set(current) if new.get(name) != current.get(name))
        translations = dict(obj.translations or {})
        if new:
            translations[language] = new
        else:
            translations.pop(language, None)
        models[kind].objects.filter(pk=pk).update(translations=translations)
        touched.append(obj)
    if touched:
        pagecache.changed(process, *[o for o in touched if not isinstance(o, Process)])
    return changed
