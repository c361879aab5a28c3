"""The stakeholder directory of a process: the organisations invited to take part, and the
CSV files their lists came from.

Personal data: a stakeholder's e-mail address and contact person can name a person
(``Stakeholder.PERSONAL_DATA_FIELDS``); an import keeps the file's text only until it is
applied (``DirectoryImport.content``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from mitwirken.processes.models import Process, Region, StakeholderGroup

NAME_MAX_LENGTH = 200
CONTACT_MAX_LENGTH = 120


class Stakeholder(models.Model):
    """An organisation in the invitation directory of one process."""

    PERSONAL_DATA_FIELDS = ("email", "contact_person")

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="stakeholders", verbose_name=_("process")
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("stakeholder group"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("region"),
    )
    email = models.EmailField(
        _("e-mail address"), help_text=_("The organisation's contact address.")
    )
    contact_person = models.CharField(
        _("contact person"), max_length=CONTACT_MAX_LENGTH, blank=True
    )
    # The one-time key of the form that added it (a repeated POST finds the first one).
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                "process",
                Lower("email"),
                name="directory_stakeholder_email_per_process",
                violation_error_message=_(
                    "This e-mail address is already in the directory of the process."
                ),
            ),
            models.UniqueConstraint(
                fields=["process", "submission_key"],
                condition=Q(submission_key__isnull=False),
                name="directory_stakeholder_submission_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DirectoryImport(models.Model):
    """An uploaded CSV file, checked row by row. Nothing is imported until it is applied
    (all rows, or only the good ones); an applied import is never applied again."""

    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="directory_imports",
        verbose_name=_("process"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    # The decoded text of the file, so that the good rows can be imported later without a
    # second upload. Emptied once the import is applied.
    content = models.TextField(_("content"), blank=True)
    encoding = models.CharField(_("encoding"), max_length=20)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    good_rows = models.PositiveIntegerField(_("rows without problems"), default=0)
    # [{"line": 7, "errors": ["Line 7: the e-mail address “x@” is not valid.", …]}, …]
    report = models.JSONField(_("report"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    imported = models.PositiveIntegerField(_("organisations imported"), default=0)

    class Meta:
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename or str(self.pk)

    @property
    def bad_rows(self) -> int:
        return self.total_rows - self.good_rows

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None
