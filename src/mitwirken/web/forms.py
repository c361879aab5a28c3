from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KEEP, DELETE = "keep", "delete"


class DeleteAccountForm(forms.Form):
    contributions = forms.ChoiceField(
        label=_("What should happen to your needs and comments?"),
        choices=[
            (KEEP, _("Keep them without my name (shown as “Deleted account”)")),
            (DELETE, _("Delete them too, with the comments others wrote on my needs")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what happens to your contributions.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
        error_messages={"required": _("Please confirm that you want to delete your account.")},
    )


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Shows a service's ValidationError on the form: under the field it names, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)
