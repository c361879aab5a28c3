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

    @staticmethod
    def initial_from(invitation) -> dict:
        """The organisation's details, when the form is opened through its invitation."""
        if invitation is None:
            return {}
        stakeholder = invitation.stakeholder
        return {
            "organisation_name": stakeholder.name,
            "email": stakeholder.email,
            "name": stakeholder.contact_person,
            "stakeholder_group": getattr(stakeholder.stakeholder_group, "slug", ""),
            "region": getattr(stakeholder.region, "key", ""),
        }

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


class WorkshopChoiceForm(forms.Form):
    """A confirmed participant moves to another workshop (through the link)."""

    workshop = forms.ChoiceField(
        label=_("Workshop"),
        widget=Select,
        error_messages={"required": _("Please choose a workshop.")},
    )

    def __init__(self, *args, event: Event, places: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workshops = {str(w.pk): w for w in event.workshops.all()}
        self.fields["workshop"].choices = [
            (
                key,
                format_html(
                    "{} – {}",
                    w.title,
                    gettext("%(count)s places left") % {"count": places.get(w.pk, 0)},
                ),
            )
            for key, w in self.workshops.items()
        ]

    def chosen(self):
        return self.workshops[self.cleaned_data["workshop"]]


class CheckInForm(forms.Form):
    """The ticket code, typed or read from the QR code."""

    code = forms.CharField(
        label=_("Ticket code"),
        help_text=_("Eight letters and digits, as printed under the QR code, e.g. K7MP-4QX2."),
        error_messages={"required": _("Please enter the ticket code.")},
    )

    def clean_code(self) -> str:
        # A scanned address or a typed code; anything longer finds no ticket anyway.
        return self.cleaned_data["code"][:300]


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class _TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%H:%M", **kwargs)


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def places_field() -> forms.IntegerField:
    """The number of places of an event or a workshop."""
    return forms.IntegerField(
        label=_("Places"),
        min_value=1,
        error_messages={
            "required": _("Please enter the number of places."),
            "invalid": _("Please enter a whole number."),
            "min_value": _("Please enter at least one place."),
        },
    )


class EventForm(forms.Form):
    """An event, created or corrected by the organisers (events.services checks it too)."""

    title = TextField(label=_("Title"), phrase=_("the title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, e.g. regionalkonferenz-halle."),
        error_messages={
            "required": _("Please enter a short name for the address."),
            "invalid": _("Please use only letters, digits and hyphens."),
        },
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices, widget=Select)
    state = forms.ChoiceField(
        label=_("State"),
        choices=Event.State.choices,
        widget=Select,
        help_text=_("Drafts are seen by the organisers only."),
    )
    date = forms.DateField(
        label=_("Date"),
        widget=_DateInput(),
        error_messages={
            "required": _("Please enter the date."),
            "invalid": _("Please enter a valid date."),
        },
    )
    start_time = forms.TimeField(
        label=_("Begins"),
        required=False,
        widget=_TimeInput(),
        error_messages={"invalid": _("Please enter a valid time, e.g. 10:00.")},
    )
    end_time = forms.TimeField(
        label=_("Ends"),
        required=False,
        widget=_TimeInput(),
        error_messages={"invalid": _("Please enter a valid time, e.g. 16:00.")},
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)
    capacity = places_field()
    registration_opens = forms.DateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=_DateTimeInput(),
        error_messages={"invalid": _("Please enter a valid date and time.")},
    )
    registration_closes = forms.DateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=_DateTimeInput(),
        error_messages={"invalid": _("Please enter a valid date and time.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    accessibility = forms.CharField(
        label=_("Accessibility of the venue"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Step-free access, hearing loop, toilets, how to get there."),
    )

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["region"].choices = [("", _("Not specified"))] + [
            (r.key, r.name) for r in taxonomy.regions
        ]

    @staticmethod
    def initial_for(event: Event) -> dict:
        return {
            "title": event.title,
            "slug": event.slug,
            "kind": event.kind,
            "state": event.state,
            "date": event.date,
            "start_time": event.start_time,
            "end_time": event.end_time,
            "venue": event.venue,
            "address": event.address,
            "region": event.region.key if event.region else "",
            "capacity": event.capacity,
            "registration_opens": event.registration_opens,
            "registration_closes": event.registration_closes,
            "description": event.description,
            "accessibility": event.accessibility,
        }

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        _field, data["region"], _group = self.taxonomy.pick(None, data.get("region"), None)
        return data


class WorkshopForm(forms.Form):
    title = TextField(label=_("Title"), phrase=_("the title"), max_length=200)
    field_of_action = forms.ChoiceField(label=_("Field of action"), required=False, widget=Select)
    room = forms.CharField(label=_("Room"), max_length=120, required=False)
    facilitators = forms.CharField(
        label=_("Facilitators"),
        max_length=300,
        required=False,
        help_text=_("Who moderates the workshop, as shown on the event's page."),
    )
    capacity = places_field()

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["field_of_action"].choices = [("", _("Not specified"))] + [
            (f.slug, f.title) for f in taxonomy.fields
        ]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["field_of_action"], _region, _group = self.taxonomy.pick(
            data.get("field_of_action"), None, None
        )
        return data
