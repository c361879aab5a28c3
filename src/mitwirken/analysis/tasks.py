"""Background work of the synthesis (django-tasks: the database backend with
``manage.py db_worker`` in production, run at once in ``make run`` and the tests)."""

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def prepare_needs(need_ids: list[int]) -> int:
    from .vectors import refresh_ids

    try:
        return refresh_ids(need_ids)
    except Exception:  # the need is saved; the next clustering job prepares it
        logger.exception("could not prepare needs %s for the synthesis", need_ids)
        return 0


@task()
def compute_clusters(run_id: int) -> str:
    from .jobs import run

    return run(run_id)
