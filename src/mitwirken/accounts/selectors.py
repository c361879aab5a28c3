"""Reads for accounts."""

from allauth.account.models import EmailAddress

from .models import User


def personal_data(user: User) -> dict:
    """The account's own fields (User.PERSONAL_DATA_FIELDS and dates), for the export."""

    def when(value):
        return value.isoformat() if value else None

    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "joined_at": when(user.date_joined),
        "last_login": when(user.last_login),
        "privacy_notice_accepted_at": when(user.privacy_consent_at),
        "language": user.language,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
    }
