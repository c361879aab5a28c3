"""The only code that writes accounts' models (allauth writes the sign-up itself)."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import User

_EMAIL_LIKE = re.compile(r"\S+@\S+\.\S+")


def clean_display_name(value: str) -> str:
    value = " ".join(value.split())
    if len(value) < 2:
        raise ValidationError(_("Please enter at least two characters."))
    if _EMAIL_LIKE.search(value):
        raise ValidationError(
            _("Please do not use an e-mail address as your display name: it is shown publicly.")
        )
    return value


def record_signup_details(*, user: User, display_name: str) -> None:
    user.display_name = display_name
    user.privacy_consent_at = timezone.now()
    if user.pk:
        user.save(update_fields=["display_name", "privacy_consent_at"])


@transaction.atomic
def update_profile(*, user: User, display_name: str) -> User:
    user.display_name = clean_display_name(display_name)
    user.save(update_fields=["display_name"])
    return user


def create_user(
    *, email: str, password: str | None, display_name: str, verified: bool = False, **extra
) -> User:
    """Create a user (for the admin, fixtures and the demo), optionally pre-verified."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name,
            privacy_consent_at=timezone.now(),
            **extra,
        )
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def set_password_hash(*, user: User, password_hash: str) -> None:
    """Stores an already hashed password (the demo hashes its one password once)."""
    user.password = password_hash
    user.save(update_fields=["password"])


ORGANISER_GROUP = "Prozessleitung"
ORGANISER_ADMIN_APPS = ("processes", "accounts")


def grant_organiser_admin(*, user: User) -> None:
    """Lets an organiser set up processes in the admin: staff flag plus the group that
    holds the model permissions of the set-up apps (object access is limited per process
    in processes/admin.py)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=ORGANISER_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label__in=ORGANISER_ADMIN_APPS
    ).exclude(codename__in=["delete_user", "change_user", "add_user"])
    group.permissions.set(permissions)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def delete_user(*, user: User) -> None:
    """Deletes the account row. Callers first let every app release what points to it
    (portal.services.delete_account); the database then sets the remaining links to NULL."""
    user.delete()
