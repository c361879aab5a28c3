from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.services import clean_text_field
from mitwirken.core.forms import RequiredMessagesMixin

from .models import REASON_MAX_LENGTH


class ReasonForm(RequiredMessagesMixin, forms.Form):
    required_labels = {"reason": _("the reason")}

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self) -> str:
        try:
            return clean_text_field(
                self.cleaned_data.get("reason", ""),
                max_length=REASON_MAX_LENGTH,
                label=str(_("the reason")),
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


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
