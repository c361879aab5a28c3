"""A need written (submitted, edited, a workshop card, an import) is prepared for the
synthesis after its transaction commits, in a task: the request that saved it does not
wait for the model, and a failure there never loses the need (the next clustering job
prepares what is missing)."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from mitwirken.contributions.models import Need


@receiver(post_save, sender=Need, dispatch_uid="analysis-prepare-need")
def prepare_after_commit(sender, instance: Need, raw=False, update_fields=None, **kwargs):
    if raw or not getattr(settings, "MITWIRKEN_PREPARE_NEEDS", True):
        return
    if update_fields is not None and not {"title", "text"} & set(update_fields):
        return
    from .tasks import prepare_needs

    need_id = instance.pk
    transaction.on_commit(lambda: prepare_needs.enqueue([need_id]))
