"""The only code that writes events and workshops. Every public function takes the actor
and checks its own rule (events/rules.py)."""

import datetime
import secrets
import uuid
from dataclasses import dataclass, fields, replace

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mitwirken.core import pagecache
from mitwirken.core.models import OutgoingMail
from mitwirken.core.once import create_once
from mitwirken.core.text import clean_optional_text, clean_text
from mitwirken.processes.models import FieldOfAction, Process, Region, StakeholderGroup

from . import mails
from .models import Event, Invitation, Registration, Workshop, normalise_ticket_code


def _positive(value: int, field: str) -> int:
    if value is None or value < 1:
        raise ValidationError({field: [_("Please enter at least one place.")]})
    return value


def _check_event(process: Process, data: dict, event: Event | None = None) -> dict:
    """Cleans and checks an event's fields (for create_event and change_event): every
    problem named under its field, never a database constraint's name."""
    errors: dict[str, list[str]] = {}
    try:
        data["title"] = clean_text(data["title"], max_length=200, label=_("the title"))
    except ValidationError as exc:
        errors["title"] = exc.messages
    if data.get("capacity") is None or data["capacity"] < 1:
        errors["capacity"] = [_("Please enter at least one place.")]
    elif event is not None:
        taken = event.registrations.filter(state=Registration.State.CONFIRMED).count()
        if data["capacity"] < taken:
            errors["capacity"] = [
                _("%(count)s places are taken already; the event cannot have fewer.")
                % {"count": taken}
            ]
    start, end = data.get("start_time"), data.get("end_time")
    if start and end and end < start:
        errors["end_time"] = [_("The event cannot end before it begins.")]
    opens, closes = data.get("registration_opens"), data.get("registration_closes")
    if opens and closes and closes < opens:
        errors["registration_closes"] = [_("Registration cannot close before it opens.")]
    same_slug = Event.objects.filter(process=process, slug=data["slug"])
    if event is not None:
        same_slug = same_slug.exclude(pk=event.pk)
    if same_slug.exists():
        errors["slug"] = [_("Another event of this process has this address.")]
    region = data.get("region")
    if region is not None and not process.regions.filter(pk=region.pk).exists():
        errors["region"] = [_("This region does not belong to the process.")]
    if errors:
        raise ValidationError(errors)
    for name in ("description", "venue", "address", "accessibility"):
        data[name] = (data.get(name) or "").strip()
    return data


EVENT_FIELDS = (
    "kind",
    "title",
    "slug",
    "date",
    "capacity",
    "description",
    "venue",
    "address",
    "region",
    "start_time",
    "end_time",
    "registration_opens",
    "registration_closes",
    "accessibility",
)


@transaction.atomic
def create_event(
    *,
    actor,
    process: Process,
    kind: str,
    title: str,
    slug: str,
    date: datetime.date,
    capacity: int,
    description: str = "",
    venue: str = "",
    address: str = "",
    region: Region | None = None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    registration_opens: datetime.datetime | None = None,
    registration_closes: datetime.datetime | None = None,
    accessibility: str = "",
    published: bool = False,
) -> Event:
    """An organiser adds a conference to the process (a draft unless ``published``)."""
    if not actor.has_perm("events.add_event", process):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    data = _check_event(
        process,
        {
            "kind": kind,
            "title": title,
            "slug": slug,
            "date": date,
            "capacity": capacity,
            "description": description,
            "venue": venue,
            "address": address,
            "region": region,
            "start_time": start_time,
            "end_time": end_time,
            "registration_opens": registration_opens,
            "registration_closes": registration_closes,
            "accessibility": accessibility,
        },
    )
    event = Event.objects.create(
        process=process,
        state=Event.State.PUBLISHED if published else Event.State.DRAFT,
        **data,
    )
    pagecache.changed(event)
    return event


