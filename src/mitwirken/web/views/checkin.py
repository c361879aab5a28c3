"""The entrance: event staff check people in by the ticket's QR code (the phone's camera),
by its code typed in, or by name. Everything works without JavaScript; the camera scanner
is an enhancement that fills in the code and sends the same form."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mitwirken.events import selectors, services
from mitwirken.events.forms import CheckInForm
from mitwirken.events.models import Event, Registration

from ..access import process_of, require
from ..forms import add_service_errors

# The page may use the camera (every other page forbids it, core/middleware.py).
CAMERA_ALLOWED = "camera=(self), microphone=(), geolocation=()"


def _event_for_staff(request, slug: str, event_slug: str) -> Event:
    process = process_of(request, slug)
    event = selectors.get_event(process, event_slug, request.user)
    require(
        request,
        "events.check_in",
        event,
        message=_("Only the event's staff may check people in."),
    )
    return event


def _told(request, result: services.CheckIn) -> None:
    registration = result.registration
    where = ""
    if registration.workshop:
        where = " " + _("Workshop: %(title)s%(room)s.") % {
            "title": registration.workshop.title,
            "room": f" ({registration.workshop.room})" if registration.workshop.room else "",
        }
    if result.again:
        when = formats.time_format(timezone.localtime(registration.attended_at), "TIME_FORMAT")
        messages.warning(
            request,
            _("Already checked in at %(time)s: %(name)s. Is this the same person?")
            % {"time": when, "name": registration.name}
            + where,
        )
    else:
        messages.success(request, _("Welcome, %(name)s!") % {"name": registration.name} + where)


def _check_in_from_search(request, event: Event, here: str):
    """The button beside a name found by the search."""
    pk = request.POST["registration"]
    registration = get_object_or_404(
        Registration, event=event, pk=pk if pk.isdigit() else 0, erased_at__isnull=True
    )
    try:
        _told(
            request, services.check_in(actor=request.user, event=event, registration=registration)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    query = request.POST.get("q", "")
    return redirect(f"{here}?{urlencode({'q': query})}" if query else here)


@never_cache
@require_http_methods(["GET", "POST"])
def check_in(request, slug: str, event: str):
    event = _event_for_staff(request, slug, event)
    here = reverse("web:check_in", kwargs={"slug": slug, "event": event.slug})
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and request.POST.get("registration"):
        return _check_in_from_search(request, event, here)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(
                actor=request.user, event=event, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, "code")
        else:
            _told(request, result)
            return redirect(here)
    query = request.GET.get("q", "").strip()
    response = render(
        request,
        "web/check_in.html",
        {
            "process": event.process,
            "event": event,
            "form": form,
            "query": query,
            "found": selectors.find_for_check_in(event, query),
            "counts": selectors.check_in_counts(event),
        },
        status=400 if form.errors else 200,
    )
    response["Permissions-Policy"] = CAMERA_ALLOWED
    return response
