"""What became of a need: its status and public answer, every change kept
(``StatusChange``), merges that keep the merged need and point it to the one it joins, and
the digest e-mail to authors who asked to be told.

The synthesis (analysis) and the action approaches call these; every public function
takes the actor and checks its rule, except the helpers named ``…_for_…``, which trust the
caller named in their name."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mitwirken.core import pagecache
from mitwirken.core.text import clean_optional_text

from .models import TEXT_MAX_LENGTH, Need, StatusChange

Status = Need.Status
# Set by hand in the workspace; "taken up" comes from linking the need to an action
# approach, "merged" from merging.
SETTABLE = (Status.RECEIVED, Status.IN_REVIEW, Status.NOT_ADOPTED)
RESPONSE_MAX_LENGTH = TEXT_MAX_LENGTH
DIGEST_DELAY = datetime.timedelta(minutes=10)


def _check(actor, need: Need) -> None:
    if not actor.has_perm("contributions.set_status", need):
        raise PermissionDenied(_("Only the process's organisers may do this."))


def _record(
    actor,
    need: Need,
    status: str,
    response: str | None = None,
    merged_into: Need | None | bool = False,
) -> Need:
    """Writes a status (and the answer, where given) with its history row. Trusted:
    the caller has checked the actor's rule. ``merged_into``: False leaves it as it is."""
    old = need.status
    fields = ["status", "updated_at"]
    need.status = status
    if response is not None:
        need.response = response
        fields.append("response")
    if merged_into is not False:
        need.merged_into = merged_into
        fields.append("merged_into")
    need.save(update_fields=fields)
    StatusChange.objects.create(
        need=need,
        actor=actor if getattr(actor, "pk", None) else None,
        old_status=old,
        status=status,
        response=need.response,
    )
    pagecache.changed(need)
    return need


