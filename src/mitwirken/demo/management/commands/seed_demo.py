"""Creates the demo process "Integrationskonzept Sachsen-Anhalt" with its needs.

Idempotent: does nothing if the process exists (use --force to add it under a new slug).
"""

import datetime
import json
import random
import uuid
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from mitwirken.accounts import services as account_services
from mitwirken.accounts.models import User
from mitwirken.contributions import services as need_services
from mitwirken.contributions.models import Need
from mitwirken.core.actors import OPERATOR
from mitwirken.demo.concept import create_concept
from mitwirken.demo.conferences import create_conference_story
from mitwirken.demo.live_workshops import TRY_OUT_SLUG, create_live_workshops
from mitwirken.demo.synthesis import create_synthesis
from mitwirken.events import services as event_services
from mitwirken.events.models import Event
from mitwirken.moderation import services as moderation_services
from mitwirken.participation import services as participation_services
from mitwirken.processes import services as process_services
from mitwirken.processes.models import Phase, ProcessMembership, Region, StakeholderGroup

DATA = Path(__file__).resolve().parent.parent.parent / "data"
DEMO_PASSWORD = "mitwirken-demo"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_SLUG = "integrationskonzept-sachsen-anhalt"
IMPORT_NOTE = "Demo-Daten (manage.py seed_demo)"
# Keys of the imported needs and comments: the same on every run, so an import that is run
# again (or interrupted and repeated) never makes a second copy.
KEYS = uuid.UUID("5d1c8f3e-2019-4c6a-9a51-53a0c0ffee19")

DEMO_ACCOUNTS = [
    # email, display name, role
    ("prozessleitung@demo.mitwirken.de", "Prozessleitung MS LSA", ProcessMembership.Role.ORGANISER),
    ("moderation@demo.mitwirken.de", "Moderation", ProcessMembership.Role.MODERATOR),
    ("teilnahme@demo.mitwirken.de", "Demo-Teilnehmerin", None),
]

# The 2019 fields of action (DOMAIN-FACTS.md): slug, title, description.
FIELDS = [
    (field["slug"], field["title"], field["description"])
    for field in json.loads((DATA / "fields.json").read_text(encoding="utf-8"))
]

DESCRIPTION = """Das Ministerium für Arbeit, Soziales und Integration des Landes Sachsen-Anhalt hat am 12. September 2019 einen offenen Beteiligungsprozess für ein neues Integrationskonzept gestartet. Hintergrund ist die veränderte Einwanderungssituation: Schutzsuchende aus Kriegs- und Krisenländern ebenso wie europäische Zuwandernde kommen nach Sachsen-Anhalt, um zu studieren, zu arbeiten und zu leben.

Nach der Auftaktkonferenz in Magdeburg arbeiten Teilnehmende bei Regionalkonferenzen in Dessau, Stendal und Halle die veränderten Bedarfe heraus und überführen sie in Handlungsansätze. Eingeladen sind Kommunalpolitik und Verwaltung, Kammern und Wirtschaftsverbände, kommunale Koordinierungsstellen und Integrationsbeauftragte, die Zivilgesellschaft, Vereine, Schulen, Kitas, Seniorenverbände, Integrationsnetzwerke, Religionsgemeinschaften und Migrantenorganisationen.

Hier können alle online ihre Bedarfe einbringen, die Beiträge anderer kommentieren und unterstützen. Jede Rückmeldung wird ausgewertet; was daraus geworden ist, erfahren Sie auf dieser Seite.

(Hinweis zur Demo: Die Termine der Konferenzen sind die des Jahres 2019. Damit Besucherinnen und Besucher die Beteiligung ausprobieren können, bleibt die Online-Beteiligung der Demo vom Tag der Einrichtung an 90 Tage geöffnet.)"""


