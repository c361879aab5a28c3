"""Writes that span several apps for data protection; each step is the owning app's own
service, and each checks the actor again."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mitwirken.accounts import services as account_services
from mitwirken.contributions import services as need_services
from mitwirken.core.models import OutgoingMail
from mitwirken.participation import services as participation_services


@transaction.atomic
def delete_account(*, actor, user, delete_contributions: bool) -> None:
    """A person deletes their own account (DSGVO Art. 17). Supports are withdrawn; needs
    and comments are deleted too if asked, otherwise they stay under "Deleted account".
    Reports and log entries stay without a name. All or nothing."""
    if not actor.has_perm("accounts.change_own_account", user):
        raise PermissionDenied
    participation_services.erase_person(
        actor=actor, user=user, delete_comments=delete_contributions
    )
    need_services.erase_author(actor=actor, user=user, delete_needs=delete_contributions)
    OutgoingMail.objects.filter(to__iexact=user.email).delete()  # the mails sent to them
    account_services.delete_account(actor=actor, user=user)
