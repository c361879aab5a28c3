"""The conferences of a process: the list, an event's page, registration without an
account, and the person's own registration page behind the link sent by e-mail."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.core import ratelimit
from mitwirken.events import selectors, services
from mitwirken.events.forms import RegistrationForm
from mitwirken.events.models import Registration
from mitwirken.processes import selectors as process_selectors

from ..access import process_of
from ..forms import form_page, run_create
from .tickets import registration_context


def event_list(request, slug: str):
    process = process_of(request, slug)
    upcoming, past = selectors.upcoming_and_past(
        selectors.events_of(process, request.user), process_selectors.today()
    )
    return render(
        request,
        "web/event_list.html",
        {"process": process, "upcoming": upcoming, "past": past},
    )


def event_detail(request, slug: str, event: str):
    process = process_of(request, slug)
    event = selectors.get_event(process, event, request.user)
    return render(
        request,
        "web/event_detail.html",
        {
            "process": process,
            "event": event,
            "is_past": event.is_past(process_selectors.today()),
            "workshops": list(event.workshops.select_related("board", "field_of_action")),
            "can_register": request.user.has_perm("events.register", event),
            "places_left": selectors.places_left(event),
        },
    )


# At most 100 registrations in 10 minutes from one network address (no accounts here; an
# organisation may register its people from one office).
REGISTRATION_LIMIT = ratelimit.Limit("registration", 100, 600)


@never_cache
@require_http_methods(["GET", "POST"])
def event_register(request, slug: str, event: str):
    process = process_of(request, slug)
    event = selectors.get_event(process, event, request.user)
    if not request.user.has_perm("events.register", event):
        raise PermissionDenied(_("Registration for this event is not open."))
    invitation = selectors.invitation_for(event, request.GET.get("invitation"))
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        event=event,
        taxonomy=process_selectors.taxonomy(process),
        initial=RegistrationForm.initial_from(invitation),
    )
    register = lambda: services.register(  # noqa: E731
        actor=request.user,
        event=event,
        details=form.details(),
        submission_key=form.cleaned_data.get("submission_key"),
        invitation=invitation,
    )
    saved = _("Almost done: please confirm your registration with the link we have sent you.")
    again = _("You had registered already; please use the link in the e-mail.")
    if run_create(request, form, register, saved=saved, again=again, limit=REGISTRATION_LIMIT):
        return redirect(event)
    context = {
        "process": process,
        "event": event,
        "form": form,
        "invitation": invitation,
        "places_left": selectors.places_left(event),
    }
    return form_page(request, "web/event_register.html", context)


@never_cache
def invitation_page(request, slug: str, token: str):
    """An organisation's personal invitation link: register, or decline."""
    invitation = selectors.get_invitation(process_of(request, slug), token)
    event = invitation.event
    return render(
        request,
        "web/invitation.html",
        {
            "process": event.process,
            "event": event,
            "invitation": invitation,
            "can_register": request.user.has_perm("events.register", event),
            "places_left": selectors.places_left(event),
        },
    )


@require_POST
def invitation_decline(request, slug: str, token: str):
    invitation = selectors.get_invitation(process_of(request, slug), token)
    services.decline_invitation(actor=request.user, invitation=invitation, token=token)
    messages.success(request, _("Thank you for letting us know. We are sorry you cannot come."))
    return redirect(invitation)


@never_cache
def registration_page(request, slug: str, token: str):
    registration = selectors.get_registration(process_of(request, slug), token)
    return render(request, "web/registration.html", registration_context(registration))


@require_POST
def registration_confirm(request, slug: str, token: str):
    registration = selectors.get_registration(process_of(request, slug), token)
    registration = services.confirm_registration(
        actor=request.user, registration=registration, token=token
    )
    if registration.state == Registration.State.CONFIRMED:
        messages.success(request, _("Your place is confirmed. See you there!"))
    elif registration.state == Registration.State.WAITING:
        messages.info(request, _("The event is full: you are on the waiting list."))
    else:  # a repeated press after cancelling: nothing changed
        messages.info(request, _("Your registration is cancelled."))
    return redirect(registration)


@require_POST
def registration_cancel(request, slug: str, token: str):
    registration = selectors.get_registration(process_of(request, slug), token)
    services.cancel_registration(actor=request.user, registration=registration, token=token)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(registration)


@require_POST
def registration_erase(request, slug: str, token: str):
    registration = selectors.get_registration(process_of(request, slug), token)
    event = registration.event
    services.erase_registration(actor=request.user, registration=registration, token=token)
    messages.success(request, _("Your registration and your data have been deleted."))
    return redirect(event)


def event_documentation_pdf(request, slug: str, event: str):
    """One PDF of a conference: its programme, who was present by stakeholder group and
    region, and each workshop's documentation (cards by cluster, dot vote, notes)."""
    from django.conf import settings
    from django.db.models import Count

    from mitwirken.workshops import selectors as workshop_selectors
    from mitwirken.workshops.models import Board

    from ..pdf import pdf_response

    process = process_of(request, slug)
    event = selectors.get_event(process, event, request.user)
    workshops = list(event.workshops.select_related("field_of_action").order_by("title", "id"))
    boards = {
        b.workshop_id: b
        for b in Board.objects.filter(workshop__in=workshops, state=Board.State.CLOSED)
    }
    present = event.registrations.filter(attended_at__isnull=False).order_by()
    return pdf_response(
        request,
        "web/pdf/event_documentation.html",
        {
            "process": process,
            "event": event,
            "site_name": settings.MITWIRKEN_SITE_NAME,
            "present": present.count(),
            "by_group": list(
                present.values_list("stakeholder_group__name")
                .annotate(n=Count("id"))
                .order_by("-n")
            ),
            "by_region": list(
                present.values_list("region__name").annotate(n=Count("id")).order_by("-n")
            ),
            "workshops": [
                {
                    "workshop": w,
                    "board": boards.get(w.pk),
                    "wall": workshop_selectors.wall(boards[w.pk]) if w.pk in boards else None,
                    "participants": workshop_selectors.participants_by_group(boards[w.pk])
                    if w.pk in boards
                    else [],
                }
                for w in workshops
            ],
        },
        f"dokumentation-{event.slug}.pdf",
    )
