"""Reads for the stakeholder directory. The pages check ``directory.manage_directory``
before they read through these."""

from django.db.models import Q, QuerySet
from django.http import Http404

from mitwirken.processes.models import Process, Region, StakeholderGroup

from .models import DirectoryImport, Stakeholder


def stakeholders_of(
    process: Process,
    *,
    group: StakeholderGroup | None = None,
    region: Region | None = None,
    q: str = "",
) -> QuerySet[Stakeholder]:
    """The process's directory, by name, narrowed to a group, a region and a search in
    the name, the e-mail address and the contact person. Lazy: page it, don't list it."""
    stakeholders = Stakeholder.objects.filter(process=process).select_related(
        "stakeholder_group", "region"
    )
    if group is not None:
        stakeholders = stakeholders.filter(stakeholder_group=group)
    if region is not None:
        stakeholders = stakeholders.filter(region=region)
    q = " ".join((q or "").split())
    if q:
        stakeholders = stakeholders.filter(
            Q(name__icontains=q) | Q(email__icontains=q) | Q(contact_person__icontains=q)
        )
    return stakeholders.order_by("name", "id")


def get_stakeholder(process: Process, pk: int) -> Stakeholder:
    """A stakeholder of this process; 404 for one of another process."""
    stakeholder = (
        Stakeholder.objects.select_related("process", "stakeholder_group", "region")
        .filter(process=process, pk=pk)
        .first()
    )
    if stakeholder is None:
        raise Http404
    return stakeholder


def get_import(process: Process, pk: int) -> DirectoryImport:
    """An import of this process; 404 for one of another process."""
    directory_import = (
        DirectoryImport.objects.select_related("process").filter(process=process, pk=pk).first()
    )
    if directory_import is None:
        raise Http404
    return directory_import
