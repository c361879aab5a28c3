"""The only code that writes the built files (reports.Export). A request for a file finds
the one built from the current state of the data, or asks for one build — however many
people ask at once: one pending build per file, a database constraint — that a task runs
(django-tasks: the database backend with ``manage.py db_worker`` in production, at once in
``make run`` and the tests), writing its progress as it goes."""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from mitwirken.processes.models import Process

from .models import Export
from .selectors import Kind, kind_of, ready, versions_of

logger = logging.getLogger(__name__)

# A build that has not finished after this long was lost (its worker died): the next
# request starts a new one.
STALE_AFTER = datetime.timedelta(minutes=15)


def request_export(*, actor, process: Process, name: str, fmt: str, kind: Kind) -> Export:
    """The file for the current data: built, or being built (one build at a time). Anyone
    who may see the process may ask for its files."""
    if not actor.has_perm("processes.view_process", process):
        raise PermissionDenied
    found = ready(process, name, fmt, kind)
    if found is not None:
        return found
    versions, _last_activity = versions_of(kind)
    pending = _pending(process, name, fmt)
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            export = Export.objects.create(process=process, name=name, fmt=fmt, versions=versions)
            # Enqueued in the same transaction: the database backend's worker sees the task
            # and the row together; the immediate backend builds it now.
            _enqueue(export.pk)
    except IntegrityError:  # someone else asked at the same moment
        pending = _pending(process, name, fmt)
        if pending is None:
            raise
        return pending
    export.refresh_from_db()
    return export


def _enqueue(export_id: int) -> None:
    from .tasks import build_export

    build_export.enqueue(export_id)


def _pending(process: Process, name: str, fmt: str) -> Export | None:
    pending = Export.objects.filter(
        process=process, name=name, fmt=fmt, state__in=Export.PENDING
    ).first()
    if pending is not None and timezone.now() - pending.created_at > STALE_AFTER:
        Export.objects.filter(pk=pending.pk, state__in=Export.PENDING).update(
            state=Export.State.FAILED, error="lost: not finished in time"
        )
        return None
    return pending


def build_for_worker(export_id: int) -> str:
    """Trusted: the task's body (reports.tasks), for a build request_export made. Builds
    the file, writing its progress as it goes."""
    export = Export.objects.select_related("process").filter(pk=export_id).first()
    if export is None or export.state != Export.State.QUEUED:
        return export.state if export else "gone"
    claimed = Export.objects.filter(pk=export.pk, state=Export.State.QUEUED).update(
        state=Export.State.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return "taken"
    kind = kind_of(export.process, export.name, export.fmt)
    last = [0]

    def progress(percent: int) -> None:
        percent = max(1, min(99, int(percent)))
        if percent - last[0] >= 5:
            last[0] = percent
            Export.objects.filter(pk=export.pk).update(progress=percent)

    try:
        if kind is None:
            raise ValueError(f"no such file: {export}")
        data = kind.build(progress)
    except Exception as exc:
        logger.exception("could not build %s of process %s", export, export.process_id)
        Export.objects.filter(pk=export.pk).update(
            state=Export.State.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return Export.State.FAILED
    with transaction.atomic():
        Export.objects.filter(pk=export.pk).update(
            state=Export.State.DONE,
            progress=100,
            content=data,
            size=len(data),
            finished_at=timezone.now(),
        )
        # Older files of the same name are out of date now.
        Export.objects.filter(
            process=export.process, name=export.name, fmt=export.fmt, id__lt=export.pk
        ).exclude(state__in=Export.PENDING).delete()
    return Export.State.DONE
