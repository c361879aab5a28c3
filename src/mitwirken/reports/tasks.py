"""Background work of the exports (django-tasks: the database backend with
``manage.py db_worker`` in production, run at once in ``make run`` and the tests)."""

from django_tasks import task


@task()
def build_export(export_id: int) -> str:
    from .services import build_for_worker

    return build_for_worker(export_id)
