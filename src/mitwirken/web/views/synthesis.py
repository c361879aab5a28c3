"""The synthesis workspace of a process's organisers: every need with counts and
filters, a need's similar needs (why, merge, not a duplicate) and its status, the
duplicate suggestions, the clusters with their computation in the background and the
organiser's edits, the region comparison, and action approaches made from clusters."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mitwirken.analysis import selectors, services
from mitwirken.analysis.forms import (
    LANGUAGE_NAMES,
    ClusterNameForm,
    ClusterNeedsForm,
    JoinForm,
    RunForm,
    StatusForm,
    WorkspaceFilterForm,
)
from mitwirken.analysis.models import Cluster, ClusterRun, DuplicatePair
from mitwirken.contributions import selectors as need_selectors
from mitwirken.contributions import status as need_status
from mitwirken.contributions.models import Need
from mitwirken.events.models import Event
from mitwirken.processes import selectors as process_selectors

from ..access import organised_process
from ..forms import form_page, run_service

ORGANISERS_ONLY = gettext_lazy("Only the process's organisers may use the synthesis.")
PAGE_SIZE = 50


def _organised(request, slug: str):
    return organised_process(request, slug, "analysis.use_workspace", ORGANISERS_ONLY)


def _need(process, pk) -> Need:
    try:
        return Need.objects.select_related(
            "field_of_action",
            "region",
            "stakeholder_group",
            "merged_into",
            "author",
            "cluster_member__cluster",
            "process",
        ).get(process=process, pk=pk, is_hidden=False)
    except Need.DoesNotExist as exc:
        raise Http404 from exc


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@never_cache
def workspace(request, slug: str):
    process = _organised(request, slug)
    taxonomy = process_selectors.taxonomy(process)
    events = list(Event.objects.filter(process=process).order_by("date"))
    form = WorkspaceFilterForm(request.GET or None, taxonomy=taxonomy, events=events)
    filters = (
        form.filters() if request.GET else WorkspaceFilterForm({}, taxonomy=taxonomy).filters()
    )
    needs = selectors.workspace_needs(process, filters)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.facets(process, filters)
    return render(
        request,
        "web/synthesis/workspace.html",
        {
            "process": process,
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "counts": counts,
            "taxonomy": taxonomy,
            "events": events,
            "event_counts": [(e, counts["source"].get(f"event-{e.pk}", 0)) for e in events],
            "language_names": LANGUAGE_NAMES,
            "statuses": Need.Status.choices,
            "run": selectors.last_run(process),
            "run_form": RunForm(),
            "untold": need_selectors.untold_status_changes(process.pk),
            "open_pairs": selectors.open_pairs(process).count(),
        },
    )


@never_cache
def need(request, slug: str, pk: int):
    process = _organised(request, slug)
    item = _need(process, pk)
    form = StatusForm(
        request.POST if request.method == "POST" else None,
        current=item.status if item.status == Need.Status.ADOPTED else "",
        initial={
            "status": Need.Status.IN_REVIEW if item.status == Need.Status.RECEIVED else item.status,
            "response": item.response,
        },
    )
    if request.method == "POST":
        done = run_service(
            request,
            form,
            lambda: need_status.set_status(
                actor=request.user,
                need=item,
                status=form.cleaned_data["status"],
                response=form.cleaned_data["response"],
            ),
        )
        if done is not None:
            messages.success(request, _("The status has been saved."))
            return redirect(reverse("web:synthesis_need", args=[process.slug, item.pk]))
    similar = [] if item.merged_into_id else selectors.similar_needs(item)
    clusters = list(Cluster.objects.filter(process=process, field_of_action=item.field_of_action))
    return form_page(
        request,
        "web/synthesis/need.html",
        {
            "process": process,
            "need": item,
            "form": form,
            "similar": similar,
            "history": selectors.history_of(item),
            "clusters": clusters,
            "merged": list(item.merged_needs.select_related("region", "stakeholder_group")),
            "approaches": list(item.approaches.all()),
            "language_names": LANGUAGE_NAMES,
        },
    )


@require_POST
def merge(request, slug: str, pk: int):
    process = _organised(request, slug)
    item = _need(process, pk)
    into = (
        _need(process, request.POST.get("into") or 0)
        if str(request.POST.get("into", "")).isdigit()
        else None
    )
    if into is None:
        raise Http404
    try:
        services.merge_needs(actor=request.user, need=item, into=into)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("web:synthesis_need", args=[process.slug, item.pk]))
    messages.success(
        request,
        _("“%(title)s” has been merged into “%(into)s”.")
        % {"title": item.title, "into": into.title},
    )
    return redirect(reverse("web:synthesis_need", args=[process.slug, into.pk]))


@require_POST
def unmerge(request, slug: str, pk: int):
    process = _organised(request, slug)
    item = _need(process, pk)
    try:
        services.undo_merge(actor=request.user, need=item)
        messages.success(request, _("The merge has been undone."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("web:synthesis_need", args=[process.slug, item.pk]))


@never_cache
def duplicates(request, slug: str):
    process = _organised(request, slug)
    pairs = selectors.open_pairs(process)
    page = Paginator(pairs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "web/synthesis/duplicates.html",
        {
            "process": process,
            "page": page,
            "run": selectors.last_run(process),
        },
    )


@require_POST
def decide(request, slug: str, pk: int):
    process = _organised(request, slug)
    pair = get_object_or_404(
        DuplicatePair.objects.select_related("first", "second", "process"), process=process, pk=pk
    )
    choice = request.POST.get("decision")
    try:
        if choice == "different":
            services.decide_pair(actor=request.user, pair=pair, merge=False)
            messages.success(request, _("Marked as different needs; not suggested again."))
        elif choice in ("keep-first", "keep-second"):
            keep = pair.first if choice == "keep-first" else pair.second
            services.decide_pair(actor=request.user, pair=pair, merge=True, keep=keep)
            messages.success(request, _("Merged into “%(title)s”.") % {"title": keep.title})
        else:
            messages.error(request, _("Please choose what to do with the two needs."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(
        request.POST.get("next")
        if str(request.POST.get("next", "")).startswith(f"/{request.LANGUAGE_CODE}/")
        else reverse("web:synthesis_duplicates", args=[process.slug])
    )


@never_cache
def clusters(request, slug: str):
    process = _organised(request, slug)
    form = RunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        run = run_service(
            request,
            form,
            lambda: services.request_clusters(
                actor=request.user,
                process=process,
                needs_per_cluster=form.cleaned_data["needs_per_cluster"],
            ),
        )
        if run is not None:
            messages.success(request, _("The clusters are being computed."))
            return redirect(reverse("web:synthesis_clusters", args=[process.slug]))
    field = process_selectors.taxonomy(process).field_by_slug().get(request.GET.get("field", ""))
    items = selectors.clusters_of(process, field_of_action_id=field.pk if field else None)
    run = selectors.last_run(process)
    busy = run is not None and run.state in (ClusterRun.State.QUEUED, ClusterRun.State.RUNNING)
    return form_page(
        request,
        "web/synthesis/clusters.html",
        {
            "process": process,
            "clusters": items,
            "run": run,
            "form": form,
            "busy": busy,
            "field": field,
            "taxonomy": process_selectors.taxonomy(process),
        },
    )


def _cluster(process, pk) -> Cluster:
    return get_object_or_404(
        Cluster.objects.select_related("field_of_action", "process"), process=process, pk=pk
    )


@never_cache
def cluster(request, slug: str, pk: int):
    process = _organised(request, slug)
    item = _cluster(process, pk)
    needs = list(selectors.cluster_needs(item))
    others = list(
        Cluster.objects.filter(process=process, field_of_action=item.field_of_action).exclude(
            pk=item.pk
        )
    )
    action = request.POST.get("action") if request.method == "POST" else None
    name_form = ClusterNameForm(
        request.POST if action == "rename" else None, initial={"name": item.name}
    )
    needs_form = ClusterNeedsForm(
        request.POST if action == "move" else None, needs=needs, clusters=others
    )
    join_form = JoinForm(request.POST if action == "join" else None, clusters=others)
    url = reverse("web:synthesis_cluster", args=[process.slug, item.pk])
    if action == "rename" and run_service(
        request,
        name_form,
        lambda: services.rename_cluster(
            actor=request.user, cluster=item, name=name_form.cleaned_data["name"]
        ),
    ):
        messages.success(request, _("The name has been saved."))
        return redirect(url)
    if action == "move":

        def move():
            target = needs_form.cleaned_data["into"]
            chosen = needs_form.cleaned_data["needs"]
            if target:
                return services.move_needs(
                    actor=request.user,
                    process=process,
                    needs=chosen,
                    into=_cluster(process, int(target)),
                )
            return services.split_cluster(
                actor=request.user, cluster=item, needs=chosen, name=needs_form.cleaned_data["name"]
            )

        target = run_service(request, needs_form, move, field="needs")
        if target is not None:
            messages.success(request, _("The needs have been moved."))
            return redirect(reverse("web:synthesis_cluster", args=[process.slug, target.pk]))
    if action == "join":
        joined = run_service(
            request,
            join_form,
            lambda: services.join_clusters(
                actor=request.user,
                cluster=item,
                other=_cluster(process, int(join_form.cleaned_data["other"])),
            ),
            field="other",
        )
        if joined is not None:
            messages.success(request, _("The clusters have been joined."))
            return redirect(url)
    errors = name_form.errors or needs_form.errors or join_form.errors
    return render(
        request,
        "web/synthesis/cluster.html",
        {
            "process": process,
            "cluster": item,
            "needs": needs,
            "name_form": name_form,
            "needs_form": needs_form,
            "join_form": join_form,
            "others": others,
            "regions": sorted({n.region.name for n in needs if n.region}),
            "groups": sorted({n.stakeholder_group.name for n in needs if n.stakeholder_group}),
        },
        status=400 if errors else 200,
    )


@require_POST
def cluster_approach(request, slug: str, pk: int):
    process = _organised(request, slug)
    item = _cluster(process, pk)
    approach, created = services.approach_from_cluster(actor=request.user, cluster=item)
    if created:
        messages.success(
            request,
            _(
                "The action approach has been created from the cluster. "
                "Please complete its description."
            ),
        )
    else:
        messages.info(request, _("This cluster has become an action approach already."))
    return redirect(reverse("web:approach_edit", args=[process.slug, approach.pk]))


@never_cache
def regions(request, slug: str):
    process = _organised(request, slug)
    rows = selectors.region_comparison(process)
    return render(
        request,
        "web/synthesis/regions.html",
        {
            "process": process,
            "rows": rows,
            "everywhere": [r for r in rows if r["count"] >= 3],
            "single": [r for r in rows if r["count"] == 1],
        },
    )


@require_POST
def digest(request, slug: str):
    process = _organised(request, slug)
    sent = need_status.send_digests_now(actor=request.user, process=process)
    messages.success(request, _("%(count)s e-mails to authors have been queued.") % {"count": sent})
    return redirect(reverse("web:synthesis", args=[process.slug]))
