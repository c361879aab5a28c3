"""Live workshops: joining with a code, the guest's phone page (cards, dots), the wall for
the projector, the facilitator's page, and the documentation of a closed workshop.

Guests have no account: a cookie with their guest token finds them again. Every form
works without JavaScript; with it, a card written without a connection waits on the
phone and is sent when the connection is back (static/js/cards.js), and the wall asks
every 3 seconds for changes and gets 304 when there are none (static/js/wall.js)."""

import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from mitwirken.analysis import services as synthesis_services
from mitwirken.core import ratelimit
from mitwirken.events import selectors as event_selectors
from mitwirken.events.models import Workshop
from mitwirken.processes import selectors as process_selectors
from mitwirken.workshops import live, selectors, services
from mitwirken.workshops.forms import (
    CardForm,
    ClusterForm,
    CodeForm,
    JoinForm,
    NotesForm,
    VoteForm,
)
from mitwirken.workshops.models import Board, Card, Cluster, Guest, Vote

from ..access import process_of, require
from ..forms import add_service_errors, form_page
from ..pdf import pdf_response
from .tickets import qr_svg

GUEST_COOKIE_DAYS = 3
# Joins from one address per board in ten minutes: a conference's Wi-Fi is one address
# for the whole room, so the limit only stops a script, never a table of people.
JOINS_PER_ADDRESS = 300


def _too_many_joins(request, board: Board) -> bool:
    limit = ratelimit.Limit(f"join-{board.pk}", JOINS_PER_ADDRESS, 600)
    return not ratelimit.allow(limit, f"ip-{request.META.get('REMOTE_ADDR', '')}")


def _cookie(board: Board) -> str:
    return f"mw_guest_{board.pk}"


def _guest(request, board: Board) -> Guest | None:
    return selectors.guest_of(board, request.COOKIES.get(_cookie(board)))


def _join_url(request, board: Board) -> str:
    return request.build_absolute_uri(reverse("web:live_join", kwargs={"code": board.code}))


def _taxonomy(board: Board):
    return process_selectors.taxonomy(board.workshop.event.process)


# Joining -------------------------------------------------------------------------------


