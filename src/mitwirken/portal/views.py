import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mitwirken.contributions import selectors as need_selectors
from mitwirken.processes import selectors as process_selectors

from . import selectors, services
from .forms import DELETE, DeleteAccountForm


def home(request):
    processes = list(process_selectors.visible_processes(request.user).order_by("-created_at"))
    return render(request, "portal/home.html", {"processes": processes})


def process_detail(request, slug: str):
    process = process_selectors.get_process(slug, request.user)
    phases = process_selectors.phases(process)
    today = process_selectors.today()
    current = process_selectors.current_phase(phases, today)
    per_field = need_selectors.needs_per_field(process)
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


@never_cache
@login_required
@require_GET
def data_export(request):
    """Everything stored about the person, as a JSON file (DSGVO Art. 15 and 20)."""
    data = selectors.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"mitwirken-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@reauthentication_required
def _delete_confirmed(request, *, delete_contributions: bool):
    """Runs only if the person proved again that it is them: allauth asks for the password
    when the last confirmation is not recent, then replays this very POST."""
    user = request.user
    services.delete_account(actor=user, user=user, delete_contributions=delete_contributions)
    logout(request)
    messages.success(request, _("Your account has been deleted."))
    return redirect("web:home")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Deletes the person's own account once the form is complete and confirmed."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _delete_confirmed(
            request, delete_contributions=form.cleaned_data["contributions"] == DELETE
        )
    return render(
        request,
        "portal/account_delete.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
