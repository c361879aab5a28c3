import datetime

import pytest
from django.utils import timezone

from mitwirken.events import services as event_services
from mitwirken.workshops import services


@pytest.fixture
def workshop(process, organiser, field):
    event = event_services.create_event(
        actor=organiser,
        process=process,
        kind="regional",
        title="Regionalkonferenz in Dessau",
        slug="dessau",
        date=timezone.localdate() + datetime.timedelta(days=3),
        capacity=80,
        published=True,
    )
    return event_services.add_workshop(
        actor=organiser,
        event=event,
        title="Themenforum Sprache",
        capacity=20,
        field_of_action=field,
    )


@pytest.fixture
def board(workshop, organiser):
    board = services.prepare_board(actor=organiser, workshop=workshop)
    return services.open_board(actor=organiser, board=board)


@pytest.fixture
def guest(board):
    from django.contrib.auth.models import AnonymousUser

    return services.join(actor=AnonymousUser(), board=board, pseudonym="Linde 12")
