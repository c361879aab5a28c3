"""People and organisations.

Personal data lives only in the fields listed in ``PERSONAL_DATA_FIELDS`` so that export,
deletion and retention can find all of it. Contributions point to a user and are shown
under ``display_name`` (a pseudonym is welcome), never the e-mail address.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Logs in with the e-mail address."""

    PERSONAL_DATA_FIELDS = ("email", "first_name", "last_name", "display_name", "last_login")

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("Your contributions appear under this name. A pseudonym is welcome."),
    )
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    # The language the person last used the platform in: their e-mails are written in it.
    language = models.CharField(
        _("language"), max_length=10, default="de", db_default="de", blank=True
    )

    # Consent to one e-mail when the status of one's needs changes (analysis.digest).
    notify_status = models.BooleanField(
        _("tell me by e-mail what becomes of my needs"), default=False, db_default=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = ["display_name"]

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"

    @property
    def public_name(self) -> str:
        return self.display_name or str(_("Anonymous"))


class Organisation(models.Model):
    """An organisation that runs processes or takes part in them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        User, blank=True, related_name="organisations", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
