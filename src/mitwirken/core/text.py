"""The one text cleaner: every service and form that takes free text uses it, so the
message for an empty or too long text is the same wherever it is typed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def clean_text(value: str | None, *, max_length: int, label: str) -> str:
    """Trims white space and checks the length; raises a translated ValidationError.
    ``label`` names the field inside a sentence ("the title")."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Please fill in %(label)s.") % {"label": label})
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s may have at most %(max)d characters (it has %(length)d).")
            % {"label": label, "max": max_length, "length": len(value)}
        )
    return value


def clean_optional_text(value: str | None, *, max_length: int) -> str:
    """Trims an optional text and cuts it to its length (for short optional fields)."""
    return (value or "").strip()[:max_length]
