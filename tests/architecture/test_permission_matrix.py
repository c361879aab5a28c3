"""Every operation of every service, for every role in every phase: allowed or denied.

The table says which roles may do what; the test calls the real service as each role
(each call in a savepoint that is rolled back) and compares. ``test_the_matrix_covers_
every_service`` fails when a service function is added without a row here, so a new
operation cannot slip through without its rule being stated and tested.

Roles: O organiser of the process, M moderator of the process, P participant (the author
of the need and the comment the operations act on), A anonymous visitor.
Phases: open (published, the current phase allows needs, comments and supports), closed
(published, the current phase allows none of them), draft (not published, the phase would
allow everything).
"""

import datetime
import importlib
import inspect
import pkgutil
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

import mitwirken
from mitwirken.contributions.models import Need
from mitwirken.contributions.services import NeedContent
from mitwirken.directory.models import DirectoryImport, Stakeholder
from mitwirken.events.models import Event, Invitation, Registration, Workshop
from mitwirken.participation.models import Comment
from mitwirken.processes.models import Process, ProcessMembership
from mitwirken.workshops.models import Board, Card, Cluster, Guest, Vote

from ..factories import (
    CommentFactory,
    FieldOfActionFactory,
    NeedFactory,
    OrganisationFactory,
    PhaseFactory,
    ProcessFactory,
    UserFactory,
)

ROLES = "OMPA"
PHASES = ("open", "closed", "draft")

# The roles allowed, per operation, in the open, closed and draft phase ("-": nobody).
TABLE = """
operation                            open  closed  draft
accounts.record_signup_details       -     -       -      once, at sign-up (see below)
accounts.update_profile              OMP   OMP     OMP    one's own
accounts.create_account              -     -       -      superusers and the operator
accounts.ensure_organisation         -     -       -
accounts.grant_organiser_admin       -     -       -
accounts.delete_account              P     P       P      the participant's: only she
processes.create_process             -     -       -      superusers, admin group, operator
processes.adopt_new_process          -     -       -
processes.add_phase                  O     O       O
processes.add_field_of_action        O     O       O
processes.assign_role                O     O       O
processes.change_setup               O     O       O
processes.translate_content          O     O       O      the process's texts in more languages
events.create_event                  O     O       O      the process's organisers
events.add_workshop                  O     O       O
events.change_event                  O     O       O
events.register                      OMPA  OMPA    -      anyone, no account needed
events.confirm_registration          -     -       -      only with the link (see tests/events)
events.cancel_registration           O     O       O      the link's holder, or organisers
events.erase_registration            O     O       O      the link's holder, or organisers
events.erase_past_registrations      -     -       -      the operator (purge_registrations)
events.change_workshop               O     O       O      the link's holder, or organisers
events.check_in                      O     O       O      event staff too (tests/events)
events.undo_check_in                 O     O       O      event staff too
events.send_invitations              O     O       O
events.decline_invitation            O     O       O      the link's holder, or organisers
workshops.prepare_board              O     O       O      facilitators: organisers, event staff, named
workshops.open_board                 O     O       O
workshops.close_board                O     O       O
workshops.save_notes                 O     O       O
workshops.join                       OMPA  OMPA    OMPA   anyone with the code, while open (not by phase)
workshops.remove_guest               O     O       O
workshops.submit_card                OMPA  OMPA    OMPA   the guest (tests/workshops)
workshops.add_paper_card             O     O       O
workshops.edit_card                  O     O       O
workshops.delete_card                O     O       O
workshops.merge_cards                O     O       O
workshops.add_cluster                O     O       O
workshops.rename_cluster             O     O       O
workshops.move_cluster               O     O       O
workshops.delete_cluster             O     O       O
workshops.place_card                 O     O       O
workshops.start_vote                 O     O       O
workshops.close_vote                 O     O       O
workshops.place_dot                  OMPA  OMPA    OMPA   the guest
workshops.take_back_dot              OMPA  OMPA    OMPA   the guest
directory.check_import               O     O       O      the process's organisers
directory.apply_import               O     O       O
directory.add_stakeholder            O     O       O
directory.change_stakeholder         O     O       O
directory.delete_stakeholder         O     O       O
contributions.submit_need            OMP   -       -
contributions.import_need            O     O       O
contributions.edit_need              OP    O       O      the author while open; organisers
contributions.set_hidden             OM    OM      OM
contributions.erase_author           P     P       P
contributions.rebuild_search_index   O     O       O
participation.add_comment            OMP   -       -
participation.import_comment         O     O       O
participation.set_comment_hidden     OM    OM      OM
participation.support                OMP   -       -
participation.withdraw_support       OMP   -       -
participation.erase_person           P     P       P
moderation.report                    OMP   OMP     O      what one can see
moderation.hide                      OM    OM      OM
moderation.restore                   OM    OM      OM
moderation.dismiss_reports           OM    OM      OM
privacy.delete_account               P     P       P
contributions.set_status             O     O       O      what became of a need: organisers
contributions.merge                  O     O       O
contributions.undo_merge             O     O       O
contributions.send_digests_now       O     O       O
approaches.create_approach           O     O       O
approaches.change_approach           O     O       O
approaches.link_needs                O     O       O
approaches.unlink_needs              O     O       O
approaches.delete_approach           O     O       O
concept.assemble_draft               O     O       O      the concept: organisers
concept.change_section               O     O       O
concept.add_section                  O     O       O
concept.move_section                 O     O       O
concept.publish_version              O     O       O
concept.answer_comment               O     O       O
concept.comment                      OMP   OMP     O      logged in, while its period runs (tests/concept)
concept.set_comment_hidden           OM    OM      OM     moderated as elsewhere
reports.request_export               OMPA  OMPA    O      open data: who may see the process
analysis.request_clusters            O     O       O      the synthesis: organisers
analysis.rename_cluster              O     O       O
analysis.move_needs                  O     O       O
analysis.split_cluster               O     O       O
analysis.join_clusters               O     O       O
analysis.decide_pair                 O     O       O
analysis.merge_needs                 O     O       O
analysis.undo_merge                  O     O       O
analysis.approach_from_cluster       O     O       O
analysis.approach_from_workshop_group O    O       O
"""


