"""Writes that span several apps; each step is the owning app's own service."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mitwirken.accounts import services as account_services
from mitwirken.contributions import services as need_services
from mitwirken.participation import services as participation_services


@transaction.atomic
def delete_account(*, actor, user, delete_contributions: bool) -> None:
    """Deletes a person's account (DSGVO Art. 17). Supports are withdrawn; needs and
    comments are deleted too if asked, otherwise they stay under "Deleted account".
    Reports and moderation log entries stay without a name. All or nothing."""
    if actor.pk != user.pk:
        raise PermissionDenied
    participation_services.erase_person(user=user, delete_comments=delete_contributions)
    need_services.erase_author(user=user, delete_needs=delete_contributions)
    account_services.delete_user(user=user)
