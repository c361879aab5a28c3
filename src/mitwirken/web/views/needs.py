"""The needs of a process: the list, submitting and editing, and a person's own needs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mitwirken.contributions import selectors, services
from mitwirken.contributions.forms import NeedFilterForm, NeedForm
from mitwirken.contributions.models import Need
from mitwirken.core import fragments, pagecache, ratelimit
from mitwirken.core.http import cached_response, set_validators
from mitwirken.core.i18n import content_lang_attrs, text_lang
from mitwirken.participation.selectors import supported_need_ids
from mitwirken.processes import selectors as process_selectors
from mitwirken.processes.rules import needs_open

from .. import personal
from ..access import need_of, process_of, require
from ..forms import form_page, run_create, run_service

ONLY_OWN_NEEDS = gettext_lazy("You may only edit your own needs while the phase is open.")


def _canonical(query) -> str:
    """A query string with its parameters in one order: the same choices, the same key."""
    return "&".join(sorted(query.urlencode().split("&")))


def _anonymous_page(request, process) -> pagecache.Entry | None:
    """Anonymous visitors all see the same page for the same address, so it is cached (and
    answered with 304 when unchanged) until the process's needs change; see core/pagecache."""
    if request.user.is_authenticated or not settings.MITWIRKEN_PAGE_CACHE_SECONDS:
        return None
    if len(messages.get_messages(request)):  # a one-time message belongs to this visitor
        return None
    query = _canonical(request.GET)
    # Unknown values only widen the scope: always correct.
    filters = selectors.NeedFilters.from_query(request.GET, process_selectors.taxonomy(process))
    return pagecache.lookup(
        "needs-list",
        f"{get_language()}?{query}",
        scopes=filters.scopes(process.pk),
        activity=[(pagecache.PROCESS, process.pk)],
    )


def _member_page(request, process):
    """A logged-in participant's list: the shared shell from the page cache, filled in
    with what is personal (web/personal.py). None when it must be rendered in full (a
    one-time message to show, or the page cache off)."""
    if not settings.MITWIRKEN_PAGE_CACHE_SECONDS or len(messages.get_messages(request)):
        return None
    can_submit = request.user.has_perm("contributions.add_need", process)
    query = _canonical(request.GET)
    filters = selectors.NeedFilters.from_query(request.GET, process_selectors.taxonomy(process))
    scopes, activity = filters.scopes(process.pk), [(pagecache.PROCESS, process.pk)]
    found = personal.prefetch(request, scopes, activity)  # one round trip for both
    entry = pagecache.lookup(
        "needs-list-member",
        f"{get_language()}?{query}|{int(can_submit)}",
        scopes=scopes,
        activity=activity,
    )
    if not entry.hit:
        response = _render_need_list(request, process, as_shell=True, can_submit=can_submit)
        entry.store((response.content.decode(), response.need_ids))
    shell, need_ids = entry.value
    return HttpResponse(personal.fill(request, shell, need_ids, found=found))


def need_list(request, slug: str):
    process = process_of(request, slug)
    if request.user.is_authenticated:
        response = _member_page(request, process)
        if response is not None:
            return response
    entry = _anonymous_page(request, process)
    if entry is not None and entry.hit:
        return cached_response(request, entry)
    response = _render_need_list(request, process)
    if entry is not None and response.status_code == 200:
        entry.store(response.content)
        set_validators(response, entry)
    return response


def _filter_form(request, taxonomy) -> tuple[NeedFilterForm, list[str]]:
    """The filter form for the query string, and a message for each unknown value. The
    form is shown without the unknown values (the notice says what was ignored)."""
    data = request.GET.copy()  # show the defaults as selected when nothing was chosen
    defaults = {"per_page": str(settings.MITWIRKEN_NEEDS_PAGE_SIZE)}
    defaults["sort"] = selectors.DEFAULT_ORDERING
    for name, value in defaults.items():
        data.setdefault(name, value)
    sizes = settings.MITWIRKEN_NEEDS_PAGE_SIZES
    form = NeedFilterForm(data, taxonomy=taxonomy, page_sizes=sizes)
    if form.is_valid():
        return form, []
    ignored = []
    for name in form.errors:
        label = form.fields[name].label if name in form.fields else name
        ignored.append(
            _("The filter “%(label)s” does not know the value “%(value)s”; it was ignored.")
            % {"label": label, "value": request.GET.get(name, "")[:60]}
        )
        data.pop(name, None)
    for name, value in defaults.items():
        data.setdefault(name, value)
    form = NeedFilterForm(data, taxonomy=taxonomy, page_sizes=sizes)
    form.is_valid()
    return form, ignored


