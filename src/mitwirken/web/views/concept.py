"""The concept: the organisers assemble and edit the draft and publish versions; everyone
reads a version paragraph by paragraph and, while its comment period runs, comments on a
paragraph; the organisers answer."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.concept import rendering, selectors, services
from mitwirken.concept.forms import AnswerForm, ConceptCommentForm, PublishForm, SectionForm
from mitwirken.concept.models import ConceptComment, ConceptSection

from ..access import organised_process, process_of, require
from ..forms import form_page, run_create, run_service

ORGANISERS_ONLY = gettext_lazy("Only the process's organisers may edit the concept.")


def _organised(request, slug: str):
    return organised_process(request, slug, "concept.edit_concept", ORGANISERS_ONLY)


def _manage_url(process) -> str:
    return reverse("web:concept_manage", args=[process.slug])


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, slug: str):
    process = _organised(request, slug)
    draft = selectors.draft_of(process)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "assemble":
        services.assemble_draft(actor=request.user, process=process)
        messages.success(request, _("The draft has one chapter per field of action."))
        return redirect(_manage_url(process))
    if action in ("up", "down") and draft is not None:
        section = get_object_or_404(ConceptSection, draft=draft, pk=request.POST.get("section"))
        services.move_section(actor=request.user, section=section, up=action == "up")
        return redirect(_manage_url(process) + f"#section-{section.pk}")
    add_form = SectionForm(request.POST if action == "add" else None, prefix="new")
    if (
        action == "add"
        and draft is not None
        and run_service(
            request,
            add_form,
            lambda: services.add_section(
                actor=request.user,
                draft=draft,
                title=add_form.cleaned_data["title"],
                body=add_form.cleaned_data["body"],
            ),
        )
    ):
        messages.success(request, _("The section has been added."))
        return redirect(_manage_url(process))
    publish_form = PublishForm(request.POST if action == "publish" else None)
    if action == "publish" and draft is not None:
        version = run_service(
            request,
            publish_form,
            lambda: services.publish_version(
                actor=request.user,
                draft=draft,
                final=publish_form.cleaned_data["final"],
                comments_from=publish_form.cleaned_data["comments_from"],
                comments_until=publish_form.cleaned_data["comments_until"],
            ),
        )
        if version is not None:
            messages.success(
                request, _("Version %(number)s has been published.") % {"number": version.number}
            )
            return redirect(version.get_absolute_url())
    return form_page(
        request,
        "web/concept/manage.html",
        {
            "process": process,
            "draft": draft,
            "sections": list(draft.sections.order_by("position", "id")) if draft else [],
            "versions": selectors.versions_of(process),
            "form": publish_form,
            "add_form": add_form,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def section_edit(request, slug: str, pk: int):
    process = _organised(request, slug)
    section = get_object_or_404(
        ConceptSection.objects.select_related("draft__process"), draft__process=process, pk=pk
    )
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={"title": section.title, "body": section.body},
    )
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        if form.is_valid():
            from mitwirken.concept.markdown import blocks

            preview = blocks(form.cleaned_data["body"])
    elif run_service(
        request,
        form,
        lambda: services.change_section(
            actor=request.user,
            section=section,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        ),
    ):
        messages.success(request, _("The section has been saved."))
        return redirect(_manage_url(process) + f"#section-{section.pk}")
    return form_page(
        request,
        "web/concept/section_form.html",
        {"process": process, "section": section, "form": form, "preview": preview},
    )


@never_cache
def preview(request, slug: str):
    process = _organised(request, slug)
    draft = selectors.draft_of(process)
    if draft is None:
        raise Http404
    return render(
        request,
        "web/concept/version.html",
        {
            "process": process,
            "title": draft.title,
            "content": rendering.render_sections(draft),
            "preview": True,
            "comments": {},
            "versions": selectors.versions_of(process),
        },
    )


def newest(request, slug: str):
    process = process_of(request, slug)
    version = selectors.newest_version(process)
    if version is None:
        raise Http404
    return redirect(version.get_absolute_url())


@never_cache  # comments and answers change it; logged-in people see forms of their own
def version(request, slug: str, number: int, form=None, status=200):
    process = process_of(request, slug)
    found = selectors.get_version(process, number)
    if found is None:
        raise Http404
    open_ = rendering.comment_period_open(found)
    chosen = request.GET.get("p") if request.GET.get("p") in found.anchors else None
    return render(
        request,
        "web/concept/version.html",
        {
            "process": process,
            "version": found,
            "title": found.title,
            "content": found.content,
            "comments": selectors.comments_by_paragraph(found),
            "open": open_,
            "chosen": (form.data.get("anchor") if form is not None else chosen),
            "form": form or ConceptCommentForm(initial={"anchor": chosen}),
            "versions": selectors.versions_of(process),
            "can_answer": request.user.has_perm("concept.edit_concept", process),
            "can_moderate": request.user.has_perm("moderation.moderate", process),
        },
        status=status,
    )


@require_POST
def comment(request, slug: str, number: int):
    process = process_of(request, slug)
    found = selectors.get_version(process, number)
    if found is None:
        raise Http404
    require(
        request,
        "concept.comment",
        process,
        message=_("Please log in to comment."),
        next_url=found.get_absolute_url() + f"?p={request.POST.get('anchor', '')}",
    )
    form = ConceptCommentForm(request.POST)
    made = run_create(
        request,
        form,
        lambda: services.comment(
            actor=request.user,
            version=found,
            anchor=form.cleaned_data["anchor"],
            text=form.cleaned_data["text"],
            submission_key=form.cleaned_data["submission_key"],
        ),
        saved=_("Your comment has been published."),
        again=_("This comment had been sent already; it was not saved twice."),
        field="text",
    )
    if made is not None:
        return redirect(found.get_absolute_url() + f"#comment-{made.pk}")
    return version(request, slug, number, form=form, status=400)


@require_POST
def answer(request, slug: str, pk: int):
    process = process_of(request, slug)
    require(request, "concept.edit_concept", process, message=ORGANISERS_ONLY)
    found = get_object_or_404(
        ConceptComment.objects.select_related("version__draft__process"),
        version__draft__process=process,
        pk=pk,
    )
    form = AnswerForm(request.POST)
    if run_service(
        request,
        form,
        lambda: services.answer_comment(
            actor=request.user, comment=found, text=form.cleaned_data["text"]
        ),
    ):
        messages.success(request, _("Your answer has been published."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(found.version.get_absolute_url() + f"#comment-{found.pk}")


def compare(request, slug: str):
    """Two versions compared section by section (``?a=1&b=2``; by default the newest with
    the one before)."""
    from mitwirken.concept.compare import compare as compare_versions

    process = process_of(request, slug)
    versions = selectors.versions_of(process)
    numbers = [v.number for v in versions]
    if len(numbers) < 2:
        raise Http404

    def number(name, default):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in numbers else default

    newer = number("b", numbers[0])
    older = number("a", next((n for n in numbers if n < newer), numbers[-1]))
    if older == newer:
        older = next((n for n in numbers if n < newer), numbers[-1])
    a, b = selectors.get_version(process, older), selectors.get_version(process, newer)
    return render(
        request,
        "web/concept/compare.html",
        {
            "process": process,
            "a": a,
            "b": b,
            "versions": versions,
            "changes": compare_versions(a.content, b.content),
        },
    )


def _document(request, slug: str, number: int, fmt: str):
    """The version as PDF or DOCX, built in the background and kept until the process's
    needs, approaches or concept change (reports.services)."""
    from .opendata import serve

    if selectors.get_version(process_of(request, slug), number) is None:
        raise Http404
    return serve(request, slug, f"concept-{number}", fmt)


def version_pdf(request, slug: str, number: int):
    return _document(request, slug, number, "pdf")


def version_docx(request, slug: str, number: int):
    return _document(request, slug, number, "docx")