def _parse(table: str) -> dict[str, tuple[str, ...]]:
    rows = [line.split() for line in table.strip().splitlines()[1:]]
    return {row[0]: tuple("" if cell == "-" else cell for cell in row[1:4]) for row in rows}


MATRIX = _parse(TABLE)

# Helpers that trust their caller; their name says who that is (docs/architecture.md).
TRUSTED = {
    "contributions.change_counters_for_participation",
    "accounts.remember_language_for_login",  # the login signal's: the person who logs in
    # called only by workshops.services, after its own rule (the board's guests, facilitators)
    "contributions.write_need_for_workshop_card",
    "contributions.remove_need_for_workshop_card",
    "contributions.set_language_for_analysis",  # analysis.vectors, when a need is prepared
    # contributions.status: called by approaches.services after its rule, and by the
    # scheduler's command (send_status_digests)
    "contributions.take_up_for_approaches",
    "contributions.reopen_for_approaches",
    "contributions.send_digests_for_scheduler",
    "reports.build_for_worker",  # the task's body, for a build request_export made
}


def service_functions() -> dict[str, object]:
    """Every public function defined in a services module of the project."""
    found = {}
    for module_info in pkgutil.walk_packages(mitwirken.__path__, "mitwirken."):
        if not module_info.name.endswith((".services", ".status")):
            continue
        module = importlib.import_module(module_info.name)
        app = module_info.name.split(".")[1]
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{app}.{name}"] = function
    return found


