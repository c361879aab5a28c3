"""The organisers' screens: a dashboard per process (events, registrations, waiting lists,
invitations, breadth, access needs, e-mails, exports), reached from the header. Every view
checks the organiser's permission on the server; the services check it again."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.core.mail import mail_counts, mails_about
from mitwirken.directory import selectors as directory_selectors
from mitwirken.events import breadth as breadth_selectors
from mitwirken.events import selectors, services
from mitwirken.events.forms import EventForm, WorkshopForm
from mitwirken.events.models import Event, Registration
from mitwirken.processes import selectors as process_selectors
from mitwirken.processes.models import Process, ProcessMembership

from ..access import process_of, require, require_login
from ..forms import form_page, run_service
from ..pdf import pdf_response

ORGANISERS_ONLY = gettext_lazy("Only the process's organisers may do this.")


def _organised(request, slug: str) -> Process:
    process = process_of(request, slug)
    require(request, "processes.organise_process", process, message=ORGANISERS_ONLY)
    return process


def _event(request, process: Process, slug: str, perm="events.change_event") -> Event:
    event = selectors.get_event_for_organiser(process, slug, request.user)
    require(request, perm, event, message=ORGANISERS_ONLY)
    return event


@never_cache
def manage_home(request):
    """The header's "Manage" link: the processes the person organises or staffs."""
    require_login(request)
    if request.user.is_superuser:
        processes = list(Process.objects.order_by("title"))
    else:
        ids = ProcessMembership.objects.filter(
            user=request.user,
            role__in=[ProcessMembership.Role.ORGANISER, ProcessMembership.Role.STAFF],
        ).values("process_id")
        processes = list(Process.objects.filter(pk__in=ids).order_by("title"))
    if len(processes) == 1 and request.user.has_perm("processes.organise_process", processes[0]):
        return redirect("web:dashboard", slug=processes[0].slug)
    return render(request, "web/manage/home.html", {"processes": processes})


@never_cache
def dashboard(request, slug: str):
    process = _organised(request, slug)
    topic = f"process:{process.pk}"
    return render(
        request,
        "web/manage/dashboard.html",
        {
            "process": process,
            "events": list(selectors.events_with_counts(process)),
            "directory_count": directory_selectors.stakeholders_of(process).count(),
            "mails": mail_counts(topic),
            "today": process_selectors.today(),
        },
    )


