from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.services import clean_text_field
from mitwirken.core.forms import RequiredMessagesMixin, SubmissionKeyField

from .models import COMMENT_MAX_LENGTH


class CommentForm(RequiredMessagesMixin, forms.Form):
    required_labels = {"text": _("the comment")}

    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please stay factual and friendly. At most %(max)d characters.")
        % {"max": COMMENT_MAX_LENGTH},
    )
    submission_key = SubmissionKeyField()

    def clean_text(self) -> str:
        try:
            return clean_text_field(
                self.cleaned_data.get("text", ""),
                max_length=COMMENT_MAX_LENGTH,
                label=str(_("the comment")),
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