class Context:
    """What the operations act on, read anew from the database for each role."""

    def __init__(self, ids: dict) -> None:
        self.process = Process.objects.get(pk=ids["process"])
        self.need = Need.objects.select_related("process", "field_of_action").get(pk=ids["need"])
        self.comment = Comment.objects.select_related("need__process").get(pk=ids["comment"])
        self.field = self.need.field_of_action
        self.participant = self.need.author
        self.organisation = self.process.organiser
        self.event = Event.objects.select_related("process").get(pk=ids["event"])
        self.registration = Registration.objects.get(pk=ids["registration"])
        self.ticket = Registration.objects.select_related("event").get(pk=ids["ticket"])
        self.workshop = Workshop.objects.get(pk=ids["workshop"])
        self.invitation = Invitation.objects.select_related("event").get(pk=ids["invitation"])
        self.board = Board.objects.get(pk=ids["board"])
        self.idle_board = Board.objects.get(pk=ids["idle_board"])
        self.prepared = Board.objects.get(pk=ids["prepared"])
        self.guest = Guest.objects.get(pk=ids["guest"])
        self.card = Card.objects.select_related("need", "board").get(pk=ids["card"])
        self.other_card = Card.objects.select_related("need", "board").get(pk=ids["other_card"])
        self.cluster = Cluster.objects.select_related("board").get(pk=ids["cluster"])
        self.vote = Vote.objects.select_related("board").get(pk=ids["vote"])
        self.stakeholder = Stakeholder.objects.select_related("process").get(pk=ids["stakeholder"])
        self.directory_import = DirectoryImport.objects.select_related("process").get(
            pk=ids["directory_import"]
        )
        from mitwirken.analysis.models import Cluster as SynthesisCluster
        from mitwirken.analysis.models import DuplicatePair
        from mitwirken.approaches.models import ActionApproach

        self.other_need = Need.objects.select_related("process").get(pk=ids["other_need"])
        self.merged_need = Need.objects.select_related("process").get(pk=ids["merged_need"])
        clusters = SynthesisCluster.objects.select_related("process", "field_of_action")
        self.synthesis_cluster = clusters.get(pk=ids["synthesis_cluster"])
        self.other_synthesis_cluster = clusters.get(pk=ids["other_synthesis_cluster"])
        self.pair = DuplicatePair.objects.select_related("process").get(pk=ids["pair"])
        self.approach = ActionApproach.objects.select_related("process").get(pk=ids["approach"])
        from mitwirken.concept.models import (
            ConceptComment,
            ConceptDraft,
            ConceptSection,
            ConceptVersion,
        )

        self.draft = ConceptDraft.objects.select_related("process").get(pk=ids["draft"])
        self.section = ConceptSection.objects.select_related("draft__process").get(
            pk=ids["section"]
        )
        self.version = ConceptVersion.objects.select_related("draft__process").get(
            pk=ids["version"]
        )
        self.concept_comment = ConceptComment.objects.select_related("version__draft__process").get(
            pk=ids["concept_comment"]
        )


def _services(app: str):
    return importlib.import_module(f"mitwirken.{app}.services")


def _status():
    return importlib.import_module("mitwirken.contributions.status")


def _approach_content(ctx):
    from mitwirken.approaches.services import ApproachContent

    return ApproachContent(title="Abendkurse", description="", field_of_action=ctx.field)


DIRECTORY_CSV = (
    "name;group;region;email\nVerein für Integration;vereine;15003;info@verein.example\n"
)


def _content(ctx: Context) -> NeedContent:
    return NeedContent(title="Geänderter Titel", text="Ein Bedarf", field_of_action=ctx.field)


