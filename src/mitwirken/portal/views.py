from django.db.models import Count
from django.shortcuts import render

from mitwirken.contributions import selectors as need_selectors
from mitwirken.processes import selectors as process_selectors


def home(request):
    processes = list(process_selectors.visible_processes(request.user).order_by("-created_at"))
    return render(request, "portal/home.html", {"processes": processes})


def process_detail(request, slug: str):
    process = process_selectors.get_process(slug, request.user)
    phases = process_selectors.phases(process)
    today = process_selectors.today()
    current = process_selectors.current_phase(phases, today)
    per_field = dict(
        need_selectors.visible_needs(process)
        .values_list("field_of_action_id")
        .annotate(n=Count("id"))
        .values_list("field_of_action_id", "n")
    )
    fields = list(process.fields_of_action.order_by("position", "title"))
    for field in fields:
        field.need_count = per_field.get(field.pk, 0)
    return render(
        request,
        "portal/process_detail.html",
        {
            "process": process,
            "phases": phases,
            "current_phase": current,
            "today": today,
            "fields": fields,
            "figures": need_selectors.figures(process),
            "can_submit": request.user.has_perm("contributions.add_need", process),
            "can_moderate": request.user.has_perm("moderation.moderate", process),
        },
    )


def privacy(request):
    return render(request, "portal/privacy.html")


def accessibility(request):
    return render(request, "portal/accessibility.html")


def imprint(request):
    return render(request, "portal/imprint.html")
