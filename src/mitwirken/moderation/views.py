from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.contributions import selectors as need_selectors
from mitwirken.participation.models import Comment
from mitwirken.processes import selectors as process_selectors

from . import selectors, services
from .forms import ModerateForm, ReportForm


def _report(request, process, target, back_url: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _report_obj, created = services.report(
                actor=request.user, target=target, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
        else:
            if created:
                messages.success(request, _("Thank you. The moderation will look at it."))
            else:
                messages.info(request, _("You had already reported this; the report is open."))
            return redirect(back_url)
    return render(
        request,
        "moderation/report_form.html",
        {"process": process, "target": target, "form": form, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def report_need(request, slug: str, pk: int):
    process = process_selectors.get_process(slug, request.user)
    need = need_selectors.get_need(process, pk)
    return _report(request, process, need, need.get_absolute_url())


def _get_comment(process, pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("need", "need__process", "author"),
        pk=pk,
        need__process=process,
    )


@require_http_methods(["GET", "POST"])
def report_comment(request, slug: str, pk: int):
    process = process_selectors.get_process(slug, request.user)
    comment = _get_comment(process, pk)
    back = f"{comment.need.get_absolute_url()}#comment-{comment.pk}"
    return _report(request, process, comment, back)


def _require_moderator(request, process):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perm("moderation.moderate", process):
        raise PermissionDenied(_("Only the process's moderators may see this page."))
    return None


def queue(request, slug: str):
    process = process_selectors.get_process(slug, request.user)
    if (response := _require_moderator(request, process)) is not None:
        return response
    return render(
        request,
        "moderation/queue.html",
        {
            "process": process,
            "queue": selectors.queue(process),
            "hidden": selectors.hidden_content(process),
            "log": selectors.log(process),
        },
    )


def _moderate(request, process, target, back_url: str):
    if (response := _require_moderator(request, process)) is not None:
        return response
    form = ModerateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back_url)
    action = form.cleaned_data["action"]
    reason = form.cleaned_data.get("reason") or ""
    try:
        if action == "hide":
            services.hide(actor=request.user, target=target, reason=reason)
            messages.success(request, _("The content is hidden; the reason is shown in its place."))
        elif action == "restore":
            services.restore(actor=request.user, target=target, reason=reason)
            messages.success(request, _("The content is visible again."))
        else:
            services.dismiss_reports(actor=request.user, target=target, reason=reason)
            messages.success(request, _("The reports have been dismissed."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect(back_url)


def _back(request, default: str) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


@require_POST
def moderate_need(request, slug: str, pk: int):
    process = process_selectors.get_process(slug, request.user)
    need = need_selectors.get_need(process, pk)
    return _moderate(request, process, need, _back(request, need.get_absolute_url()))


@require_POST
def moderate_comment(request, slug: str, pk: int):
    process = process_selectors.get_process(slug, request.user)
    comment = _get_comment(process, pk)
    default = f"{comment.need.get_absolute_url()}#comment-{comment.pk}"
    return _moderate(request, process, comment, _back(request, default))
