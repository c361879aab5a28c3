"""The conferences of a process: the list, an event's page, registration without an
account, and the person's own registration page behind the link sent by e-mail."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.events import selectors, services
from mitwirken.events.forms import RegistrationForm
from mitwirken.events.models import Registration
from mitwirken.processes import selectors as process_selectors

from ..access import process_of
from ..forms import form_page, run_create


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
            "workshops": list(event.workshops.all()),
            "can_register": request.user.has_perm("events.register", event),
            "places_left": selectors.places_left(event),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def event_register(request, slug: str, event: str):
    process = process_of(request, slug)
    event = selectors.get_event(process, event, request.user)
    if not request.user.has_perm("events.register", event):
        raise PermissionDenied(_("Registration for this event is not open."))
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        event=event,
        taxonomy=process_selectors.taxonomy(process),
    )
    register = lambda: services.register(  # noqa: E731
        actor=request.user,
        event=event,
        details=form.details(),
        submission_key=form.cleaned_data.get("submission_key"),
    )
    saved = _("Almost done: please confirm your registration with the link we have sent you.")
    again = _("You had registered already; please use the link in the e-mail.")
    if run_create(request, form, register, saved=saved, again=again):
        return redirect(event)
    context = {
        "process": process,
        "event": event,
        "form": form,
        "places_left": selectors.places_left(event),
    }
    return form_page(request, "web/event_register.html", context)


@never_cache
def registration_page(request, slug: str, token: str):
    process = process_of(request, slug)
    registration = selectors.get_registration(process, token)
    return render(
        request,
        "web/registration.html",
        {
            "process": process,
            "event": registration.event,
            "registration": registration,
            "active": registration.state in Registration.ACTIVE,
            "retention_days": settings.MITWIRKEN_REGISTRATION_RETENTION_DAYS,
        },
    )


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
