from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.core.forms import TextField

from .models import REASON_MAX_LENGTH


class ReasonForm(forms.Form):
    reason = TextField(
        label=_("Reason"), phrase=_("the reason"), max_length=REASON_MAX_LENGTH, rows=3
    )


class ReportForm(ReasonForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Why should the moderation look at this?")
        self.fields["reason"].help_text = _(
            "For example: insulting, discriminating, advertising, personal data of others."
        )


class ModerateForm(forms.Form):
    ACTIONS = [("hide", _("Hide")), ("restore", _("Restore")), ("dismiss", _("Dismiss reports"))]
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason; it is shown in place of the text."))
        return data