def _active_filters(form: NeedFilterForm) -> list[tuple[str, str]]:
    """The filters in effect, as (label, chosen value) for the line above the results."""
    active = []
    for name in ("q", "field", "region", "group", "status"):
        value = form.cleaned_data.get(name)
        if not value:
            continue
        if name == "q":
            active.append((str(form.fields[name].label), _("“%(query)s”") % {"query": value}))
            continue
        labels = dict(form.fields[name].choices)
        active.append((str(form.fields[name].label), str(labels.get(value, value))))
    return active


def _filter_state(request, process, taxonomy) -> dict:
    """The filter form for the query string (without the page number) as HTML, what it
    chose (``data``), a message for each unknown value (``ignored``) and the filters in
    effect (``active``). The same for the same choices in the same language while the
    process's set-up (its taxonomy) is unchanged: built once and kept
    (core/pagecache.get_or_build), not validated and rendered for every page of needs."""
    query = request.GET.copy()
    query.pop("page", None)

    def build() -> dict:
        form, ignored = _filter_form(request, taxonomy)
        data = form.cleaned_data
        html = render_to_string(
            "web/_need_filters.html",
            {
                "main_fields": [form[name] for name in NeedFilterForm.MAIN_FIELDS],
                "more_fields": [form[name] for name in NeedFilterForm.MORE_FIELDS],
                "more_open": any(data.get(name) for name in ("group", "status"))
                or data.get("sort") not in (None, "", selectors.DEFAULT_ORDERING)
                or data.get("per_page") not in (None, settings.MITWIRKEN_NEEDS_PAGE_SIZE),
            },
        )
        return {
            "html": html,
            "data": {name: data.get(name) for name in NeedFilterForm.base_fields},
            "ignored": ignored,
            "active": _active_filters(form),
            "querystring": query.urlencode(),
        }

    return pagecache.get_or_build(
        "needs-filter-state",
        f"{get_language()}?{_canonical(query)}",
        build,
        scopes=[(pagecache.SETUP, process.pk)],
    )


def _list_item(need, *, supported: bool, needs_url: str, lang: dict, mark=False) -> dict:
    """Everything one list item shows (its fragment is cached under these values); with
    ``mark`` a placeholder where a person's own support is said (web/personal.py)."""
    return {
        "id": need.pk,
        "mark": mark,
        "url": f"{needs_url}{need.pk}/",
        "content_lang": lang["content"],
        # a need keeps the language it was written in (detected: analysis.vectors)
        "people_lang": content_lang_attrs(need.language, written_by_people=True)
        if need.language and need.language != lang["language"]
        else lang["people"],
        "title": need.title,
        "field": need.field_of_action.title,
        "field_lang": text_lang(need.field_of_action, lang["language"]),
        "group_lang": text_lang(need.stakeholder_group, lang["language"])
        if need.stakeholder_group_id
        else "",
        "region": need.region.name if need.region_id else None,
        "group": need.stakeholder_group.name if need.stakeholder_group_id else None,
        "excerpt": selectors.excerpt_of(need),
        "is_truncated": need.is_truncated,
        "author": need.author_name if need.author_id else (need.byline or None),
        "created_at": need.created_at,
        "supports": need.support_count,
        "comments": need.comment_count,
        "supported": supported,
        "status": str(Need.Status(need.status).label),
    }


