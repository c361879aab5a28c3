"""The only code that writes the stakeholder directory. Every public function takes the
actor and checks its own rule (directory/rules.py): the process's organisers."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.core.once import create_once
from mitwirken.core.text import clean_optional_text, clean_text
from mitwirken.processes.models import Process, Region, StakeholderGroup

from . import csvimport
from .models import CONTACT_MAX_LENGTH, NAME_MAX_LENGTH, DirectoryImport, Stakeholder

BATCH_SIZE = 1000


def _require(actor, process: Process) -> None:
    if not actor.has_perm("directory.manage_directory", process):
        raise PermissionDenied(_("Only the process's organisers may manage its directory."))


def _duplicate_message() -> str:
    return _("This e-mail address is already in the directory of the process.")


def _basename(filename: str | None) -> str:
    """The file's name without the folders some browsers send ("C:\\Users\\…\\list.csv")."""
    return (filename or "").replace("\\", "/").rsplit("/", 1)[-1]


def _person(actor):
    """The account to record as the uploader (the operator has none)."""
    return actor if getattr(actor, "pk", None) is not None else None


# Imports --------------------------------------------------------------------------------


@transaction.atomic
def check_import(*, actor, process: Process, filename: str, data: bytes) -> DirectoryImport:
    """Reads an uploaded CSV file and stores it with its report: which rows are good, and
    for each bad row its line and every reason. Nothing is imported yet (``apply_import``).
    A file that cannot be read at all (too large, not text, no header with the expected
    columns, no rows) is refused with a ValidationError on ``file``."""
    _require(actor, process)
    if len(data) > csvimport.MAX_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is larger than %(max)d MB. Please split it into smaller files.")
                    % {"max": csvimport.MAX_BYTES // (1024 * 1024)}
                ]
            }
        )
    try:
        text, encoding = csvimport.decode(data)
        result = csvimport.parse(text, csvimport.lookups_for(process))
    except csvimport.FileProblem as exc:
        raise ValidationError({"file": [exc.message]}) from exc
    return DirectoryImport.objects.create(
        process=process,
        uploaded_by=_person(actor),
        filename=clean_optional_text(_basename(filename), max_length=255),
        content=text,
        encoding=encoding,
        total_rows=result.total_rows,
        good_rows=len(result.rows),
        report=result.problems,
    )


def apply_import(*, actor, directory_import: DirectoryImport, good_rows_only: bool) -> int:
    """Adds the file's rows to the directory and returns how many. If the file has bad rows,
    only with ``good_rows_only`` (then they are skipped); otherwise nothing is imported and
    a ValidationError says why. The rows are checked again against the directory as it is
    now, under a lock on the import: a second press, or a retry, imports nothing twice and
    returns the first count. A row that has become bad since the check (its address was
    added meanwhile) is shown in the stored report. The file's text is deleted once it is
    imported."""
    _require(actor, directory_import.process)
    with transaction.atomic():
        locked = DirectoryImport.objects.select_for_update().get(pk=directory_import.pk)
        refused = None
        if locked.applied_at is None:
            refused = _apply(locked, directory_import.process, good_rows_only=good_rows_only)
        for name in ("applied_at", "imported", "content", "good_rows", "report"):
            setattr(directory_import, name, getattr(locked, name))
    if refused is not None:  # raised after the block: the renewed report is kept
        raise ValidationError({"file": [refused]})
    return locked.imported


def _apply(locked: DirectoryImport, process: Process, *, good_rows_only: bool) -> str | None:
    """Imports the rows and marks the import applied; or, when bad rows are not to be
    skipped, stores the renewed report and returns why nothing was imported."""
    try:
        result = csvimport.parse(locked.content, csvimport.lookups_for(process))
    except csvimport.FileProblem as exc:  # it was read at the upload; only if it was changed
        raise ValidationError({"file": [exc.message]}) from exc
    if result.problems and not good_rows_only:
        if result.problems != locked.report:
            locked.good_rows, locked.report = len(result.rows), result.problems
            locked.save(update_fields=["good_rows", "report"])
        return _(
            "%(bad)d of the %(total)d rows cannot be imported. Import the good rows only, "
            "or upload a corrected file."
        ) % {"bad": len(result.problems), "total": result.total_rows}
    stakeholders = [
        Stakeholder(
            process=process,
            name=row.name,
            email=row.email,
            stakeholder_group=row.stakeholder_group,
            region=row.region,
            contact_person=row.contact_person,
        )
        for row in result.rows
    ]
    try:
        with transaction.atomic():
            Stakeholder.objects.bulk_create(stakeholders, batch_size=BATCH_SIZE)
    except IntegrityError as exc:  # the same address added by someone else at this moment
        raise ValidationError(
            {
                "file": [
                    _(
                        "The directory was changed while the file was imported. "
                        "Nothing was imported; please try again."
                    )
                ]
            }
        ) from exc
    locked.applied_at = timezone.now()
    locked.imported = len(stakeholders)
    locked.content = ""
    locked.save(update_fields=["applied_at", "imported", "content"])
    return None


