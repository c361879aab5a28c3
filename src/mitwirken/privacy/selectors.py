"""Reads that combine several apps."""

from django.utils import timezone

from mitwirken.accounts import selectors as account_selectors
from mitwirken.contributions import selectors as need_selectors
from mitwirken.moderation import selectors as moderation_selectors
from mitwirken.participation import selectors as participation_selectors
from mitwirken.processes import selectors as process_selectors


def personal_data(user) -> dict:
    """Everything the platform stores about a person, machine-readable (DSGVO Art. 15, 20).
    Each app contributes what it owns; the keys are English, as in the code."""
    participation = participation_selectors.personal_data(user)
    return {
        "exported_at": timezone.now().isoformat(),
        "account": account_selectors.personal_data(user),
        "roles": process_selectors.roles_of(user),
        "needs": need_selectors.personal_data(user),
        "comments": participation["comments"],
        "supports": participation["supports"],
        "reports": moderation_selectors.personal_data(user),
    }