# slug, kind, title, date, venue, region key, places, workshops by field of action
EVENTS = [
    (
        "auftakt-magdeburg",
        Event.Kind.KICKOFF,
        "Auftaktkonferenz in Magdeburg",
        datetime.date(2019, 9, 12),
        "IHK Magdeburg",
        "15003",
        120,
        ["sprache", "beratung", "arbeit"],
    ),
    (
        "regionalkonferenz-dessau",
        Event.Kind.REGIONAL,
        "Regionalkonferenz in Dessau",
        datetime.date(2019, 9, 18),
        "Bauhaus Dessau",
        "15001",
        80,
        ["sprache", "bildung", "arbeit", "teilhabe"],
    ),
    (
        "regionalkonferenz-stendal",
        Event.Kind.REGIONAL,
        "Regionalkonferenz in Stendal",
        datetime.date(2019, 9, 24),
        "",
        "15090",
        80,
        ["sprache", "beratung", "wohnen", "teilhabe"],
    ),
    (
        "regionalkonferenz-halle",
        Event.Kind.REGIONAL,
        "Regionalkonferenz in Halle",
        datetime.date(2019, 9, 26),
        "Literaturhaus Halle",
        "15002",
        80,
        ["sprache", "anerkennung", "gesundheit", "antidiskriminierung"],
    ),
]
EVENT_DESCRIPTIONS = {
    Event.Kind.KICKOFF: (
        "Start des offenen Beteiligungsprozesses für ein neues Integrationskonzept des "
        "Landes Sachsen-Anhalt."
    ),
    Event.Kind.REGIONAL: (
        "Die Teilnehmenden arbeiten in Themenforen die veränderten Bedarfe heraus und "
        "überführen sie in Handlungsansätze."
    ),
}