@never_cache
def manage_event(request, slug: str, event: str):
    process = _organised(request, slug)
    event = _event(request, process, event)
    state = request.GET.get("state", "")
    places = selectors.workshop_places_left(event)
    page = Paginator(selectors.registrations_of(event, state), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/manage/event.html",
        {
            "process": process,
            "event": event,
            "state": state,
            "states": Registration.State.choices,
            "page": page,
            "counts": selectors.events_with_counts(process).get(pk=event.pk),
            "needs": breadth_selectors.access_needs(event),
            "invitations": selectors.invitation_counts(event),
            "workshop_places": [(w, places.get(w.pk, 0)) for w in event.workshops.all()],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def event_new(request, slug: str):
    process = _organised(request, slug)
    require(request, "events.add_event", process, message=ORGANISERS_ONLY)
    form = EventForm(
        request.POST if request.method == "POST" else None,
        taxonomy=process_selectors.taxonomy(process),
        initial={"kind": Event.Kind.REGIONAL, "state": Event.State.DRAFT},
    )
    form.fields["state"].choices = [
        (value, label) for value, label in Event.State.choices if value != Event.State.CANCELLED
    ]

    def create():
        data = form.values()
        state = data.pop("state")
        return services.create_event(
            actor=request.user,
            process=process,
            published=state == Event.State.PUBLISHED,
            **data,
        )

    event = run_service(request, form, create)
    if event is not None:
        messages.success(request, _("The event has been created."))
        return redirect("web:manage_event", slug=process.slug, event=event.slug)
    return form_page(
        request,
        "web/manage/event_form.html",
        {"process": process, "form": form, "event": None},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def event_edit(request, slug: str, event: str):
    process = _organised(request, slug)
    event = _event(request, process, event)
    form = EventForm(
        request.POST if request.method == "POST" else None,
        taxonomy=process_selectors.taxonomy(process),
        initial=EventForm.initial_for(event),
    )

    def change():
        data = form.values()
        return services.change_event(
            actor=request.user, event=event, state=data.pop("state"), **data
        )

    changed = run_service(request, form, change)
    if changed is not None:
        messages.success(request, _("The event has been saved."))
        return redirect("web:manage_event", slug=process.slug, event=changed.slug)
    return form_page(
        request,
        "web/manage/event_form.html",
        {"process": process, "form": form, "event": event},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def workshop_new(request, slug: str, event: str):
    process = _organised(request, slug)
    event = _event(request, process, event)
    form = WorkshopForm(
        request.POST if request.method == "POST" else None,
        taxonomy=process_selectors.taxonomy(process),
    )
    workshop = run_service(
        request,
        form,
        lambda: services.add_workshop(actor=request.user, event=event, **form.values()),
    )
    if workshop is not None:
        messages.success(request, _("The workshop has been added."))
        return redirect("web:manage_event", slug=process.slug, event=event.slug)
    return form_page(
        request,
        "web/manage/workshop_form.html",
        {"process": process, "form": form, "event": event},
    )


@require_POST
def cancel_registration(request, slug: str, event: str, pk: int):
    process = _organised(request, slug)
    event = _event(request, process, event)
    registration = get_object_or_404(Registration, event=event, pk=pk)
    promoted = services.cancel_registration(actor=request.user, registration=registration)
    messages.success(request, _("The registration is cancelled."))
    if promoted is not None:
        messages.info(
            request,
            _("%(name)s moved up from the waiting list and has been told by e-mail.")
            % {"name": promoted.name},
        )
    return redirect("web:manage_event", slug=process.slug, event=event.slug)


@never_cache
def invitations(request, slug: str, event: str):
    """Who was invited and what became of it; a mailing to a filtered selection."""
    process = _organised(request, slug)
    event = _event(request, process, event)
    taxonomy = process_selectors.taxonomy(process)
    group = request.GET.get("group", "") or request.POST.get("group", "")
    region = request.GET.get("region", "") or request.POST.get("region", "")
    _field, region_obj, group_obj = taxonomy.pick(None, region, group)
    candidates = directory_selectors.stakeholders_of(
        process, group=group_obj, region=region_obj
    ).exclude(invitations__event=event)
    if request.method == "POST":
        try:
            sent = services.send_invitations(
                actor=request.user, event=event, stakeholders=list(candidates)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation has been sent.",
                    "%(count)s invitations have been sent.",
                    sent,
                )
                % {"count": sent},
            )
        return redirect("web:invitations", slug=process.slug, event=event.slug)
    page = Paginator(selectors.invitations_of(event), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/manage/invitations.html",
        {
            "process": process,
            "event": event,
            "taxonomy": taxonomy,
            "group": group,
            "region": region,
            "candidates": candidates.count(),
            "page": page,
            "counts": selectors.invitation_counts(event),
        },
    )


@never_cache
def breadth(request, slug: str):
    process = _organised(request, slug)
    events = list(selectors.events_with_counts(process))
    chosen = request.GET.get("event", "")
    event = next((e for e in events if e.slug == chosen), None)
    if chosen and event is None:
        raise Http404
    matrix = breadth_selectors.breadth(process, event)
    return render(
        request,
        "web/manage/breadth.html",
        {
            "process": process,
            "events": events,
            "event": event,
            "matrix": matrix,
            "chart": _chart(matrix),
            "chart_height": 44 * len(matrix.rows),
            "needs": breadth_selectors.access_needs(event) if event else None,
        },
    )


def _chart(matrix) -> list[dict]:
    """Bars per stakeholder group (invited, registered, attended), scaled to 100."""
    largest = max(
        [max(row.total.invited, row.total.registered, row.total.attended) for row in matrix.rows]
        + [1]
    )
    return [
        {
            "row": row,
            "y": 44 * i,
            "invited": round(100 * row.total.invited / largest),
            "registered": round(100 * row.total.registered / largest),
            "attended": round(100 * row.total.attended / largest),
        }
        for i, row in enumerate(matrix.rows)
    ]


@never_cache
def mail_log(request, slug: str):
    process = _organised(request, slug)
    topic = f"process:{process.pk}"
    state = request.GET.get("state", "")
    mails = mails_about(topic)
    if state in ("queued", "sent", "failed"):
        mails = mails.filter(state=state)
    page = Paginator(mails, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "web/manage/mails.html",
        {"process": process, "page": page, "state": state, "counts": mail_counts(topic)},
    )


# Exports: the attendance list (CSV, PDF) and name badges (PDF), for staff and organisers.


def _attendance_event(request, slug: str, event: str) -> Event:
    process = process_of(request, slug)
    return _event(request, process, event, perm="events.check_in")


@never_cache
def attendance_csv(request, slug: str, event: str):
    event = _attendance_event(request, slug, event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnahme-{event.slug}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with umlauts only with the byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Name"),
            _("Organisation"),
            _("Stakeholder group"),
            _("Region"),
            _("Workshop"),
            _("Ticket code"),
            _("Checked in"),
        ]
    )
    for r in selectors.attendance(event).iterator(chunk_size=500):
        writer.writerow(
            [
                _safe_cell(r.name),
                _safe_cell(r.organisation_name),
                r.stakeholder_group.name if r.stakeholder_group else "",
                r.region.name if r.region else "",
                _safe_cell(r.workshop.title) if r.workshop else "",
                r.display_code,
                timezone.localtime(r.attended_at).strftime("%d.%m.%Y %H:%M")
                if r.attended_at
                else "",
            ]
        )
    return response


def _safe_cell(text: str) -> str:
    """No formula injection in spreadsheets: a cell never starts with = + - @."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@never_cache
def attendance_pdf(request, slug: str, event: str):
    event = _attendance_event(request, slug, event)
    return pdf_response(
        request,
        "web/pdf/attendance.html",
        {"event": event, "process": event.process, "people": list(selectors.attendance(event))},
        f"teilnahme-{event.slug}.pdf",
    )


@never_cache
def badges_pdf(request, slug: str, event: str):
    event = _attendance_event(request, slug, event)
    return pdf_response(
        request,
        "web/pdf/badges.html",
        {"event": event, "process": event.process, "people": list(selectors.attendance(event))},
        f"namensschilder-{event.slug}.pdf",
    )


def dashboard_url(process: Process) -> str:
    return reverse("web:dashboard", kwargs={"slug": process.slug})
