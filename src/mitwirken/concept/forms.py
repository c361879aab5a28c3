from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.core.forms import SubmissionKeyField, TextField

from .models import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH


class SectionForm(forms.Form):
    title = TextField(label=_("Title"), phrase=_("the title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Markdown: a blank line starts a new paragraph; **bold**, *italic*, "
            "lists with “- ”, links as [text](https://…). Each paragraph can be "
            "commented on by itself."
        ),
    )


class PublishForm(forms.Form):
    final = forms.BooleanField(
        label=_("Publish as the final concept (no comments)"),
        required=False,
    )
    comments_from = forms.DateField(
        label=_("Comments from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    comments_until = forms.DateField(
        label=_("Comments until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ConceptCommentForm(forms.Form):
    anchor = forms.CharField(widget=forms.HiddenInput, max_length=80)
    text = TextField(
        label=_("Your comment on this paragraph"),
        phrase=_("the comment"),
        max_length=COMMENT_MAX_LENGTH,
        rows=4,
    )
    submission_key = SubmissionKeyField()


class AnswerForm(forms.Form):
    text = TextField(
        label=_("Answer"), phrase=_("the answer"), max_length=COMMENT_MAX_LENGTH, rows=3
    )
