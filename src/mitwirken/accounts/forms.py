from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .validators import clean_display_name


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form: the public name and the privacy consent
    (last, right before the button, where people expect to agree)."""

    field_order = ["email", "display_name", "password1", "password2", "privacy_consent"]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_(
            "Your contributions appear under this name. A pseudonym is welcome; "
            "your e-mail address is never shown."
        ),
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my contributions are published."),
        required=True,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            gettext(
                'Please read the <a class="kern-link" href="{url}">privacy notice</a>: '
                "what is stored about you, and your rights."
            ),
            url=reverse("web:privacy"),
        )

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user) -> None:  # called by allauth inside its signup
        services.record_signup_details(actor=user, display_name=self.cleaned_data["display_name"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60)
    notify_status = forms.BooleanField(
        label=_("Tell me by e-mail what becomes of my needs"),
        help_text=_(
            "One e-mail when the organisers answer or change the status of your "
            "needs. You can switch it off here at any time."
        ),
        required=False,
    )

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])