OPERATIONS = {
    "concept.assemble_draft": lambda s, a, c: s.assemble_draft(actor=a, process=c.process),
    "concept.change_section": lambda s, a, c: s.change_section(
        actor=a, section=c.section, title="Einleitung", body="Text."
    ),
    "concept.add_section": lambda s, a, c: s.add_section(actor=a, draft=c.draft, title="Ausblick"),
    "concept.move_section": lambda s, a, c: s.move_section(actor=a, section=c.section, up=False),
    "concept.publish_version": lambda s, a, c: s.publish_version(
        actor=a, draft=c.draft, final=True
    ),
    "concept.answer_comment": lambda s, a, c: s.answer_comment(
        actor=a, comment=c.concept_comment, text="Danke."
    ),
    "reports.request_export": lambda s, a, c: s.request_export(
        actor=a,
        process=c.process,
        name="approaches",
        fmt="csv",
        kind=importlib.import_module("mitwirken.reports.selectors").kind_of(
            c.process, "approaches", "csv"
        ),
    ),  # fmt: skip
    "concept.set_comment_hidden": lambda s, a, c: s.set_comment_hidden(
        actor=a, comment=c.concept_comment, hidden=True, reason="Werbung"
    ),
    "concept.comment": lambda s, a, c: s.comment(
        actor=a,
        version=c.version,
        anchor=c.version.content[0]["paragraphs"][0]["anchor"],
        text="Ein Kommentar.",
    ),
    "processes.translate_content": lambda s, a, c: s.translate_content(
        actor=a,
        process=c.process,
        language="en",
        texts={("process", c.process.pk, "title"): "Integration concept"},
    ),
    "contributions.set_status": lambda s, a, c: _status().set_status(
        actor=a, need=c.need, status="not_adopted", response="Bund zuständig."
    ),
    "contributions.merge": lambda s, a, c: _status().merge(actor=a, need=c.other_need, into=c.need),
    "contributions.undo_merge": lambda s, a, c: _status().undo_merge(actor=a, need=c.merged_need),
    "contributions.send_digests_now": lambda s, a, c: _status().send_digests_now(
        actor=a, process=c.process
    ),
    "approaches.create_approach": lambda s, a, c: s.create_approach(
        actor=a, process=c.process, content=_approach_content(c), needs=[c.need]
    ),
    "approaches.change_approach": lambda s, a, c: s.change_approach(
        actor=a, approach=c.approach, content=_approach_content(c)
    ),
    "approaches.link_needs": lambda s, a, c: s.link_needs(
        actor=a, approach=c.approach, needs=[c.other_need]
    ),
    "approaches.unlink_needs": lambda s, a, c: s.unlink_needs(
        actor=a, approach=c.approach, needs=[c.need]
    ),
    "approaches.delete_approach": lambda s, a, c: s.delete_approach(actor=a, approach=c.approach),
    "analysis.request_clusters": lambda s, a, c: s.request_clusters(actor=a, process=c.process),
    "analysis.rename_cluster": lambda s, a, c: s.rename_cluster(
        actor=a, cluster=c.synthesis_cluster, name="Neu"
    ),
    "analysis.move_needs": lambda s, a, c: s.move_needs(
        actor=a, process=c.process, needs=[c.other_need], into=c.synthesis_cluster
    ),
    "analysis.split_cluster": lambda s, a, c: s.split_cluster(
        actor=a, cluster=c.synthesis_cluster, needs=[c.need]
    ),
    "analysis.join_clusters": lambda s, a, c: s.join_clusters(
        actor=a, cluster=c.synthesis_cluster, other=c.other_synthesis_cluster
    ),
    "analysis.decide_pair": lambda s, a, c: s.decide_pair(actor=a, pair=c.pair, merge=False),
    "analysis.merge_needs": lambda s, a, c: s.merge_needs(actor=a, need=c.other_need, into=c.need),
    "analysis.undo_merge": lambda s, a, c: s.undo_merge(actor=a, need=c.merged_need),
    "analysis.approach_from_cluster": lambda s, a, c: s.approach_from_cluster(
        actor=a, cluster=c.synthesis_cluster
    ),
    "analysis.approach_from_workshop_group": lambda s, a, c: (
        Card.objects.filter(pk=c.card.pk).update(cluster=c.cluster),
        s.approach_from_workshop_group(actor=a, group=c.cluster),
    ),
    "accounts.record_signup_details": lambda s, a, c: s.record_signup_details(
        actor=a, display_name="Neuer Name"
    ),
    "accounts.update_profile": lambda s, a, c: s.update_profile(actor=a, display_name="Neu"),
    "accounts.create_account": lambda s, a, c: s.create_account(
        actor=a, email="neu@example.org", display_name="Neu"
    ),
    "accounts.ensure_organisation": lambda s, a, c: s.ensure_organisation(
        actor=a, name="Neuer Verein"
    ),
    "accounts.grant_organiser_admin": lambda s, a, c: s.grant_organiser_admin(
        actor=a, user=c.participant
    ),
    "accounts.delete_account": lambda s, a, c: s.delete_account(actor=a, user=c.participant),
    "processes.create_process": lambda s, a, c: s.create_process(
        actor=a, title="Neu", slug="neu", summary="Neu", organiser=c.organisation
    ),
    "processes.adopt_new_process": lambda s, a, c: s.adopt_new_process(
        actor=a, process=ProcessFactory(slug="ohne-leitung")
    ),
    "processes.add_phase": lambda s, a, c: s.add_phase(
        actor=a,
        process=c.process,
        kind="other",
        title="Neue Phase",
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
    ),
    "processes.add_field_of_action": lambda s, a, c: s.add_field_of_action(
        actor=a, process=c.process, slug="neu", title="Neu"
    ),
    "processes.assign_role": lambda s, a, c: s.assign_role(
        actor=a, process=c.process, user=c.participant, role="moderator"
    ),
    "processes.change_setup": lambda s, a, c: s.change_setup(actor=a, changed=[c.process]),
    "events.create_event": lambda s, a, c: s.create_event(
        actor=a,
        process=c.process,
        kind="regional",
        title="Regionalkonferenz",
        slug="neu",
        date=timezone.localdate(),
        capacity=50,
    ),
    "events.add_workshop": lambda s, a, c: s.add_workshop(
        actor=a, event=c.event, title="Themenforum", capacity=20, field_of_action=c.field
    ),
    "events.register": lambda s, a, c: s.register(
        actor=a, event=c.event, details=s.RegistrationDetails(name="Neu", email="neu@example.org")
    ),
    "events.confirm_registration": lambda s, a, c: s.confirm_registration(
        actor=a, registration=c.registration, token=uuid.uuid4()
    ),
    "events.cancel_registration": lambda s, a, c: s.cancel_registration(
        actor=a, registration=c.registration, token=uuid.uuid4()
    ),
    "events.erase_registration": lambda s, a, c: s.erase_registration(
        actor=a, registration=c.registration, token=uuid.uuid4()
    ),
    "events.erase_past_registrations": lambda s, a, c: s.erase_past_registrations(actor=a, days=0),
    "workshops.prepare_board": lambda s, a, c: s.prepare_board(actor=a, workshop=c.workshop),
    "workshops.open_board": lambda s, a, c: s.open_board(actor=a, board=c.prepared),
    "workshops.close_board": lambda s, a, c: s.close_board(actor=a, board=c.board),
    "workshops.save_notes": lambda s, a, c: s.save_notes(actor=a, board=c.board, notes="Gut."),
    "workshops.join": lambda s, a, c: s.join(actor=a, board=c.board, pseudonym="Eiche 3"),
    "workshops.remove_guest": lambda s, a, c: s.remove_guest(actor=a, guest=c.guest),
    "workshops.submit_card": lambda s, a, c: s.submit_card(
        actor=a, guest=c.guest, title="Neue Karte", key=uuid.uuid4()
    ),
    "workshops.add_paper_card": lambda s, a, c: s.add_paper_card(
        actor=a, board=c.board, title="Papier", key=uuid.uuid4()
    ),
    "workshops.edit_card": lambda s, a, c: s.edit_card(actor=a, card=c.card, title="Anders"),
    "workshops.delete_card": lambda s, a, c: s.delete_card(actor=a, card=c.other_card),
    "workshops.merge_cards": lambda s, a, c: s.merge_cards(actor=a, card=c.other_card, into=c.card),
    "workshops.add_cluster": lambda s, a, c: s.add_cluster(actor=a, board=c.board, title="Neu"),
    "workshops.rename_cluster": lambda s, a, c: s.rename_cluster(
        actor=a, cluster=c.cluster, title="Umbenannt"
    ),
    "workshops.move_cluster": lambda s, a, c: s.move_cluster(actor=a, cluster=c.cluster, up=True),
    "workshops.delete_cluster": lambda s, a, c: s.delete_cluster(actor=a, cluster=c.cluster),
    "workshops.place_card": lambda s, a, c: s.place_card(actor=a, card=c.card, cluster=c.cluster),
    "workshops.start_vote": lambda s, a, c: s.start_vote(
        actor=a, board=c.idle_board, target="clusters"
    ),
    "workshops.close_vote": lambda s, a, c: s.close_vote(actor=a, vote=c.vote),
    "workshops.place_dot": lambda s, a, c: s.place_dot(
        actor=a, guest=c.guest, vote=c.vote, item=c.card
    ),
    "workshops.take_back_dot": lambda s, a, c: s.take_back_dot(
        actor=a, guest=c.guest, vote=c.vote, item=c.card
    ),
    "events.change_event": lambda s, a, c: s.change_event(actor=a, event=c.event, capacity=45),
    "events.change_workshop": lambda s, a, c: s.change_workshop(
        actor=a, registration=c.ticket, workshop=c.workshop, token=uuid.uuid4()
    ),
    "events.check_in": lambda s, a, c: s.check_in(actor=a, event=c.event, code=c.ticket.code),
    "events.undo_check_in": lambda s, a, c: s.undo_check_in(actor=a, registration=c.ticket),
    "events.send_invitations": lambda s, a, c: s.send_invitations(
        actor=a, event=c.event, stakeholders=list(c.process.stakeholders.all())
    ),
    "events.decline_invitation": lambda s, a, c: s.decline_invitation(
        actor=a, invitation=c.invitation, token=uuid.uuid4()
    ),
    "directory.check_import": lambda s, a, c: s.check_import(
        actor=a, process=c.process, filename="verteiler.csv", data=DIRECTORY_CSV.encode()
    ),
    "directory.apply_import": lambda s, a, c: s.apply_import(
        actor=a, directory_import=c.directory_import, good_rows_only=False
    ),
    "directory.add_stakeholder": lambda s, a, c: s.add_stakeholder(
        actor=a, process=c.process, name="Neuer Verein", email="neu@verein.example"
    ),
    "directory.change_stakeholder": lambda s, a, c: s.change_stakeholder(
        actor=a, stakeholder=c.stakeholder, name="Umbenannt", email="umbenannt@verein.example"
    ),
    "directory.delete_stakeholder": lambda s, a, c: s.delete_stakeholder(
        actor=a, stakeholder=c.stakeholder
    ),
    "contributions.submit_need": lambda s, a, c: s.submit_need(
        actor=a, process=c.process, content=_content(c)
    ),
    "contributions.import_need": lambda s, a, c: s.import_need(
        actor=a,
        process=c.process,
        author=c.participant,
        content=_content(c),
        note="Tisch 1",
        created_at=timezone.now() - datetime.timedelta(days=3),
    ),
    "contributions.edit_need": lambda s, a, c: s.edit_need(
        actor=a, need=c.need, content=_content(c)
    ),
    "contributions.set_hidden": lambda s, a, c: s.set_hidden(
        actor=a, need=c.need, hidden=True, reason="Werbung"
    ),
    "contributions.erase_author": lambda s, a, c: s.erase_author(
        actor=a, user=c.participant, delete_needs=True
    ),
    "contributions.rebuild_search_index": lambda s, a, c: s.rebuild_search_index(
        actor=a, process=c.process
    ),
    "participation.add_comment": lambda s, a, c: s.add_comment(
        actor=a, need=c.need, text="Ein Kommentar", submission_key=uuid.uuid4()
    ),
    "participation.import_comment": lambda s, a, c: s.import_comment(
        actor=a, need=c.need, author=c.participant, text="Aus dem Protokoll"
    ),
    "participation.set_comment_hidden": lambda s, a, c: s.set_comment_hidden(
        actor=a, comment=c.comment, hidden=True, reason="Beleidigung"
    ),
    "participation.support": lambda s, a, c: s.support(actor=a, need=c.need),
    "participation.withdraw_support": lambda s, a, c: s.withdraw_support(actor=a, need=c.need),
    "participation.erase_person": lambda s, a, c: s.erase_person(
        actor=a, user=c.participant, delete_comments=True
    ),
    "moderation.report": lambda s, a, c: s.report(actor=a, target=c.comment, reason="Bitte prüfen"),
    "moderation.hide": lambda s, a, c: s.hide(actor=a, target=c.need, reason="Werbung"),
    "moderation.restore": lambda s, a, c: s.restore(actor=a, target=c.comment),
    "moderation.dismiss_reports": lambda s, a, c: s.dismiss_reports(actor=a, target=c.need),
    "privacy.delete_account": lambda s, a, c: s.delete_account(
        actor=a, user=c.participant, delete_contributions=True
    ),
}


