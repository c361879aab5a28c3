"""The only code that writes accounts' models (allauth writes the sign-up itself). Each
operation takes the actor and checks its own rule (accounts/rules.py)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Organisation, User
from .validators import clean_display_name


def record_signup_details(*, actor: User, display_name: str) -> None:
    """Stores the public name and the consent time of a person signing up (called by
    allauth's sign-up form with the new account as the actor). Only once: an account
    that has consented already cannot be given a new consent time this way."""
    if not isinstance(actor, User) or actor.privacy_consent_at is not None:
        raise PermissionDenied
    actor.display_name = clean_display_name(display_name)
    actor.privacy_consent_at = timezone.now()
    actor.language = get_language() or settings.LANGUAGE_CODE
    if actor.pk:
        actor.save(update_fields=["display_name", "privacy_consent_at", "language"])


def remember_language_for_login(user: User) -> None:
    """Trusted helper for the login signal (accounts/apps.py): the language a person logs
    in with is the one their e-mails are written in."""
    language = get_language()
    if isinstance(user, User) and language and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
        from .backends import forget_user

        forget_user(User, user)  # the cached copy of the logged-in person


@transaction.atomic
def update_profile(*, actor, display_name: str, notify_status: bool | None = None) -> User:
    """A person changes their own public name and whether they are told by e-mail what
    becomes of their needs."""
    if not actor.has_perm("accounts.change_own_account", actor):
        raise PermissionDenied
    actor.display_name = clean_display_name(display_name)
    fields = ["display_name"]
    if notify_status is not None:
        actor.notify_status = bool(notify_status)
        fields.append("notify_status")
    actor.save(update_fields=fields)
    return actor


def create_account(
    *,
    actor,
    email: str,
    display_name: str,
    password: str | None = None,
    password_hash: str | None = None,
    verified: bool = False,
    is_staff: bool = False,
) -> User:
    """Creates an account for someone else (administrators, the demo, imports); optionally
    with the e-mail address already verified, or with a password hashed beforehand."""
    from allauth.account.models import EmailAddress

    if not actor.has_perm("accounts.create_account"):
        raise PermissionDenied
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            display_name=display_name,
            privacy_consent_at=timezone.now(),
            is_staff=is_staff,
        )
        if password_hash:
            user.password = password_hash
            user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def ensure_organisation(*, actor, name: str, website: str = "") -> Organisation:
    """The organisation with this name, created if it is not there yet."""
    if not actor.has_perm("accounts.create_account"):
        raise PermissionDenied
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"website": website}
    )
    return organisation


ORGANISER_GROUP = "Prozessleitung"
ORGANISER_ADMIN_APPS = ("processes", "accounts")


def grant_organiser_admin(*, actor, user: User) -> None:
    """Lets an organiser set up processes in the admin: staff flag plus the group that
    holds the model permissions of the set-up apps (object access is limited per process
    in processes/admin.py)."""
    from django.contrib.auth.models import Group, Permission

    if not actor.has_perm("accounts.grant_admin"):
        raise PermissionDenied(_("Only administrators may do this."))
    group, _created = Group.objects.get_or_create(name=ORGANISER_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label__in=ORGANISER_ADMIN_APPS
    ).exclude(codename__in=["delete_user", "change_user", "add_user"])
    group.permissions.set(permissions)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def delete_account(*, actor, user: User) -> None:
    """Deletes the account row (DSGVO Art. 17): only the person themselves. Callers first
    let every app release what points to it (privacy.services.delete_account); the
    database then sets the remaining links to NULL."""
    if not actor.has_perm("accounts.change_own_account", user):
        raise PermissionDenied
    user.delete()
