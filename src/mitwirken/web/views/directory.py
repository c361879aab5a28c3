"""The stakeholder directory of a process, for its organisers: the list with filters,
adding and correcting an organisation, and importing a CSV file (upload, the report of its
rows, then importing all rows or only the good ones)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mitwirken.directory import selectors, services
from mitwirken.directory.forms import DirectoryFilterForm, ImportForm, StakeholderForm
from mitwirken.processes import selectors as process_selectors

from ..access import organised_process
from ..forms import form_page, run_create, run_service

ORGANISERS_ONLY = gettext_lazy("Only the process's organisers may see its directory.")
PAGE_SIZE = 50
REPORT_PAGE_SIZE = 100


def _organised_process(request, slug: str):
    return organised_process(request, slug, "directory.manage_directory", ORGANISERS_ONLY)


def _list_url(process) -> str:
    return reverse("web:directory", kwargs={"slug": process.slug})


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@never_cache
def directory_list(request, slug: str):
    process = _organised_process(request, slug)
    form = DirectoryFilterForm(request.GET, taxonomy=process_selectors.taxonomy(process))
    filters = form.filters()
    stakeholders = selectors.stakeholders_of(process, **filters)
    page = Paginator(stakeholders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/directory_list.html",
        {
            "process": process,
            "form": form,
            "page": page,
            "querystring": _querystring(request),
            "filtered": any(filters.values()),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def directory_new(request, slug: str):
    process = _organised_process(request, slug)
    form = StakeholderForm(
        request.POST if request.method == "POST" else None,
        taxonomy=process_selectors.taxonomy(process),
    )
    add = lambda: services.add_stakeholder(  # noqa: E731
        actor=request.user,
        process=process,
        submission_key=form.cleaned_data.get("submission_key"),
        **form.values(),
    )
    saved = _("The organisation has been added to the directory.")
    again = _("The organisation had already been added; it was not added twice.")
    if run_create(request, form, add, saved=saved, again=again):
        return redirect(_list_url(process))
    return form_page(
        request, "web/directory_form.html", {"process": process, "form": form, "editing": None}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def directory_edit(request, slug: str, pk: int):
    process = _organised_process(request, slug)
    stakeholder = selectors.get_stakeholder(process, pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.delete_stakeholder(actor=request.user, stakeholder=stakeholder)
        messages.success(
            request,
            _("“%(name)s” has been removed from the directory.") % {"name": stakeholder.name},
        )
        return redirect(_list_url(process))
    name = stakeholder.name  # the heading keeps the saved name while the form shows errors
    form = StakeholderForm(
        request.POST if request.method == "POST" else None,
        taxonomy=process_selectors.taxonomy(process),
        new=False,
        initial=StakeholderForm.initial_from(stakeholder),
    )
    change = lambda: services.change_stakeholder(  # noqa: E731
        actor=request.user, stakeholder=stakeholder, **form.values()
    )
    if run_service(request, form, change):
        messages.success(request, _("Your changes have been saved."))
        return redirect(_list_url(process))
    context = {"process": process, "form": form, "editing": stakeholder, "name": name}
    return form_page(request, "web/directory_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def directory_import(request, slug: str):
    process = _organised_process(request, slug)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)

    def check():
        data, filename = form.data_and_name()
        return services.check_import(
            actor=request.user, process=process, filename=filename, data=data
        )

    if checked := run_service(request, form, check):
        return redirect("web:directory_import_report", slug=process.slug, pk=checked.pk)
    return form_page(request, "web/directory_import.html", {"process": process, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def directory_import_report(request, slug: str, pk: int):
    process = _organised_process(request, slug)
    directory_import = selectors.get_import(process, pk)
    if request.method == "POST":
        return _apply(request, process, directory_import)
    page = Paginator(directory_import.report, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/directory_import_report.html",
        {
            "process": process,
            "directory_import": directory_import,
            "page": page,
            "querystring": _querystring(request),
        },
    )


def _apply(request, process, directory_import):
    applied_before = directory_import.is_applied
    try:
        count = services.apply_import(
            actor=request.user,
            directory_import=directory_import,
            good_rows_only=request.POST.get("good_rows_only") == "1",
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(request.path)
    if applied_before:  # a second press, or the page sent again
        messages.info(
            request,
            ngettext(
                "This file had already been imported (%(count)d organisation); "
                "nothing was imported twice.",
                "This file had already been imported (%(count)d organisations); "
                "nothing was imported twice.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d organisation has been added to the directory.",
                "%(count)d organisations have been added to the directory.",
                count,
            )
            % {"count": count},
        )
    return redirect(_list_url(process))
