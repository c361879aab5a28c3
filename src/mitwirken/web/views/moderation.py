"""Reporting content, and the moderators' queue and decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.concept.models import ConceptComment
from mitwirken.moderation import selectors, services
from mitwirken.moderation.forms import ModerateForm, ReportForm

from ..access import comment_of, need_of, process_of, require, require_login, safe_next
from ..forms import form_page, run_create

MODERATORS_ONLY = gettext_lazy("Only the process's moderators may see this page.")


def _comment_url(comment) -> str:
    return f"{comment.need.get_absolute_url()}#comment-{comment.pk}"


def _kind(target) -> str:
    if isinstance(target, ConceptComment):
        return "concept_comment"
    return "comment" if hasattr(target, "need_id") else "need"


def _concept_comment_of(request, slug: str, pk: int):
    """A comment on the concept of a process the person may see."""
    process = process_of(request, slug)
    comment = get_object_or_404(
        ConceptComment.objects.select_related("version__draft__process", "author"),
        pk=pk,
        version__draft__process=process,
    )
    return process, comment


def _report(request, process, target, back_url: str):
    require_login(request)
    form = ReportForm(request.POST if request.method == "POST" else None)
    report = lambda: services.report(  # noqa: E731
        actor=request.user, target=target, reason=form.cleaned_data["reason"]
    )
    saved = _("Thank you. The moderation will look at it.")
    again = _("You had already reported this; the report is open.")
    if run_create(request, form, report, field="reason", saved=saved, again=again):
        return redirect(back_url)
    context = {"process": process, "target": target, "form": form, "back_url": back_url}
    return form_page(request, "web/report_form.html", context)


@require_http_methods(["GET", "POST"])
def report_need(request, slug: str, pk: int):
    process, need = need_of(request, slug, pk)
    return _report(request, process, need, need.get_absolute_url())


@require_http_methods(["GET", "POST"])
def report_comment(request, slug: str, pk: int):
    process, comment = comment_of(request, slug, pk)
    return _report(request, process, comment, _comment_url(comment))


@require_http_methods(["GET", "POST"])
def report_concept_comment(request, slug: str, pk: int):
    process, comment = _concept_comment_of(request, slug, pk)
    return _report(request, process, comment, comment.get_absolute_url())


def queue(request, slug: str, item_errors: dict | None = None):
    process = process_of(request, slug)
    require(request, "moderation.moderate", process, message=MODERATORS_ONLY)
    rows = selectors.queue(process)
    for row in rows:
        row["errors"] = (item_errors or {}).get(f"{row['kind']}-{row['target'].pk}", [])
    return render(
        request,
        "web/queue.html",
        {
            "process": process,
            "queue": rows,
            "hidden": selectors.hidden_content(process),
            "log": selectors.log(process),
            "item_errors": item_errors or {},
        },
        status=400 if item_errors else 200,
    )


def _failed(request, process, target, back_url: str, errors: list[str]):
    """From the queue, the errors appear at the item they concern; elsewhere above."""
    if request.POST.get("from_queue"):
        return queue(request, process.slug, item_errors={f"{_kind(target)}-{target.pk}": errors})
    for error in errors:
        messages.error(request, error)
    return redirect(back_url)


def _moderate(request, process, target, back_url: str):
    require(request, "moderation.moderate", process, message=MODERATORS_ONLY)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return _failed(
            request, process, target, back_url, [e for errs in form.errors.values() for e in errs]
        )
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
        return _failed(request, process, target, back_url, exc.messages)
    return redirect(back_url)


@require_POST
def moderate_need(request, slug: str, pk: int):
    process, need = need_of(request, slug, pk)
    return _moderate(request, process, need, safe_next(request, need.get_absolute_url()))


@require_POST
def moderate_comment(request, slug: str, pk: int):
    process, comment = comment_of(request, slug, pk)
    return _moderate(request, process, comment, safe_next(request, _comment_url(comment)))


@require_POST
def moderate_concept_comment(request, slug: str, pk: int):
    process, comment = _concept_comment_of(request, slug, pk)
    return _moderate(request, process, comment, safe_next(request, comment.get_absolute_url()))
