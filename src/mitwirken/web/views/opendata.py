"""Open data: the data dictionary page, the downloads at stable addresses, and the page
that shows a file being built (reports.services)."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mitwirken.reports import selectors as files
from mitwirken.reports import services
from mitwirken.reports.datasets import DATASETS, FORMATS
from mitwirken.reports.models import Export

from ..access import process_of


@require_safe
def dictionary(request, slug: str):
    process = process_of(request, slug)
    return render(
        request,
        "web/opendata/dictionary.html",
        {
            "process": process,
            "datasets": [
                {
                    "dataset": d,
                    "links": [
                        (fmt, reverse("open_data_file", args=[process.slug, d.name, fmt]))
                        for fmt in FORMATS
                    ],
                }
                for d in DATASETS.values()
            ],
            "licence_url": files.LICENCE_URL,
            "api_url": "/api/v1/docs",
            "schema_url": "/api/v1/openapi.json",
        },
    )


@require_safe
def download(request, slug: str, name: str, fmt: str):
    """A stable address per file: ``/open-data/<process>/<dataset>.<format>``."""
    return serve(request, slug, name, fmt)


def serve(request, slug: str, name: str, fmt: str):
    """The file for the current data (with an ETag: an unchanged file answers 304), or,
    while it is being built, the page that shows its progress."""
    process = process_of(request, slug)
    kind = files.kind_of(process, name, fmt)
    if kind is None:
        raise Http404
    export = services.request_export(
        actor=request.user, process=process, name=name, fmt=fmt, kind=kind
    )
    if export.state != Export.State.DONE:
        return HttpResponseRedirect(reverse("web:export", args=[process.slug, export.pk]))
    tag = files.etag(export)
    not_modified = get_conditional_response(request, etag=tag)
    if not_modified is not None:
        not_modified["ETag"] = tag
        return not_modified
    content = bytes(Export.objects.filter(pk=export.pk).values_list("content", flat=True)[0])
    response = HttpResponse(content, content_type=kind.content_type)
    disposition = "inline" if fmt in ("pdf", "json") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{kind.filename}"'
    response["ETag"] = tag
    # Shared caches may keep a public process's file; everyone asks again before using it.
    if process.is_published:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


@never_cache
@require_safe
def export_status(request, slug: str, pk: int):
    process = process_of(request, slug)
    export = Export.objects.filter(process=process, pk=pk).defer("content").first()
    if export is None:
        raise Http404
    kind = files.kind_of(process, export.name, export.fmt)
    if kind is None:
        raise Http404
    if export.name in DATASETS:
        again = reverse("open_data_file", args=[process.slug, export.name, export.fmt])
    else:
        number = int(export.name.split("-", 1)[1])
        view = "web:concept_pdf" if export.fmt == "pdf" else "web:concept_docx"
        again = reverse(view, args=[process.slug, number])
    return render(
        request,
        "web/opendata/export.html",
        {"process": process, "export": export, "filename": kind.filename, "download_url": again},
    )
