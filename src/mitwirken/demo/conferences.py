"""The demo's conference story: the invitation directory, invitations to the four 2019
conferences, registrations (some waiting, some cancelled), access needs and attendance.

Everything goes through the services as the operator would run an import, so the demo
shows what the platform itself produces. Random choices come from a seeded generator (the
same demo on every run). The story the breadth view tells: migrant organisations of the
Altmark were invited to Stendal, but none of their people registered."""

import datetime
import json
import random
from pathlib import Path

from django.utils import timezone

from mitwirken.core.actors import OPERATOR
from mitwirken.directory import services as directory_services
from mitwirken.events import services as event_services
from mitwirken.events.models import Event, Registration
from mitwirken.processes.models import Region, StakeholderGroup

DATA = Path(__file__).resolve().parent / "data"

# Which regions each conference invites (the kick-off: the whole state).
CATCHMENT = {
    "auftakt-magdeburg": None,
    "regionalkonferenz-dessau": {"15001", "15082", "15091", "15089"},
    "regionalkonferenz-stendal": {"15090", "15081", "15086", "15083"},
    "regionalkonferenz-halle": {"15002", "15088", "15084", "15087", "15085"},
}
# How many people an invited organisation sends, by chance; migrant organisations of the
# Stendal catchment send nobody (the gap the demo shows).
SENDS = [0, 0, 1, 1, 1, 2, 2, 3]
FIRST_NAMES = [
    "Anna",
    "Jonas",
    "Leonie",
    "Mohammed",
    "Olena",
    "Thanh",
    "Svetlana",
    "Ahmad",
    "Katrin",
    "Emre",
    "Maria",
    "Dmytro",
    "Lina",
    "Paul",
    "Fatima",
    "Andreas",
    "Huong",
    "Mariam",
    "Sabine",
    "Yusuf",
    "Karolina",
    "Stefan",
    "Amal",
    "Tobias",
    "Nadia",
    "Igor",
    "Petra",
    "Hassan",
    "Julia",
    "Minh",
    "Sandra",
    "Omar",
    "Anja",
    "Tetiana",
    "Michael",
    "Zainab",
    "Ralf",
    "Aylin",
    "Christine",
    "Bilal",
    "Ute",
    "Farid",
    "Heike",
    "Natalia",
    "Jens",
    "Samira",
    "Kerstin",
    "Wael",
    "Birgit",
    "Lan",
]
LAST_NAMES = [
    "Müller",
    "Schmidt",
    "Haddad",
    "Nguyen",
    "Kowalski",
    "Schulz",
    "Ivanova",
    "Yilmaz",
    "Becker",
    "Hoffmann",
    "Rahimi",
    "Koch",
    "Richter",
    "Wagner",
    "Al-Khatib",
    "Tran",
    "Petrenko",
    "Krüger",
    "Lehmann",
    "Hussaini",
    "Weber",
    "Schröder",
    "Nowak",
    "Zimmermann",
    "Kaya",
    "Fischer",
    "Braun",
    "Popescu",
    "Hartmann",
    "Sadiqi",
    "Lange",
    "Schwarz",
    "Pham",
    "Werner",
]
INTERPRETING = ["Arabisch", "Russisch", "Ukrainisch", "Dari", "Vietnamesisch", "Tigrinya"]


def create_directory(process) -> list:
    """About 120 organisations across the stakeholder groups and regions."""
    regions = {r.key: r for r in Region.objects.all()}
    groups = {g.slug: g for g in StakeholderGroup.objects.all()}
    stakeholders = []
    entries = json.loads((DATA / "directory.json").read_text(encoding="utf-8"))
    for number, entry in enumerate(entries, start=1):
        stakeholder, _created = directory_services.add_stakeholder(
            actor=OPERATOR,
            process=process,
            name=entry["name"],
            email=f"organisation-{number:03d}@demo.mitwirken.de",
            stakeholder_group=groups[entry["group"]],
            region=regions[entry["region"]],
            contact_person=entry.get("contact", ""),
        )
        stakeholders.append(stakeholder)
    return stakeholders


