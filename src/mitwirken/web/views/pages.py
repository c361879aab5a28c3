"""The entry pages: home, a process, the legal pages."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from mitwirken.approaches import selectors as approach_selectors
from mitwirken.approaches.models import APPROACHES
from mitwirken.concept import selectors as concept_selectors
from mitwirken.concept.models import CONCEPT
from mitwirken.contributions import selectors as need_selectors
from mitwirken.core import pagecache
from mitwirken.events import selectors as event_selectors
from mitwirken.events.models import EVENTS
from mitwirken.processes import selectors as process_selectors

from .. import personal
from ..access import process_of


def home(request):
    processes = [
        process_selectors.shown(process)
        for process in process_selectors.visible_processes(request.user).order_by("-created_at")
    ]
    concepts = concept_selectors.final_versions([p.pk for p in processes])
    for process in processes:
        process.final_concept = concepts.get(process.pk)
    return render(request, "web/home.html", {"processes": processes})


def _scopes(process) -> list:
    """What the process page shows depends on: its set-up, needs, approaches, concept and
    events."""
    return [
        (pagecache.SETUP, process.pk), (pagecache.PROCESS, process.pk),
        (APPROACHES, process.pk), (CONCEPT, process.pk), (EVENTS, process.pk),
    ]  # fmt: skip


def process_detail(request, slug: str):
    """The process page: the same for everyone with the same rights, so it is kept in the
    page cache as a shell and filled in per person (web/personal.py); moderators and
    organisers (their links differ) and a one-time message get it rendered in full."""
    process = process_of(request, slug)
    user = request.user
    if (
        not settings.MITWIRKEN_PAGE_CACHE_SECONDS
        or len(messages.get_messages(request))
        or (user.is_authenticated and user.has_perm("moderation.moderate", process))
    ):
        return _render_process(request, process)
    can_submit = user.has_perm("contributions.add_need", process)
    scopes = _scopes(process)
    activity = [(pagecache.PROCESS, process.pk)]
    found = personal.prefetch(request, scopes, activity) if user.is_authenticated else None
    entry = pagecache.lookup(
        "process-page",
        f"{get_language()}|{int(user.is_authenticated)}|{int(can_submit)}",
        scopes=scopes,
        activity=activity,
        timeout=min(settings.MITWIRKEN_PAGE_CACHE_SECONDS, 300),  # the phases follow the date
    )  # fmt: skip
    if not entry.hit:
        entry.store(
            _render_process(request, process, as_shell=True, can_submit=can_submit).content.decode()
        )
    return HttpResponse(personal.fill(request, entry.value, found=found))


def _render_process(request, process, *, as_shell: bool = False, can_submit=None):
    pagecache.prefetch(_scopes(process), [(pagecache.PROCESS, process.pk)])  # one round trip
    phases = process_selectors.phases(process)
    today = process_selectors.today()
    per_field = need_selectors.needs_per_field(process)
    upcoming, past = event_selectors.upcoming_and_past(
        event_selectors.events_shown(process, request.user), today
    )
    fields = [
        (field, per_field.get(field.pk, 0)) for field in process_selectors.taxonomy(process).fields
    ]
    # the timeline and the fields of action ({% kept %}): the set-up, the day, the counts
    sidebar_key = (
        f"{process.pk}@{pagecache.version((pagecache.SETUP, process.pk))}|{today}|"
        + ",".join(str(count) for _field, count in fields)
    )
    return render(
        request,
        "web/process_detail.html",
        {
            "process": process,
            "phases": phases,
            "current_phase": process_selectors.current_phase(phases, today),
            "today": today,
            "fields": fields,
            "sidebar_key": sidebar_key,
            "figures": need_selectors.figures(process),
            "outcome": approach_selectors.outcome_figures(process),
            "concept": concept_selectors.newest_version_heading(process),
            "upcoming_events": upcoming,
            "past_events": past,
            "can_submit": request.user.has_perm("contributions.add_need", process)
            if can_submit is None
            else can_submit,
            "can_moderate": not as_shell and request.user.has_perm("moderation.moderate", process),
            **(personal.shell_context() if as_shell else {}),
        },
    )


def privacy(request):
    return render(request, "web/privacy.html")


def accessibility(request):
    return render(request, "web/accessibility.html")


def easy_language(request):
    """BITV 2.0 § 4: what the platform is, how to take part and get help, in Leichte
    Sprache, with the place for the sign language video (``MITWIRKEN_SIGN_LANGUAGE_VIDEO``,
    a file the operator puts into the static files)."""
    return render(
        request,
        "web/easy_language.html",
        {"sign_language_video": settings.MITWIRKEN_SIGN_LANGUAGE_VIDEO},
    )


def imprint(request):
    return render(request, "web/imprint.html")