# Single stakeholders -------------------------------------------------------------------


def _cleaned(
    process: Process,
    *,
    name: str,
    email: str,
    stakeholder_group: StakeholderGroup | None,
    region: Region | None,
    contact_person: str,
) -> dict:
    """The fields as they are stored; a ValidationError naming every field that is wrong."""
    errors: dict[str, list[str]] = {}
    try:
        name = clean_text(name, max_length=NAME_MAX_LENGTH, label=_("the name"))
    except ValidationError as exc:
        errors["name"] = exc.messages
    email = (email or "").strip().lower()
    if not csvimport.is_valid_email(email):
        errors["email"] = [_("Please enter a valid e-mail address.")]
    if (
        stakeholder_group is not None
        and not process.stakeholder_groups.filter(pk=stakeholder_group.pk).exists()
    ):
        errors["stakeholder_group"] = [_("This group is not one of the process's groups.")]
    if region is not None and not process.regions.filter(pk=region.pk).exists():
        errors["region"] = [_("This region is not one of the process's regions.")]
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "email": email,
        "stakeholder_group": stakeholder_group,
        "region": region,
        "contact_person": clean_optional_text(contact_person, max_length=CONTACT_MAX_LENGTH),
    }


def _check_email_is_free(process: Process, email: str, *, exclude: int | None = None) -> None:
    taken = Stakeholder.objects.filter(process=process, email__iexact=email)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"email": [_duplicate_message()]})


@transaction.atomic
def add_stakeholder(
    *,
    actor,
    process: Process,
    name: str,
    email: str,
    stakeholder_group: StakeholderGroup | None = None,
    region: Region | None = None,
    contact_person: str = "",
    submission_key: uuid.UUID | None = None,
) -> tuple[Stakeholder, bool]:
    """An organiser adds an organisation to the directory. Returns (stakeholder, created):
    a repeated ``submission_key`` (the form sent twice) returns the first one. An address
    can be in a process's directory once."""
    _require(actor, process)
    fields = _cleaned(
        process,
        name=name,
        email=email,
        stakeholder_group=stakeholder_group,
        region=region,
        contact_person=contact_person,
    )

    def create() -> Stakeholder:
        _check_email_is_free(process, fields["email"])
        return Stakeholder.objects.create(process=process, submission_key=submission_key, **fields)

    key = {"process": process, "submission_key": submission_key} if submission_key else None
    try:
        return create_once(Stakeholder, key=key, create=create)
    except IntegrityError as exc:  # the same address at the same moment from another form
        raise ValidationError({"email": [_duplicate_message()]}) from exc


@transaction.atomic
def change_stakeholder(
    *,
    actor,
    stakeholder: Stakeholder,
    name: str,
    email: str,
    stakeholder_group: StakeholderGroup | None = None,
    region: Region | None = None,
    contact_person: str = "",
) -> Stakeholder:
    """An organiser corrects an entry of the directory."""
    process = stakeholder.process
    _require(actor, process)
    fields = _cleaned(
        process,
        name=name,
        email=email,
        stakeholder_group=stakeholder_group,
        region=region,
        contact_person=contact_person,
    )
    _check_email_is_free(process, fields["email"], exclude=stakeholder.pk)
    for attribute, value in fields.items():
        setattr(stakeholder, attribute, value)
    try:
        with transaction.atomic():
            stakeholder.save(update_fields=list(fields))
    except IntegrityError as exc:
        raise ValidationError({"email": [_duplicate_message()]}) from exc
    return stakeholder


@transaction.atomic
def delete_stakeholder(*, actor, stakeholder: Stakeholder) -> None:
    """An organiser removes an organisation from the directory."""
    _require(actor, stakeholder.process)
    stakeholder.delete()
