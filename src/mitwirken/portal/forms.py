from django import forms
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
