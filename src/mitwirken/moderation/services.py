"""Reporting and moderating. Every public function takes the actor, checks its own rule
(moderation/rules.py) and writes a log entry."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitwirken.concept import services as concept_services
from mitwirken.concept.models import ConceptComment
from mitwirken.contributions import services as contribution_services
from mitwirken.contributions.models import Need
from mitwirken.core.once import create_once
from mitwirken.core.text import clean_optional_text, clean_text
from mitwirken.participation import services as participation_services
from mitwirken.participation.models import Comment

from . import mails
from .models import REASON_MAX_LENGTH, LogEntry, Report


def _clean_reason(reason: str) -> str:
    return clean_text(reason, max_length=REASON_MAX_LENGTH, label=_("the reason"))


Target = Need | Comment | ConceptComment


def _target_kwargs(target: Target) -> dict:
    if isinstance(target, Need):
        return {"need": target}
    if isinstance(target, ConceptComment):
        return {"concept_comment": target}
    return {"comment": target}


def _process_of(target: Target):
    if isinstance(target, Need):
        return target.process
    if isinstance(target, ConceptComment):
        return target.version.draft.process
    return target.need.process


def _set_hidden(actor, target: Target, hidden: bool, reason: str = "") -> None:
    if isinstance(target, Need):
        contribution_services.set_hidden(actor=actor, need=target, hidden=hidden, reason=reason)
    elif isinstance(target, ConceptComment):
        concept_services.set_comment_hidden(
            actor=actor, comment=target, hidden=hidden, reason=reason
        )
    else:
        participation_services.set_comment_hidden(
            actor=actor, comment=target, hidden=hidden, reason=reason
        )


def report(*, actor, target: Target, reason: str) -> tuple[Report, bool]:
    """Files a report; a second open report of the same person on the same content returns
    the first one."""
    process = _process_of(target)
    if not actor.has_perm("moderation.report", process):
        raise PermissionDenied
    reason = _clean_reason(reason)
    lookup = {"reporter": actor, "state": Report.State.OPEN, **_target_kwargs(target)}
    return create_once(
        Report,
        key=lookup,
        create=lambda: Report.objects.create(process=process, reason=reason, **lookup),
    )


def _resolve_reports(target: Target) -> None:
    Report.objects.filter(state=Report.State.OPEN, **_target_kwargs(target)).update(
        state=Report.State.RESOLVED, resolved_at=timezone.now()
    )


def _check(actor, target) -> None:
    if not actor.has_perm("moderation.moderate", _process_of(target)):
        raise PermissionDenied(_("Only the process's moderators may do this."))


@transaction.atomic
def hide(*, actor, target: Target, reason: str) -> LogEntry:
    _check(actor, target)
    reason = _clean_reason(reason)
    _set_hidden(actor, target, True, reason)
    _resolve_reports(target)
    target.refresh_from_db(fields=["hidden_reason"])
    mails.tell_author(target, hidden=True)
    return LogEntry.objects.create(
        process=_process_of(target),
        actor=actor,
        action=LogEntry.Action.HIDE,
        reason=reason,
        **_target_kwargs(target),
    )


@transaction.atomic
def restore(*, actor, target: Target, reason: str = "") -> LogEntry:
    _check(actor, target)
    _set_hidden(actor, target, False)
    mails.tell_author(target, hidden=False)
    return LogEntry.objects.create(
        process=_process_of(target),
        actor=actor,
        action=LogEntry.Action.RESTORE,
        reason=clean_optional_text(reason, max_length=REASON_MAX_LENGTH),
        **_target_kwargs(target),
    )


@transaction.atomic
def dismiss_reports(*, actor, target: Target, reason: str = "") -> LogEntry:
    _check(actor, target)
    _resolve_reports(target)
    return LogEntry.objects.create(
        process=_process_of(target),
        actor=actor,
        action=LogEntry.Action.DISMISS,
        reason=clean_optional_text(reason, max_length=REASON_MAX_LENGTH),
        **_target_kwargs(target),
    )