class _Undo(Exception):
    """Rolls the savepoint back after an allowed call."""


def _build(phase: str) -> dict:
    state = Process.State.DRAFT if phase == "draft" else Process.State.PUBLISHED
    process = ProcessFactory(state=state, organiser=OrganisationFactory(name="Ministerium"))
    open_ = phase != "closed"
    PhaseFactory(process=process, allows_needs=open_, allows_comments=open_, allows_supports=open_)
    field = FieldOfActionFactory(process=process)
    ids = {"process": process.pk}
    for role, letter in (("organiser", "O"), ("moderator", "M")):
        user = UserFactory()
        ProcessMembership.objects.create(process=process, user=user, role=role)
        ids[letter] = user.pk
    participant = UserFactory()
    ids["P"] = participant.pk
    need = NeedFactory(process=process, field_of_action=field, author=participant)
    ids["need"] = need.pk
    ids["comment"] = CommentFactory(need=need, author=participant).pk
    event = Event.objects.create(
        process=process,
        kind="regional",
        title="Konferenz",
        slug="konferenz",
        date=timezone.localdate(),
        capacity=40,
        state=Event.State.PUBLISHED,
    )
    ids["event"] = event.pk
    ids["registration"] = Registration.objects.create(
        event=event, name="Eine Person", email="person@example.org", consent_at=timezone.now()
    ).pk
    ids["ticket"] = Registration.objects.create(
        event=event,
        name="Mit Platz",
        email="platz@example.org",
        consent_at=timezone.now(),
        state=Registration.State.CONFIRMED,
    ).pk
    ids["workshop"] = Workshop.objects.create(event=event, title="Tisch 1", capacity=10).pk
    stakeholder = Stakeholder.objects.create(
        process=process, name="Caritasverband", email="kontakt@caritas.example"
    )
    ids["stakeholder"] = stakeholder.pk
    ids["invitation"] = Invitation.objects.create(event=event, stakeholder=stakeholder).pk
    Stakeholder.objects.create(process=process, name="Frauenzentrum", email="fz@example.org")
    ids.update(_live_workshop(process, event, field))
    ids.update(_synthesis(process, field, need, participant))
    ids.update(_concept(process, participant))
    ids["directory_import"] = DirectoryImport.objects.create(
        process=process,
        uploaded_by_id=ids["O"],
        filename="verteiler.csv",
        content=DIRECTORY_CSV,
        encoding="utf-8",
        total_rows=1,
        good_rows=1,
    ).pk
    return ids