@transaction.atomic
def set_status(*, actor, need: Need, status: str, response: str) -> Need:
    """The organisers set a need's status and public answer. "Not taken up" needs a
    reason; "taken up" and "merged" come from an action approach or a merge."""
    _check(actor, need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    errors = {}
    if status not in SETTABLE and status != need.status:  # the answer of a taken-up need
        if status == Status.ADOPTED:
            errors["status"] = [_("A need is taken up by linking it to an action approach.")]
        elif status == Status.MERGED:
            errors["status"] = [_("A need is merged from the list of similar needs.")]
        else:
            errors["status"] = [_("Please choose a status.")]
    if need.status == Status.MERGED and status != Status.MERGED and status in SETTABLE:
        errors["status"] = [_("This need is merged into another one; undo the merge first.")]
    response = clean_optional_text(response, max_length=RESPONSE_MAX_LENGTH)
    if status == Status.NOT_ADOPTED and not response:
        errors["response"] = [_("Please give the reason why this need is not taken up.")]
    if errors:
        raise ValidationError(errors)
    if need.status == status and need.response == response:
        return need
    return _record(actor, need=need, status=status, response=response)


@transaction.atomic
def merge(*, actor, need: Need, into: Need) -> Need:
    """``need`` says the same as ``into``: it stays, marked "merged", and points to it;
    needs merged into ``need`` before now point to ``into``. Nothing is deleted; ``undo_merge``
    reverses it."""
    _check(actor, need)
    _check(actor, into)
    locked = {n.pk: n for n in Need.objects.select_for_update().filter(pk__in=[need.pk, into.pk])}
    need, into = locked[need.pk], locked[into.pk]
    if need.pk == into.pk or need.process_id != into.process_id:
        raise ValidationError(_("Please choose another need of this process."))
    if into.merged_into_id is not None:
        raise ValidationError(_("That need has been merged into another one itself."))
    if need.merged_into_id is not None:
        raise ValidationError(_("This need has been merged already."))
    for earlier in Need.objects.select_for_update().filter(merged_into=need):
        _record(actor, need=earlier, status=Status.MERGED, merged_into=into)
    pagecache.changed(into)  # its page counts the needs merged into it
    return _record(actor, need=need, status=Status.MERGED, merged_into=into)


@transaction.atomic
def undo_merge(*, actor, need: Need) -> Need:
    """The merge is taken back: the need has its own status again (the one before the
    merge)."""
    _check(actor, need)
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.merged_into_id is None:
        raise ValidationError(_("This need is not merged."))
    before = (
        StatusChange.objects.filter(need=need, status=Status.MERGED)
        .order_by("-created_at", "-id")
        .values_list("old_status", flat=True)
        .first()
    )
    if before in (None, Status.MERGED):
        before = Status.IN_REVIEW
    into = need.merged_into
    _record(actor, need=need, status=before, merged_into=None)
    if into is not None:
        pagecache.changed(into)
    return need


def take_up_for_approaches(*, needs, recorded_as, answer: str = "") -> list[Need]:
    """Trusted (approaches.services, after its rule): needs linked to an action approach
    are taken up, unless they were merged or turned down on purpose. ``recorded_as``: the
    person named in the history."""
    actor = recorded_as
    changed = []
    for need in needs:
        if need.status in (Status.RECEIVED, Status.IN_REVIEW):
            changed.append(
                _record(actor, need=need, status=Status.ADOPTED, response=answer or None)
            )
    return changed


def reopen_for_approaches(*, needs, recorded_as) -> list[Need]:
    """Trusted (approaches.services, after its rule): needs no longer behind any approach
    are in review again."""
    actor = recorded_as
    return [
        _record(actor, need=need, status=Status.IN_REVIEW)
        for need in needs
        if need.status == Status.ADOPTED
    ]


# The digest ---------------------------------------------------------------------------


def send_digests_now(*, actor, process) -> int:
    """An organiser sends the waiting digests of her process at once (not waiting for the
    next scheduled round)."""
    if not actor.has_perm("contributions.import_needs", process):  # the organisers' rule
        raise PermissionDenied(_("Only the process's organisers may do this."))
    return send_digests_for_scheduler(delay=datetime.timedelta(0), process_id=process.pk)


def send_digests_for_scheduler(
    *,
    now: datetime.datetime | None = None,
    delay: datetime.timedelta = DIGEST_DELAY,
    process_id: int | None = None,
) -> int:
    """One e-mail per author who asked to be told, listing their needs whose status changed
    since the last digest (the latest state of each), in the author's language. Changes
    younger than ``delay`` wait for the next round, so that an organiser's series of edits
    makes one mail. Returns the number of mails queued; every change looked at is marked
    told, whether or not its author wanted a mail."""
    from django.urls import reverse

    from mitwirken.core.mail import queue_mail, render_mail

    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        waiting = StatusChange.objects.filter(notified_at__isnull=True, created_at__lte=now - delay)
        if process_id is not None:
            waiting = waiting.filter(need__process_id=process_id)
        changes = list(
            waiting.select_for_update(skip_locked=True, of=("self",))
            .select_related("need__author", "need__process", "need__merged_into")
            .order_by("need__author_id", "need_id", "created_at")
        )
        by_author: dict[int, dict[int, Need]] = {}
        for change in changes:
            author = change.need.author
            if author is None or not author.notify_status or not author.is_active:
                continue
            by_author.setdefault(author.pk, {})[change.need_id] = change.need
        for needs in by_author.values():
            author = next(iter(needs.values())).author
            items = list(needs.values())
            with translation.override(author.language or settings.LANGUAGE_CODE):
                subject, body, html = render_mail(
                    "contributions/mail/status_digest.txt",
                    {
                        "person": author,
                        "needs": [
                            (need, settings.MITWIRKEN_SITE_URL + need.get_absolute_url())
                            for need in items
                        ],
                        "my_needs_url": settings.MITWIRKEN_SITE_URL + reverse("web:my_needs"),
                        "site_name": settings.MITWIRKEN_SITE_NAME,
                    },
                )
            queue_mail(
                kind="status_digest",
                to=author.email,
                subject=subject,
                body=body,
                html=html,
                topic=f"process:{items[0].process_id}",
            )
            sent += 1
        StatusChange.objects.filter(pk__in=[c.pk for c in changes]).update(notified_at=now)
    return sent
