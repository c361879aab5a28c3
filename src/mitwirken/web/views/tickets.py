"""A participant's ticket (page with QR code, PDF, calendar file) and the workshop change,
all behind the link sent by e-mail (the registration's token); no account."""

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mitwirken.events import calendar, selectors, services
from mitwirken.events.forms import WorkshopChoiceForm
from mitwirken.events.models import Registration

from ..access import process_of
from ..forms import run_service
from ..pdf import pdf_response


def check_in_url(request, registration: Registration) -> str:
    """What the QR code holds: the check-in page of the event with the ticket's code, so
    that staff can scan it in the check-in page or with any camera app."""
    path = reverse(
        "web:check_in",
        kwargs={"slug": registration.event.process.slug, "event": registration.event.slug},
    )
    return request.build_absolute_uri(f"{path}?code={registration.code}")


def qr_svg(content: str, label: str, scale: int = 5) -> str:
    svg = segno.make(content, error="m", micro=False).svg_inline(scale=scale, border=4)
    return mark_safe(  # noqa: S308 - segno's own SVG, the label escaped
        svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    )


def _ticket_holder(request, slug: str, token: str) -> Registration:
    registration = selectors.get_registration(process_of(request, slug), token)
    if not registration.has_ticket:
        raise Http404(_("There is a ticket only for a confirmed place."))
    return registration


def _ticket_context(request, registration: Registration) -> dict:
    return {
        "process": registration.event.process,
        "event": registration.event,
        "registration": registration,
        "qr": qr_svg(
            check_in_url(request, registration),
            _("QR code of the ticket %(code)s") % {"code": registration.display_code},
        ),
    }


@never_cache
def ticket(request, slug: str, token: str):
    registration = _ticket_holder(request, slug, token)
    return render(request, "web/ticket.html", _ticket_context(request, registration))


@never_cache
def ticket_pdf(request, slug: str, token: str):
    registration = _ticket_holder(request, slug, token)
    return pdf_response(
        request,
        "web/pdf/ticket.html",
        _ticket_context(request, registration),
        f"ticket-{registration.event.slug}.pdf",
    )


@never_cache
def ticket_ics(request, slug: str, token: str):
    registration = _ticket_holder(request, slug, token)
    link = request.build_absolute_uri(
        reverse("web:ticket", kwargs={"slug": slug, "token": registration.token})
    )
    response = HttpResponse(
        calendar.ics_for(registration, link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def workshop_form(registration: Registration, data=None) -> WorkshopChoiceForm | None:
    """The form to change the workshop, for a confirmed place at an event with workshops."""
    event = registration.event
    if not registration.has_ticket or not event.workshops.exists():
        return None
    return WorkshopChoiceForm(
        data,
        event=event,
        places=selectors.workshop_places_left(event),
        initial={"workshop": registration.workshop_id},
    )


def registration_context(registration: Registration) -> dict:
    return {
        "process": registration.event.process,
        "event": registration.event,
        "registration": registration,
        "active": registration.state in Registration.ACTIVE,
        "retention_days": settings.MITWIRKEN_REGISTRATION_RETENTION_DAYS,
        "workshop_form": workshop_form(registration),
    }


@require_POST
def change_workshop(request, slug: str, token: str):
    registration = selectors.get_registration(process_of(request, slug), token)
    form = workshop_form(registration, request.POST)
    if form is None:
        raise Http404
    changed = run_service(
        request,
        form,
        lambda: services.change_workshop(
            actor=request.user, registration=registration, workshop=form.chosen(), token=token
        ),
    )
    if changed is not None:
        messages.success(
            request, _("Your workshop is now: %(title)s.") % {"title": changed.workshop.title}
        )
        return redirect(changed)
    context = registration_context(registration)
    context["workshop_form"] = form
    return render(request, "web/registration.html", context, status=400)
