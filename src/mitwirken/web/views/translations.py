"""The organisers give the process's own texts (title, summary, description, phases,
fields of action, stakeholder groups) in further languages; pages show them to visitors
of that language (processes.models.Translatable)."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mitwirken.processes import selectors, services
from mitwirken.processes.forms import ContentTranslationForm

from ..access import organised_process
from ..forms import form_page, run_service

ORGANISERS_ONLY = gettext_lazy("Only the process's organisers may translate its texts.")


def _organised(request, slug: str):
    return organised_process(request, slug, "processes.organise_process", ORGANISERS_ONLY)


def _languages(process) -> list[dict]:
    original, phases, fields, groups = selectors.content_for_translation(process)
    objects = [original, *phases, *fields, *groups]
    out = []
    for code, _name in settings.LANGUAGES:
        if code == process.language:
            continue
        done = sum(1 for obj in objects if obj.translation(code))
        out.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "done": done,
                "total": len(objects),
            }
        )
    return out


@never_cache
def translations(request, slug: str):
    process = _organised(request, slug)
    return render(
        request,
        "web/manage/translations.html",
        {"process": process, "languages": _languages(process)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def translation(request, slug: str, language: str):
    process = _organised(request, slug)
    if language not in dict(settings.LANGUAGES) or language == process.language:
        raise Http404
    original, phases, fields, groups = selectors.content_for_translation(process)
    form = ContentTranslationForm(
        request.POST if request.method == "POST" else None,
        process=original,
        phases=phases,
        fields=fields,
        groups=groups,
        language=language,
    )
    changed = run_service(
        request,
        form,
        lambda: services.translate_content(
            actor=request.user, process=process, language=language, texts=form.texts()
        ),
    )
    if changed is not None:
        messages.success(request, _("The translations have been saved."))
        return redirect(reverse("web:translation", args=[process.slug, language]))
    info = get_language_info(language)
    return form_page(
        request,
        "web/manage/translation.html",
        {
            "process": process,
            "form": form,
            "language": language,
            "language_name": info["name_local"],
            "bidi": info["bidi"],
        },
    )
