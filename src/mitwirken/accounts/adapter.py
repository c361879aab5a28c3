from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails greet with the site's name ("Hello from Mitwirken!"), not with
        the host name the request came to; they are written in the request's language."""
        domain = settings.MITWIRKEN_SITE_URL.split("//", 1)[-1].split("/", 1)[0]
        context = {"current_site": _Site(settings.MITWIRKEN_SITE_NAME, domain), **context}
        super().send_mail(template_prefix, email, context)
