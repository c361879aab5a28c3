"""Form helpers shared by all apps."""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from .text import clean_text


class SubmissionKeyField(forms.UUIDField):
    """A hidden one-time key rendered with each new form. The service stores it with the
    object (unique per author), so a double-click or a browser retry returns the first
    object instead of creating a second one."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)


class TextField(forms.CharField):
    """A required free text, cleaned by ``core.text.clean_text``: the form says what the
    service would say ("Please fill in the title.", "… at most 120 characters …").
    ``phrase`` names the field inside a sentence ("the title"); the browser gets the
    maximum length as ``maxlength``; ``rows`` makes it a text area."""

    def __init__(self, *, phrase, max_length: int, rows: int | None = None, **kwargs) -> None:
        self.phrase = phrase
        if rows:  # a multi-line text
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.validators = []  # the length is checked by clean_text, in its own words

    def clean(self, value) -> str:
        try:
            return clean_text(
                self.to_python(value), max_length=self.max_length, label=str(self.phrase)
            )
        except ValidationError as exc:
            raise ValidationError(exc.messages, code="invalid") from exc
