from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class _Site:
    """What allauth's mails call ``current_site``: the platform's name (never the host's
    address) and its domain."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Keeps allauth's behaviour; the hook for the project's own account rules."""

    def populate_username(self, request, user) -> None:  # no usernames in Mitwirken
        return None

    def get_login_redirect_url(self, request) -> str:
        """After login: the start page in the language the person logged in with."""
        return reverse("web:home")

    def get_logout_redirect_url(self, request) -> str:
        """After logout: the start page in the language of the page the person left."""
        return reverse("web:home")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails greet with the site's name ("Hello from Mitwirken!"), not with
        the host name the request came to; they are written in the request's language."""
        domain = settings.MITWIRKEN_SITE_URL.split("//", 1)[-1].split("/", 1)[0]
        context = {"current_site": _Site(settings.MITWIRKEN_SITE_NAME, domain), **context}
        super().send_mail(template_prefix, email, context)
