"""Action approaches: the public list and page (what will be done, the needs behind it and
where they were raised), the organisers' forms, and the public page "What became of the
contributions"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.approaches import selectors, services
from mitwirken.approaches.forms import ApproachForm
from mitwirken.approaches.models import ActionApproach
from mitwirken.contributions.models import Need
from mitwirken.processes import selectors as process_selectors

from ..access import organised_process, process_of
from ..forms import form_page, run_service

ORGANISERS_ONLY = gettext_lazy("Only the process's organisers may change action approaches.")
OUTCOME_PAGE_SIZE = 50


def approach_list(request, slug: str):
    process = process_of(request, slug)
    approaches = list(selectors.approaches_of(process))
    by_field: dict = {}
    for approach in approaches:
        by_field.setdefault(approach.field_of_action, []).append(approach)
    return render(
        request,
        "web/approaches/list.html",
        {
            "process": process,
            "by_field": by_field.items(),
            "count": len(approaches),
        },
    )


def approach_detail(request, slug: str, pk: int):
    process = process_of(request, slug)
    try:
        approach = selectors.approach_with_needs(process, pk)
    except ActionApproach.DoesNotExist as exc:
        raise Http404 from exc
    needs = list(approach.needs.all())
    return render(
        request,
        "web/approaches/detail.html",
        {
            "process": process,
            "approach": approach,
            "needs": needs,
            "origins": selectors.origins(needs),
        },
    )


def outcomes(request, slug: str):
    """Was wurde aus den Beiträgen? Per field of action how many needs were taken up,
    merged, not taken up or are still open, and every need with its status."""
    process = process_of(request, slug)
    taxonomy = process_selectors.taxonomy(process)
    rows = (
        Need.objects.filter(process=process, is_hidden=False)
        .order_by()
        .values_list("field_of_action_id", "status")
        .annotate(n=Count("id"))
    )
    table = {f.pk: {"field": f, "counts": {}, "total": 0} for f in taxonomy.fields}
    totals: dict[str, int] = {}
    for field_id, status, n in rows:
        if field_id in table:
            table[field_id]["counts"][status] = n
            table[field_id]["total"] += n
            totals[status] = totals.get(status, 0) + n
    statuses = list(Need.Status.choices)
    field = taxonomy.field_by_slug().get(request.GET.get("field", ""))
    status = request.GET.get("status", "")
    needs = (
        Need.objects.filter(process=process, is_hidden=False)
        .select_related("field_of_action", "merged_into")
        .prefetch_related(
            Prefetch(
                "approaches", queryset=ActionApproach.objects.only("id", "title", "process_id")
            )
        )
        .order_by("field_of_action__position", "title", "id")
    )
    if field:
        needs = needs.filter(field_of_action=field)
    if status in Need.Status.values:
        needs = needs.filter(status=status)
    page = Paginator(needs, OUTCOME_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/approaches/outcomes.html",
        {
            "process": process,
            "table": list(table.values()),
            "totals": totals,
            "total": sum(totals.values()),
            "statuses": statuses,
            "page": page,
            "field": field,
            "status": status if status in Need.Status.values else "",
            "taxonomy": taxonomy,
            "querystring": query.urlencode(),
        },
    )


def _organised(request, slug: str):
    return organised_process(request, slug, "approaches.manage_approaches", ORGANISERS_ONLY)


@never_cache
@require_http_methods(["GET", "POST"])
def approach_new(request, slug: str):
    process = _organised(request, slug)
    taxonomy = process_selectors.taxonomy(process)
    form = ApproachForm(request.POST if request.method == "POST" else None, taxonomy=taxonomy)
    result = run_service(
        request,
        form,
        lambda: services.create_approach(
            actor=request.user,
            process=process,
            content=form.content(),
            key=f"form:{form.cleaned_data['submission_key'] or ''}"
            if form.cleaned_data.get("submission_key")
            else "",
        ),
    )
    if result is not None:
        approach, created = result
        messages.success(
            request,
            _("The action approach has been saved.")
            if created
            else _("This action approach had been saved already; it was not saved twice."),
        )
        return redirect(reverse("web:approach_edit", args=[process.slug, approach.pk]))
    return form_page(
        request, "web/approaches/form.html", {"process": process, "form": form, "approach": None}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def approach_edit(request, slug: str, pk: int):
    process = _organised(request, slug)
    try:
        approach = selectors.approach_with_needs(process, pk)
    except ActionApproach.DoesNotExist as exc:
        raise Http404 from exc
    taxonomy = process_selectors.taxonomy(process)
    form = ApproachForm(
        request.POST if request.method == "POST" else None,
        taxonomy=taxonomy,
        new=False,
        initial=ApproachForm.initial_from(approach),
    )
    if run_service(
        request,
        form,
        lambda: services.change_approach(
            actor=request.user, approach=approach, content=form.content()
        ),
    ):
        messages.success(request, _("The action approach has been saved."))
        return redirect(reverse("web:approach_edit", args=[process.slug, approach.pk]))
    return form_page(
        request,
        "web/approaches/form.html",
        {
            "process": process,
            "form": form,
            "approach": approach,
            "needs": list(approach.needs.all()),
        },
    )


@require_POST
def approach_unlink(request, slug: str, pk: int):
    process = _organised(request, slug)
    approach = ActionApproach.objects.filter(process=process, pk=pk).first()
    need_id = request.POST.get("need", "")
    if approach is None or not need_id.isdigit():
        raise Http404
    need = Need.objects.filter(process=process, pk=int(need_id)).first()
    if need is None:
        raise Http404
    services.unlink_needs(actor=request.user, approach=approach, needs=[need])
    messages.success(request, _("The need is no longer linked to this action approach."))
    return redirect(reverse("web:approach_edit", args=[process.slug, approach.pk]))