class Command(BaseCommand):
    help = "Creates the demo process 'Integrationskonzept Sachsen-Anhalt' with needs."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019, help="random seed")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, seed: int, quiet: bool, **options):
        from mitwirken.processes.models import Process

        if Process.objects.filter(slug=DEMO_SLUG).exists():
            if not quiet:
                self.stdout.write("The demo process exists already; nothing to do.")
                self._try_out_lines()
            return
        rng = random.Random(seed)
        # The demo's e-mails (invitations, confirmations) go to addresses that do not
        # exist: they are delivered to memory, not printed or sent (see docs/decisions.md).
        memory = "django.core.mail.backends.locmem.EmailBackend"
        with override_settings(EMAIL_BACKEND=memory), transaction.atomic():
            process, accounts = self._create_process()
            self._create_events(process, accounts[ProcessMembership.Role.ORGANISER])
            counts = self._create_contributions(
                process, rng, importer=accounts[ProcessMembership.Role.ORGANISER]
            )
            self._create_report(process, accounts)
            counts.update(create_conference_story(process, random.Random(seed)))
            counts.update(create_live_workshops(process, random.Random(seed)))
            counts.update(
                create_synthesis(
                    process, accounts[ProcessMembership.Role.ORGANISER], random.Random(seed)
                )
            )
            counts.update(
                create_concept(process, accounts[ProcessMembership.Role.ORGANISER], self._people())
            )
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo process created: {needs} needs, {comments} comments, "
                    "{supports} supports; {organisations} organisations in the directory, "
                    "{invitations} invitations, {registrations} registrations; "
                    "{workshops} documented workshops; {approaches} action approaches, "
                    "{merged} duplicates merged; the concept in {versions} versions with "
                    "{concept_comments} comments.".format(**counts)
                )
            )
            self._try_out_lines()

    def _try_out_lines(self) -> None:
        """What `make run` prints to try the live workshop (phone, facilitator, wall)."""
        from mitwirken.workshops.models import Board

        board = Board.objects.filter(
            workshop__event__slug=TRY_OUT_SLUG, workshop__event__process__slug=DEMO_SLUG
        ).first()
        if board is None:
            return
        self.stdout.write(
            f"  Live workshop to try: code {board.display_code}\n"
            f"    phone:       /w/{board.code}/\n"
            f"    wall:        /w/{board.code}/wall/\n"
            f"    facilitator: /w/{board.code}/facilitate/ (log in as the organiser)"
        )

    def _create_process(self):
        organisation = account_services.ensure_organisation(
            actor=OPERATOR,
            name="Ministerium für Arbeit, Soziales und Integration des Landes Sachsen-Anhalt",
            website="https://ms.sachsen-anhalt.de",
        )
        process = process_services.create_process(
            actor=OPERATOR,
            title="Integrationskonzept Sachsen-Anhalt",
            slug=DEMO_SLUG,
            summary=(
                "Gemeinsam ein neues Integrationskonzept für Sachsen-Anhalt erarbeiten: "
                "Bringen Sie Ihre Bedarfe ein – für Beratung, Sprache, Bildung, Arbeit und "
                "ein gutes Zusammenleben."
            ),
            description=DESCRIPTION,
            organiser=organisation,
            published=True,
            regions=list(Region.objects.filter(state="Sachsen-Anhalt")),
            stakeholder_groups=list(StakeholderGroup.objects.all()),
        )
        today = timezone.localdate()
        online_end = today + datetime.timedelta(days=90)
        phases = [
            (
                Phase.Kind.KICKOFF,
                "Auftaktkonferenz in Magdeburg",
                "Start des Beteiligungsprozesses in der IHK Magdeburg.",
                datetime.date(2019, 9, 12),
                datetime.date(2019, 9, 12),
                False,
            ),
            (
                Phase.Kind.EVENTS,
                "Regionalkonferenzen in Dessau, Stendal und Halle",
                "Dessau (Bauhaus) 18. September, Stendal 24. September, "
                "Halle (Literaturhaus) 26. September 2019.",
                datetime.date(2019, 9, 18),
                datetime.date(2019, 9, 26),
                False,
            ),
            (
                Phase.Kind.ONLINE,
                "Online-Beteiligung",
                "Bedarfe einbringen, kommentieren und unterstützen.",
                datetime.date(2019, 9, 27),
                online_end,
                True,
            ),
            (
                Phase.Kind.DRAFT,
                "Konzeptentwurf zur Kommentierung",
                "Der Entwurf wird abschnittsweise zur Kommentierung veröffentlicht.",
                online_end + datetime.timedelta(days=1),
                online_end + datetime.timedelta(days=60),
                False,
            ),
            (
                Phase.Kind.ADOPTION,
                "Beschluss durch die Landesregierung",
                "Das Konzept wird beschlossen und mit allen Rückmeldungen veröffentlicht.",
                online_end + datetime.timedelta(days=90),
                online_end + datetime.timedelta(days=90),
                False,
            ),
        ]
        for kind, title, description, start, end, open_ in phases:
            process_services.add_phase(
                actor=OPERATOR,
                process=process,
                kind=kind,
                title=title,
                description=description,
                start_date=start,
                end_date=end,
                allows_needs=open_,
                allows_comments=open_,
                allows_supports=open_,
            )
        for slug, title, description in FIELDS:
            process_services.add_field_of_action(
                actor=OPERATOR, process=process, slug=slug, title=title, description=description
            )
        self._translate_content(process)

        password_hash = make_password(DEMO_PASSWORD)
        accounts = {}
        for email, name, role in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first() or account_services.create_account(
                actor=OPERATOR,
                email=email,
                display_name=name,
                password_hash=password_hash,
                verified=True,
                is_staff=role == ProcessMembership.Role.ORGANISER,
            )
            if role:
                process_services.assign_role(actor=OPERATOR, process=process, user=user, role=role)
            accounts[role or "participant"] = user
        if accounts.get(ProcessMembership.Role.ORGANISER):
            account_services.grant_organiser_admin(
                actor=OPERATOR, user=accounts[ProcessMembership.Role.ORGANISER]
            )
        return process, accounts

    def _translate_content(self, process) -> None:
        """The process's own texts in English, Arabic and Ukrainian (the needs stay in the
        language they were written in)."""
        path = DATA / "content_translations.json"
        if not path.exists():
            return
        data = json.loads(path.read_text(encoding="utf-8"))
        phases = {p.title: p.pk for p in process.phases.all()}
        fields = {f.slug: f.pk for f in process.fields_of_action.all()}
        groups = {g.slug: g.pk for g in process.stakeholder_groups.all()}
        for language in sorted(data["process"]):
            texts = {("process", process.pk, k): v for k, v in data["process"][language].items()}
            for kind, keys, entries in (
                ("phase", phases, data["phases"]),
                ("field", fields, data["fields"]),
                ("group", groups, data["groups"]),
            ):
                for key, by_language in entries.items():
                    if key in keys and language in by_language:
                        for name, text in by_language[language].items():
                            texts[(kind, keys[key], name)] = text
            process_services.translate_content(
                actor=OPERATOR, process=process, language=language, texts=texts
            )

    def _create_events(self, process, organiser) -> None:
        """The four conferences of 2019 with their real dates and venues (the times were
        not published, so none are given), each with workshops on fields of action."""
        for slug, kind, title, date, venue, region_key, capacity, fields in EVENTS:
            event = event_services.create_event(
                actor=organiser,
                process=process,
                kind=kind,
                title=title,
                slug=slug,
                date=date,
                venue=venue,
                region=Region.objects.get(key=region_key),
                capacity=capacity,
                description=EVENT_DESCRIPTIONS[kind],
                published=True,
            )
            for field_slug in fields:
                field = process.fields_of_action.get(slug=field_slug)
                event_services.add_workshop(
                    actor=organiser,
                    event=event,
                    title=f"Themenforum {field.title}",
                    field_of_action=field,
                    capacity=capacity // len(fields),
                    # AGSA's IKOE and IQ projects co-designed and moderated the 2019 conferences.
                    facilitators="Auslandsgesellschaft Sachsen-Anhalt e.V. (IKOE, IQ Sachsen-Anhalt)",
                )

    def _people(self) -> dict[str, User]:
        people = {}
        for person in json.loads((DATA / "people.json").read_text(encoding="utf-8")):
            email = f"{person['key']}@demo.mitwirken.de"
            user = User.objects.filter(email=email).first() or account_services.create_account(
                actor=OPERATOR, email=email, display_name=person["display_name"], verified=True
            )
            people[person["key"]] = user
        return people

    def _create_contributions(self, process, rng: random.Random, importer) -> dict[str, int]:
        """The demo's needs and comments are imported by the demo organiser, as an
        organiser brings in contributions collected elsewhere: with their authors and
        dates, and the provenance recorded (contributions.services.import_need)."""
        people = self._people()
        fields = {f.slug: f for f in process.fields_of_action.all()}
        regions = {r.key: r for r in Region.objects.all()}
        groups = {g.slug: g for g in StakeholderGroup.objects.all()}
        needs = json.loads((DATA / "needs.json").read_text(encoding="utf-8"))
        # Some people wrote in their own language: their needs stay in it (marked with
        # it on the pages), and the synthesis finds the German needs that say the same.
        other_languages = DATA / "needs_other_languages.json"
        if other_languages.exists():
            needs += json.loads(other_languages.read_text(encoding="utf-8"))
        now = timezone.now()
        counts = {"needs": 0, "comments": 0, "supports": 0}
        supporters = list(people.values())
        for index, item in enumerate(needs):
            created = now - datetime.timedelta(days=rng.uniform(1, 60), minutes=rng.randint(0, 600))
            need, _created = need_services.import_need(
                actor=importer,
                author=people[item["author"]],
                process=process,
                content=need_services.NeedContent(
                    title=item["title"],
                    text=item["text"],
                    field_of_action=fields[item["field"]],
                    region=regions.get(item.get("region") or ""),
                    stakeholder_group=groups.get(item.get("group") or ""),
                    target_group=item.get("target_group", ""),
                ),
                source=Need.Source.ONLINE,
                note=IMPORT_NOTE,
                created_at=created,
                key=uuid.uuid5(KEYS, f"need-{index}"),
            )
            counts["needs"] += 1
            for position, comment in enumerate(item.get("comments", [])):
                participation_services.import_comment(
                    actor=importer,
                    author=people[comment["author"]],
                    need=need,
                    text=comment["text"],
                    created_at=created + datetime.timedelta(hours=3 + 7 * position + index % 5),
                    key=uuid.uuid5(KEYS, f"comment-{index}-{position}"),
                )
                counts["comments"] += 1
            wanted = min(int(item.get("supports", 0)), len(supporters) - 1)
            for supporter in rng.sample(supporters, wanted):
                if supporter.pk != need.author_id and participation_services.support(
                    actor=supporter, need=need
                ):
                    counts["supports"] += 1
        return counts

    def _create_report(self, process, accounts) -> None:
        """One open report, so the moderation queue of the demo is not empty."""
        from mitwirken.participation.models import Comment

        comment = Comment.objects.filter(need__process=process).order_by("-id").first()
        participant = accounts.get("participant")
        if comment and participant:
            moderation_services.report(
                actor=participant,
                target=comment,
                reason="Bitte prüfen: Der Kommentar verallgemeinert sehr stark.",
            )
