from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mitwirken.core.forms import SubmissionKeyField, TextField
from mitwirken.core.widgets import Select
from mitwirken.processes.selectors import Taxonomy

from .models import Event
from .services import RegistrationDetails


class RegistrationForm(forms.Form):
    """Registration for an event, without an account."""

    name = TextField(label=_("Name"), phrase=_("your name"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send you a link to confirm it; then your place is reserved."),
        error_messages={
            "required": _("Please enter your e-mail address."),
            "invalid": _("Please enter a valid e-mail address."),
        },
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group"), required=False, widget=Select
    )
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)
    first_choice = forms.ChoiceField(
        label=_("Workshop, first choice"), required=False, widget=Select
    )
    second_choice = forms.ChoiceField(
        label=_("Workshop, second choice"),
        required=False,
        widget=Select,
        help_text=_("If your first choice is full."),
    )
    interpreter_language = forms.CharField(
        label=_("I need interpreting into this language"), max_length=60, required=False
    )
    sign_language = forms.BooleanField(label=_("I need sign language interpreting"), required=False)
    step_free = forms.BooleanField(label=_("I need step-free access"), required=False)
    childcare = forms.BooleanField(label=_("I need childcare during the event"), required=False)
    access_other = forms.CharField(label=_("Other needs"), max_length=300, required=False)
    privacy_consent = forms.BooleanField(
        label=_("I agree that my details are stored to organise the event."),
        error_messages={"required": _("Please agree, or we cannot register you.")},
    )
    submission_key = SubmissionKeyField()

    def __init__(self, *args, event: Event, taxonomy: Taxonomy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workshops = {str(w.pk): w for w in event.workshops.all()}
        self.taxonomy = taxonomy
        self.fields["stakeholder_group"].choices = [("", _("Not specified"))] + [
            (g.slug, g.name) for g in taxonomy.groups
        ]
        self.fields["region"].choices = [("", _("Not specified"))] + [
            (r.key, r.name) for r in taxonomy.regions
        ]
        choices = [("", _("No preference"))] + [(k, w.title) for k, w in self.workshops.items()]
        for name in ("first_choice", "second_choice"):
            self.fields[name].choices = choices
        if not self.workshops:
            del self.fields["first_choice"], self.fields["second_choice"]
        self.fields["privacy_consent"].help_text = format_html(
            gettext(
                'What is stored and for how long: <a class="kern-link" href="{url}">privacy notice</a>.'
            ),
            url=reverse("web:privacy"),
        )

    PERSON = ("name", "email", "organisation_name", "stakeholder_group", "region")
    ACCESS = ("interpreter_language", "sign_language", "step_free", "childcare", "access_other")

    @property
    def person_fields(self):
        return [self[name] for name in self.PERSON]

    @property
    def access_fields(self):
        return [self[name] for name in self.ACCESS]

    def details(self) -> RegistrationDetails:
        data = self.cleaned_data
        _field, region, group = self.taxonomy.pick(
            None, data.get("region"), data.get("stakeholder_group")
        )
        return RegistrationDetails(
            name=data["name"],
            email=data["email"],
            organisation_name=data.get("organisation_name", ""),
            stakeholder_group=group,
            region=region,
            first_choice=self.workshops.get(data.get("first_choice") or ""),
            second_choice=self.workshops.get(data.get("second_choice") or ""),
            interpreter_language=data.get("interpreter_language", ""),
            sign_language=data.get("sign_language", False),
            step_free=data.get("step_free", False),
            childcare=data.get("childcare", False),
            access_other=data.get("access_other", ""),
        )