def enter_code(request):
    """The page behind the short address on the table card: type the code."""
    form = CodeForm(request.GET or None)
    if form.is_valid():
        code = "".join(ch for ch in form.cleaned_data["code"].upper() if ch.isalnum())
        if live.board_id_for(code):
            return redirect("web:live_join", code=code)
        form.add_error("code", _("No workshop has this code. Please check it on the table card."))
    return render(
        request, "web/live/enter_code.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
def join(request, code: str):
    board = selectors.get_board(code)
    guest = _guest(request, board)
    if guest is not None and guest.removed_at is None:
        return redirect("web:live_phone", code=board.code)
    form = JoinForm(
        request.POST if request.method == "POST" else None,
        taxonomy=_taxonomy(board),
        initial={"pseudonym": selectors.propose_pseudonym()},
    )
    removed = guest is not None and guest.removed_at is not None
    if request.method == "POST" and removed:
        form.add_error(None, _("The facilitator has removed you from this workshop."))
    elif request.method == "POST" and form.is_valid() and _too_many_joins(request, board):
        form.add_error(
            None, _("Too many people joined from this network. Please wait a few minutes.")
        )
    elif request.method == "POST" and form.is_valid():
        try:
            guest = services.join(
                actor=request.user,
                board=board,
                pseudonym=form.cleaned_data["pseudonym"],
                stakeholder_group=form.group(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, "pseudonym")
        else:
            response = redirect("web:live_phone", code=board.code)
            response.set_cookie(
                _cookie(board),
                str(guest.token),
                max_age=GUEST_COOKIE_DAYS * 86400,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
            )
            return response
    return form_page(
        request,
        "web/live/join.html",
        {"board": board, "form": form, "removed": guest is not None},
    )


# The guest's phone -----------------------------------------------------------------------


def _phone_context(request, board: Board, guest: Guest, form=None) -> dict:
    vote = board.votes.filter(closed_at__isnull=True).first()
    wall = selectors.wall(board) if vote else None
    mine = selectors.my_dots(vote, guest)
    return {
        "board": board,
        "guest": guest,
        "form": form
        or CardForm(
            taxonomy=_taxonomy(board),
            initial={"field_of_action": getattr(board.workshop.field_of_action, "slug", "")},
        ),
        "cards": selectors.cards_of(guest),
        "vote": vote,
        "vote_items": [(ranked.item, mine[ranked.item.pk]) for ranked in wall.ranking]
        if wall
        else [],
    }


@never_cache
def phone(request, code: str):
    board = selectors.get_board(code)
    guest = _guest(request, board)
    if guest is None:
        return redirect("web:live_join", code=board.code)
    return render(request, "web/live/phone.html", _phone_context(request, board, guest))


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@never_cache
@require_POST
def submit_card(request, code: str):
    """A card from the phone: a form post (no JavaScript) or the offline queue's fetch,
    which gets JSON and shows "saved" only on this answer."""
    board = selectors.get_board(code)
    guest = _guest(request, board)
    if guest is None:
        if _wants_json(request):
            return JsonResponse({"error": _("Please join the workshop again.")}, status=403)
        return redirect("web:live_join", code=board.code)
    form = CardForm(request.POST, taxonomy=_taxonomy(board))
    card = created = None
    status = 400
    if form.is_valid():
        try:
            card, created = services.submit_card(
                actor=request.user,
                guest=guest,
                key=form.cleaned_data.get("key") or uuid.uuid4(),
                **form.values(),
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403  # removed: the phone keeps the card and says why
        except services.TooManyCards as exc:
            form.add_error(None, exc.messages)
            status = 429  # for now: the phone keeps the card and sends it later
        except ValidationError as exc:
            add_service_errors(form, exc, "title")
    if _wants_json(request):
        if card is None:
            errors = [str(e) for errs in form.errors.values() for e in errs]
            return JsonResponse({"saved": False, "errors": errors}, status=status)
        return JsonResponse(
            {"saved": True, "created": created, "title": card.need.title},
            status=201 if created else 200,
        )
    if card is None:
        return render(
            request, "web/live/phone.html", _phone_context(request, board, guest, form), status=400
        )
    messages.success(
        request, _("Your card is saved.") if created else _("This card was saved already.")
    )
    return redirect("web:live_phone", code=board.code)


@require_POST
def dot(request, code: str):
    board = selectors.get_board(code)
    guest = _guest(request, board)
    if guest is None:
        return redirect("web:live_join", code=board.code)
    vote = _item(Vote, board, request.POST.get("vote"))
    item_pk = request.POST.get("item") or "0"
    model = Card if vote.target == Vote.Target.CARDS else Cluster
    item = get_object_or_404(model, board=board, pk=item_pk if item_pk.isdigit() else 0)
    try:
        if request.POST.get("action") == "remove":
            services.take_back_dot(actor=request.user, guest=guest, vote=vote, item=item)
        else:
            services.place_dot(actor=request.user, guest=guest, vote=vote, item=item)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect(reverse("web:live_phone", kwargs={"code": board.code}) + "#vote")


# The wall ---------------------------------------------------------------------------------


def _wall_cards(request, code: str, board_id: int) -> tuple[str, str]:
    def render() -> str:
        board = selectors.get_board(code)
        return render_to_string(
            "web/live/_wall_cards.html",
            {"board": board, "wall": selectors.wall(board, for_screen=True)},
            request,
        )

    return live.rendered(board_id, get_language(), render)


def wall(request, code: str):
    board = selectors.get_board(code)
    etag, cards = _wall_cards(request, code, board.pk)
    return render(
        request,
        "web/live/wall.html",
        {
            "board": board,
            "cards": mark_safe(cards),  # noqa: S308 - our own template's output, from the cache
            "qr": qr_svg(_join_url(request, board), _("QR code to join the workshop")),
            "etag": etag,
        },
    )


def wall_live(request, code: str):
    """What the wall's script polls: 304 from the cache when nothing changed (no database
    query), else the cards' part of the page, rendered at most once a second per board
    and language for all screens (workshops/live.py)."""
    board_id = live.board_id_for("".join(ch for ch in code.upper() if ch.isalnum()))
    if board_id is None:
        raise Http404

    etag, html = _wall_cards(request, code, board_id)
    response = (
        HttpResponseNotModified()
        if request.headers.get("If-None-Match") == etag
        else HttpResponse(html)
    )
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


# The facilitator ---------------------------------------------------------------------------


def _facilitated(request, code: str) -> Board:
    board = selectors.get_board(code)
    require(
        request,
        "workshops.facilitate",
        board,
        message=_("Only the workshop's facilitators may do this."),
    )
    return board


@never_cache
def facilitate(request, code: str, forms: dict | None = None, status: int = 200):
    board = _facilitated(request, code)
    taxonomy = _taxonomy(board)
    wall_data = selectors.wall(board)
    forms = forms or {}
    return render(
        request,
        "web/live/facilitate.html",
        {
            "board": board,
            "process": board.workshop.event.process,
            "event": board.workshop.event,
            "wall": wall_data,
            "clusters": [cluster for cluster, _cards in wall_data.groups if cluster is not None],
            "cards": [card for _cluster, cards in wall_data.groups for card in cards],
            "guests": list(board.guests.select_related("stakeholder_group")),
            "card_form": forms.get("card")
            or CardForm(
                taxonomy=taxonomy,
                initial={"field_of_action": getattr(board.workshop.field_of_action, "slug", "")},
            ),
            "cluster_form": forms.get("cluster") or ClusterForm(prefix="cluster"),
            "vote_form": forms.get("vote") or VoteForm(),
            "notes_form": forms.get("notes") or NotesForm(initial={"notes": board.notes}),
            "join_url": _join_url(request, board),
            "qr": qr_svg(_join_url(request, board), _("QR code to join the workshop")),
        },
        status=status,
    )


def _item(model, board: Board, value) -> object:
    value = str(value or "")
    return get_object_or_404(model, board=board, pk=value if value.isdigit() else 0)


@require_POST
def facilitate_action(request, code: str, action: str):
    """Every button and form of the facilitator's page posts here; errors come back on the
    page with what was typed, or as a message for one-button actions."""
    board = _facilitated(request, code)
    post, user = request.POST, request.user
    taxonomy = _taxonomy(board)
    here = reverse("web:live_facilitate", kwargs={"code": board.code})
    forms = {}
    try:
        if action == "open":
            services.open_board(actor=user, board=board)
            messages.success(request, _("The workshop is open: guests can join and write cards."))
        elif action == "close":
            services.close_board(actor=user, board=board)
            messages.success(request, _("The workshop is closed. Its documentation is ready."))
        elif action == "card":
            form = forms["card"] = CardForm(post, taxonomy=taxonomy)
            if not form.is_valid():
                raise _FormInvalid
            services.add_paper_card(
                actor=user,
                board=board,
                key=form.cleaned_data.get("key") or uuid.uuid4(),
                **form.values(),
            )
            messages.success(request, _("The card is on the wall."))
        elif action == "edit":
            card = _item(Card, board, post.get("card"))
            services.edit_card(
                actor=user, card=card, title=post.get("title", ""), text=post.get("text", "")
            )
            messages.success(request, _("The card has been changed."))
        elif action == "delete":
            services.delete_card(actor=user, card=_item(Card, board, post.get("card")))
            messages.success(request, _("The card has been deleted."))
        elif action == "merge":
            services.merge_cards(
                actor=user,
                card=_item(Card, board, post.get("card")),
                into=_item(Card, board, post.get("into")),
            )
            messages.success(request, _("The cards have been merged."))
        elif action == "place":
            cluster = _item(Cluster, board, post.get("cluster")) if post.get("cluster") else None
            services.place_card(
                actor=user, card=_item(Card, board, post.get("card")), cluster=cluster
            )
        elif action == "cluster":
            form = forms["cluster"] = ClusterForm(post, prefix="cluster")
            if not form.is_valid():
                raise _FormInvalid
            services.add_cluster(actor=user, board=board, title=form.cleaned_data["title"])
        elif action == "rename":
            services.rename_cluster(
                actor=user,
                cluster=_item(Cluster, board, post.get("cluster")),
                title=post.get("title", ""),
            )
        elif action in ("up", "down"):
            services.move_cluster(
                actor=user, cluster=_item(Cluster, board, post.get("cluster")), up=action == "up"
            )
        elif action == "uncluster":
            services.delete_cluster(actor=user, cluster=_item(Cluster, board, post.get("cluster")))
        elif action == "vote":
            form = forms["vote"] = VoteForm(post)
            if not form.is_valid():
                raise _FormInvalid
            services.start_vote(actor=user, board=board, **form.cleaned_data)
            messages.success(request, _("The dot vote has started."))
        elif action == "close-vote":
            services.close_vote(actor=user, vote=_item(Vote, board, post.get("vote")))
            messages.success(request, _("The dot vote is closed; its result is kept."))
        elif action == "remove-guest":
            services.remove_guest(actor=user, guest=_item(Guest, board, post.get("guest")))
            messages.success(request, _("The guest has been removed."))
        elif action == "notes":
            form = forms["notes"] = NotesForm(post)
            if not form.is_valid():
                raise _FormInvalid
            services.save_notes(actor=user, board=board, notes=form.cleaned_data["notes"])
            messages.success(request, _("The notes have been saved."))
        else:
            raise Http404
    except _FormInvalid:
        return facilitate(request, board.code, forms=forms, status=400)
    except ValidationError as exc:
        form = next(iter(forms.values()), None)
        if form is not None:
            add_service_errors(form, exc)
            return facilitate(request, board.code, forms=forms, status=400)
        messages.error(request, " ".join(exc.messages))
    anchor = post.get("anchor", "")
    return redirect(here + (f"#{anchor}" if re.fullmatch(r"[a-z][a-z0-9-]{0,40}", anchor) else ""))


class _FormInvalid(Exception):  # noqa: N818 - control flow inside this module
    pass


def table_card(request, code: str):
    """The printable table card: the code, the QR code, the short address."""
    board = _facilitated(request, code)
    return pdf_response(
        request,
        "web/pdf/table_card.html",
        {
            "board": board,
            "join_url": _join_url(request, board),
            "short_url": request.build_absolute_uri(reverse("web:live_enter")),
            "qr": qr_svg(_join_url(request, board), _("QR code to join the workshop"), scale=8),
        },
        f"tischkarte-{board.code}.pdf",
    )


# The documentation ---------------------------------------------------------------------------


def _documented(request, slug: str, event: str, pk: int) -> Board:
    process = process_of(request, slug)
    event = event_selectors.get_event(process, event, request.user)
    board = get_object_or_404(
        Board.objects.select_related("workshop__event__process", "workshop__field_of_action"),
        workshop__event=event,
        workshop__pk=pk,
    )
    if board.state != Board.State.CLOSED and not request.user.has_perm(
        "workshops.facilitate", board
    ):
        raise Http404
    return board


def _documentation_context(board: Board) -> dict:
    return {
        "board": board,
        "process": board.workshop.event.process,
        "event": board.workshop.event,
        "wall": selectors.wall(board),
        "participants": selectors.participants_by_group(board),
    }


def documentation(request, slug: str, event: str, pk: int):
    board = _documented(request, slug, event, pk)
    context = _documentation_context(board)
    context["can_synthesise"] = request.user.has_perm("analysis.use_workspace", context["process"])
    if context["can_synthesise"]:
        context["groups"] = list(board.clusters.order_by("position", "id"))
    return render(request, "web/live/documentation.html", context)


@require_POST
def workshop_group_approach(request, slug: str, event: str, pk: int, group: int):
    """An action approach from a group the facilitator formed on the wall, in one step."""
    board = _documented(request, slug, event, pk)
    process = board.workshop.event.process
    require(
        request,
        "analysis.use_workspace",
        process,
        message=_("Only the process's organisers may use the synthesis."),
    )
    cluster = get_object_or_404(board.clusters, pk=group)
    try:
        approach, created = synthesis_services.approach_from_workshop_group(
            actor=request.user, group=cluster
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(
            "web:workshop_documentation",
            slug=process.slug,
            event=board.workshop.event.slug,
            pk=board.workshop.pk,
        )
    if created:
        messages.success(
            request,
            _(
                "The action approach has been created from the group. "
                "Please complete its description."
            ),
        )
    else:
        messages.info(request, _("This group has become an action approach already."))
    return redirect("web:approach_edit", slug=process.slug, pk=approach.pk)


def documentation_pdf(request, slug: str, event: str, pk: int):
    board = _documented(request, slug, event, pk)
    return pdf_response(
        request,
        "web/pdf/workshop.html",
        _documentation_context(board),
        f"workshop-{board.workshop.event.slug}-{board.workshop.pk}.pdf",
    )


def board_for_workshop(request, slug: str, event: str, pk: int):
    """From the organisers' event page: the workshop's board (made on first use)."""
    process = process_of(request, slug)
    event = event_selectors.get_event(process, event, request.user)
    workshop = get_object_or_404(Workshop, event=event, pk=pk)
    require(
        request,
        "events.check_in",
        event,
        message=_("Only the workshop's facilitators may do this."),
    )
    board = services.prepare_board(actor=request.user, workshop=workshop)
    return redirect("web:live_facilitate", code=board.code)