def _live_workshop(process, event, field) -> dict:
    from mitwirken.contributions.services import write_need_for_workshop_card

    def board(title, state):
        workshop = Workshop.objects.create(
            event=event, title=title, capacity=10, field_of_action=field
        )
        return Board.objects.create(workshop=workshop, state=state)

    live, idle, prepared = (
        board("Tisch 2", "open"),
        board("Tisch 3", "open"),
        board("Tisch 4", "prepared"),
    )
    guest = Guest.objects.create(board=live, pseudonym="Linde 12")

    def card(title):
        need = write_need_for_workshop_card(
            process=process, field_of_action=field, title=title, text=""
        )
        return Card.objects.create(board=live, need=need, guest=guest, key=uuid.uuid4())

    return {
        "board": live.pk,
        "idle_board": idle.pk,
        "prepared": prepared.pk,
        "guest": guest.pk,
        "card": card("Sprachkurse").pk,
        "other_card": card("Mehr Sprachkurse").pk,
        "cluster": Cluster.objects.create(board=live, title="Sprache").pk,
        "vote": Vote.objects.create(board=live, target="cards").pk,
    }


def _synthesis(process, field, need, participant) -> dict:
    from mitwirken.analysis.models import Cluster as SynthesisCluster
    from mitwirken.analysis.models import ClusterMember, DuplicatePair
    from mitwirken.approaches.models import ActionApproach

    other = NeedFactory(process=process, field_of_action=field, author=participant)
    keeper = NeedFactory(process=process, field_of_action=field, author=participant)
    merged = NeedFactory(
        process=process,
        field_of_action=field,
        author=participant,
        status=Need.Status.MERGED,
        merged_into=keeper,
    )
    cluster = SynthesisCluster.objects.create(
        process=process, field_of_action=field, terms=["kurs"]
    )
    ClusterMember.objects.create(need=need, cluster=cluster)
    ClusterMember.objects.create(need=keeper, cluster=cluster)
    second = SynthesisCluster.objects.create(process=process, field_of_action=field)
    ClusterMember.objects.create(need=other, cluster=second)
    first, last = sorted([need.pk, other.pk])
    pair = DuplicatePair.objects.create(process=process, first_id=first, second_id=last, score=0.9)
    approach = ActionApproach.objects.create(
        process=process, field_of_action=field, title="Ansatz", description=""
    )
    approach.needs.add(need)
    return {
        "other_need": other.pk,
        "merged_need": merged.pk,
        "synthesis_cluster": cluster.pk,
        "other_synthesis_cluster": second.pk,
        "pair": pair.pk,
        "approach": approach.pk,
    }


