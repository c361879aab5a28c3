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


@register.simple_tag
def moderation_queues(user) -> list:
    """The processes the person moderates (or organises) with their number of open
    reports, for the header: one query, and none for people without such a role."""
    from django.db.models import Count, Q

    from mitwirken.moderation.models import Report
    from mitwirken.processes.models import Process
    from mitwirken.processes.rules import roles_by_process

    roles = (ProcessMembership.Role.MODERATOR, ProcessMembership.Role.ORGANISER)
    ids = [pid for pid, held in roles_by_process(user).items() if set(roles) & held]
    if not ids:
        return []
    return list(
        Process.objects.filter(pk__in=ids)
        .annotate(open_reports=Count("reports", filter=Q(reports__state=Report.State.OPEN)))
        .order_by("title")
        .only("slug", "title")
    )
