"""A person's own account: profile, data export, deletion."""

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

from mitwirken.accounts import services as account_services
from mitwirken.accounts.forms import ProfileForm
from mitwirken.privacy import selectors as privacy_selectors
from mitwirken.privacy import services as privacy_services

from ..forms import DELETE, DeleteAccountForm, form_page


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={
            "display_name": request.user.display_name,
            "notify_status": request.user.notify_status,
        },
    )
    if request.method == "POST" and form.is_valid():
        account_services.update_profile(
            actor=request.user,
            display_name=form.cleaned_data["display_name"],
            notify_status=form.cleaned_data["notify_status"],
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "web/profile.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@login_required
@require_GET
def data_export(request):
    """Everything stored about the person, as a JSON file (DSGVO Art. 15 and 20)."""
    data = privacy_selectors.personal_data(request.user)
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
    privacy_services.delete_account(
        actor=user, user=user, delete_contributions=delete_contributions
    )
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
    return form_page(request, "web/account_delete.html", {"form": form})
