"""Form helpers shared by all apps."""

import uuid

from django import forms


class SubmissionKeyField(forms.UUIDField):
    """A hidden one-time key rendered with each new form. The service stores it with the
    object (unique per author), so a double-click or a browser retry returns the first
    object instead of creating a second one."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)


class RequiredMessagesMixin:
    """Says which field is missing ("Please fill in the title.") instead of Django's
    generic "This field is required." Set ``required_labels`` to lazy phrases."""

    required_labels: dict = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django.utils.translation import gettext

        for name, phrase in self.required_labels.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = gettext(
                    "Please fill in %(label)s."
                ) % {"label": phrase}