def _concept(process, participant) -> dict:
    from mitwirken.concept.markdown import anchor
    from mitwirken.concept.models import (
        ConceptComment,
        ConceptDraft,
        ConceptSection,
        ConceptVersion,
    )

    draft = ConceptDraft.objects.create(process=process, title="Konzept")
    section = ConceptSection.objects.create(
        draft=draft, key="einleitung", title="Einleitung", body="Text."
    )
    ConceptSection.objects.create(draft=draft, key="schluss", title="Schluss", position=1)
    html = "<p>Text.</p>\n"
    today = timezone.localdate()
    version = ConceptVersion.objects.create(
        draft=draft,
        number=1,
        title="Konzept",
        comments_from=today,
        comments_until=today + datetime.timedelta(days=7),
        content=[
            {
                "key": "einleitung",
                "title": "Einleitung",
                "approaches": [],
                "field": None,
                "paragraphs": [{"anchor": anchor("einleitung", 0, html), "html": html}],
            }
        ],
    )
    comment = ConceptComment.objects.create(
        version=version, anchor="einleitung-1", author=participant, text="Frage"
    )
    return {
        "draft": draft.pk,
        "section": section.pk,
        "version": version.pk,
        "concept_comment": comment.pk,
    }


def _actor(letter: str, ids: dict):
    from mitwirken.accounts.models import User

    return AnonymousUser() if letter == "A" else User.objects.get(pk=ids[letter])