def _render_need_list(request, process, *, as_shell: bool = False, can_submit=None):
    """The list page; ``as_shell`` the same for every logged-in participant (no own
    supports, the account links left out), its need ids on ``response.need_ids``."""
    taxonomy = process_selectors.taxonomy(process)
    state = _filter_state(request, process, taxonomy)
    data = state["data"]
    filters = selectors.NeedFilters.from_query(data, taxonomy)
    per_page = data.get("per_page") or settings.MITWIRKEN_NEEDS_PAGE_SIZE
    page = selectors.needs_page(
        process, filters, page=request.GET.get("page", 1), per_page=per_page, taxonomy=taxonomy
    )
    if as_shell:
        supported = set()
    else:
        supported = supported_need_ids(request.user, [need.pk for need in page.object_list])
    needs_url = reverse("web:needs", kwargs={"slug": process.slug})
    lang = {
        "content": content_lang_attrs(process.language),
        "people": content_lang_attrs(process.language, written_by_people=True),
        "language": process.language,
    }
    items = fragments.render_each(
        "web/_need_item.html",
        [
            _list_item(
                need, supported=need.pk in supported, needs_url=needs_url, lang=lang, mark=as_shell
            )
            for need in page.object_list
        ],
    )
    if can_submit is None:
        can_submit = request.user.has_perm("contributions.add_need", process)
    response = render(
        request,
        "web/need_list.html",
        {
            "process": process,
            "filter_form": mark_safe(state["html"]),  # noqa: S308 - our own template
            # what the top of the page depends on ({% kept %}): the set-up and the choices
            "frame_key": f"{process.pk}@{pagecache.version((pagecache.SETUP, process.pk))}"
            f"?{state['querystring']}",
            "page": page,
            "needs": page.object_list,
            "items": items,
            "ignored": state["ignored"],
            "filtered": filters.is_filtered,
            "querystring": state["querystring"],
            "can_submit": can_submit,
            "account_nav_later": as_shell,
            "needs_open": needs_open(None, process),
            "active_filters": state["active"],
        },
    )
    response.need_ids = [need.pk for need in page.object_list]
    return response


# A person submits at most 10 needs in 10 minutes (retries of the same form count too).
NEED_LIMIT = ratelimit.Limit("need", 10, 600)


@require_http_methods(["GET", "POST"])
def need_create(request, slug: str):
    process = process_of(request, slug)
    require(
        request,
        "contributions.add_need",
        process,
        message=_("Needs cannot be submitted in this phase."),
    )
    taxonomy = process_selectors.taxonomy(process)
    form = NeedForm(request.POST if request.method == "POST" else None, taxonomy=taxonomy)
    submit = lambda: services.submit_need(  # noqa: E731
        actor=request.user,
        process=process,
        content=form.content(),
        submission_key=form.cleaned_data.get("submission_key"),
    )
    saved = _("Thank you! Your need has been saved and published.")
    again = _("Your need had already been saved; it was not saved twice.")
    if need := run_create(request, form, submit, saved=saved, again=again, limit=NEED_LIMIT):
        return redirect(need)
    return form_page(
        request, "web/need_form.html", {"process": process, "form": form, "editing": None}
    )


@require_http_methods(["GET", "POST"])
def need_edit(request, slug: str, pk: int):
    process, need = need_of(request, slug, pk, "contributions.change_need", ONLY_OWN_NEEDS)
    form = NeedForm(
        request.POST if request.method == "POST" else None,
        taxonomy=process_selectors.taxonomy(process),
        initial=NeedForm.initial_from(need),
    )
    edit = lambda: services.edit_need(actor=request.user, need=need, content=form.content())  # noqa: E731
    if run_service(request, form, edit):
        messages.success(request, _("Your changes have been saved."))
        return redirect(need)
    return form_page(
        request, "web/need_form.html", {"process": process, "form": form, "editing": need}
    )


@login_required
def my_needs(request):
    """The person's own needs in every process, with what became of them."""
    paginator = Paginator(selectors.needs_of(request.user), 20)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "web/my_needs.html", {"page": page, "needs": page})
