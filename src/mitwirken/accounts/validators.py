"""Checks on account fields, shared by the forms and the services."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_EMAIL_LIKE = re.compile(r"\S+@\S+\.\S+")


def clean_display_name(value: str) -> str:
    value = " ".join((value or "").split())
    if len(value) < 2:
        raise ValidationError(_("Please enter at least two characters."))
    if _EMAIL_LIKE.search(value):
        raise ValidationError(
            _("Please do not use an e-mail address as your display name: it is shown publicly.")
        )
    return value