def _person(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}.{rng.randint(1, 99)}@demo.mitwirken.de".lower()
        email = email.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        if email not in used:
            used.add(email)
            return f"{first} {last}", email


def _details(rng, event, stakeholder, name, email, workshops):
    first, second = (rng.sample(workshops, 2) + [None, None])[:2] if workshops else (None, None)
    needs = rng.random()
    return event_services.RegistrationDetails(
        name=name,
        email=email,
        organisation_name=stakeholder.name if stakeholder else "",
        stakeholder_group=stakeholder.stakeholder_group if stakeholder else None,
        region=stakeholder.region if stakeholder else event.region,
        first_choice=first,
        second_choice=second,
        interpreter_language=rng.choice(INTERPRETING) if needs < 0.08 else "",
        sign_language=0.08 <= needs < 0.10,
        step_free=0.10 <= needs < 0.16,
        childcare=0.16 <= needs < 0.24,
        access_other="Bitte vegetarische Verpflegung." if 0.24 <= needs < 0.27 else "",
    )


def create_conference_story(process, rng: random.Random) -> dict[str, int]:
    """Invitations, registrations, cancellations and check-ins for the four conferences."""
    stakeholders = create_directory(process)
    groups = {g.slug: g for g in StakeholderGroup.objects.all()}
    used: set[str] = set()
    counts = {"organisations": len(stakeholders), "invitations": 0, "registrations": 0}
    for event in Event.objects.filter(process=process).order_by("date"):
        catchment = CATCHMENT.get(event.slug)
        invited = [
            s for s in stakeholders if catchment is None or (s.region and s.region.key in catchment)
        ]
        counts["invitations"] += event_services.send_invitations(
            actor=OPERATOR, event=event, stakeholders=invited
        )
        # The invitations of 2019 went out about six weeks before each conference.
        sent = timezone.make_aware(
            datetime.datetime.combine(event.date - datetime.timedelta(days=42), datetime.time(9))
        )
        event.invitations.update(sent_at=sent)
        workshops = list(event.workshops.all())
        registrations = []
        for invitation in event.invitations.select_related("stakeholder__stakeholder_group"):
            stakeholder = invitation.stakeholder
            group = stakeholder.stakeholder_group
            if (
                event.slug == "regionalkonferenz-stendal"
                and group
                and group.slug == "migrantenorganisationen"
            ):
                sends = 0
            else:
                sends = rng.choice(SENDS)
            if sends == 0 and rng.random() < 0.3:
                event_services.decline_invitation(
                    actor=OPERATOR, invitation=invitation, token=invitation.token
                )
            for _i in range(sends):
                name, email = _person(rng, used)
                registration, _created = event_services.register(
                    actor=OPERATOR,
                    event=event,
                    details=_details(rng, event, stakeholder, name, email, workshops),
                    invitation=invitation,
                )
                registrations.append(registration)
        for _i in range(6):  # people who came without an invitation
            name, email = _person(rng, used)
            registration, _created = event_services.register(
                actor=OPERATOR,
                event=event,
                details=event_services.RegistrationDetails(
                    name=name,
                    email=email,
                    stakeholder_group=groups.get("einzelpersonen"),
                    region=event.region,
                ),
            )
            registrations.append(registration)
        rng.shuffle(registrations)
        for index, registration in enumerate(registrations):
            if index % 17 == 16:
                continue  # never confirmed the e-mail address
            event_services.confirm_registration(
                actor=OPERATOR, registration=registration, token=registration.token
            )
        counts["registrations"] += len(registrations)
        confirmed = list(
            Registration.objects.filter(event=event, state=Registration.State.CONFIRMED).order_by(
                "id"
            )
        )
        for registration in confirmed[::15]:  # some cancel; the waiting list moves up
            event_services.cancel_registration(actor=OPERATOR, registration=registration)
        for registration in Registration.objects.filter(
            event=event, state=Registration.State.CONFIRMED
        ).order_by("id"):
            if rng.random() < 0.88:
                event_services.check_in(actor=OPERATOR, event=event, registration=registration)
    return counts
