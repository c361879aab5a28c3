"""A need's page: its text, what became of it, comments, supports, moderation."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitwirken.contributions import selectors as need_selectors
from mitwirken.core import pagecache, ratelimit
from mitwirken.core.http import cached_response, set_validators
from mitwirken.participation import selectors, services
from mitwirken.participation.forms import CommentForm

from .. import personal
from ..access import need_of, process_of, require_login, safe_next
from ..forms import run_create

COMMENTS_CLOSED = gettext_lazy("Comments are closed for this need.")


def _history(process, need) -> dict:
    """The need's last edit by someone else and the needs merged into it (their number and
    supports): cached until a need of the process changes (an edit, a merge, a hidden
    need); the merged needs' supports may lag by COUNTS_MAX_AGE, like the counts on any
    page. The versions are those the process's lookup read already: no round trip."""

    def build() -> dict:
        return {
            "last_edit": need_selectors.last_edit_by_others(need),
            # needs merged into this one count for it: their number and their supports
            **need.merged_needs.filter(is_hidden=False).aggregate(
                merged=Count("id"), merged_supports=Coalesce(Sum("support_count"), 0)
            ),
        }

    return pagecache.get_or_build(
        "need-history",
        str(need.pk),
        build,
        scopes=[(pagecache.SETUP, process.pk), (pagecache.PROCESS, process.pk)],
        activity=[(pagecache.PROCESS, process.pk)],
    )


def _detail_context(request, process, need, comment_form=None) -> dict:
    user = request.user
    history = _history(process, need)
    return {
        "process": process,
        "need": need,
        "last_edit": history["last_edit"],
        "comments": list(selectors.comments_for(need)),
        "comment_form": comment_form or CommentForm(),
        "supported": need.pk in selectors.supported_need_ids(user, [need.pk]),
        "can_comment": user.has_perm("participation.add_comment", need),
        "can_support": user.has_perm("participation.add_support", need),
        "can_edit": user.has_perm("contributions.change_need", need),
        "can_moderate": user.has_perm("moderation.moderate", process),
        "outcome": {
            "approaches": list(need.approaches.only("id", "title"))
            if need.status == need.Status.ADOPTED
            else [],
            "merged": history["merged"],
            "merged_supports": history["merged_supports"],
        },
    }


def _anonymous_page(request, process, pk: int) -> pagecache.Entry | None:
    """A need's page looks the same to every anonymous visitor: cached until the need or
    the process's set-up changes; new comments and supports show within COUNTS_MAX_AGE."""
    if request.user.is_authenticated or not settings.MITWIRKEN_PAGE_CACHE_SECONDS:
        return None
    if len(messages.get_messages(request)):
        return None
    need_scope = (pagecache.NEED, pk)
    return pagecache.lookup(
        "need-page",
        get_language(),
        scopes=[(pagecache.SETUP, process.pk), need_scope],
        activity=[need_scope],
    )


def _member_page(request, process, pk: int):
    """A logged-in participant's view of a need: the shell shared by everyone with the same
    rights and the same support state, from the page cache, filled in per person
    (web/personal.py). None for the author, moderators and organisers (their page has their
    own controls), with a one-time message to show, or with the page cache off."""
    if not settings.MITWIRKEN_PAGE_CACHE_SECONDS or len(messages.get_messages(request)):
        return None
    user = request.user
    if user.has_perm("moderation.moderate", process):
        return None
    need_scope = (pagecache.NEED, pk)
    scopes, activity = [(pagecache.SETUP, process.pk), need_scope], [need_scope]
    found = personal.prefetch(request, scopes, activity)  # one round trip for both
    supported = pk in selectors.supported_among(user, [pk], found["supports"])
    entry = pagecache.lookup(
        "need-page-member",
        f"{get_language()}|{int(supported)}",
        scopes=scopes,
        activity=activity,
    )
    if not entry.hit:
        # Commenting and supporting depend on the need and the phase (the scopes above),
        # not on the person: the shell is the same for every participant.
        need = need_selectors.get_need(process, pk)
        context = _detail_context(
            request, process, need,
            comment_form=CommentForm(initial={"submission_key": personal.SUBMISSION_KEY}),
        )  # fmt: skip
        context |= personal.shell_context() | {"supported": supported, "can_edit": False,
                                                "can_moderate": False}  # fmt: skip
        html = render(request, "web/need_detail.html", context).content.decode()
        entry.store((need.author_id, html))
    author_id, shell = entry.value
    if author_id is not None and author_id == user.pk:
        return None  # the author's page has "Edit"
    return HttpResponse(personal.fill(request, shell, found=found))


def need_detail(request, slug: str, pk: int):
    process = process_of(request, slug)
    if request.user.is_authenticated:
        response = _member_page(request, process, pk)
        if response is not None:
            return response
    entry = _anonymous_page(request, process, pk)
    if entry is not None and entry.hit:
        return cached_response(request, entry)
    need = need_selectors.get_need(process, pk)
    response = render(request, "web/need_detail.html", _detail_context(request, process, need))
    if entry is not None:
        entry.store(response.content)
        set_validators(response, entry)
    return response


# A person writes at most 30 comments in 10 minutes.
COMMENT_LIMIT = ratelimit.Limit("comment", 30, 600)


@require_POST
def comment_create(request, slug: str, pk: int):
    process, need = need_of(request, slug, pk, "participation.add_comment", COMMENTS_CLOSED)
    form = CommentForm(request.POST)
    add = lambda: services.add_comment(  # noqa: E731
        actor=request.user,
        need=need,
        text=form.cleaned_data["text"],
        submission_key=form.cleaned_data.get("submission_key"),
    )
    comment = run_create(
        request,
        form,
        add,
        field="text",
        saved=_("Your comment has been published."),
        again=_("Your comment had already been saved."),
        limit=COMMENT_LIMIT,
    )
    if comment:
        return redirect(f"{need.get_absolute_url()}#comment-{comment.pk}")
    context = _detail_context(request, process, need, comment_form=form)
    status = 429 if getattr(form, "rate_limited", False) else 400
    return render(request, "web/need_detail.html", context, status=status)


@require_POST
def support_toggle(request, slug: str, pk: int):
    _process, need = need_of(request, slug, pk)
    require_login(request, next_url=need.get_absolute_url())
    if request.POST.get("action") == "withdraw":
        if services.withdraw_support(actor=request.user, need=need):
            messages.success(request, _("You have withdrawn your support."))
    elif services.support(actor=request.user, need=need):
        messages.success(request, _("Thank you for your support."))
    else:
        messages.info(request, _("You already support this need."))
    return redirect(safe_next(request, need.get_absolute_url()))