@transaction.atomic
def change_event(*, actor, event: Event, state: str | None = None, **changes) -> Event:
    """An organiser corrects an event's details, publishes it or cancels it. The places
    cannot drop below those taken; the fields are checked as when it was created. When a
    published event is cancelled, everyone registered gets an e-mail."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    data = {name: getattr(event, name) for name in EVENT_FIELDS} | changes
    data = _check_event(event.process, data, event)
    if state is not None and state not in Event.State.values:
        raise ValidationError({"state": [_("Please choose a state.")]})
    cancelled_now = state == Event.State.CANCELLED and event.state == Event.State.PUBLISHED
    for name, value in data.items():
        setattr(event, name, value)
    if state is not None:
        event.state = state
    event.save()
    pagecache.changed(event)
    if cancelled_now:  # everyone still registered is told, in their language
        for registration in event.registrations.filter(state__in=Registration.ACTIVE):
            mails.on_commit(registration, "events/mail/event_cancelled.txt")
    return event


@transaction.atomic
def add_workshop(
    *,
    actor,
    event: Event,
    title: str,
    capacity: int,
    field_of_action: FieldOfAction | None = None,
    room: str = "",
    facilitators: str = "",
) -> Workshop:
    """An organiser adds a workshop at the end of the event's list."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    title = clean_text(title, max_length=200, label=_("the title"))
    _positive(capacity, "capacity")
    if field_of_action is not None and field_of_action.process_id != event.process_id:
        raise ValidationError(
            {"field_of_action": [_("This field of action does not belong to the process.")]}
        )
    return Workshop.objects.create(
        event=event,
        title=title,
        capacity=capacity,
        field_of_action=field_of_action,
        room=room.strip(),
        facilitators=clean_optional_text(facilitators, max_length=300),
        position=event.workshops.count(),
    )


