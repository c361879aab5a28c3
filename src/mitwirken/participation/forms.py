from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.core.forms import SubmissionKeyField, TextField

from .models import COMMENT_MAX_LENGTH


class CommentForm(forms.Form):
    text = TextField(
        label=_("Your comment"),
        phrase=_("the comment"),
        max_length=COMMENT_MAX_LENGTH,
        rows=4,
        help_text=_("Please stay factual and friendly. At most %(max)d characters.")
        % {"max": COMMENT_MAX_LENGTH},
    )
    submission_key = SubmissionKeyField()
