from django import forms
from django.utils.translation import gettext_lazy as _

from . import services


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form: the public name and the privacy consent."""

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

    def clean_display_name(self) -> str:
        return services.clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request, user) -> None:  # called by allauth inside its signup
        services.record_signup_details(user=user, display_name=self.cleaned_data["display_name"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60)

    def clean_display_name(self) -> str:
        return services.clean_display_name(self.cleaned_data["display_name"])