# Registrations -----------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationDetails:
    """What a person gives when registering (the same from the form and from imports)."""

    name: str
    email: str
    organisation_name: str = ""
    stakeholder_group: StakeholderGroup | None = None
    region: Region | None = None
    first_choice: Workshop | None = None
    second_choice: Workshop | None = None
    interpreter_language: str = ""
    sign_language: bool = False
    step_free: bool = False
    childcare: bool = False
    access_other: str = ""

    def cleaned(self, event: Event) -> "RegistrationDetails":
        errors: dict[str, list[str]] = {}
        try:
            name = clean_text(self.name, max_length=120, label=_("your name"))
        except ValidationError as exc:
            errors["name"] = exc.messages
            name = ""
        email = (self.email or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Please enter a valid e-mail address.")]
        for field in ("first_choice", "second_choice"):
            workshop = getattr(self, field)
            if workshop is not None and workshop.event_id != event.pk:
                errors[field] = [_("This workshop does not belong to the event.")]
        if errors:
            raise ValidationError(errors)
        return replace(
            self,
            name=name,
            email=email,
            organisation_name=clean_optional_text(self.organisation_name, max_length=200),
            interpreter_language=clean_optional_text(self.interpreter_language, max_length=60),
            access_other=clean_optional_text(self.access_other, max_length=300),
        )

    def as_fields(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def register(
    *,
    actor,
    event: Event,
    details: RegistrationDetails,
    submission_key: uuid.UUID | None = None,
    invitation: Invitation | None = None,
) -> tuple[Registration, bool]:
    """Anyone registers for a published event while registration is open, with or without
    an account. The registration waits for the e-mail address to be confirmed
    (``confirm_registration``); a repeated submission_key returns the first one, and an
    address can be registered once per event. ``invitation``: the organisation's link the
    person came through (for the organisers' tracking)."""
    if not actor.has_perm("events.register", event):
        raise PermissionDenied(_("Registration for this event is not open."))
    if invitation is not None and invitation.event_id != event.pk:
        invitation = None  # a link of another event: the registration stands on its own
    details = details.cleaned(event)
    active = Registration.objects.filter(
        event=event, email__iexact=details.email, state__in=Registration.ACTIVE
    )
    existing = active.first()  # a repeat of the same form is answered by create_once
    if existing is not None and (
        submission_key is None or existing.submission_key != submission_key
    ):
        raise ValidationError(
            {"email": [_("This e-mail address is already registered for the event.")]}
        )

    def create() -> Registration:
        registration = Registration.objects.create(
            event=event,
            submission_key=submission_key,
            consent_at=timezone.now(),
            language=get_language() or settings.LANGUAGE_CODE,
            invitation=invitation,
            **details.as_fields(),
        )
        mails.on_commit(registration, "events/mail/confirm_address.txt")
        return registration

    try:
        return create_once(
            Registration,
            key={"event": event, "submission_key": submission_key} if submission_key else None,
            create=create,
        )
    except IntegrityError as exc:  # the same address at the same moment from another form
        raise ValidationError(
            {"email": [_("This e-mail address is already registered for the event.")]}
        ) from exc


def _holds_link(registration: Registration, token) -> bool:
    return token is not None and secrets.compare_digest(str(token), str(registration.token))


def _place_free(event: Event, workshop: Workshop | None) -> bool:
    """Whether the event (or the workshop) has a free place; call under the event's lock."""
    confirmed = Registration.objects.filter(state=Registration.State.CONFIRMED)
    if workshop is None:
        return confirmed.filter(event=event).count() < event.capacity
    return confirmed.filter(workshop=workshop).count() < workshop.capacity


def _take_place(registration: Registration, event: Event) -> None:
    """Confirms the registration with the first workshop choice that has room (or none)."""
    registration.state = Registration.State.CONFIRMED
    registration.workshop = next(
        (
            choice
            for choice in (registration.first_choice, registration.second_choice)
            if choice is not None and _place_free(event, choice)
        ),
        None,
    )


@transaction.atomic
def confirm_registration(*, actor, registration: Registration, token) -> Registration:
    """The person confirms the e-mail address through the link sent to it. Under a lock
    on the event the registration takes a free place, or joins the waiting list. Confirming
    again changes nothing."""
    if not _holds_link(registration, token):
        raise PermissionDenied(_("This link is not valid."))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state != Registration.State.PENDING:
        return registration
    registration.confirmed_at = timezone.now()
    if _place_free(event, None):
        _take_place(registration, event)
    else:
        registration.state = Registration.State.WAITING
    registration.save(update_fields=["state", "workshop", "confirmed_at"])
    confirmed = registration.state == Registration.State.CONFIRMED
    mails.on_commit(
        registration,
        "events/mail/place_confirmed.txt" if confirmed else "events/mail/waiting.txt",
    )
    return registration


@transaction.atomic
def cancel_registration(*, actor, registration: Registration, token=None) -> Registration | None:
    """The person (through their link) or an organiser cancels. A freed place goes to the
    first on the waiting list, who is returned (to be told)."""
    if not (
        _holds_link(registration, token)
        or actor.has_perm("events.change_event", registration.event)
    ):
        raise PermissionDenied(_("This link is not valid."))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state == Registration.State.CANCELLED:
        return None
    freed = registration.state == Registration.State.CONFIRMED
    registration.state = Registration.State.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.workshop = None
    registration.save(update_fields=["state", "cancelled_at", "workshop"])
    if not freed:
        return None
    waiting = (
        Registration.objects.select_for_update()
        .filter(event=event, state=Registration.State.WAITING)
        .order_by("confirmed_at", "id")
        .first()
    )
    if waiting is None:
        return None
    _take_place(waiting, event)
    waiting.save(update_fields=["state", "workshop"])
    mails.on_commit(waiting, "events/mail/place_confirmed.txt")  # the freed place is theirs
    return waiting


def _erase(registration: Registration) -> None:
    """Removes the person's data from the registration and the mails sent to them."""
    OutgoingMail.objects.filter(to__iexact=registration.email).delete()
    for name in Registration.PERSONAL_DATA_FIELDS:
        setattr(registration, name, "")
    registration.token = uuid.uuid4()  # the old link opens nothing any more
    registration.erased_at = timezone.now()
    registration.save(update_fields=[*Registration.PERSONAL_DATA_FIELDS, "token", "erased_at"])


@transaction.atomic
def erase_registration(*, actor, registration: Registration, token=None) -> None:
    """The person (through their link) or an organiser deletes the registration's personal
    data (DSGVO Art. 17). An active registration is cancelled first, so its place goes to
    the next person waiting."""
    if not (
        _holds_link(registration, token)
        or actor.has_perm("events.change_event", registration.event)
    ):
        raise PermissionDenied(_("This link is not valid."))
    if registration.state in Registration.ACTIVE:
        cancel_registration(actor=actor, registration=registration, token=token)
        registration.refresh_from_db()
    _erase(registration)


@transaction.atomic
def erase_past_registrations(*, actor, days: int) -> int:
    """Deletes the personal data of registrations for events that ended more than ``days``
    days ago (the operator, from ``manage.py purge_registrations``). Returns how many."""
    if not actor.is_superuser:
        raise PermissionDenied
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    due = Registration.objects.filter(event__date__lt=cutoff, erased_at__isnull=True)
    count = 0
    for registration in due.select_for_update():
        _erase(registration)
        count += 1
    return count


@transaction.atomic
def change_workshop(
    *, actor, registration: Registration, workshop: Workshop, token=None
) -> Registration:
    """The person (through their link) or an organiser moves a confirmed registration to
    another workshop of the event, if it has a free place (decided under the event's lock)."""
    if not (
        _holds_link(registration, token)
        or actor.has_perm("events.change_event", registration.event)
    ):
        raise PermissionDenied(_("This link is not valid."))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if workshop.event_id != event.pk:
        raise ValidationError({"workshop": [_("This workshop does not belong to the event.")]})
    if registration.state != Registration.State.CONFIRMED:
        raise ValidationError(
            {"workshop": [_("A workshop can be chosen once your place is confirmed.")]}
        )
    if registration.workshop_id == workshop.pk:
        return registration
    if not _place_free(event, workshop):
        raise ValidationError(
            {"workshop": [_("This workshop is full. Please choose another one.")]}
        )
    registration.workshop = workshop
    registration.first_choice = workshop
    registration.save(update_fields=["workshop", "first_choice"])
    return registration


@dataclass(frozen=True)
class CheckIn:
    """The result of a check-in: the registration, and whether it had been checked in
    before (a second scan: the entrance staff are warned, nothing changes)."""

    registration: Registration
    again: bool


@transaction.atomic
def check_in(*, actor, event: Event, code: str = "", registration: Registration | None = None):
    """Event staff mark a person as attending, by the ticket's code (scanned or typed) or
    from the name search. A cancelled, waiting or unconfirmed registration is refused with
    the reason; a second check-in changes nothing and says when the first was."""
    if not actor.has_perm("events.check_in", event):
        raise PermissionDenied(_("Only the event's staff may check people in."))
    qs = Registration.objects.select_for_update().filter(event=event, erased_at__isnull=True)
    if registration is not None:
        found = qs.filter(pk=registration.pk).first()
    else:
        normalised = normalise_ticket_code(code)
        if not normalised:
            raise ValidationError({"code": [_("Please enter the ticket code.")]})
        found = qs.filter(code=normalised).first()
    if found is None:
        raise ValidationError(
            {"code": [_("No ticket for this event has this code. Please check it again.")]}
        )
    refusals = {
        Registration.State.CANCELLED: _("This ticket was cancelled. The person has no place."),
        Registration.State.WAITING: _("This person is on the waiting list and has no place (yet)."),
        Registration.State.PENDING: _(
            "This registration was never confirmed by e-mail, so it holds no place."
        ),
    }
    if found.state in refusals:
        raise ValidationError({"code": [refusals[found.state]]})
    if found.attended_at is not None:
        return CheckIn(found, again=True)
    found.attended_at = timezone.now()
    found.checked_in_by = actor if getattr(actor, "pk", None) else None
    found.save(update_fields=["attended_at", "checked_in_by"])
    pagecache.changed(event)  # the attendance figures of the open data
    return CheckIn(found, again=False)


@transaction.atomic
def undo_check_in(*, actor, registration: Registration) -> None:
    """Event staff take back a check-in made by mistake."""
    if not actor.has_perm("events.check_in", registration.event):
        raise PermissionDenied(_("Only the event's staff may check people in."))
    Registration.objects.filter(pk=registration.pk).update(attended_at=None, checked_in_by=None)
    pagecache.changed(registration.event)


# Invitations -------------------------------------------------------------------------


@transaction.atomic
def send_invitations(*, actor, event: Event, stakeholders) -> int:
    """An organiser invites organisations of the process's directory to a published event;
    each gets one e-mail with its personal link. Organisations invited before are skipped,
    so pressing the button twice sends nothing twice. Returns how many were invited."""
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied(_("Only the process's organisers may do this."))
    if event.state != Event.State.PUBLISHED:
        raise ValidationError({"event": [_("Invitations can be sent for a published event only.")]})
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one mailing at a time
    already = set(event.invitations.values_list("stakeholder_id", flat=True))
    chosen = [s for s in stakeholders if s.process_id == event.process_id and s.pk not in already]
    sent_by = actor if getattr(actor, "pk", None) else None
    invitations = Invitation.objects.bulk_create(
        [Invitation(event=event, stakeholder=s, sent_by=sent_by) for s in chosen],
        batch_size=500,
    )
    for invitation in invitations:
        mails.invite(invitation)
    return len(invitations)


@transaction.atomic
def decline_invitation(*, actor, invitation: Invitation, token) -> Invitation:
    """The invited organisation says it will not come (through its link)."""
    if not (
        (token is not None and secrets.compare_digest(str(token), str(invitation.token)))
        or actor.has_perm("events.change_event", invitation.event)
    ):
        raise PermissionDenied(_("This link is not valid."))
    if invitation.declined_at is None:
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])
    return invitation
