"""The header's "Manage" link, for people who organise a process or staff its events."""

from django import template

from mitwirken.processes.models import ProcessMembership
from mitwirken.processes.rules import has_any_role

register = template.Library()


@register.filter
def manages_something(user) -> bool:
    """From the roles memoised on the user object (one query per request, shared with the
    permission checks)."""
    return has_any_role(user, (ProcessMembership.Role.ORGANISER, ProcessMembership.Role.STAFF))