def _allowed_roles(operation: str, phase: str) -> str:
    app, _name = operation.split(".")
    run = OPERATIONS[operation]
    ids = _build(phase)
    allowed = ""
    for letter in ROLES:
        try:
            with transaction.atomic():
                run(_services(app), _actor(letter, ids), Context(ids))
                raise _Undo
        except _Undo:
            allowed += letter
        except PermissionDenied:
            pass
    return allowed


@pytest.mark.django_db
@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_who_may_do_what(operation, phase):
    expected = MATRIX[operation][PHASES.index(phase)]
    assert _allowed_roles(operation, phase) == expected


def test_the_matrix_covers_every_service():
    functions = set(service_functions())
    assert functions - TRUSTED == set(MATRIX), (
        "a service function without a row in MATRIX (or a row for a function that is gone): "
        f"{sorted((functions - TRUSTED) ^ set(MATRIX))}"
    )
    assert set(OPERATIONS) == set(MATRIX)


def test_every_service_takes_the_actor():
    """The contract: each public service function has a keyword-only ``actor``; the few
    helpers that trust their caller say in their name which app that is."""
    for name, function in service_functions().items():
        parameters = inspect.signature(function).parameters
        if name in TRUSTED:
            assert "actor" not in parameters
            assert "_for_" in name.split(".")[1], f"{name}: say who may call it"
            continue
        assert "actor" in parameters, f"{name} does not take the actor"
        assert parameters["actor"].kind is inspect.Parameter.KEYWORD_ONLY, name


@pytest.mark.django_db
def test_signup_details_are_recorded_once_for_a_new_account():
    """The row above is empty because every role has signed up already; a new account
    records its name and consent exactly once."""
    from mitwirken.accounts import services
    from mitwirken.accounts.models import User

    new = User(email="neu@example.org")
    services.record_signup_details(actor=new, display_name="Neu Hier")
    assert new.display_name == "Neu Hier" and new.privacy_consent_at is not None
    with pytest.raises(PermissionDenied):
        services.record_signup_details(actor=new, display_name="Noch einmal")
    with pytest.raises(PermissionDenied):
        services.record_signup_details(actor=AnonymousUser(), display_name="Niemand")
